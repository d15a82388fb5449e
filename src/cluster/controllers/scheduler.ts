// kube-scheduler in miniature: binds each pending pod to a Ready node that passes the default filters
// (unschedulable, node name, taints, node affinity/selector, host ports, pod count), spreading by fewest pods then
// node name; otherwise PodScheduled=False/Unschedulable with the FitError message and a FailedScheduling event.

import type { Node, Pod } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { bindVolumes, preFilterFitError, volumeNodeFilter, volumePreFilter } from './volumebinding.js';
import { K, isPodTerminal, matchesNodeSelectorAndAffinity, podCondition, tolerates, untoleratedTaint, updateIfChanged, type Toleration } from './util.js';

const SOURCE = { component: 'default-scheduler' };

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`);
  }
  return out;
}

/** The reason a node is filtered out (the first failing plugin, in the default plugin order), or undefined. */
export function filterNode(pod: Pod, node: Node, podsOnNode: Pod[]): string | undefined {
  if (node.spec?.unschedulable) {
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if (!((pod.spec.tolerations ?? []) as Toleration[]).some((t) => tolerates(t, taint))) return 'node(s) were unschedulable';
  }
  const taint = untoleratedTaint(pod, node);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!matchesNodeSelectorAndAffinity(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  const want = hostPorts(pod);
  if (want.length) {
    const used = new Set(podsOnNode.flatMap(hostPorts));
    const clash = want.some((w) => {
      const [proto, ip, port] = w.split('/');
      return [...used].some((u) => {
        const [up, uip, uport] = u.split('/');
        return up === proto && uport === port && (uip === ip || uip === '0.0.0.0' || ip === '0.0.0.0');
      });
    });
    if (clash) return "node(s) didn't have free ports for the requested pod ports";
  }
  const maxPods = Number(node.status?.allocatable?.pods ?? 110);
  if (podsOnNode.length + 1 > maxPods) return 'Too many pods';
  return undefined;
}

/** FitError.Error(): `0/3 nodes are available: 1 ..., 2 .... preemption: ...`. */
export function fitErrorMessage(total: number, reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort();
  let msg = `0/${total} nodes are available:`;
  if (parts.length) msg += ` ${parts.join(', ')}.`;
  const notHelpful = reasons.filter((r) => r !== 'Too many pods').length;
  const preemption = [`${notHelpful} Preemption is not helpful for scheduling`];
  const other = reasons.length - notHelpful;
  if (other) preemption.push(`${other} No preemption victims found for incoming pod`);
  msg += ` preemption: 0/${total} nodes are available: ${preemption.filter((p) => !p.startsWith('0 ')).sort().join(', ')}.`;
  return msg;
}

function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

function queueOrder(a: Pod, b: Pod): number {
  const ap = a.spec.priority ?? 0;
  const bp = b.spec.priority ?? 0;
  if (ap !== bp) return bp - ap;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  const ar = Number(a.metadata.resourceVersion ?? 0);
  const br = Number(b.metadata.resourceVersion ?? 0);
  if (ar !== br) return ar - br;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

function schedule(ctx: ControllerContext): void {
  const { api } = ctx;
  const pods = api.list<Pod>(K.pods);
  const pending = pods
    .filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp && !isPodTerminal(p) && (p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler')
    .sort(queueOrder);
  if (!pending.length) return;
  const nodes = api.list<Node>(K.nodes);
  const perNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (p.spec.nodeName && !isPodTerminal(p)) perNode.set(p.spec.nodeName, [...(perNode.get(p.spec.nodeName) ?? []), p]);
  }
  const unschedulable = (pod: Pod, message: string): void => {
    const cond = podCondition(pod, 'PodScheduled');
    if (cond?.status === 'False' && cond.message === message) return;
    const now = ctx.clock.timestamp();
    const updated = updateIfChanged(api, pod, (c) => {
      c.status ??= {};
      const others = (c.status.conditions ?? []).filter((x) => x.type !== 'PodScheduled');
      c.status.conditions = [
        ...others,
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: cond?.status === 'False' ? cond.lastTransitionTime : now, reason: 'Unschedulable', message },
      ];
    }, true);
    api.recordEvent(updated, 'Warning', 'FailedScheduling', message, SOURCE);
  };
  for (const pod of pending) {
    const pre = volumePreFilter(api, pod);
    if (pre) {
      unschedulable(pod, preFilterFitError(nodes.length, pre));
      continue;
    }
    const reasons: string[] = [];
    let best: Node | undefined;
    for (const node of nodes) {
      const name = node.metadata.name!;
      const onNode = perNode.get(name) ?? [];
      // a NotReady node carries the not-ready taint in a real cluster
      const reason = !isNodeReady(node)
        ? (((pod.spec.tolerations ?? []) as Toleration[]).some((t) => tolerates(t, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }))
            ? filterNode(pod, node, onNode)
            : 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }')
        : (filterNode(pod, node, onNode) ?? volumeNodeFilter(api, pod, node));
      if (reason) {
        reasons.push(reason);
        continue;
      }
      if (!best || onNode.length < (perNode.get(best.metadata.name!) ?? []).length) best = node;
    }
    const ns = pod.metadata.namespace!;
    if (best) {
      const node = best.metadata.name!;
      // a delayed claim binds first: the pod waits in the binding cycle until its volumes are bound
      if (!bindVolumes(api, pod, node)) continue;
      const bound = api.bind(ns, pod.metadata.name!, node) as Pod;
      perNode.set(node, [...(perNode.get(node) ?? []), bound]);
      api.recordEvent(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${node}`, SOURCE);
      continue;
    }
    unschedulable(pod, fitErrorMessage(nodes.length, reasons));
  }
}

export const scheduler: Controller = { name: 'scheduler', sync: schedule };
