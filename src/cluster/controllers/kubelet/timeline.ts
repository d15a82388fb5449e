// A container's life on its node, as the kubelet lives it: the image pull (with its failures and back-off), then
// its runs (runs.ts) with the probes that gate readiness or kill it (probes.ts), and finally its stop when the pod
// is deleted. Everything is derived from a small persisted record plus the clock, so the status at any instant is
// computed directly, and the instants at which something happens by itself are known (the kubelet's timers).

import type { Container, Pod } from '../../apiserver/types.js';
import { containerRun, goDuration } from '../runtime.js';
import { waitLoop, type WaitState } from './waitloop.js';
import { failDurationMs, imageBackoffMs } from './pull.js';
import { parseImage } from '../../network/images/index.js';
import { initialDelayMs, probeOf, type ProbeKind } from './probes.js';
import type { ProbeTrack } from './prober.js';
import { nextRunEvent, restartDelay, type RunPlan, type RunState, type Termination } from './runs.js';

/** The pull of one container's image. */
export interface PullRecord {
  /** when the kubelet starts pulling (after the sandbox, or after the previous container's pull) */
  start: number;
  /** 'present': no pull; 'pull': a pull of ms; 'invalid' | 'failed' | 'never': it cannot be had */
  kind: 'present' | 'pull' | 'invalid' | 'failed' | 'never';
  ms: number;
  message?: string;
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
  /** the steps of its timed script that ran in the current run (kubelet/scripts.ts) */
  script?: { run: number; done: number };
  /** where its polling loop with a condition stands in the current run (kubelet/waitloop.ts) */
  wait?: WaitState;
  /** its main process (an interactive shell a client attached to) exited: in the run that began at `run` (attach-exit.ts) */
  exited?: { run: number; at: number; exitCode: number };
}

export type { ProbeTrack };

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

/** How a container's process meets SIGTERM: how long until it is gone, and its exit status. */
export function sigtermExit(c: Container, graceMs: number): { afterMs: number; exitCode: number } {
  // no handler for SIGTERM as PID 1: the kernel ignores it, the runtime's SIGKILL ends it at the grace period
  if (ignoresSigterm(c)) return { afterMs: graceMs, exitCode: 137 };
  // a Go program without a handler re-raises the signal, which PID 1 ignores, then exits 2 (runtime.dieFromSignal)
  if (agnhostSubcommand(c) === 'liveness') return { afterMs: 0, exitCode: 2 };
  // nginx, httpd and the other servers stop cleanly
  return { afterMs: 0, exitCode: 0 };
}

/** The subcommand an agnhost container runs (`liveness`, `netexec` ...), or undefined for other images. */
function agnhostSubcommand(c: Container): string | undefined {
  if (parseImage(c.image ?? '').repo.split('/').pop() !== 'agnhost') return undefined;
  return [...(c.command ?? []), ...(c.args ?? [])].filter((a) => !/(^|\/)agnhost$/.test(a)).find((a) => !a.startsWith('-'));
}

/** The current checkpoint of a probe worker for the run starting at `start` (a record from an older kubesim counts as none). */
export function trackOf(rec: ContainerRecord, kind: ProbeKind, start: number): ProbeTrack | undefined {
  const t = rec.probes[kind];
  return t && t.run === start && typeof t.count === 'number' ? t : undefined;
}

/** The grace period of a kill for a failed liveness/startup probe (the probe's own, else the pod's). */
export function probeKillGraceMs(pod: Pod, c: Container, kind: ProbeKind): number {
  const s = probeOf(c, kind)?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(s, 2) * 1000;
}

/** The kill a failed liveness or startup probe brought on the run starting at `start`, once the kubelet saw it. */
export function probeKill(c: Container, rec: ContainerRecord, start: number): { at: number; by: 'liveness' | 'startup' } | undefined {
  const s = trackOf(rec, 'Startup', start);
  if (probeOf(c, 'Startup') && s?.killAt !== undefined) return { at: s.killAt, by: 'startup' };
  const l = trackOf(rec, 'Liveness', start);
  if (probeOf(c, 'Liveness') && l?.killAt !== undefined) return { at: l.killAt, by: 'liveness' };
  return undefined;
}

/** The run plan of a container: its command's own end, or the kill a failing liveness/startup probe brings. */
export function runPlan(pod: Pod, c: Container, rec: ContainerRecord): RunPlan {
  const always = containerRun(c);
  return (start: number) => {
    // a polling loop with a condition ends when the condition let it go, and the statements after it with it
    const w = rec.wait;
    const loop = w?.run === start && w.exitAt !== undefined ? waitLoop(c) : undefined;
    const natural = loop ? { durationMs: w!.exitAt! - start + loop.tailMs, exitCode: loop.tailMs > 0 ? 0 : (w!.exitCode ?? 0) } : always;
    const exitCode = loop ? natural.exitCode : (rec.exitCode ?? natural.exitCode);
    // the shell someone attached to was told `exit` (or got end of input) at that instant
    const ended = rec.exited?.run === start ? rec.exited : undefined;
    if (ended && ended.at - start < natural.durationMs) return { durationMs: ended.at - start, exitCode: ended.exitCode };
    const kill = probeKill(c, rec, start);
    if (kill && kill.at - start < natural.durationMs) {
      const stop = sigtermExit(c, probeKillGraceMs(pod, c, kill.by === 'liveness' ? 'Liveness' : 'Startup'));
      const durationMs = Math.min(natural.durationMs, kill.at - start + stop.afterMs);
      return { durationMs, exitCode: stop.exitCode, reason: stop.exitCode === 0 ? 'Completed' : 'Error' };
    }
    return { durationMs: natural.durationMs, exitCode };
  };
}

/** When the startup probe has succeeded in a run starting at `start` (undefined: not yet / never). */
export function startedAt(c: Container, rec: ContainerRecord, start: number): number | undefined {
  if (!probeOf(c, 'Startup')) return start;
  const t = trackOf(rec, 'Startup', start);
  return t?.result === true ? t.resultAt : undefined;
}

/** Where a probe's ticks start in a run: after initialDelaySeconds, and liveness/readiness once started. */
export function probeBase(c: Container, rec: ContainerRecord, start: number, kind: ProbeKind): number | undefined {
  const p = probeOf(c, kind);
  if (!p) return undefined;
  if (kind === 'Startup') return start + initialDelayMs(p);
  const began = startedAt(c, rec, start);
  return began === undefined ? undefined : Math.max(start + initialDelayMs(p), began);
}

/** Readiness of the run that started at `start`, at `now`, and when it next changes by itself. */
export function readiness(c: Container, rec: ContainerRecord, start: number, now: number): { ready: boolean; since?: number; next?: number } {
  const began = startedAt(c, rec, start);
  if (began === undefined || began > now) return { ready: false, next: began };
  if (!probeOf(c, 'Readiness')) return { ready: true, since: began };
  const t = trackOf(rec, 'Readiness', start);
  if (!t || t.result !== true || (t.resultAt ?? Infinity) > now) return { ready: false, since: t?.resultAt };
  return { ready: true, since: t.resultAt };
}

/** Whether the runs restart after an exit under the pod's policy. */
export function restartsAfter(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

export function nextOfRuns(pod: Pod, c: Container, rec: ContainerRecord): number | undefined {
  if (!rec.runs) return undefined;
  return nextRunEvent(rec.runs, runPlan(pod, c, rec));
}

export { restartDelay, goDuration, type Termination };
