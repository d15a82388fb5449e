// Go text/template's builtin functions (text/template/funcs.go) and kubectl's `exists` and `base64decode`:
// truth, comparison, index/slice/len and the escapers, with Go's error texts.

import { GoInt, intOf, isMap, sprint, sprintf, sprintln, sprintV, typeName, type Value } from './values.js';

export type ParamType = 'any' | 'string';
export interface Func {
  params: ParamType[];
  variadic?: ParamType;
  fn: (args: Value[]) => Value;
}

export class CallError extends Error {}

export function truth(v: Value): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v !== '';
  const i = intOf(v);
  if (i !== undefined) return i !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v as object).length > 0;
}

export type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'other';
export function basicKind(v: Value): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (intOf(v) !== undefined) return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

export function eq(args: Value[]): Value {
  const [a, ...rest] = args;
  if (rest.length === 0) throw new CallError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if (a !== undefined && a !== null && b !== undefined && b !== null) throw new CallError('incompatible types for comparison');
    } else if (k1 === 'int') t = intOf(a) === intOf(b);
    else if (k1 === 'other') {
      throw new CallError(`non-comparable type ${sprintV(b)}: ${typeName(b)}`);
    } else if (k1 === 'invalid') t = true;
    else t = a === b;
    if (t) return true;
  }
  return false;
}

export function lt(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') throw new CallError('invalid type for comparison');
  if (k1 !== k2) throw new CallError('incompatible types for comparison');
  if (k1 === 'bool') throw new CallError('invalid type for comparison');
  if (k1 === 'int') return intOf(a)! < intOf(b)!;
  return (a as number | string) < (b as number | string);
}

export function indexArg(v: Value, len: number, what = 'index', cap = len): number {
  const i = intOf(v);
  if (i === undefined) throw new CallError(v === undefined || v === null ? `cannot index slice/array with nil` : `cannot index slice/array with type ${typeName(v)}`);
  if (i < 0n || i > BigInt(cap) || (what === 'index' && i >= BigInt(len))) throw new CallError(`index out of range: ${i}`);
  return Number(i);
}

