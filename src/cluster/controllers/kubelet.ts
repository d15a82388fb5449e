// The kubelet of every node, on the cluster clock: a pod bound to the node gets its sandbox (pod IP from the
// node's pod network (the CNI that serves the node: kindnet's podCIDR or Cilium's CiliumNode CIDR, none until one does), or the node IP for hostNetwork) a moment later, then its images are pulled one after another
// (already present, pulled in a time that follows the image size, or failing into ErrImagePull/ImagePullBackOff),
// init containers run to completion in order, and the containers start. Their commands end or run forever, the
// pod's restartPolicy and the crash back-off restart them, probes gate readiness and kill what fails liveness, and
// a deleted pod's containers are stopped within the grace period before the kubelet removes the pod. Every step
// happens at its own instant: the kubelet writes what is true now and asks to be woken at the next instant.

import { nodeStopped } from './nodelifecycle.js';
import type { Container, Node, Pod } from '../apiserver/types.js';
import { rfc3339 } from '../state/clock.js';
import { forgetContainerEnv, recordContainerStart } from '../network/envvars.js';
import { forgetContainerLogs, forgetProcessLogs } from '../network/logs.js';
import { runAtStart } from './kubelet/process.js';
import { forgetPodFiles, volumeProblems } from '../containerfs/volumes.js';
import { changeMark, fullRelist, type Controller, type ControllerContext } from './controller.js';
import { allocatePodIP, type IpamState } from './ipam.js';
import { allocateRandomIP, podNetwork } from '../cilium/network.js';
import { failDurationMs, pullDurationMs, pullVerdict, secretHasCredentials } from './kubelet/pull.js';
import { pullEvents } from './kubelet/pull-events.js';
import { asRunning, liveRun } from './kubelet/live.js';
import { advanceRuns, startRuns, type RunState, type Termination } from './kubelet/runs.js';
import { mountWait, type MountWait } from './kubelet/mounts.js';
import { settledPods, stillSettled } from './kubelet/settled.js';
import { containerView, podStatus, runId, type ContainerView } from './kubelet/status.js';
import { ignoresSigterm, nextOfRuns, pullDone, readiness, runPlan, sigtermExit, startedAt, type ContainerRecord, type PullRecord } from './kubelet/timeline.js';
import { normalizeImage, preloaded } from './runtime.js';
import { K, nodeInternalIP, writeStatus } from './util.js';

interface PodRuntime {
  /** when the kubelet first saw the pod (status.startTime) */
  seen: number;
  /** when the sandbox is up (pod IP, PodReadyToStartContainers) */
  sandbox: number;
  ip: string;
  init: ContainerRecord[];
  containers: ContainerRecord[];
  /** ephemeral containers (kubectl debug) by name: each starts when first seen and never restarts */
  ephemeral?: Record<string, ContainerRecord>;
  /** when the kubelet saw the deletion (containers told to stop) */
  deleteAt?: number;
  /** legacy records (before the timeline): start and ids */
  start?: number;
  ids?: Record<string, string>;
}

interface KubeletData {
  /** pod uid → waiting for its volumes (a missing ConfigMap, Secret or claim) */
  mountWaits?: Record<string, MountWait>;
  ipam: IpamState;
  /** node -> normalised image -> when it is on the node (ms) */
  images: Record<string, Record<string, number> | string[]>;
  pods: Record<string, PodRuntime>;
}

function kubeletData(ctx: ControllerContext): KubeletData {
  const d = (ctx.data.kubelet ??= {}) as Partial<KubeletData>;
  d.ipam ??= { lastReserved: {} };
  d.images ??= {};
  d.pods ??= {};
  return d as KubeletData;
}

const SOURCE = (node: string) => ({ component: 'kubelet', host: node });
/** the pod lifecycle event generator's relist period (pkg/kubelet/pleg: 1 s) */
const PLEG_RELIST_MS = 1000;
/** a server told to stop (SIGTERM) is gone after this long */
const STOP_MS = 500;

