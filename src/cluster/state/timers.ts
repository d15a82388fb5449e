// The cluster's timer queue: the future instants at which controllers asked to run again (requeueAt). It is
// persisted with the cluster (data.timers, ascending, unique) so that advancing the clock, in this process or a
// later one, steps through the due instants in time order: one 5-minute advance leaves the same state as five
// 1-minute ones.

export interface TimerQueue {
  /** ascending unique instants (ms since the epoch) */
  due: number[];
}

export function timerQueue(data: Record<string, unknown>): TimerQueue {
  let q = data.timers as TimerQueue | undefined;
  if (!q || !Array.isArray(q.due)) {
    q = { due: [] };
    data.timers = q;
  }
  return q;
}

/** Adds an instant, keeping the queue sorted and unique. */
export function addTimer(q: TimerQueue, atMs: number): void {
  if (!Number.isFinite(atMs)) return;
  const t = Math.ceil(atMs);
  const a = q.due;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  if (a[lo] !== t) a.splice(lo, 0, t);
}

/** Removes and returns the earliest instant <= limit, or undefined. */
export function popDue(q: TimerQueue, limit: number): number | undefined {
  if (q.due.length && q.due[0] <= limit) return q.due.shift();
  return undefined;
}

/** The earliest pending instant, if any. */
export function nextTimer(data: Record<string, unknown>): number | undefined {
  const q = data.timers as TimerQueue | undefined;
  return q && Array.isArray(q.due) && q.due.length ? q.due[0] : undefined;
}
