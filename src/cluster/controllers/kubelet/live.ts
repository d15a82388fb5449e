// What happens inside a running container between two syncs of the kubelet, in time order: the steps of its timed
// script (scripts.ts) run in its shell at their instants, and its probe workers (prober.ts) tick, each tick asking
// the container as it is at that instant (an exec probe after `rm -f /tmp/healthy` fails). A liveness or startup
// failure at its threshold is the kill: the kubelet's Killing event at that tick, SIGTERM, and the end of the run
// after the grace period (timeline.ts runPlan); the script goes on until then, as a shell that ignores SIGTERM does.

import type { Container, Pod } from '../../apiserver/types.js';
import { rfc3339 } from '../../state/clock.js';
import { appendContainerLog, recordProcessOutput } from '../../network/logs.js';
import type { ControllerContext } from '../controller.js';
import { runProcess } from './process.js';
import { probeAnswer, probeOf, type ProbeAnswer, type ProbeKind } from './probes.js';
import { newTrack, nextWake, stepTrack, type FailBatch } from './prober.js';
import { timedScript } from './scripts.js';
import { stepWaitLoop, waitLoop } from './waitloop.js';
import { probeBase, probeKill, runPlan, trackOf, type ContainerRecord } from './timeline.js';

export interface LiveSink {
  event(type: 'Normal' | 'Warning', reason: string, message: string, atMs: number, times?: number, firstMs?: number): void;
  /** be synced again after t (the kubelet's relist) */
  wake(t: number | undefined): void;
  /** be synced at exactly t (a script step) */
  wakeExact(t: number): void;
}

const KINDS: ProbeKind[] = ['Startup', 'Liveness', 'Readiness'];

/** The pod as this run of the container sees it: its sandbox's addresses and its own container ID. */
export function asRunning(pod: Pod, c: Container, containerID: string, start: number, ip: string | undefined, hostIP: string | undefined): Pod {
  const old = pod.status?.containerStatuses?.find((s) => s.name === c.name);
  const statuses = [...(pod.status?.containerStatuses ?? [])].filter((s) => s.name !== c.name);
  statuses.push({ ...(old ?? { name: c.name, image: c.image ?? '', imageID: '', ready: false, restartCount: 0 }), containerID: `containerd://${containerID}`, state: { running: { startedAt: rfc3339(start) } } });
  return { ...pod, status: { ...(pod.status ?? {}), podIP: ip ?? pod.status?.podIP, hostIP: hostIP ?? pod.status?.hostIP, containerStatuses: statuses } };
}

/**
 * Lives the run of `c` that started at `start` up to `now` (or its end): script steps and probe ticks in time order,
 * their events, and the wakes for what comes next. `live` is the pod as the run sees it (asRunning).
 */
export function liveRun(ctx: ControllerContext, live: Pod, c: Container, rec: ContainerRecord, start: number, now: number, probing: boolean, sink: LiveSink): void {
  const plan = runPlan(live, c, rec);
  const endOf = () => start + plan(start).durationMs;
  const steps = scriptSteps(ctx, live, c, rec, start) ?? waitSteps(ctx, live, c, rec, start);
  const exec = (argv: string[]) => {
    const out = runProcess(ctx, live, c, argv);
    // `redis-cli ping`, `pg_isready` ...: a program kubesim does not simulate answers as the healthy server would
    if (!out || out.unsimulated) return undefined;
    return { exitCode: out.exitCode, output: out.lines.map((l) => `${l.text}\n`).join('') };
  };
  for (let guard = 0; guard < 10_000; guard++) {
    const next = steps ? steps.next() : Infinity;
    // a tick at the very instant of a step still sees the state before it (the shell has yet to fork the command)
    const upTo = Math.min(now, next);
    if (probing) probeUpTo(live, c, rec, start, upTo, next + 1, exec, endOf, sink);
    // the script's last step may run at the instant it ends
    if (next > Math.min(now, endOf())) break;
    steps!.run(next);
  }
  const next = steps ? steps.next() : Infinity;
  if (next <= endOf()) sink.wakeExact(next);
  for (const kind of probing ? KINDS : []) {
    const p = probeOf(c, kind);
    const t = trackOf(rec, kind, start);
    const base = probeBase(c, rec, start, kind);
    if (p && base !== undefined) {
      const w = nextWake(p, kind, base, t ?? newTrack(kind, start));
      if (w !== undefined && w < endOf()) sink.wake(w);
    }
  }
}

