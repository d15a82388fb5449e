import { describe, expect, it } from 'vitest';
import { deepClone, jsonEqual, sortedJSON, sortedJSONEqual } from './jsonequal.js';

// A small deterministic generator of JSON-ish values, with the corner cases JSON.stringify treats specially.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
const LEAVES: unknown[] = [null, undefined, 0, -0, 1, 1.5, NaN, Infinity, -Infinity, '', 'a', '1', 'null', true, false];
function gen(r: () => number, depth: number): unknown {
  const x = r();
  if (depth <= 0 || x < 0.45) return LEAVES[Math.floor(r() * LEAVES.length)];
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 3) }, () => gen(r, depth - 1));
  const o: Record<string, unknown> = {};
  const keys = ['a', 'b', 'c', '1', 'z'];
  for (let i = 0; i < 3; i++) if (r() < 0.6) o[keys[Math.floor(r() * keys.length)]!] = gen(r, depth - 1);
  return o;
}
/** b: a copy of a with keys shuffled, or a random variant */
function variant(r: () => number, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (r() < 0.1 ? gen(r, 1) : variant(r, x)));
  if (v && typeof v === 'object') {
    const ks = Object.keys(v);
    if (r() < 0.5) ks.reverse();
    const o: Record<string, unknown> = {};
    for (const k of ks) o[k] = r() < 0.1 ? gen(r, 1) : variant(r, (v as Record<string, unknown>)[k]);
    if (r() < 0.1) o.extra = undefined;
    return o;
  }
  return r() < 0.15 ? LEAVES[Math.floor(r() * LEAVES.length)] : v;
}

describe('jsonEqual / sortedJSONEqual', () => {
  it('agree with comparing JSON.stringify output on random values', () => {
    const r = lcg(7);
    let equalSeen = 0;
    for (let i = 0; i < 20000; i++) {
      const a = gen(r, 4);
      const b = r() < 0.7 ? variant(r, a) : gen(r, 4);
      expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      const s = sortedJSON(a) === sortedJSON(b);
      expect(sortedJSONEqual(a, b)).toBe(s);
      if (s) equalSeen++;
    }
    expect(equalSeen).toBeGreaterThan(1000);
  });
  it('fall back to strings for Dates and toJSON', () => {
    const d = new Date(0);
    expect(jsonEqual({ t: d }, { t: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(sortedJSONEqual({ t: d, a: 1 }, { a: 1, t: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sortedJSONEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });
});

describe('deepClone', () => {
  it('equals structuredClone on plain data, sharing nothing', () => {
    const r = lcg(11);
    for (let i = 0; i < 5000; i++) {
      const a = gen(r, 4);
      const c = deepClone(a);
      expect(c).toStrictEqual(structuredClone(a));
      if (a && typeof a === 'object') expect(c).not.toBe(a);
    }
    const o = { a: { b: [1, { c: 2 }] } };
    const c = deepClone(o);
    c.a.b.push(3);
    expect(o.a.b).toHaveLength(2);
    expect(Object.keys(deepClone({ z: 1, a: 2, 1: 3 }))).toEqual(['1', 'z', 'a']);
    const d = deepClone({ t: new Date(5) });
    expect(d.t).toBeInstanceOf(Date);
  });
});
