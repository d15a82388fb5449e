// The default profile's Filter plugins in v1.32's order: NodeUnschedulable, NodeName, TaintToleration,
// NodeAffinity, NodePorts, NodeResourcesFit, then (after the volume plugins, which have nothing to check for pods
// without PersistentVolumeClaims) PodTopologySpread and InterPodAffinity. The first plugin that rejects a node
// decides its status; the reasons and codes are the plugins' own (Unschedulable means preemption might help,
// UnschedulableAndUnresolvable that it cannot).

import type { Node, Pod } from '../../apiserver/types.js';
import { matchesNodeSelectorAndAffinity, tolerates, type Taint, type Toleration } from '../util.js';
import type { InterPodState } from './interpod.js';
import { filterInterPodAffinity } from './interpod.js';
import { hostPorts, type NodeInfo, podResources } from './nodeinfo.js';
import type { SpreadState } from './spread.js';
import { filterTopologySpread } from './spread.js';

import type { Status } from './status.js';

export type { Code, Status } from './status.js';

export interface CycleState {
  spread: SpreadState;
  interPod: InterPodState;
}

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function tolerationsOf(pod: Pod): Toleration[] {
  return (pod.spec.tolerations ?? []) as Toleration[];
}

function nodeUnschedulable(pod: Pod, node: Node): Status | undefined {
  if (!node.spec?.unschedulable) return undefined;
  if (tolerationsOf(pod).some((t) => tolerates(t, UNSCHEDULABLE_TAINT))) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_UNSCHEDULABLE], plugin: 'NodeUnschedulable' };
}

function nodeName(pod: Pod, node: Node): Status | undefined {
  if (!pod.spec.nodeName || pod.spec.nodeName === node.metadata.name) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NODE_NAME], plugin: 'NodeName' };
}

/** The node's taints, plus the not-ready one a NotReady node carries in a real cluster until the lifecycle
 *  controller has written it (kubesim's bootstrap-era nodes may lack it). */
export function effectiveTaints(node: Node): Taint[] {
  const taints = (node.spec?.taints ?? []) as Taint[];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  if (ready === 'True' || ready === undefined) return taints;
  const key = ready === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
  if (taints.some((t) => t.key === key && t.effect === 'NoSchedule')) return taints;
  return [...taints, { key, effect: 'NoSchedule' }];
}

function taintToleration(pod: Pod, node: Node): Status | undefined {
  const tols = tolerationsOf(pod);
  const taint = effectiveTaints(node).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tols.some((tol) => tolerates(tol, t)));
  if (!taint) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], plugin: 'TaintToleration' };
}

function nodeAffinity(pod: Pod, node: Node): Status | undefined {
  if (matchesNodeSelectorAndAffinity(pod, node)) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NODE_AFFINITY], plugin: 'NodeAffinity' };
}

function nodePorts(pod: Pod, info: NodeInfo): Status | undefined {
  const want = hostPorts(pod);
  if (!want.length) return undefined;
  const clash = want.some((w) => info.usedPorts.some((u) => u.protocol === w.protocol && u.port === w.port && (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0')));
  if (!clash) return undefined;
  return { code: 'Unschedulable', reasons: [ERR_NODE_PORTS], plugin: 'NodePorts' };
}

/** noderesources fitsRequest: the pod count, then cpu, memory, ephemeral-storage and extended resources. */
export function insufficientResources(pod: Pod, info: NodeInfo): string[] {
  const out: string[] = [];
  if (info.pods.length + 1 > info.allowedPods) out.push('Too many pods');
  const { req } = podResources(pod);
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0) return out;
  const a = info.allocatable;
  const used = info.requested;
  if (req.milliCPU > 0 && req.milliCPU > a.milliCPU - used.milliCPU) out.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > a.memory - used.memory) out.push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) out.push('Insufficient ephemeral-storage');
  for (const [name, v] of req.scalar) {
    // scalar resources: hugepages and extended (domain-qualified) resources such as nvidia.com/gpu
    if (v === 0 || !(name.startsWith('hugepages-') || name.includes('/'))) continue;
    if (v > (a.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) out.push(`Insufficient ${name}`);
  }
  return out;
}

function nodeResourcesFit(pod: Pod, info: NodeInfo): Status | undefined {
  const reasons = insufficientResources(pod, info);
  return reasons.length ? { code: 'Unschedulable', reasons, plugin: 'NodeResourcesFit' } : undefined;
}

/** RunFilterPlugins: the first failing plugin's status, or undefined when the node fits. */
export function runFilters(pod: Pod, info: NodeInfo, state: CycleState): Status | undefined {
  const node = info.node;
  return (
    nodeUnschedulable(pod, node) ??
    nodeName(pod, node) ??
    taintToleration(pod, node) ??
    nodeAffinity(pod, node) ??
    nodePorts(pod, info) ??
    nodeResourcesFit(pod, info) ??
    filterTopologySpread(pod, info, state.spread) ??
    filterInterPodAffinity(pod, info, state.interPod)
  );
}
