// How a waiting command (rollout status, wait, delete's wait, run --attach, logs -f) lets time pass: on the
// virtual clock it advances the cluster clock from timer to timer (each due instant is stepped, so the command
// sees every intermediate state); on the wall clock it sleeps until the next due instant, or for a short poll, and
// lets the controllers catch up. Either way it gives up after the timeout.

import type { Cluster } from './cluster.js';
import { nextTimer } from './timers.js';

/** Waiting without a bound still stops on the virtual clock after this long (nothing can change without time). */
export const MAX_VIRTUAL_WAIT_MS = 24 * 3600_000;
const WALL_POLL_MS = 250;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}

/**
 * Calls check() until it returns something other than undefined, letting cluster time pass between calls.
 * timeoutMs <= 0 waits without bound (the virtual clock still stops after MAX_VIRTUAL_WAIT_MS). Returns the
 * check's value, or undefined on timeout.
 */
export function waitFor<T>(cluster: Cluster, timeoutMs: number, check: () => T | undefined): T | undefined {
  // what the command just did has not been reconciled yet: the controllers' timers would be missing
  if (cluster.api.dirty) cluster.reconcile();
  const first = check();
  if (first !== undefined) return first;
  const start = cluster.clock.nowMs();
  const limit = timeoutMs > 0 ? timeoutMs : cluster.clock.mode === 'virtual' ? MAX_VIRTUAL_WAIT_MS : Infinity;
  for (;;) {
    const now = cluster.clock.nowMs();
    const remaining = start + limit - now;
    if (remaining <= 0) return undefined;
    const next = nextTimer(cluster.data);
    if (cluster.clock.mode === 'virtual') {
      const step = next !== undefined && next > now ? Math.min(next - now, remaining) : remaining;
      cluster.advanceClock(step);
    } else {
      const until = next !== undefined && next > now ? Math.min(next - now, WALL_POLL_MS) : WALL_POLL_MS;
      sleepSync(Math.min(until, remaining));
      cluster.catchUp();
    }
    const v = check();
    if (v !== undefined) return v;
  }
}

/**
 * One step of a streaming wait on the virtual clock (get -w, logs -f): how far to advance from now, to the next due
 * timer but not past `start + timeoutMs` (MAX_VIRTUAL_WAIT_MS for a wait without a timeout). Undefined when the wait
 * is over: the limit is reached, or nothing is due and the wait has no timeout.
 */
export function virtualWaitStep(cluster: Cluster, start: number, timeoutMs: number): number | undefined {
  const limit = start + (timeoutMs > 0 ? timeoutMs : MAX_VIRTUAL_WAIT_MS);
  const now = cluster.clock.nowMs();
  if (now >= limit) return undefined;
  const next = nextTimer(cluster.data);
  if (next === undefined && timeoutMs <= 0) return undefined;
  return next !== undefined && next > now ? Math.min(next, limit) - now : limit - now;
}
