import { describe, expect, it } from 'vitest';
import type { Pod } from '../../apiserver/types.js';
import { attemptAt, mountWait, type MountWait } from './mounts.js';

describe('mount back-off', () => {
  const pod = { metadata: { uid: 'u' } } as unknown as Pod;
  const problem = [{ volume: 'cfg', message: 'configmap "x" not found' }];

  it('retries at 0.5 s doubling to 2m2s', () => {
    expect([0, 1, 2, 3, 4].map((i) => attemptAt(0, i))).toEqual([0, 500, 1500, 3500, 7500]);
    expect(attemptAt(0, 20) - attemptAt(0, 19)).toBe(122_000);
  });

  it('reports the same failures whether time moves in one step or many', () => {
    const one: Record<string, MountWait> = {};
    mountWait(one, pod, problem, 0);
    const big = mountWait(one, pod, problem, 600_000)!;
    const many: Record<string, MountWait> = {};
    let total = mountWait(many, pod, problem, 0)!.events[0].times;
    for (let t = 60_000; t <= 600_000; t += 60_000) total += mountWait(many, pod, problem, t)!.events.reduce((n, e) => n + e.times, 0);
    expect(one.u.reported).toBe(many.u.reported);
    expect(total).toBe(many.u.reported);
    expect(big.retryAt).toBe(mountWait(many, pod, problem, 600_000)!.retryAt);
    expect(mountWait(one, pod, [], 600_001)).toBeUndefined();
    expect(one.u).toBeUndefined();
  });
});
