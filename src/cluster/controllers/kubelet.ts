// The kubelet of every node: starts the pods bound to it (pod IP from the node's podCIDR or the node IP for
// hostNetwork, image pulls, containers, conditions, Pulling/Pulled/Created/Started events), follows containers
// whose command ends (Completed/Succeeded, or CrashLoopBackOff under restartPolicy Always) as the clock moves, and
// removes pods marked for deletion.

import { createHash } from 'node:crypto';
import type { Container, ContainerStatus, Node, Pod, PodCondition, PodStatus } from '../apiserver/types.js';
import { rfc3339 } from '../state/clock.js';
import { forgetContainerEnv, recordContainerStart } from '../network/envvars.js';
import { forgetContainerLogs } from '../network/logs.js';
import type { Controller, ControllerContext } from './controller.js';
import { allocatePodIP, type IpamState } from './ipam.js';
import { containerRun, goDuration, imageID, imageSize, normalizeImage, preloaded, type RunSpec } from './runtime.js';
import { K, isPodTerminal, nodeInternalIP, writeStatus } from './util.js';

interface PodRuntime {
  /** ms when the containers started */
  start: number;
  /** container name -> 64 hex id of its first run */
  ids: Record<string, string>;
}

interface KubeletData {
  ipam: IpamState;
  /** node -> images pulled there */
  images: Record<string, string[]>;
  /** pod uid -> runtime facts */
  pods: Record<string, PodRuntime>;
}

function kubeletData(ctx: ControllerContext): KubeletData {
  const d = (ctx.data.kubelet ??= {}) as Partial<KubeletData>;
  d.ipam ??= { lastReserved: {} };
  d.images ??= {};
  d.pods ??= {};
  return d as KubeletData;
}

const FIRST_RESTART_MS = 1000;
const MAX_BACKOFF_MS = 300_000;

function runId(first: string, run: number): string {
  return run === 0 ? first : createHash('sha256').update(`${first}/${run}`).digest('hex');
}

interface ContainerView {
  status: ContainerStatus;
  running: boolean;
  /** finished for good (no restart coming) */
  done: boolean;
  exitCode: number;
}

