// Reads bash's `export -p` listing back into an environment. The resident shim client sends it (a builtin: no
// process to start), so the command sees the environment kubectl would have inherited. bash prints each variable
// as `declare -x NAME="VALUE"` (`\`-escaping `"`, `$`, `` ` `` and `\`), as `declare -x NAME=$'...'` (ANSI-C
// quoting) when the value holds characters that are not printable, and as `declare -x NAME` when the variable is
// exported but has no value (it is then not in the environment). In POSIX mode the lines start with `export `.

const ANSI: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/**
 * The value of a `$'...'` word starting at text[i] (just after `$'`); returns it and the index after the quote.
 * Octal and hex escapes are bytes (bash in the C locale writes `é` as `\303\251`): the value is their UTF-8.
 */
function ansiC(text: string, i: number): [string, number] {
  const bytes: number[] = [];
  const add = (s: string): void => void bytes.push(...Buffer.from(s, 'utf8'));
  while (i < text.length && text[i] !== "'") {
    const ch = text[i];
    if (ch !== '\\') {
      add(ch);
      i++;
      continue;
    }
    const e = text[i + 1];
    i += 2;
    if (e in ANSI) add(ANSI[e]);
    else if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && text[i] >= '0' && text[i] <= '7') digits += text[i++];
      bytes.push(parseInt(digits, 8) & 0xff);
    } else if (e === 'x') {
      let digits = '';
      while (digits.length < 2 && /[0-9A-Fa-f]/.test(text[i] ?? '')) digits += text[i++];
      if (digits) bytes.push(parseInt(digits, 16));
      else add('\\x');
    } else if (e === 'u' || e === 'U') {
      let digits = '';
      while (digits.length < (e === 'u' ? 4 : 8) && /[0-9A-Fa-f]/.test(text[i] ?? '')) digits += text[i++];
      add(digits ? String.fromCodePoint(parseInt(digits, 16)) : `\\${e}`);
    } else if (e === 'c' && i < text.length) {
      bytes.push(text.charCodeAt(i++) & 0x1f);
    } else add(`\\${e ?? ''}`);
  }
  return [Buffer.from(bytes).toString('utf8'), i + 1];
}

/** The value of a `"..."` word starting at text[i] (just after the opening quote). */
function doubleQuoted(text: string, i: number): [string, number] {
  let out = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length && '"$`\\\n'.includes(text[i + 1])) {
      out += text[i + 1];
      i += 2;
    } else out += text[i++];
  }
  return [out, i + 1];
}

/** The environment an `export -p` listing describes. */
export function parseExportList(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const head = /(?:declare -[A-Za-z-]+|export) ([A-Za-z_][A-Za-z0-9_]*)(=?)/y;
  let i = 0;
  while (i < text.length) {
    head.lastIndex = i;
    const m = head.exec(text);
    if (!m) {
      // not a line bash writes: skip to the next line
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    i = head.lastIndex;
    if (m[2] !== '=') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    let value: string;
    if (text[i] === '"') [value, i] = doubleQuoted(text, i + 1);
    else if (text.startsWith("$'", i)) [value, i] = ansiC(text, i + 2);
    else {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      value = text.slice(i, end);
      i = end;
    }
    env[m[1]] = value;
    if (text[i] === '\n') i++;
  }
  return env;
}
