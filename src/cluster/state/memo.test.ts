import { describe, expect, it } from 'vitest';
import { memo } from './memo.js';

describe('memo', () => {
  it('computes once per argument and returns the same result', () => {
    let calls = 0;
    const sq = memo((n: number) => {
      calls++;
      return n * n;
    });
    expect([sq(3), sq(3), sq(4), sq(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toBe(2);
  });

  it('caches undefined results too, and stays bounded by dropping the cache when full', () => {
    let calls = 0;
    const f = memo((n: number) => {
      calls++;
      return n % 2 ? undefined : String(n);
    }, 2);
    expect(f(1)).toBeUndefined();
    expect(f(1)).toBeUndefined();
    expect(calls).toBe(1);
    f(2); // cache full (2 entries)
    f(3); // dropped, then 3 cached
    f(1); // recomputed
    expect(calls).toBe(4);
    expect(f(2)).toBe('2');
    expect(calls).toBe(5);
  });
});