export function index(args: Value[]): Value {
  let item = args[0];
  if (item === undefined || item === null) throw new CallError('index of untyped nil');
  for (const ix of args.slice(1)) {
    if (item === undefined || item === null) throw new CallError('index of nil pointer');
    if (Array.isArray(item) || typeof item === 'string') {
      const n = indexArg(ix, item.length);
      item = typeof item === 'string' ? new GoInt(BigInt(Buffer.from(item, 'utf8')[n] ?? 0)) : item[n];
    } else if (isMap(item)) {
      if (typeof ix !== 'string') throw new CallError(ix === undefined || ix === null ? 'value is nil; should be of type string' : `value has type ${typeName(ix)}; should be string`);
      item = Object.prototype.hasOwnProperty.call(item, ix) ? item[ix] : null;
    } else throw new CallError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

export function slice(args: Value[]): Value {
  const item = args[0];
  if (item === undefined || item === null) throw new CallError('slice of untyped nil');
  if (!Array.isArray(item) && typeof item !== 'string') throw new CallError(`can't slice item of type ${typeName(item)}`);
  if (args.length > 4 || (typeof item === 'string' && args.length > 3)) throw new CallError(`too many slice indexes: ${args.length - 1}`);
  const len = typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  const idx = [0, len];
  args.slice(1).forEach((a, k) => (idx[k] = indexArg(a, len, 'slice index', len)));
  if (idx[0] > idx[1]) throw new CallError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  return item.slice(idx[0], idx[1]);
}

export function length(v: Value): Value {
  if (v === undefined) throw new CallError('reflect: call of reflect.Value.Type on zero Value');
  if (v === null) throw new CallError('len of nil pointer');
  if (typeof v === 'string') return new GoInt(BigInt(Buffer.byteLength(v)));
  if (Array.isArray(v)) return new GoInt(BigInt(v.length));
  if (isMap(v)) return new GoInt(BigInt(Object.keys(v).length));
  throw new CallError(`len of type ${typeName(v)}`);
}

export function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

export function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '\\') out += '\\\\';
    else if (c === "'") out += "\\'";
    else if (c === '"') out += '\\"';
    else if (c === '<') out += '\\u003C';
    else if (c === '>') out += '\\u003E';
    else if (c === '&') out += '\\u0026';
    else if (c === '=') out += '\\u003D';
    else if (cp < 0x20) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

export function urlQuery(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === ' ') return '+';
      return '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

/** kubectl's exists (cli-runtime printers): could index be called with these arguments? */
export function exists(args: Value[]): Value {
  let v = args[0];
  for (const ix of args.slice(1)) {
    if (v === undefined || v === null) return false;
    if (Array.isArray(v) || typeof v === 'string') {
      const i = intOf(ix);
      const len = typeof v === 'string' ? Buffer.byteLength(v) : v.length;
      if (i === undefined || i < 0n || i >= BigInt(len)) return false;
      v = typeof v === 'string' ? new GoInt(BigInt(Buffer.from(v)[Number(i)])) : v[Number(i)];
    } else if (isMap(v)) {
      if (typeof ix !== 'string' && ix !== undefined && ix !== null) return false;
      const k = typeof ix === 'string' ? ix : '';
      v = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : null;
    } else return false;
  }
  return v !== undefined && v !== null;
}

export function base64decode(args: Value[]): Value {
  const s = args[0] as string;
  const clean = s.replace(/[\r\n]/g, '');
  const m = /[^A-Za-z0-9+/=]/.exec(clean);
  const bad = m ? m.index : clean.length % 4 !== 0 ? clean.length - (clean.length % 4) : /=[^=]/.test(clean) ? clean.indexOf('=') : -1;
  if (bad >= 0) throw new CallError(`base64 decode failed: illegal base64 data at input byte ${bad}`);
  return Buffer.from(clean, 'base64').toString('utf8');
}

export const any = (n: number): ParamType[] => Array(n).fill('any');
export const FUNCS: Record<string, Func> = {
  and: { params: ['any'], variadic: 'any', fn: () => undefined },
  or: { params: ['any'], variadic: 'any', fn: () => undefined },
  not: { params: ['any'], fn: ([a]) => !truth(a) },
  len: { params: ['any'], fn: ([a]) => length(a) },
  index: { params: ['any'], variadic: 'any', fn: index },
  slice: { params: ['any'], variadic: 'any', fn: slice },
  print: { params: [], variadic: 'any', fn: sprint },
  printf: { params: ['string'], variadic: 'any', fn: ([f, ...a]) => sprintf(f as string, a) },
  println: { params: [], variadic: 'any', fn: sprintln },
  html: { params: [], variadic: 'any', fn: (a) => htmlEscape(evalArgs(a)) },
  js: { params: [], variadic: 'any', fn: (a) => jsEscape(evalArgs(a)) },
  urlquery: { params: [], variadic: 'any', fn: (a) => urlQuery(evalArgs(a)) },
  call: { params: ['any'], variadic: 'any', fn: ([f]) => { throw new CallError(`non-function ${sprintV(f)} of type ${typeName(f)}`); } },
  eq: { params: ['any'], variadic: 'any', fn: eq },
  ne: { params: any(2), fn: (a) => !eq(a) },
  lt: { params: any(2), fn: ([a, b]) => lt(a, b) },
  le: { params: any(2), fn: ([a, b]) => lt(a, b) || (eq([a, b]) as boolean) },
  gt: { params: any(2), fn: ([a, b]) => !(lt(a, b) || (eq([a, b]) as boolean)) },
  ge: { params: any(2), fn: ([a, b]) => !lt(a, b) },
  exists: { params: ['any'], variadic: 'any', fn: exists },
  base64decode: { params: ['string'], fn: base64decode },
};