class NodeKubelet {
  private readonly now: number;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly data: KubeletData,
    private readonly node: Node,
  ) {
    this.now = ctx.clock.nowMs();
  }

  private get name(): string {
    return this.node.metadata.name!;
  }

  /**
   * Asks to run again once the instant t has passed, at the kubelet's next relist: PLEG relists containers every
   * second, so a change is reported at the first whole second after it happened (its own timestamps stay exact).
   */
  private wake(t: number | undefined): void {
    if (t !== undefined && Number.isFinite(t) && t > this.now) this.ctx.requeueAt(Math.ceil(t / PLEG_RELIST_MS) * PLEG_RELIST_MS);
  }

  private nodeImages(): Record<string, number> {
    let m = this.data.images[this.name];
    if (Array.isArray(m)) m = Object.fromEntries(m.map((i) => [i, 0]));
    m ??= {};
    this.data.images[this.name] = m;
    return m;
  }

  private event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string | undefined, atMs: number, times = 1, firstMs?: number): void {
    if (times <= 0) return;
    this.ctx.api.recordEvent(pod, type, reason, message, SOURCE(this.name), fieldPath, { atMs, times, firstMs });
  }

  private inUseIPs(): Set<string> {
    const used = new Set<string>();
    for (const p of this.ctx.api.list<Pod>(K.pods)) {
      if (p.spec.nodeName !== this.name || p.spec.hostNetwork) continue;
      const rt = this.data.pods[p.metadata.uid!];
      if (rt?.ip) used.add(rt.ip);
      else if (p.status?.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') used.add(p.status.podIP);
    }
    return used;
  }

  /** A container's record, its image pull decided as the kubelet would at `start`. */
  private record(pod: Pod, c: Container, start: number): ContainerRecord {
    const { rng, api } = this.ctx;
    const image = c.image ?? '';
    const norm = normalizeImage(image);
    const images = this.nodeImages();
    const avail = images[norm];
    const present = preloaded(image, this.ctx.config.kubernetesVersion) || (avail !== undefined && avail <= start);
    const policy = c.imagePullPolicy ?? 'IfNotPresent';
    const id = rng.hex(64);
    const verdict = pullVerdict(pod, c, (name, host) => secretHasCredentials(api.tryGet('secrets', pod.metadata.namespace, name) as { type?: string; data?: Record<string, string> } | undefined, host));
    let pull: PullRecord;
    if (!verdict.ok && verdict.kind === 'invalid') pull = { start, kind: 'invalid', ms: 0, message: verdict.message };
    else if (policy === 'Never') {
      pull = present ? { start, kind: 'present', ms: 0 } : { start, kind: 'never', ms: 0, message: `Container image "${image}" is not present with pull policy of Never` };
    } else if (present && policy !== 'Always') pull = { start, kind: 'present', ms: 0 };
    else if (!verdict.ok) pull = { start, kind: 'failed', ms: 0, message: verdict.message };
    else {
      let ms = present ? 300 + rng.int(600) : pullDurationMs(image, rng.int(1000) / 1000);
      if (avail !== undefined && avail > start) ms = Math.max(ms, avail - start + 200 + rng.int(300));
      pull = { start, kind: 'pull', ms };
      if (avail === undefined || avail > start + ms) images[norm] = start + ms;
    }
    return { name: c.name, image, id, pull, runs: null, probes: {}, evAt: start - 1 };
  }

  /** First sight of a pod bound here: the sandbox and the pod IP. */
  private plan(pod: Pod): PodRuntime | undefined {
    let ip: string | undefined;
    if (pod.spec.hostNetwork) ip = nodeInternalIP(this.node);
    else {
      // the CNI whose config the runtime finds: none yet means no sandbox (the pod waits, as on a node without a CNI)
      const net = podNetwork(this.ctx.api, this.ctx.config, this.name);
      if (net?.cni === 'cilium') ip = allocateRandomIP(this.ctx.rng, net.podCIDR, new Set([...this.inUseIPs(), ...net.reserved]));
      else if (net?.cni === 'kindnet') {
        const cidr = this.node.spec?.podCIDR;
        ip = cidr ? allocatePodIP(this.data.ipam, this.name, cidr, this.inUseIPs()) : undefined;
      }
    }
    if (!ip) return undefined;
    const sandbox = this.now + 300 + this.ctx.rng.int(700);
    return { seen: this.now, sandbox, ip, init: [], containers: [] };
  }

  /** Records made before the timeline existed: the pod started at rt.start with its images present. */
  private upgradeLegacy(pod: Pod, rt: PodRuntime): void {
    if (rt.containers) return;
    const start = rt.start ?? this.now;
    rt.seen = start;
    rt.sandbox = start;
    rt.ip = pod.status?.podIP ?? '';
    const rec = (c: Container, key: string): ContainerRecord => ({
      name: c.name,
      image: c.image ?? '',
      id: rt.ids?.[key] ?? this.ctx.rng.hex(64),
      pull: { start, kind: 'present', ms: 0 },
      runs: startRuns(start),
      probes: {},
      evAt: this.now,
    });
    rt.init = (pod.spec.initContainers ?? []).map((c) => rec(c, `init:${c.name}`));
    rt.containers = pod.spec.containers.map((c) => rec(c, c.name));
    delete rt.start;
    delete rt.ids;
  }

  private grace(pod: Pod): number {
    return (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** The pull's events in (rec.evAt, now] (kubelet/pull-events.ts). */
  private pullEvents(pod: Pod, c: Container, rec: ContainerRecord, fp: string): void {
    pullEvents(c.image ?? '', rec.pull, rec.evAt, this.now, {
      event: (type, reason, message, atMs, times) => this.event(pod, type, reason, message, fp, atMs, times),
      wake: (t) => this.wake(t),
    });
  }

  /** The run's own life up to `limit`: its script steps and probe ticks (kubelet/live.ts). */
  private live(pod: Pod, c: Container, rec: ContainerRecord, runs: RunState, fp: string, limit: number): void {
    const ip = this.data.pods[pod.metadata.uid!]?.ip;
    const seen = asRunning(pod, c, runId(rec.id, runs.k), runs.runStart!, ip, nodeInternalIP(this.node));
    liveRun(this.ctx, seen, c, rec, runs.runStart!, limit, rec.stopAt === undefined && !!ip, {
      event: (type, reason, message, atMs, times, firstMs) => this.event(pod, type, reason, message, fp, atMs, times, firstMs),
      wake: (t) => this.wake(t),
      wakeExact: (t) => {
        if (t > this.now) this.ctx.requeueAt(t);
      },
    });
  }

  /** Advances one container (init, regular or ephemeral) to now; returns its view. */
  private container(pod: Pod, c: Container, rec: ContainerRecord, fp: string, kind: 'init' | 'regular' | 'ephemeral'): ContainerView {
    const init = kind === 'init';
    const now = this.now;
    this.pullEvents(pod, c, rec, fp);
    const done = pullDone(rec.pull);
    if (!rec.runs && done !== undefined && done <= now) {
      rec.runs = startRuns(done);
      this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, fp, done);
      this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, fp, done);
      // a finite client command runs in the shell as it starts (kubelet/process.ts)
      rec.exitCode = runAtStart(this.ctx, pod, c, this.data.pods[pod.metadata.uid!]?.ip, nodeInternalIP(this.node)) ?? rec.exitCode;
      if (!init) recordContainerStart(this.ctx.data, pod, c.name, this.ctx.api.list(K.services), rfc3339(done));
    }
    if (!rec.runs) this.wake(done);
    if (rec.runs) {
      const hooks = {
        exited: (t: Termination, k: number) => {
          if (k >= 1 && rec.stopAt === undefined && this.restarts(pod, t.exitCode, kind)) {
            this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, fp, t.end);
          }
        },
        restarted: (at: number) => {
          this.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, fp, at);
          this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, fp, at);
          this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, fp, at);
        },
        skipped: (n: number, last: Termination) => {
          this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, fp, last.end, n);
          this.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, fp, last.start, n);
          this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, fp, last.start, n);
          this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, fp, last.start, n);
        },
      };
      const restartsFn = (code: number) => rec.stopAt === undefined && this.restarts(pod, code, kind);
      const limit = rec.stopAt !== undefined ? Math.min(now, this.stopOf(c, rec, pod)) : now;
      // the current run lives up to now (or its end); a run that ended is restarted, and the new one lives on
      for (let guard = 0; guard < 64; guard++) {
        const before = rec.runs.runStart;
        if (before !== null) this.live(pod, c, rec, rec.runs, fp, limit);
        rec.runs = advanceRuns(rec.runs, runPlan(pod, c, rec), restartsFn, limit, hooks);
        if (rec.runs.runStart === null || rec.runs.runStart === before) break;
      }
      if (rec.stopAt !== undefined && rec.runs.runStart !== null && this.stopOf(c, rec, pod) <= now) {
        const end = this.stopOf(c, rec, pod);
        const stop = sigtermExit(c, this.grace(pod));
        rec.runs = { ...rec.runs, last: { start: rec.runs.runStart!, end, exitCode: stop.exitCode, reason: stop.exitCode === 0 ? 'Completed' : 'Error' }, runStart: null, done: true };
      }
      const r = rec.runs.runStart !== null ? readiness(c, rec, rec.runs.runStart, now) : undefined;
      this.wake(r?.next);
      this.wake(nextOfRuns(pod, c, rec));
      if (rec.stopAt !== undefined && !rec.runs.done) this.wake(this.stopOf(c, rec, pod));
      if (rec.runs.runStart !== null) this.wake(startedAt(c, rec, rec.runs.runStart));
    }
    rec.evAt = Math.max(rec.evAt, now);
    const view = containerView(pod, c, rec, rec.runs, now);
    // an init container is ready once it has completed; a sidecar (restartPolicy Always) by its readiness
    // (prober_manager.go UpdatePodStatus)
    if (init && (c as { restartPolicy?: string }).restartPolicy !== 'Always') view.status.ready = view.done && view.exitCode === 0;
    return view;
  }

  private restarts(pod: Pod, code: number, kind: 'init' | 'regular' | 'ephemeral'): boolean {
    const policy = pod.spec.restartPolicy ?? 'Always';
    // the kubelet never restarts an ephemeral container
    if (kind === 'ephemeral') return false;
    if (kind === 'init') return code !== 0 && policy !== 'Never';
    return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
  }

  /** When a container told to stop is gone: at once for a server, at the deadline for a PID 1 that ignores SIGTERM. */
  private stopOf(c: Container, rec: ContainerRecord, pod: Pod): number {
    const deadline = pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : rec.stopAt! + this.grace(pod);
    return Math.min(deadline, rec.stopAt! + (ignoresSigterm(c) ? this.grace(pod) : STOP_MS));
  }

  /** Whether the pod waits for its volumes (see kubelet/mounts.ts); writes its status and events meanwhile. */
  private waitForVolumes(pod: Pod): boolean {
    const src = { data: this.ctx.data, get: (r: string, ns: string | undefined, n: string) => this.ctx.api.tryGet(r, ns, n), nowMs: this.now };
    const w = mountWait((this.data.mountWaits ??= {}), pod, volumeProblems(src, pod), this.now);
    if (!w) return false;
    for (const e of w.events) this.event(pod, 'Warning', 'FailedMount', e.message, undefined, e.at, e.times);
    this.wake(w.retryAt);
    const views = pod.spec.containers.map((c) => containerView(pod, c, { name: c.name, image: c.image ?? '', id: '', pull: { start: Infinity, kind: 'pull', ms: 0 }, runs: null, probes: {}, evAt: this.now }, null, this.now));
    const init = (pod.spec.initContainers ?? []).map((c) => ({ c, view: undefined }));
    writeStatus(this.ctx.api, pod, podStatus(pod, { hostIP: nodeInternalIP(this.node) ?? '', seen: w.since, sandboxAt: Infinity, init, initialized: init.length === 0, initializedAt: w.since, initFailed: false, views }, this.now));
    return true;
  }

  sync(pod: Pod): void {
    const { api } = this.ctx;
    const uid = pod.metadata.uid!;
    let rt = this.data.pods[uid];
    if (!rt) {
      if (pod.metadata.deletionTimestamp) {
        api.delete(K.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
        return;
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      if (this.waitForVolumes(pod)) return;
      const planned = this.plan(pod);
      if (!planned) return; // no address: the pod stays Pending
      rt = this.data.pods[uid] = planned;
    }
    this.upgradeLegacy(pod, rt);
    const now = this.now;
    if (pod.metadata.deletionTimestamp && rt.deleteAt === undefined) {
      rt.deleteAt = now;
      for (const [rec, c] of this.pairs(pod, rt)) {
        if (rec.runs && !rec.runs.done) {
          rec.stopAt = now;
          this.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, c === undefined ? '' : this.fieldPath(pod, c), now);
        } else rec.stopAt = now;
      }
    }
    // init containers, one after another
    let t = rt.sandbox;
    let initialized = true;
    let initFailed = false;
    const initViews: Array<{ c: Container; view: ContainerView | undefined }> = [];
    const inits = pod.spec.initContainers ?? [];
    for (let i = 0; i < inits.length; i++) {
      const c = inits[i];
      if (!rt.init[i]) {
        if (!initialized || t > now || rt.deleteAt !== undefined) {
          initialized = false;
          initViews.push({ c, view: undefined });
          this.wake(t);
          continue;
        }
        rt.init[i] = this.record(pod, c, t);
      }
      const view = this.container(pod, c, rt.init[i], `spec.initContainers{${c.name}}`, 'init');
      initViews.push({ c, view });
      const runs = rt.init[i].runs;
      if (initialized && runs?.done && runs.last?.exitCode === 0) t = runs.last.end;
      else {
        if (runs?.done && runs.last && runs.last.exitCode !== 0) initFailed = true;
        initialized = false;
      }
    }
    const initializedAt = t;
    // regular containers: each image pull after the previous one's
    const views: ContainerView[] = [];
    for (let i = 0; i < pod.spec.containers.length; i++) {
      const c = pod.spec.containers[i];
      if (!rt.containers[i]) {
        if (!initialized || initFailed || t > now || rt.deleteAt !== undefined) {
          views.push(containerView(pod, c, { name: c.name, image: c.image ?? '', id: '', pull: { start: t, kind: 'pull', ms: 0 }, runs: null, probes: {}, evAt: now }, null, now));
          if (initialized) this.wake(t);
          t = Infinity;
          continue;
        }
        rt.containers[i] = this.record(pod, c, t);
      }
      const rec = rt.containers[i];
      views.push(this.container(pod, c, rec, `spec.containers{${c.name}}`, 'regular'));
      t = pullSettledAt(rec);
    }
    // ephemeral containers: each is created when the kubelet first sees it in the pod's spec (its image pulled then)
    const ephemeral: ContainerView[] = [];
    for (const ec of pod.spec.ephemeralContainers ?? []) {
      const recs = (rt.ephemeral ??= {});
      if (!recs[ec.name]) {
        if (rt.deleteAt !== undefined || now < rt.sandbox) {
          ephemeral.push(containerView(pod, ec, { name: ec.name, image: ec.image ?? '', id: '', pull: { start: now, kind: 'pull', ms: 0 }, runs: null, probes: {}, evAt: now }, null, now));
          continue;
        }
        recs[ec.name] = this.record(pod, ec, now);
      }
      ephemeral.push(this.container(pod, ec, recs[ec.name], `spec.ephemeralContainers{${ec.name}}`, 'ephemeral'));
    }
    this.wake(rt.sandbox);
    // a deleted pod goes once its containers have stopped (or at the end of its grace period)
    if (rt.deleteAt !== undefined) {
      const deadline = Date.parse(pod.metadata.deletionTimestamp!);
      const running = [...this.pairs(pod, rt)].some(([rec]) => rec.runs && !rec.runs.done);
      if (!running || now >= deadline) {
        api.delete(K.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
        delete this.data.pods[uid];
        return;
      }
      this.wake(deadline);
    }
    const status = podStatus(pod, { hostIP: nodeInternalIP(this.node) ?? '', podIP: rt.ip, seen: rt.seen, sandboxAt: rt.sandbox, init: initViews, initialized, initializedAt, initFailed, views, ephemeral }, now);
    writeStatus(api, pod, status);
  }

  private fieldPath(pod: Pod, c: Container): string {
    if ((pod.spec.ephemeralContainers ?? []).includes(c)) return `spec.ephemeralContainers{${c.name}}`;
    return (pod.spec.initContainers ?? []).includes(c) ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
  }

  private *pairs(pod: Pod, rt: PodRuntime): Generator<[ContainerRecord, Container]> {
    const inits = pod.spec.initContainers ?? [];
    for (let i = 0; i < rt.init.length; i++) if (inits[i]) yield [rt.init[i], inits[i]];
    for (let i = 0; i < rt.containers.length; i++) if (pod.spec.containers[i]) yield [rt.containers[i], pod.spec.containers[i]];
    for (const ec of pod.spec.ephemeralContainers ?? []) if (rt.ephemeral?.[ec.name]) yield [rt.ephemeral[ec.name], ec];
  }
}

/** When the next container's pull may begin: after this one's pull succeeded or first failed. */
function pullSettledAt(rec: ContainerRecord): number {
  const p = rec.pull;
  if (p.kind === 'pull') return p.start + p.ms;
  if (p.kind === 'failed') return p.start + failDurationMs({ ok: false, kind: 'failed', message: p.message ?? '' });
  return p.start;
}

/** per API server: the pods' membership count at the kubelet's last sweep of what it keeps for deleted pods */
const sweptAt = new WeakMap<object, string>();

export const kubelet: Controller = {
  name: 'kubelet',
  sync(ctx) {
    const { api } = ctx;
    const data = kubeletData(ctx);
    const nodes = new Map(api.list<Node>(K.nodes).map((n) => [n.metadata.name!, n]));
    const kubelets = new Map<string, NodeKubelet>();
    const live = new Set<string>();
    const now = ctx.clock.nowMs();
    const memo = fullRelist() ? undefined : settledPods<PodRuntime>(api);
    for (const pod of api.list<Pod>(K.pods)) {
      live.add(pod.metadata.uid!);
      const nodeName = pod.spec.nodeName;
      if (!nodeName) continue;
      const node = nodes.get(nodeName);
      // a stopped node's kubelet (kubesim node stop) neither reports nor acts
      if (!node || nodeStopped(ctx.data, nodeName)) continue;
      const fresh = api.tryGet<Pod>(K.pods, pod.metadata.namespace, pod.metadata.name!);
      if (fresh && fresh.metadata.uid === pod.metadata.uid) {
        const uid = fresh.metadata.uid!;
        const rt = data.pods[uid];
        // the very inputs of a sync that changed nothing: this one would change nothing either (kubelet/settled.ts)
        if (memo && stillSettled(memo.get(uid), fresh, node, rt, now)) continue;
        let k = kubelets.get(nodeName);
        if (!k) kubelets.set(nodeName, (k = new NodeKubelet(ctx, data, node)));
        const mark = changeMark(ctx);
        k.sync(fresh);
        if (memo && rt && data.pods[uid] === rt && changeMark(ctx) === mark) memo.set(uid, { pod: fresh, node, rt, now });
        else memo?.delete(uid);
      }
      if (!api.tryGet(K.pods, pod.metadata.namespace, pod.metadata.name!)) live.delete(pod.metadata.uid!);
    }
    // what is kept for pods only ever grows for live ones: while no pod was added or removed since the last sweep,
    // there is nothing to forget
    const members = api.store.memberCount(K.pods);
    if (memo && sweptAt.get(api) === members) return;
    sweptAt.set(api, members);
    for (const uid of Object.keys(data.pods)) if (!live.has(uid)) delete data.pods[uid];
    if (memo) for (const uid of memo.keys()) if (!live.has(uid)) memo.delete(uid);
    // containers of deleted pods are garbage-collected: their env snapshots and logs go with them
    forgetContainerEnv(ctx.data, live);
    forgetContainerLogs(ctx.data, live);
    forgetPodFiles(ctx.data, live);
    forgetProcessLogs(ctx.data, live);
    for (const uid of Object.keys(data.mountWaits ?? {})) if (!live.has(uid)) delete data.mountWaits![uid];
  },
};
