// The kubelet's probe workers (pkg/kubelet/prober/worker.go) as a checkpointed state per container run: every
// periodSeconds after initialDelaySeconds a tick asks the probe (probes.ts); each failing tick writes an Unhealthy
// event (prober.go records one per failure); a run of successThreshold successes or failureThreshold failures sets
// the result the kubelet acts on (Ready, started, alive). A liveness or startup failure at the threshold is a kill:
// the worker goes on hold until the next container (worker.go `onHold`), so no more events come from that run.
//
// Stepping is pure: ticks in (checkpoint, to] are evaluated in time order, and a stretch of ticks whose answer is
// known to hold (an answer says until when: `changesAt`) is taken in one step, so a long stretch costs one step.

import { failureThreshold, periodMs, successThreshold, type Probe, type ProbeAnswer, type ProbeKind } from './probes.js';

export interface ProbeTrack {
  /** the run (its start instant) the worker probes */
  run: number;
  /** the last tick evaluated (undefined: none yet) */
  tick?: number;
  /** that tick's answer and how many ticks in a row gave it */
  raw?: boolean;
  count: number;
  message: string;
  /** until when the last answer holds by itself (undefined: until something else changes) */
  until?: number;
  /** the result the kubelet acts on (readiness: ready, startup: started, liveness: alive) and since when */
  result?: boolean;
  resultAt?: number;
  /** liveness/startup: the tick whose failure reached failureThreshold; the run is killed then */
  killAt?: number;
}

/** A stretch of failing ticks with one message (the Unhealthy events they write). */
export interface FailBatch {
  first: number;
  last: number;
  n: number;
  message: string;
}

/** The answer of the probe at tick t, or undefined when it cannot be known yet (a later state of the container). */
export type AnswerAt = (t: number) => ProbeAnswer | undefined;

/** A new worker for a run: readiness starts as not ready, liveness as alive, startup as not started. */
export function newTrack(kind: ProbeKind, run: number): ProbeTrack {
  return { run, count: 0, message: '', result: kind === 'Liveness' ? true : kind === 'Readiness' ? false : undefined };
}

/** Whether the worker has stopped for this run (killed, or a startup probe that succeeded). */
export function trackDone(kind: ProbeKind, t: ProbeTrack): boolean {
  return t.killAt !== undefined || (kind === 'Startup' && t.result === true);
}

const MAX_STEPS = 10_000;

/**
 * Evaluates the ticks of a worker probing from `base` in (t.tick, to], in time order; failing stretches go to
 * onFail. Returns the new checkpoint (the input is not changed).
 */
export function stepTrack(p: Probe, kind: ProbeKind, base: number, track: ProbeTrack, answerAt: AnswerAt, to: number, onFail?: (b: FailBatch) => void): ProbeTrack {
  const tr: ProbeTrack = { ...track };
  const P = periodMs(p);
  let t = tr.tick === undefined ? base : Math.max(base, tr.tick + P);
  for (let guard = 0; guard < MAX_STEPS && t <= to && !trackDone(kind, tr); guard++) {
    const a = answerAt(t);
    if (!a) break;
    const before = tr.raw === a.ok ? tr.count : 0;
    // ticks t, t+P, ... that share this answer: before it may change, and up to `to`
    const byTo = Number.isFinite(to) ? Math.floor((to - t) / P) + 1 : Infinity;
    const byChange = a.changesAt === undefined ? Infinity : Math.max(1, Math.ceil((a.changesAt - t) / P));
    let n = Math.min(byTo, byChange);
    let flipAt: number | undefined;
    if (tr.result !== a.ok) {
      const need = Math.max(1, (a.ok ? successThreshold(p) : failureThreshold(p)) - before);
      if (need <= n) {
        flipAt = t + (need - 1) * P;
        // a kill, or a startup probe that passed, ends the probing there
        if (!a.ok && kind !== 'Readiness') n = need;
        if (a.ok && kind === 'Startup') n = need;
      }
    }
    if (!Number.isFinite(n)) {
      // the answer holds for good and changes no result: nothing more happens
      tr.raw = a.ok;
      tr.message = a.message;
      tr.until = undefined;
      break;
    }
    if (!a.ok) onFail?.({ first: t, last: t + (n - 1) * P, n, message: a.message });
    tr.tick = t + (n - 1) * P;
    tr.raw = a.ok;
    tr.count = before + n;
    tr.message = a.message;
    tr.until = a.changesAt;
    if (flipAt !== undefined) {
      tr.result = a.ok;
      tr.resultAt = flipAt;
      if (!a.ok && kind !== 'Readiness') tr.killAt = flipAt;
    }
    t = tr.tick + P;
  }
  return tr;
}

/** When the worker next has something to do by itself (a failing answer ticks on; a held answer ends). */
export function nextWake(p: Probe, kind: ProbeKind, base: number, t: ProbeTrack): number | undefined {
  if (trackDone(kind, t)) return undefined;
  const P = periodMs(p);
  if (t.tick === undefined) return base;
  if (t.raw === false || t.result !== t.raw) return t.tick + P;
  if (t.until === undefined) return undefined;
  return t.tick + Math.max(1, Math.ceil((t.until - t.tick) / P)) * P;
}