/** The state of one container at `now`, given when it first started and what its command does. */
export function containerView(pod: Pod, c: Container, startMs: number, firstId: string, run: RunSpec, nowMs: number): ContainerView {
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  const base = {
    name: c.name,
    image: normalizeImage(c.image ?? ''),
    imageID: imageID(c.image ?? ''),
  };
  const mounts = (c.volumeMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
  const make = (state: ContainerStatus['state'], lastState: Record<string, unknown>, ready: boolean, restarts: number, id: string, started: boolean): ContainerStatus => {
    const s: ContainerStatus = {
      name: base.name,
      state,
      lastState,
      ready,
      restartCount: restarts,
      image: base.image,
      imageID: base.imageID,
      containerID: `containerd://${id}`,
      started,
    };
    if (mounts.length) s.volumeMounts = mounts;
    return s;
  };
  const terminated = (id: string, from: number, to: number) => ({
    containerID: `containerd://${id}`,
    exitCode: run.exitCode,
    finishedAt: rfc3339(to),
    reason: run.exitCode === 0 ? 'Completed' : 'Error',
    startedAt: rfc3339(from),
  });
  let t = startMs;
  let k = 0;
  let last: Record<string, unknown> = {};
  for (let guard = 0; guard < 10_000; guard++) {
    const id = runId(firstId, k);
    if (run.durationMs === Infinity || nowMs < t + run.durationMs) {
      return { status: make({ running: { startedAt: rfc3339(t) } }, last, true, k, id, true), running: true, done: false, exitCode: 0 };
    }
    const exit = t + run.durationMs;
    const restarts = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && run.exitCode !== 0);
    if (!restarts) {
      return { status: make({ terminated: terminated(id, t, exit) }, last, false, k, id, false), running: false, done: true, exitCode: run.exitCode };
    }
    const delay = k === 0 ? FIRST_RESTART_MS : Math.min(10_000 * 2 ** (k - 1), MAX_BACKOFF_MS);
    if (k === 0 && nowMs < exit + delay) {
      return { status: make({ terminated: terminated(id, t, exit) }, last, false, k, id, false), running: false, done: false, exitCode: run.exitCode };
    }
    if (k > 0 && nowMs < exit + delay) {
      const message = `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      return {
        status: make({ waiting: { reason: 'CrashLoopBackOff', message } }, { terminated: terminated(id, t, exit) }, false, k, id, false),
        running: false,
        done: false,
        exitCode: run.exitCode,
      };
    }
    last = { terminated: terminated(id, t, exit) };
    t = exit + delay;
    k++;
  }
  throw new Error('container restart simulation did not converge');
}

function condition(old: PodCondition[] | undefined, type: string, status: string, now: string, reason?: string, message?: string): PodCondition {
  const prev = old?.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** The pod status the kubelet reports at `now`. */
export function podStatusAt(pod: Pod, node: Node, ip: string, rt: PodRuntime, nowMs: number): PodStatus {
  const now = rfc3339(nowMs);
  const old = pod.status?.conditions;
  const init = (pod.spec.initContainers ?? []).map((c) => {
    const id = rt.ids[`init:${c.name}`];
    const s: ContainerStatus = {
      name: c.name,
      state: { terminated: { containerID: `containerd://${id}`, exitCode: 0, finishedAt: rfc3339(rt.start), reason: 'Completed', startedAt: rfc3339(rt.start) } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: normalizeImage(c.image ?? ''),
      imageID: imageID(c.image ?? ''),
      containerID: `containerd://${id}`,
      started: false,
    };
    const mounts = (c.volumeMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
    if (mounts.length) s.volumeMounts = mounts;
    return s;
  });
  const views = pod.spec.containers.map((c) => containerView(pod, c, rt.start, rt.ids[c.name], containerRun(c), nowMs));
  let phase = 'Running';
  if (views.every((v) => v.done)) phase = views.every((v) => v.exitCode === 0) ? 'Succeeded' : 'Failed';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = views.filter((v) => !v.status.ready).map((v) => v.status.name);
  const conds: PodCondition[] = [
    condition(old, 'PodReadyToStartContainers', terminal ? 'False' : 'True', now),
    condition(old, 'Initialized', 'True', now),
  ];
  if (terminal) {
    conds.push(condition(old, 'Ready', 'False', now, 'PodCompleted'), condition(old, 'ContainersReady', 'False', now, 'PodCompleted'));
  } else if (unready.length) {
    const msg = `containers with unready status: [${unready.join(' ')}]`;
    conds.push(condition(old, 'Ready', 'False', now, 'ContainersNotReady', msg), condition(old, 'ContainersReady', 'False', now, 'ContainersNotReady', msg));
  } else {
    conds.push(condition(old, 'Ready', 'True', now), condition(old, 'ContainersReady', 'True', now));
  }
  conds.push(old?.find((c) => c.type === 'PodScheduled' && c.status === 'True') ?? condition(undefined, 'PodScheduled', 'True', now));
  const hostIP = nodeInternalIP(node) ?? '';
  const status: PodStatus = {
    phase,
    conditions: conds,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: rfc3339(rt.start),
  };
  if (init.length) status.initContainerStatuses = init;
  status.containerStatuses = views.map((v) => v.status);
  status.qosClass = pod.status?.qosClass;
  if (!status.qosClass) delete status.qosClass;
  return status;
}

const finiteCache = new WeakMap<object, boolean>();

/** Whether some container's command ends (so the pod's status moves with the clock). */
function changesOverTime(pod: Pod): boolean {
  let v = finiteCache.get(pod.spec);
  if (v === undefined) {
    v = pod.spec.containers.some((c) => containerRun(c).durationMs !== Infinity);
    finiteCache.set(pod.spec, v);
  }
  return v;
}

const SOURCE = (node: string) => ({ component: 'kubelet', host: node });

