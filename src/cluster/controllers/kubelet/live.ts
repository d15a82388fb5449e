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
  const script = timedScript(c);
  const st = rec.script?.run === start ? { ...rec.script } : { run: start, done: 0 };
  if (script && st.done === 0) recordProcessOutput(ctx.data, live, c.name, []);
  const plan = runPlan(live, c, rec);
  const endOf = () => start + plan(start).durationMs;
  const stepAt = (i: number) => (script && i < script.steps.length ? start + script.steps[i].atMs : Infinity);
  const exec = (argv: string[]) => {
    const out = runProcess(ctx, live, c, argv);
    // `redis-cli ping`, `pg_isready` ...: a program kubesim does not simulate answers as the healthy server would
    if (!out || out.unsimulated) return undefined;
    return { exitCode: out.exitCode, output: out.lines.map((l) => `${l.text}\n`).join('') };
  };
  for (let guard = 0; guard < 10_000; guard++) {
    const next = stepAt(st.done);
    // a tick at the very instant of a step still sees the state before it (the shell has yet to fork the command)
    const upTo = Math.min(now, next);
    if (probing) probeUpTo(live, c, rec, start, upTo, next + 1, exec, endOf, sink);
    // the script's last step may run at the instant it ends
    if (next > Math.min(now, endOf())) break;
    // the step at its instant, in the container's shell
    const step = script!.steps[st.done];
    const out = runProcess(ctx, live, c, ['sh', '-c', step.cmd]);
    for (const l of out?.lines ?? []) appendContainerLog(ctx.data, live, c.name, next, l.text, l.stream);
    if (script!.endsWithStep && st.done === script!.steps.length - 1 && out) rec.exitCode = out.exitCode;
    st.done++;
  }
  if (script) rec.script = st;
  const next = stepAt(st.done);
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
