// One container's runs over time, in closed form: a run lasts as long as its command (or until a probe kills it),
// then the container is restarted under the pod's restartPolicy with the kubelet's crash back-off (at once the
// first time, then 10 s doubling to 5 min). The state is checkpointed at every reconcile; between two reconciles
// what a run does is fixed, so advancing from the checkpoint to any later instant is arithmetic, however far.

export interface Termination {
  start: number;
  end: number;
  exitCode: number;
  reason: string;
}

export interface RunState {
  /** restarts so far (restartCount) */
  k: number;
  /** start of the current run, null while waiting to (re)start */
  runStart: number | null;
  /** while waiting: when the next run starts */
  nextStart: number | null;
  last: Termination | null;
  /** finished for good (no restart will come) */
  done: boolean;
}

/** How a run that starts at `start` ends: after durationMs (Infinity: never) with exitCode. */
export type RunPlan = (start: number) => { durationMs: number; exitCode: number; reason?: string };

export const FIRST_RESTART_MS = 1000;
export const MAX_BACKOFF_MS = 300_000;

/** Delay before restart k+1 after the k-th restart's run exited. */
export function restartDelay(k: number): number {
  return k === 0 ? FIRST_RESTART_MS : Math.min(10_000 * 2 ** (k - 1), MAX_BACKOFF_MS);
}

/** The back-off the kubelet reports while waiting (`back-off 20s restarting failed container=...`). */
export function backoffShown(k: number): number {
  return restartDelay(k);
}

export function startRuns(at: number): RunState {
  return { k: 0, runStart: at, nextStart: null, last: null, done: false };
}

export interface RunHooks {
  exited?(t: Termination, k: number): void;
  restarted?(at: number, k: number): void;
  /** n whole cycles were skipped in closed form, the last ending with `last` */
  skipped?(n: number, last: Termination, kAfter: number): void;
}

/** Advances the runs to `now`. `restarts(exitCode)` says whether the pod's policy restarts after that exit. */
export function advanceRuns(s: RunState, plan: RunPlan, restarts: (exitCode: number) => boolean, now: number, hooks: RunHooks = {}): RunState {
  const st: RunState = { ...s, last: s.last ? { ...s.last } : null };
  for (let guard = 0; guard < 64 && !st.done; guard++) {
    if (st.runStart !== null) {
      const p = plan(st.runStart);
      const end = st.runStart + p.durationMs;
      if (!(end <= now)) break;
      const term: Termination = { start: st.runStart, end, exitCode: p.exitCode, reason: p.reason ?? (p.exitCode === 0 ? 'Completed' : 'Error') };
      hooks.exited?.(term, st.k);
      st.last = term;
      st.runStart = null;
      if (!restarts(p.exitCode)) {
        st.done = true;
        break;
      }
      st.nextStart = end + restartDelay(st.k);
      continue;
    }
    if (st.nextStart === null || st.nextStart > now) break;
    // the back-off is capped: whole cycles (run + 5 min) in one step
    const p = plan(st.nextStart);
    if (st.k >= 6 && Number.isFinite(p.durationMs) && restarts(p.exitCode)) {
      const cycle = p.durationMs + MAX_BACKOFF_MS;
      const n = Math.floor((now - st.nextStart) / cycle);
      if (n >= 2) {
        const lastStart = st.nextStart + (n - 1) * cycle;
        const last: Termination = { start: lastStart, end: lastStart + p.durationMs, exitCode: p.exitCode, reason: p.reason ?? (p.exitCode === 0 ? 'Completed' : 'Error') };
        st.k += n;
        st.last = last;
        st.nextStart = st.nextStart + n * cycle;
        hooks.skipped?.(n, last, st.k);
        continue;
      }
    }
    st.runStart = st.nextStart;
    st.nextStart = null;
    st.k++;
    hooks.restarted?.(st.runStart, st.k);
  }
  return st;
}

/** The next instant at which the runs change by themselves. */
export function nextRunEvent(s: RunState, plan: RunPlan): number | undefined {
  if (s.done) return undefined;
  if (s.runStart !== null) {
    const end = s.runStart + plan(s.runStart).durationMs;
    return Number.isFinite(end) ? end : undefined;
  }
  return s.nextStart ?? undefined;
}
