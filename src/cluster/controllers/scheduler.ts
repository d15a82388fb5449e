// kube-scheduler in miniature (v1.32 default profile): pending pods in queue order (priority, then age), each
// through PreFilter/Filter (scheduling/filters.ts), Score (scheduling/scores.ts) and bind; a pod that fits
// nowhere runs DefaultPreemption (scheduling/preemption.ts) and gets PodScheduled=False/Unschedulable with the
// FitError text and a FailedScheduling event. A failed pod is tried again when the nodes or the set of bound pods
// change (after its back-off: 1 s doubling to 10 s) and every 5 minutes regardless (podMaxInUnschedulablePods-
// Duration), those periodic retries counted in closed form on the event.

import type { KubeObject, Namespace, Node, Pod } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { type CycleState, runFilters, type Status } from './scheduling/filters.js';
import { fitErrorMessage } from './scheduling/fiterror.js';
import { bindVolumes, preFilterFitError, volumeNodeFilter, volumePreFilter, volumeSignature } from './volumebinding.js';
import { preFilterInterPod, type NamespaceLabels } from './scheduling/interpod.js';
import { buildSnapshot, type NodeInfo } from './scheduling/nodeinfo.js';
import { podPriority, preempt } from './scheduling/preemption.js';
import { scoreNodes, selectHost, type ScoreContext } from './scheduling/scores.js';
import { preFilterSpread } from './scheduling/spread.js';
import { fnv32a, isPodTerminal, K, podCondition, updateIfChanged } from './util.js';

export { fitErrorMessage } from './scheduling/fiterror.js';

const SOURCE = { component: 'default-scheduler' };
const FLUSH_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 10_000;

interface Attempt {
  /** when it was last tried */
  at: number;
  /** attempts so far */
  n: number;
  /** the cluster signature it was tried against */
  sig: string;
  /** the pod's resourceVersion after the scheduler's own write */
  rv: string;
  message: string;
}

interface SchedulerData {
  attempts: Record<string, Attempt>;
}

function queueOrder(a: Pod, b: Pod): number {
  const d = podPriority(b) - podPriority(a);
  if (d) return d;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  const ar = Number(a.metadata.resourceVersion ?? 0);
  const br = Number(b.metadata.resourceVersion ?? 0);
  if (ar !== br) return ar - br;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** What a retry depends on: the nodes as the filters see them and which pods are bound where. */
function signature(nodes: Node[], pods: Pod[]): string {
  let s = '';
  for (const n of nodes) {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    s += `${n.metadata.name}|${JSON.stringify(n.metadata.labels)}|${JSON.stringify(n.spec?.taints ?? [])}|${n.spec?.unschedulable ?? ''}|${JSON.stringify(n.status?.allocatable ?? {})}|${ready};`;
  }
  for (const p of pods) if (p.spec.nodeName && !isPodTerminal(p)) s += `${p.metadata.uid}@${p.spec.nodeName}${p.metadata.deletionTimestamp ? '-' : ''};`;
  return `${nodes.length}.${pods.length}.${fnv32a(s).toString(16)}`;
}

function backoffMs(n: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, n - 1));
}

class Cycle {
  readonly infos: Map<string, NodeInfo>;
  readonly list: NodeInfo[];
  readonly score: ScoreContext;

  constructor(
    readonly ctx: ControllerContext,
    nodes: Node[],
    readonly pods: Pod[],
    readonly nsLabels: NamespaceLabels,
  ) {
    this.infos = buildSnapshot(nodes, pods);
    this.list = [...this.infos.values()];
    const { api } = ctx;
    this.score = {
      all: this.list,
      nsLabels,
      listers: {
        services: api.list(K.services),
        replicaSets: api.list(K.replicasets),
        statefulSets: api.list(K.statefulsets),
        replicationControllers: api.list('replicationcontrollers'),
      },
    };
  }

  state(pod: Pod, list: NodeInfo[] = this.list): CycleState {
    return { spread: preFilterSpread(pod, list), interPod: preFilterInterPod(pod, list, this.nsLabels) };
  }

  /** A node with the pods nominated to it (higher or equal priority, waiting on a preemption) added. */
  withNominated(pod: Pod, info: NodeInfo, nominated: Pod[]): NodeInfo {
    const extra = nominated.filter((p) => p.status?.nominatedNodeName === info.name && p.metadata.uid !== pod.metadata.uid && podPriority(p) >= podPriority(pod));
    if (!extra.length) return info;
    const c = info.clone();
    for (const p of extra) c.addPod(p);
    return c;
  }

  /** The filters for pod on a changed copy of one node, the cycle state recomputed around it. */
  filterOn = (pod: Pod, changed: NodeInfo): Status | undefined => {
    const list = this.list.map((i) => (i.name === changed.name ? changed : i));
    return runFilters(pod, changed, this.state(pod, list));
  };
}

