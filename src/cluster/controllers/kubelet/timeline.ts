// A container's life on its node, as the kubelet lives it: the image pull (with its failures and back-off), then
// its runs (runs.ts) with the probes that gate readiness or kill it (probes.ts), and finally its stop when the pod
// is deleted. Everything is derived from a small persisted record plus the clock, so the status at any instant is
// computed directly, and the instants at which something happens by itself are known (the kubelet's timers).

import type { Container, Pod } from '../../apiserver/types.js';
import { containerRun, goDuration } from '../runtime.js';
import { failDurationMs, imageBackoffMs } from './pull.js';
import { failureThreshold, initialDelayMs, periodMs, probeOf, successThreshold, tickAtOrAfter, type Probe, type ProbeKind } from './probes.js';
import { advanceRuns, nextRunEvent, restartDelay, type RunPlan, type RunState, type Termination } from './runs.js';

/** The pull of one container's image. */
export interface PullRecord {
  /** when the kubelet starts pulling (after the sandbox, or after the previous container's pull) */
  start: number;
  /** 'present': no pull; 'pull': a pull of ms; 'invalid' | 'failed' | 'never': it cannot be had */
  kind: 'present' | 'pull' | 'invalid' | 'failed' | 'never';
  ms: number;
  message?: string;
}

/** A probe's result and since when it has held (the state only changes when a command ran, or at a timer). */
export interface ProbeTrack {
  ok: boolean;
  since: number;
  message: string;
  /** readiness: whether the container was ready at `since` */
  readyAtSince: boolean;
  /** the run the track belongs to (its start) */
  run: number;
  /** last failing tick for which an Unhealthy event was written */
  evTick: number;
}

export interface ContainerRecord {
  name: string;
  image: string;
  /** the first run's container id (64 hex) */
  id: string;
  pull: PullRecord;
  /** the runs, once the image is there */
  runs: RunState | null;
  probes: Partial<Record<ProbeKind, ProbeTrack>>;
  /** when the container is told to stop (the pod is being deleted) */
  stopAt?: number;
  /** the exit status of its command, run in the shell at the first start (kubelet/process.ts) */
  exitCode?: number;
  /** up to when this container's events were written */
  evAt: number;
}

/** When the image is there (the run can start), or undefined if it never will be. */
export function pullDone(p: PullRecord): number | undefined {
  if (p.kind === 'present') return p.start;
  if (p.kind === 'pull') return p.start + p.ms;
  return undefined;
}

/** The pull failures of an image that cannot be had: attempt j fails at F_j, back-off shows from F_j + 10 s. */
export interface PullFailureView {
  failures: number;
  /** last failure instant */
  lastFail: number;
  /** in back-off (ImagePullBackOff) rather than just failed (ErrImagePull) */
  backingOff: boolean;
  /** the next instant the view changes */
  next: number;
  /** the start of the attempt in progress, if one is (Pulling) */
  pulling?: number;
}

const ERR_IMAGE_PULL_SHOWN_MS = 10_000;

export function pullFailureView(p: PullRecord, now: number): PullFailureView {
  const f = failDurationMs(p.kind === 'failed' ? { ok: false, kind: 'failed', message: p.message ?? '' } : { ok: true });
  let attempt = p.start;
  let failures = 0;
  let lastFail = p.start;
  for (let guard = 0; guard < 100_000; guard++) {
    const fail = attempt + f;
    if (fail > now) return { failures, lastFail, backingOff: failures > 0 && now >= lastFail + ERR_IMAGE_PULL_SHOWN_MS, next: fail, pulling: attempt };
    failures++;
    lastFail = fail;
    const retry = fail + ERR_IMAGE_PULL_SHOWN_MS + imageBackoffMs(failures);
    if (retry > now) {
      const shownUntil = fail + ERR_IMAGE_PULL_SHOWN_MS;
      return { failures, lastFail, backingOff: now >= shownUntil, next: now < shownUntil ? shownUntil : retry };
    }
    // capped back-off: jump over whole cycles
    const cycle = f + ERR_IMAGE_PULL_SHOWN_MS + imageBackoffMs(64);
    if (imageBackoffMs(failures) === imageBackoffMs(64) && retry + 2 * cycle <= now) {
      const n = Math.floor((now - retry) / cycle);
      failures += n;
      attempt = retry + n * cycle;
      lastFail = attempt - ERR_IMAGE_PULL_SHOWN_MS - imageBackoffMs(64);
      continue;
    }
    attempt = retry;
  }
  return { failures, lastFail, backingOff: true, next: Infinity };
}

// ---------------------------------------------------------------- what a run does

/** How long the process takes to stop after SIGTERM: servers at once, PID-1 shells and sleeps never (SIGKILL). */
export function ignoresSigterm(c: Container): boolean {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (!argv.length) return false;
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  // a shell or sleep as PID 1 has no handler for SIGTERM, and the kernel ignores unhandled signals for PID 1
  return ['sh', 'bash', 'ash', 'dash', 'sleep', 'tail'].includes(prog);
}

