// Fast structural helpers for API objects (plain JSON data): equality exactly as comparing JSON.stringify output
// (with or without sorted keys) would decide it, and a deep copy equal to structuredClone for plain data — without
// building strings or going through the structured-clone serializer. Anything that is not plain data (Dates,
// objects with toJSON, Maps, class instances, bigints) falls back to the string/structuredClone way.

type Plain = Record<string, unknown>;

function isPlainObject(v: object): v is Plain {
  const p = Object.getPrototypeOf(v);
  return (p === Object.prototype || p === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object (and prints as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Values JSON prints as `null` inside an array (or object): null, non-finite numbers, and omitted values. */
function nullish(v: unknown, inArray: boolean): boolean {
  return v === null || (typeof v === 'number' && !Number.isFinite(v)) || (inArray && omitted(v));
}

/**
 * Whether `a` and `b` print the same with JSON.stringify (`sorted`: with every object's keys sorted first, as
 * controllers' canonical() does; otherwise in property order). Both values sit inside an array when `inArray`
 * (where undefined prints as null).
 */
function eq(a: unknown, b: unknown, sorted: boolean, inArray: boolean): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'object' && tb === 'object' && a !== null && b !== null) {
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || !isPlainArray(a) || !isPlainArray(b)) return fallback(a, b, sorted);
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i], sorted, true)) return false;
      return true;
    }
    if (Array.isArray(b)) return isPlainArray(b) && isPlainObject(a as object) ? false : fallback(a, b, sorted);
    if (!isPlainObject(a as object) || !isPlainObject(b as object)) return fallback(a, b, sorted);
    return sorted ? objEqSorted(a as Plain, b as Plain) : objEqOrdered(a as Plain, b as Plain);
  }
  if (ta === 'bigint' || tb === 'bigint') return fallback(a, b, sorted);
  if (ta === 'object' && a !== null) return isPlainData(a) ? false : fallback(a, b, sorted);
  if (tb === 'object' && b !== null) return isPlainData(b) ? false : fallback(a, b, sorted);
  // primitives that are not identical: equal only when both print as null
  return nullish(a, inArray) && nullish(b, inArray);
}

function isPlainArray(a: unknown[]): boolean {
  return Object.getPrototypeOf(a) === Array.prototype;
}

function isPlainData(v: unknown): boolean {
  return Array.isArray(v) ? isPlainArray(v) : isPlainObject(v as object);
}

function objEqOrdered(a: Plain, b: Plain): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && omitted(a[ka[i]!])) i++;
    while (j < kb.length && omitted(b[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const k = ka[i]!;
    if (k !== kb[j]) return false;
    if (!eq(a[k], b[k], false, false)) return false;
    i++;
    j++;
  }
}

function objEqSorted(a: Plain, b: Plain): boolean {
  let na = 0;
  for (const k of Object.keys(a)) {
    const v = a[k];
    if (omitted(v)) continue;
    na++;
    if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    const w = b[k];
    if (omitted(w) || !eq(v, w, true, false)) return false;
  }
  let nb = 0;
  for (const k of Object.keys(b)) if (!omitted(b[k])) nb++;
  return na === nb;
}

function fallback(a: unknown, b: unknown, sorted: boolean): boolean {
  return sorted ? sortedJSON(a) === sortedJSON(b) : JSON.stringify(a) === JSON.stringify(b);
}

/** JSON with object keys sorted (the controllers' canonical form). */
export function sortedJSON(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );
}

/** sortedJSON(a) === sortedJSON(b), without building the strings. */
export function sortedJSONEqual(a: unknown, b: unknown): boolean {
  if (omitted(a ?? null) || omitted(b ?? null)) return sortedJSON(a) === sortedJSON(b);
  return eq(a ?? null, b ?? null, true, false);
}

/** JSON.stringify(a) === JSON.stringify(b), without building the strings. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (omitted(a) || omitted(b)) return JSON.stringify(a) === JSON.stringify(b);
  return eq(a, b, false, false);
}

/** structuredClone for plain data (objects, arrays, primitives; API objects are trees, so no shared parts to
 *  keep shared); anything else goes through structuredClone. */
export function deepClone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    if (!isPlainArray(v)) return structuredClone(v);
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      if (!(i in v)) return structuredClone(v); // holes: keep them as structuredClone does
      out[i] = deepClone(v[i]);
    }
    return out as T;
  }
  if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length) return structuredClone(v);
  const out: Plain = {};
  for (const k of Object.keys(v)) {
    const x = (v as Plain)[k];
    if (typeof x === 'function' || typeof x === 'symbol') return structuredClone(v); // throws as structuredClone does
    out[k] = deepClone(x);
  }
  return out as T;
}