/** What the container's own command does at instants of its run: the next one, and doing it (state kept in `rec`). */
interface Steps {
  next(): number;
  run(at: number): void;
}

/** The steps of a timed script (scripts.ts). */
function scriptSteps(ctx: ControllerContext, live: Pod, c: Container, rec: ContainerRecord, start: number): Steps | undefined {
  const script = timedScript(c);
  if (!script) return undefined;
  const st = (rec.script = rec.script?.run === start ? { ...rec.script } : { run: start, done: 0 });
  if (st.done === 0) recordProcessOutput(ctx.data, live, c.name, []);
  return {
    next: () => (st.done < script.steps.length ? start + script.steps[st.done].atMs : Infinity),
    run: (at) => {
      // the step at its instant, in the container's shell
      const step = script.steps[st.done];
      const out = runProcess(ctx, live, c, ['sh', '-c', step.cmd]);
      for (const l of out?.lines ?? []) appendContainerLog(ctx.data, live, c.name, at, l.text, l.stream);
      if (script.endsWithStep && st.done === script.steps.length - 1 && out) rec.exitCode = out.exitCode;
      st.done++;
    },
  };
}

/** The iterations of a polling loop with a condition (waitloop.ts); its end is recorded for the run plan. */
function waitSteps(ctx: ControllerContext, live: Pod, c: Container, rec: ContainerRecord, start: number): Steps | undefined {
  const loop = waitLoop(c);
  if (!loop) return undefined;
  if (rec.wait?.run !== start) recordProcessOutput(ctx.data, live, c.name, []);
  const shell = {
    run: (script: string, at: number) => {
      const out = runProcess(ctx, live, c, ['sh', '-c', script]);
      for (const l of out?.lines ?? []) appendContainerLog(ctx.data, live, c.name, at, l.text, l.stream);
      return out?.exitCode ?? 0;
    },
  };
  return {
    next: () => {
      const w = rec.wait?.run === start ? rec.wait : undefined;
      return w ? (w.exitAt !== undefined ? Infinity : w.next) : start;
    },
    run: (at) => {
      rec.wait = stepWaitLoop(loop, rec.wait, start, at, shell);
    },
  };
}

/** Steps the run's probe workers to `upTo` (the container's files hold until `filesChangeAt`). */
function probeUpTo(
  live: Pod,
  c: Container,
  rec: ContainerRecord,
  start: number,
  upTo: number,
  filesChangeAt: number,
  exec: (argv: string[]) => { exitCode: number; output: string } | undefined,
  endOf: () => number,
  sink: LiveSink,
): void {
  for (const kind of KINDS) {
    const p = probeOf(c, kind);
    if (!p) continue;
    const base = probeBase(c, rec, start, kind);
    if (base === undefined) continue;
    // a run that is over (killed and gone) is not probed
    const to = Math.min(upTo, endOf() - 1);
    if (to < base) continue;
    const killedBefore = probeKill(c, rec, start);
    const answerAt = (t: number): ProbeAnswer => probeAnswer(live, c, p, start, t, { exec, filesChangeAt: Number.isFinite(filesChangeAt) ? filesChangeAt : undefined });
    const onFail = (b: FailBatch) => sink.event('Warning', 'Unhealthy', `${kind} probe failed: ${b.message}`, b.last, b.n, b.first);
    rec.probes[kind] = stepTrack(p, kind, base, trackOf(rec, kind, start) ?? newTrack(kind, start), answerAt, to, onFail);
    const kill = probeKill(c, rec, start);
    if (kill && !killedBefore) sink.event('Normal', 'Killing', `Container ${c.name} failed ${kill.by} probe, will be restarted`, kill.at);
  }
}