function schedule(ctx: ControllerContext): void {
  const { api } = ctx;
  const pods = api.list<Pod>(K.pods);
  const data = ((ctx.data.scheduler as SchedulerData | undefined) ??= { attempts: {} });
  const pending = pods
    .filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp && !isPodTerminal(p) && (p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler')
    .sort(queueOrder);
  const live = new Set(pending.map((p) => p.metadata.uid!));
  for (const uid of Object.keys(data.attempts)) if (!live.has(uid)) delete data.attempts[uid];
  if (!pending.length) return;
  const nodes = api.list<Node>(K.nodes);
  const sig = signature(nodes, pods) + volumeSignature(api);
  const now = ctx.clock.nowMs();
  let cycle: Cycle | undefined;
  const nominated = pending.filter((p) => p.status?.nominatedNodeName);
  for (const pod of pending) {
    const uid = pod.metadata.uid!;
    const rec = data.attempts[uid];
    if (rec && rec.rv === pod.metadata.resourceVersion) {
      if (rec.sig === sig) {
        // nothing changed: only the periodic flush retries, each failing the same way
        const k = Math.floor((now - rec.at) / FLUSH_MS);
        if (k > 0) {
          rec.at += k * FLUSH_MS;
          rec.n += k;
          api.recordEvent(pod, 'Warning', 'FailedScheduling', rec.message, SOURCE, undefined, { atMs: rec.at, times: k });
        }
        continue;
      }
      if (now < rec.at + backoffMs(rec.n)) {
        ctx.requeueAt(rec.at + backoffMs(rec.n));
        continue;
      }
    }
    cycle ??= new Cycle(ctx, nodes, pods, new Map(api.list<Namespace>(K.namespaces).map((n) => [n.metadata.name!, n.metadata.labels ?? {}])));
    scheduleOne(ctx, cycle, pod, nominated, data, rec);
  }
  // the attempts recorded this pass were made against the cluster as it is now
  if (!cycle) return;
  const after = signature(nodes, api.list<Pod>(K.pods)) + volumeSignature(api);
  for (const rec of Object.values(data.attempts)) if (rec.sig === '') rec.sig = after;
}

function scheduleOne(ctx: ControllerContext, cycle: Cycle, pod: Pod, nominated: Pod[], data: SchedulerData, rec: Attempt | undefined): void {
  const { api } = ctx;
  const ns = pod.metadata.namespace!;
  const state = cycle.state(pod);
  const statuses = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  // VolumeBinding: a claim that no node can fix fails the pod before any node is tried
  const pre = volumePreFilter(api, pod);
  for (const info of pre ? [] : cycle.list) {
    let st = runFilters(pod, cycle.withNominated(pod, info, nominated), state);
    const vol = st ? undefined : volumeNodeFilter(api, pod, info.node);
    if (vol) st = { code: 'UnschedulableAndUnresolvable', reasons: [vol], plugin: 'VolumeBinding' };
    if (st) statuses.set(info.name, st);
    else feasible.push(info);
  }
  if (feasible.length) {
    const best = feasible.length === 1 ? feasible[0] : selectHost(feasible, scoreNodes(pod, feasible, cycle.score))!;
    // PreBind: a delayed claim binds first; the pod waits in the binding cycle until its volumes are bound
    if (!bindVolumes(api, pod, best.name)) return;
    const bound = api.bind(ns, pod.metadata.name!, best.name) as Pod;
    best.addPod(bound);
    delete data.attempts[pod.metadata.uid!];
    api.recordEvent(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${best.name}`, SOURCE);
    return;
  }
  let postFilter = '';
  let nominate: string | undefined;
  if (cycle.list.length && !pre) {
    const pdbs = api.list<KubeObject>('poddisruptionbudgets.policy');
    const res = preempt(pod, cycle.list, statuses, pdbs, cycle.filterOn);
    if (res.candidate) {
      nominate = res.candidate.node;
      prepareCandidate(ctx, cycle, pod, res.candidate.node, res.candidate.victims, nominated);
    } else postFilter = `preemption: ${res.message}`;
  }
  const message = pre ? preFilterFitError(cycle.list.length, pre) : cycle.list.length ? fitErrorMessage(cycle.list.length, statuses.values(), postFilter) : 'no nodes available to schedule pods';
  const cond = podCondition(pod, 'PodScheduled');
  const now = ctx.clock.timestamp();
  const updated = updateIfChanged(api, pod, (c) => {
    c.status ??= {};
    const others = (c.status.conditions ?? []).filter((x) => x.type !== 'PodScheduled');
    c.status.conditions = [
      ...others,
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: cond?.status === 'False' ? cond.lastTransitionTime : now, reason: 'Unschedulable', message },
    ];
    if (nominate) c.status.nominatedNodeName = nominate;
  }, true);
  api.recordEvent(updated, 'Warning', 'FailedScheduling', message, SOURCE);
  // the signature is filled in by schedule() once the pass is over
  data.attempts[pod.metadata.uid!] = { at: ctx.clock.nowMs(), n: (rec?.n ?? 0) + 1, sig: '', rv: updated.metadata.resourceVersion!, message };
}

/** prepareCandidate: mark and delete the victims, and clear lower-priority nominations to the node. */
function prepareCandidate(ctx: ControllerContext, cycle: Cycle, pod: Pod, node: string, victims: Pod[], nominated: Pod[]): void {
  const { api } = ctx;
  for (const v of victims) {
    const cur = api.tryGet<Pod>(K.pods, v.metadata.namespace, v.metadata.name!);
    if (!cur || cur.metadata.uid !== v.metadata.uid) continue;
    const marked = updateIfChanged(api, cur, (c) => {
      c.status ??= {};
      const others = (c.status.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget');
      c.status.conditions = [
        ...others,
        { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.clock.timestamp(), reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' },
      ];
    }, true);
    api.recordEvent(marked, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${node}`, SOURCE);
    api.delete(K.pods, v.metadata.namespace, v.metadata.name!);
  }
  for (const p of nominated) {
    if (p.status?.nominatedNodeName !== node || podPriority(p) >= podPriority(pod)) continue;
    const cur = api.tryGet<Pod>(K.pods, p.metadata.namespace, p.metadata.name!);
    if (cur) updateIfChanged(api, cur, (c) => void delete c.status!.nominatedNodeName, true);
  }
  void cycle;
}

export const scheduler: Controller = { name: 'scheduler', sync: schedule };
