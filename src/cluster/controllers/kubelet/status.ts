// The pod status the kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus, getPhase): container
// statuses from each container's record at `now`, the phase, and the pod conditions.

import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../../apiserver/types.js';
import { rfc3339 } from '../../state/clock.js';
import { createHash } from 'node:crypto';
import { memo } from '../../state/memo.js';
import { imageID, normalizeImage } from '../runtime.js';
import { backoffShown, type RunState, type Termination } from './runs.js';
import { pullFailureView, readiness, startedAt, type ContainerRecord } from './timeline.js';

export function runId(first: string, run: number): string {
  return run === 0 ? first : runDigest(`${first}/${run}`);
}

const runDigest = memo((s: string): string => createHash('sha256').update(s).digest('hex'));

export interface ContainerView {
  status: ContainerStatus;
  /** has a run (running, restarting or finished): not Pending on its account */
  begun: boolean;
  running: boolean;
  done: boolean;
  exitCode: number;
  ready: boolean;
  /** when readiness last changed (the Ready condition's transition) */
  readySince?: number;
}

function mountsOf(c: Container): ContainerStatus['volumeMounts'] {
  const m = (c.volumeMounts ?? []).map((v) => ({ name: v.name, mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
  return m.length ? m : undefined;
}

function terminated(t: Termination, id: string): { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string; containerID?: string } {
  return { containerID: `containerd://${id}`, exitCode: t.exitCode, finishedAt: rfc3339(t.end), reason: t.reason, startedAt: rfc3339(t.start) };
}

/** The status of one container at `now`, from its record and its (advanced) runs. */
export function containerView(pod: Pod, c: Container, rec: ContainerRecord, runs: RunState | null, now: number): ContainerView {
  if (!runs) {
    let waiting: { reason: string; message?: string } = { reason: 'ContainerCreating' };
    const p = rec.pull;
    if (p.kind === 'invalid') waiting = { reason: 'InvalidImageName', message: p.message };
    else if (p.kind === 'never') waiting = { reason: 'ErrImageNeverPull', message: p.message };
    else if (p.kind === 'failed' && now >= p.start) {
      const v = pullFailureView(p, now);
      if (v.failures > 0 && v.pulling === undefined) {
        waiting = v.backingOff
          ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ErrImagePull: ${p.message}` }
          : { reason: 'ErrImagePull', message: p.message };
      }
    }
    const status: ContainerStatus = { name: c.name, image: c.image ?? '', imageID: '', lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting } };
    const mounts = mountsOf(c);
    if (mounts) status.volumeMounts = mounts;
    return { status, begun: false, running: false, done: false, exitCode: 0, ready: false };
  }
  const image = normalizeImage(c.image ?? '');
  const id = runId(rec.id, runs.k);
  const make = (state: ContainerStatus['state'], lastState: Record<string, unknown>, ready: boolean, started: boolean): ContainerStatus => {
    const s: ContainerStatus = { name: c.name, state, lastState, ready, restartCount: runs.k, image, imageID: imageID(c.image ?? ''), containerID: `containerd://${id}`, started };
    const mounts = mountsOf(c);
    if (mounts) s.volumeMounts = mounts;
    return s;
  };
  if (runs.runStart !== null) {
    const r = readiness(c, rec, runs.runStart, now);
    const began = startedAt(c, rec, runs.runStart);
    const started = began !== undefined && began <= now;
    return { status: make({ running: { startedAt: rfc3339(runs.runStart) } }, runs.last ? { terminated: terminated(runs.last, runId(rec.id, runs.k - 1)) } : {}, r.ready, started), begun: true, running: true, done: false, exitCode: 0, ready: r.ready, readySince: r.since };
  }
  const t = runs.last!;
  if (runs.done) {
    return { status: make({ terminated: terminated(t, id) }, {}, false, false), begun: true, running: false, done: true, exitCode: t.exitCode, ready: false, readySince: t.end };
  }
  if (runs.k === 0) {
    // the first exit: restarted at once (the brief terminated state is what the kubelet shows meanwhile)
    return { status: make({ terminated: terminated(t, id) }, {}, false, false), begun: true, running: false, done: false, exitCode: t.exitCode, ready: false, readySince: t.end };
  }
  const message = `back-off ${goDurationText(backoffShown(runs.k))} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  return {
    status: make({ waiting: { reason: 'CrashLoopBackOff', message } }, { terminated: terminated(t, id) }, false, false),
    begun: true,
    running: false,
    done: false,
    exitCode: t.exitCode,
    ready: false,
    readySince: t.end,
  };
}

function goDurationText(ms: number): string {
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return m ? `${m}m${s}s` : `${s}s`;
}

function condition(old: PodCondition[] | undefined, type: string, status: string, atMs: number, reason?: string, message?: string): PodCondition {
  const prev = old?.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : rfc3339(atMs) };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export interface PodFacts {
  hostIP: string;
  /** undefined until the sandbox is up */
  podIP?: string;
  seen: number;
  sandboxAt: number;
  init: Array<{ c: Container; view: ContainerView | undefined }>;
  /** all init containers completed (or there are none) */
  initialized: boolean;
  initializedAt: number;
  /** an init container failed for good (restartPolicy Never) */
  initFailed: boolean;
  views: ContainerView[];
  /** the ephemeral containers' views, in spec order */
  ephemeral?: ContainerView[];
}

const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

/** The pod status from the container views (getPhase and the conditions). */
export function podStatus(pod: Pod, f: PodFacts, now: number): PodStatus {
  const old = pod.status?.conditions;
  const views = f.views;
  let phase = 'Pending';
  if (f.initFailed) phase = 'Failed';
  else if (f.initialized && views.length && views.every((v) => v.begun)) {
    if (views.every((v) => v.done)) phase = views.every((v) => v.exitCode === 0) ? 'Succeeded' : 'Failed';
    else phase = 'Running';
  }
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const sandboxUp = now >= f.sandboxAt && f.podIP !== undefined;
  const conds: PodCondition[] = [
    condition(old, 'PodReadyToStartContainers', sandboxUp && !terminal ? 'True' : 'False', terminal ? now : sandboxUp ? f.sandboxAt : f.seen),
  ];
  if (f.initialized || f.init.length === 0) conds.push(condition(old, 'Initialized', 'True', f.init.length ? f.initializedAt : f.seen));
  else {
    const pending = f.init.filter((i) => !i.view?.done || i.view.exitCode !== 0).map((i) => i.c.name);
    conds.push(condition(old, 'Initialized', 'False', f.seen, 'ContainersNotInitialized', `containers with incomplete status: [${pending.join(' ')}]`));
  }
  const unready = views.filter((v) => !v.ready).map((v) => v.status.name);
  const readyAt = Math.max(f.seen, ...views.map((v) => v.readySince ?? f.seen));
  if (terminal) {
    conds.push(condition(old, 'Ready', 'False', readyAt, 'PodCompleted'), condition(old, 'ContainersReady', 'False', readyAt, 'PodCompleted'));
  } else if (!f.initialized && f.init.length) {
    const msg = `containers with unready status: [${views.map((v) => v.status.name).join(' ')}]`;
    conds.push(condition(old, 'Ready', 'False', f.seen, 'ContainersNotReady', msg), condition(old, 'ContainersReady', 'False', f.seen, 'ContainersNotReady', msg));
  } else if (unready.length) {
    const msg = `containers with unready status: [${unready.join(' ')}]`;
    conds.push(condition(old, 'Ready', 'False', readyAt, 'ContainersNotReady', msg), condition(old, 'ContainersReady', 'False', readyAt, 'ContainersNotReady', msg));
  } else {
    conds.push(condition(old, 'Ready', 'True', readyAt), condition(old, 'ContainersReady', 'True', readyAt));
  }
  conds.push(old?.find((c) => c.type === 'PodScheduled' && c.status === 'True') ?? condition(undefined, 'PodScheduled', 'True', f.seen));
  // conditions the kubelet does not own (DisruptionTarget, readiness gates) stay, ahead of its own (mergePodStatus)
  const foreign = (old ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const status: PodStatus = { phase, conditions: foreign.length ? [...foreign, ...conds] : conds, hostIP: f.hostIP, hostIPs: [{ ip: f.hostIP }] };
  if (sandboxUp) {
    status.podIP = f.podIP;
    status.podIPs = [{ ip: f.podIP! }];
  }
  status.startTime = rfc3339(f.seen);
  if (f.init.length) {
    status.initContainerStatuses = f.init.map(
      (i) =>
        i.view?.status ?? {
          name: i.c.name,
          image: i.c.image ?? '',
          imageID: '',
          lastState: {},
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'PodInitializing' } },
        },
    );
  }
  status.containerStatuses = views.map((v) => (!f.initialized && !v.begun ? { ...v.status, state: { waiting: { reason: 'PodInitializing' } } } : v.status));
  // ephemeral containers are never ready, and the prober (which sets `started`) does not look at them
  if (f.ephemeral?.length) {
    status.ephemeralContainerStatuses = f.ephemeral.map((v) => {
      const { started: _started, ...rest } = v.status;
      return { ...rest, ready: false };
    });
  }
  status.qosClass = pod.status?.qosClass;
  if (!status.qosClass) delete status.qosClass;
  return status;
}