class NodeKubelet {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly data: KubeletData,
    private readonly node: Node,
  ) {}

  private get name(): string {
    return this.node.metadata.name!;
  }

  private pull(pod: Pod, c: Container, fieldPath: string): void {
    const { api, rng } = this.ctx;
    const image = c.image ?? '';
    const norm = normalizeImage(image);
    const have = (this.data.images[this.name] ??= []);
    const present = preloaded(image) || have.includes(norm);
    const src = SOURCE(this.name);
    if (present && c.imagePullPolicy !== 'Always') {
      api.recordEvent(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, src, fieldPath);
      return;
    }
    api.recordEvent(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, src, fieldPath);
    const ms = present ? 300 + rng.int(600) : 1000 + rng.int(8000);
    const d = goDuration(ms);
    api.recordEvent(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${imageSize(image)} bytes.`, src, fieldPath);
    if (!have.includes(norm)) have.push(norm);
  }

  private inUseIPs(): Set<string> {
    const used = new Set<string>();
    for (const p of this.ctx.api.list<Pod>(K.pods)) {
      if (p.spec.nodeName !== this.name || p.spec.hostNetwork || isPodTerminal(p) || !p.status?.podIP) continue;
      used.add(p.status.podIP);
    }
    return used;
  }

  start(pod: Pod): void {
    const { api, rng, clock } = this.ctx;
    let ip: string | undefined;
    if (pod.spec.hostNetwork) ip = nodeInternalIP(this.node);
    else {
      const cidr = this.node.spec?.podCIDR;
      ip = cidr ? allocatePodIP(this.data.ipam, this.name, cidr, this.inUseIPs()) : undefined;
    }
    if (!ip) return; // no address: the pod stays ContainerCreating-less Pending
    const rt: PodRuntime = { start: clock.nowMs(), ids: {} };
    const src = SOURCE(this.name);
    for (const c of pod.spec.initContainers ?? []) {
      const fp = `spec.initContainers{${c.name}}`;
      this.pull(pod, c, fp);
      rt.ids[`init:${c.name}`] = rng.hex(64);
      api.recordEvent(pod, 'Normal', 'Created', `Created container: ${c.name}`, src, fp);
      api.recordEvent(pod, 'Normal', 'Started', `Started container ${c.name}`, src, fp);
    }
    for (const c of pod.spec.containers) {
      const fp = `spec.containers{${c.name}}`;
      this.pull(pod, c, fp);
      rt.ids[c.name] = rng.hex(64);
      api.recordEvent(pod, 'Normal', 'Created', `Created container: ${c.name}`, src, fp);
      api.recordEvent(pod, 'Normal', 'Started', `Started container ${c.name}`, src, fp);
    }
    this.data.pods[pod.metadata.uid!] = rt;
    for (const c of pod.spec.containers) recordContainerStart(this.ctx.data, pod, c.name, api.list(K.services), rfc3339(rt.start));
    const fresh = api.get<Pod>(K.pods, pod.metadata.namespace, pod.metadata.name!);
    writeStatus(api, fresh, podStatusAt(fresh, this.node, ip!, rt, clock.nowMs()));
  }

  /** Re-evaluates a started pod's containers at the current time (exits, restarts, back-off). */
  follow(pod: Pod): void {
    const { api, clock } = this.ctx;
    const rt = this.data.pods[pod.metadata.uid!];
    if (!rt || !pod.status?.podIP) return;
    const next = podStatusAt(pod, this.node, pod.status.podIP, rt, clock.nowMs());
    const before = pod.status.containerStatuses ?? [];
    const updated = writeStatus(api, pod, next);
    if (updated === pod) return;
    const src = SOURCE(this.name);
    for (const cs of next.containerStatuses ?? []) {
      const prev = before.find((b) => b.name === cs.name);
      const fp = `spec.containers{${cs.name}}`;
      const spec = pod.spec.containers.find((c) => c.name === cs.name)!;
      if (prev && cs.restartCount > prev.restartCount) {
        this.pull(updated, spec, fp);
        api.recordEvent(updated, 'Normal', 'Created', `Created container: ${cs.name}`, src, fp);
        api.recordEvent(updated, 'Normal', 'Started', `Started container ${cs.name}`, src, fp);
      }
      if (cs.state.waiting?.reason === 'CrashLoopBackOff' && (prev?.state.waiting?.reason !== 'CrashLoopBackOff' || cs.restartCount !== prev?.restartCount)) {
        api.recordEvent(updated, 'Warning', 'BackOff', `Back-off restarting failed container ${cs.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, src, fp);
      }
    }
  }
}

export const kubelet: Controller = {
  name: 'kubelet',
  sync(ctx) {
    const { api } = ctx;
    const data = kubeletData(ctx);
    const nodes = new Map(api.list<Node>(K.nodes).map((n) => [n.metadata.name!, n]));
    const kubelets = new Map<string, NodeKubelet>();
    const live = new Set<string>();
    for (const pod of api.list<Pod>(K.pods)) {
      live.add(pod.metadata.uid!);
      const nodeName = pod.spec.nodeName;
      if (!nodeName) continue;
      const node = nodes.get(nodeName);
      if (!node) continue;
      if (pod.metadata.deletionTimestamp) {
        api.delete(K.pods, pod.metadata.namespace, pod.metadata.name!);
        live.delete(pod.metadata.uid!);
        continue;
      }
      let k = kubelets.get(nodeName);
      if (!k) kubelets.set(nodeName, (k = new NodeKubelet(ctx, data, node)));
      if (!pod.status?.startTime) k.start(pod);
      else if (!isPodTerminal(pod) && changesOverTime(pod)) k.follow(pod);
    }
    for (const uid of Object.keys(data.pods)) if (!live.has(uid)) delete data.pods[uid];
    // containers of deleted pods are garbage-collected: their env snapshots and logs go with them
    forgetContainerEnv(ctx.data, live);
    forgetContainerLogs(ctx.data, live);
  },
};
