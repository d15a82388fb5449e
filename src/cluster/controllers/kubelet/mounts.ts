// The kubelet's volume manager for a pod whose volumes cannot be mounted yet (a missing ConfigMap, Secret or
// key): MountVolume.SetUp fails, the reconciler retries with exponential back-off (500 ms doubling, capped at
// 2m2s, as pkg/util/goroutinemap/exponentialbackoff has it) and the pod waits in ContainerCreating.

import type { Pod } from '../../apiserver/types.js';
import type { VolumeProblem } from '../../containerfs/volumes.js';

/** When the kubelet first failed to mount a pod's volumes and how many failures it has reported. */
export interface MountWait {
  first: number;
  reported: number;
}

const INITIAL_MS = 500;
const MAX_MS = 122_000;

/** When attempt i (0-based) fails: the first attempt plus the back-offs before it. */
export function attemptAt(first: number, i: number): number {
  let t = first;
  for (let k = 0; k < i; k++) {
    const d = INITIAL_MS * 2 ** k;
    if (d >= MAX_MS) return t + (i - k) * MAX_MS;
    t += d;
  }
  return t;
}

/**
 * Advances a pod's wait to `now`: undefined when nothing is missing (the wait ends), else the FailedMount events
 * for the attempts since the last report and when the next attempt is due.
 */
export function mountWait(waits: Record<string, MountWait>, pod: Pod, problems: VolumeProblem[], now: number): { since: number; retryAt: number; events: Array<{ message: string; at: number; times: number }> } | undefined {
  const uid = pod.metadata.uid!;
  if (!problems.length) {
    delete waits[uid];
    return undefined;
  }
  const w = (waits[uid] ??= { first: now, reported: 0 });
  let n = w.reported;
  while (n < 16 && attemptAt(w.first, n) <= now) n++;
  // past the cap the attempts are MAX_MS apart: count them at once
  if (n >= 16 && attemptAt(w.first, n) <= now) n += Math.floor((now - attemptAt(w.first, n)) / MAX_MS) + 1;
  const events = n > w.reported ? problems.map((p) => ({ message: `MountVolume.SetUp failed for volume "${p.volume}" : ${p.message}`, at: attemptAt(w.first, n - 1), times: n - w.reported })) : [];
  w.reported = n;
  return { since: w.first, retryAt: attemptAt(w.first, n), events };
}