/** The run plan of a container: its command's own end, or the kill a failing liveness/startup probe brings. */
export function runPlan(pod: Pod, c: Container, rec: ContainerRecord, graceMs: number): RunPlan {
  const natural = containerRun(c);
  const live = probeOf(c, 'Liveness');
  const startup = probeOf(c, 'Startup');
  return (start: number) => {
    let duration = natural.durationMs;
    let exitCode = rec.exitCode ?? natural.exitCode;
    let reason: string | undefined;
    const killAt = probeKillAt(c, rec, start, startup, live);
    if (killAt !== undefined && killAt - start < duration) {
      const stopMs = ignoresSigterm(c) ? graceMs : 0;
      duration = killAt - start + stopMs;
      exitCode = ignoresSigterm(c) ? 137 : 0;
      reason = exitCode === 0 ? 'Completed' : 'Error';
    }
    return { durationMs: duration, exitCode, reason };
  };
}

/** The result a probe has for a run starting at `start` (a later run inherits the track's current answer). */
function trackFor(rec: ContainerRecord, kind: ProbeKind, start: number): { ok: boolean; since: number } | undefined {
  const t = rec.probes[kind];
  if (!t) return undefined;
  return { ok: t.ok, since: t.run === start ? t.since : start };
}

/** When the startup probe has succeeded in a run starting at `start` (undefined: not yet / never). */
export function startedAt(c: Container, rec: ContainerRecord, start: number): number | undefined {
  const p = probeOf(c, 'Startup');
  if (!p) return start;
  const t = trackFor(rec, 'Startup', start);
  if (!t || !t.ok) return undefined;
  const base = start + initialDelayMs(p);
  return tickAtOrAfter(p, base, Math.max(t.since, base));
}

/** When a failing liveness (or startup) probe kills the run starting at `start`. */
function probeKillAt(c: Container, rec: ContainerRecord, start: number, startup: Probe | undefined, live: Probe | undefined): number | undefined {
  if (startup) {
    const t = trackFor(rec, 'Startup', start);
    if (t && !t.ok) {
      const base = start + initialDelayMs(startup);
      return tickAtOrAfter(startup, base, Math.max(t.since, base)) + (failureThreshold(startup) - 1) * periodMs(startup);
    }
  }
  if (!live) return undefined;
  const t = trackFor(rec, 'Liveness', start);
  if (!t || t.ok) return undefined;
  const began = startedAt(c, rec, start);
  if (began === undefined) return undefined;
  const base = Math.max(start + initialDelayMs(live), began);
  return tickAtOrAfter(live, base, Math.max(t.since, base)) + (failureThreshold(live) - 1) * periodMs(live);
}

/** Readiness of the run that started at `start`, at `now`, and when it next changes by itself. */
export function readiness(c: Container, rec: ContainerRecord, start: number, now: number): { ready: boolean; since?: number; next?: number } {
  const began = startedAt(c, rec, start);
  if (began === undefined || began > now) return { ready: false, next: began };
  const p = probeOf(c, 'Readiness');
  if (!p) return { ready: true, since: began };
  const t = rec.probes.Readiness;
  const ok = t?.ok ?? false;
  const since = t && t.run === start ? t.since : start;
  const readyAtSince = t && t.run === start ? t.readyAtSince : false;
  const base = Math.max(start + initialDelayMs(p), began);
  const first = tickAtOrAfter(p, base, Math.max(since, base));
  if (ok) {
    const at = first + (successThreshold(p) - 1) * periodMs(p);
    if (readyAtSince) return { ready: true, since };
    return now >= at ? { ready: true, since: at } : { ready: false, next: at };
  }
  if (!readyAtSince) return { ready: false };
  const at = first + (failureThreshold(p) - 1) * periodMs(p);
  return now >= at ? { ready: false, since: at } : { ready: true, next: at };
}

/** Whether the runs restart after an exit under the pod's policy. */
export function restartsAfter(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** Advances a container's runs to now, with hooks for the events. */
export function advance(pod: Pod, c: Container, rec: ContainerRecord, now: number, graceMs: number, hooks: Parameters<typeof advanceRuns>[4] = {}): RunState | null {
  if (!rec.runs) return null;
  const plan = runPlan(pod, c, rec, graceMs);
  return advanceRuns(rec.runs, plan, (code) => rec.stopAt === undefined && restartsAfter(pod, code), rec.stopAt !== undefined ? Math.min(now, rec.stopAt) : now, hooks);
}

export function nextOfRuns(pod: Pod, c: Container, rec: ContainerRecord, graceMs: number): number | undefined {
  if (!rec.runs) return undefined;
  return nextRunEvent(rec.runs, runPlan(pod, c, rec, graceMs));
}

export { restartDelay, goDuration, type Termination };
