// Go value formatting used by printers: fmt %v of numbers and unstructured values, %#v dumps, json.Marshal.

/** strconv.FormatFloat(f, 'g', -1, 64), also fmt %v: shortest digits, exponent form when exp < -4 || exp >= 6. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // shortest decimal digits and exponent, from JS's shortest round-trip representation
  const [mant, e] = n.toExponential().split('e');
  const exp = Number(e);
  const digits = mant.replace('-', '').replace('.', '');
  const eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const es = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mant}e${exp < 0 ? '-' : '+'}${es}`;
  }
  return n.toFixed(Math.max(0, digits.length - exp - 1));
}

/** fmt %v of a number coming from JSON (int64 when integral, float64 otherwise). */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return goFloat(n);
}

/** fmt.Sprint of an unstructured value: maps as `map[k:v]` (sorted keys), slices as `[a b]`, nil as `<nil>`. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goSprint(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** strconv.Quote (printable runes kept, the rest escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** fmt %#v of an unstructured value (map[string]interface {}{...}). */
export function goSyntax(v: unknown, top = true): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, false)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  void top;
  return `map[string]interface {}{${Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goSyntax(o[k], false)}`)
    .join(', ')}}`;
}

/** Go encoding/json string escaping (HTML-safe: <, >, & as \u003c, \u003e, \u0026). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const cc = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cc < 0x20 || ch === '<' || ch === '>' || ch === '&' || cc === 0x2028 || cc === 0x2029) out += `\\u${cc.toString(16).padStart(4, '0')}`;
    else if (cc >= 0xd800 && cc <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (cc <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += '\\ufffd';
    } else out += ch;
  }
  return out + '"';
}

/** Go json.Marshal of an unstructured value: compact, map keys sorted. */
export function goJsonCompact(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJsonCompact).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${goJsonString(k)}:${goJsonCompact(o[k])}`)
    .join(',')}}`;
}

/** encoding/json float64 formatting ('f' unless abs < 1e-6 or >= 1e21, exponent without leading zero). */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return String(n);
}
