// The values a kubectl go-template sees and Go's fmt on them: JSON decoded the way k8s.io/apimachinery's json
// does (integral numbers int64, others float64), Go `int` for constants and len, and fmt.Sprint/Sprintf/%v.

import { goFloat, goQuote, goSyntax } from '../gofmt.js';

/** A Go `int` (template integer constants, len, range indices); JSON integers are int64 (bigint). */
export class GoInt {
  constructor(readonly v: bigint) {}
}

/** undefined is Go's invalid reflect.Value ("<no value>"); null a nil interface. */
export type Value = undefined | null | boolean | string | number | bigint | GoInt | Value[] | { [k: string]: Value };

export type GoMap = { [k: string]: Value };

export function isMap(v: Value): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt);
}

export function intOf(v: Value): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.v;
  return undefined;
}

/** JSON → template data as json.Unmarshal in k8s.io/apimachinery/pkg/util/json (int64 when integral). */
export function fromJson(v: unknown): Value {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? BigInt(v) : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(fromJson);
  const out: GoMap = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = fromJson(x);
  return out;
}

export function typeName(v: Value): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function toPlain(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoInt) return Number(v.v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** fmt %v. */
export function sprintV(v: Value, plus = false): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  const i = intOf(v);
  if (i !== undefined) return i.toString();
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map((x) => sprintV(x, plus)).join(' ')}]`;
  const m = v as GoMap;
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${sprintV(m[k], plus)}`)
    .join(' ')}]`;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += sprintV(a);
  });
  return out;
}

export function sprintln(args: Value[]): string {
  return args.map((a) => sprintV(a)).join(' ') + '\n';
}

function badVerb(verb: string, v: Value): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${sprintV(v)})`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, f: Spec, numeric: boolean): string {
  if (f.width === undefined || [...s].length >= f.width) return s;
  const n = f.width - [...s].length;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

function fmtInt(i: bigint, verb: string, f: Spec): string {
  const neg = i < 0n;
  const a = neg ? -i : i;
  let body: string;
  switch (verb) {
    case 'd': case 'v': body = a.toString(); break;
    case 'x': body = a.toString(16); if (f.sharp) body = '0x' + body; break;
    case 'X': body = a.toString(16).toUpperCase(); if (f.sharp) body = '0X' + body; break;
    case 'o': body = a.toString(8); if (f.sharp) body = '0' + body; break;
    case 'O': body = '0o' + a.toString(8); break;
    case 'b': body = a.toString(2); break;
    default: body = a.toString();
  }
  if (f.prec !== undefined) body = body.padStart(f.prec, '0');
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + body, { ...f, zero: f.zero && f.prec === undefined }, true);
}

function fmtFloat(x: number, verb: string, f: Spec): string {
  let body: string;
  const a = Math.abs(x);
  const prec = f.prec;
  switch (verb) {
    case 'f': case 'F': body = a.toFixed(prec ?? 6); break;
    case 'e': case 'E': {
      const [m, e] = a.toExponential(prec ?? 6).split('e');
      const en = Number(e);
      body = `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
      if (verb === 'E') body = body.toUpperCase();
      break;
    }
    default:
      if (prec === undefined) body = goFloat(a);
      else {
        const p = prec === 0 ? 1 : prec;
        const exp = a === 0 ? 0 : Math.floor(Math.log10(Number(a.toPrecision(p))));
        if (exp < -4 || exp >= p) {
          const [m, e] = a.toExponential(p - 1).split('e');
          const en = Number(e);
          body = `${m.includes('.') && !f.sharp ? m.replace(/\.?0+$/, '') : m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
        } else {
          body = a.toFixed(Math.max(0, p - 1 - exp));
          if (body.includes('.') && !f.sharp) body = body.replace(/\.?0+$/, '');
        }
      }
      if (verb === 'G') body = body.toUpperCase();
  }
  if (!Number.isFinite(x)) body = Number.isNaN(x) ? 'NaN' : 'Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + body, f, Number.isFinite(x));
}

function fmtString(s: string, verb: string, f: Spec): string {
  if (f.prec !== undefined) s = [...s].slice(0, f.prec).join('');
  switch (verb) {
    case 'q': return pad(f.sharp && !s.includes('`') ? '`' + s + '`' : goQuote(s), f, false);
    case 'x': case 'X': {
      let h = Buffer.from(s, 'utf8').toString('hex');
      if (verb === 'X') h = h.toUpperCase();
      return pad(h, f, false);
    }
    default: return pad(s, f, false);
  }
}

/** One operand under one verb. */
function fmtOne(v: Value, verb: string, f: Spec): string {
  if (verb === 'T') return pad(v === undefined || v === null ? '<nil>' : typeName(v), f, false);
  if (verb === 'v' && f.sharp) return goSyntax(toPlain(v));
  if (v === undefined || v === null) return verb === 'v' ? pad('<nil>', f, false) : badVerb(verb, v);
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f, false) : badVerb(verb, v);
  const i = intOf(v);
  if (i !== undefined) {
    if ('vdboOxX'.includes(verb)) return fmtInt(i, verb, f);
    if (verb === 'c') return pad(String.fromCodePoint(Number(i)), f, false);
    if (verb === 'q') return pad(`'${String.fromCodePoint(Number(i))}'`, f, false);
    if (verb === 'U') return pad(`U+${i.toString(16).toUpperCase().padStart(4, '0')}`, f, false);
    return badVerb(verb, v);
  }
  if (typeof v === 'number') return 'vbeEfFgGxX'.includes(verb) ? fmtFloat(v, verb === 'v' ? 'g' : verb, f) : badVerb(verb, v);
  if (typeof v === 'string') return 'vsqxX'.includes(verb) ? fmtString(v, verb, f) : badVerb(verb, v);
  if (Array.isArray(v)) return `[${v.map((x) => fmtOne(x, verb, f)).join(' ')}]`;
  const m = v as GoMap;
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${fmtOne(k, verb, f)}:${fmtOne(m[k], verb, f)}`)
    .join(' ')}]`;
}

/** fmt.Sprintf with Go's verbs, flags, width and precision and its %!verb(...) error forms. */
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const f: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const fc = format[i];
      if (fc === '-') f.minus = true;
      else if (fc === '+') f.plus = true;
      else if (fc === '#') f.sharp = true;
      else if (fc === ' ') f.space = true;
      else if (fc === '0') f.zero = !f.minus;
      else break;
    }
    const num = () => {
      if (format[i] === '*') {
        i++;
        const w = intOf(args[argi++]);
        return w === undefined ? undefined : Number(w);
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    f.width = num();
    if (format[i] === '.') {
      i++;
      f.prec = num() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = args[argi++];
    if (!'vTtbcdoOqxXUeEfFgGsp'.includes(verb)) {
      out += badVerb(verb, v);
      continue;
    }
    out += fmtOne(v, verb, f);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => (a === undefined || a === null ? '<nil>' : `${typeName(a)}=${sprintV(a)}`))
      .join(', ')})`;
  }
  return out;
}
