// Node faults and the node lifecycle controller (pkg/controller/nodelifecycle) with the taint eviction
// controller (pkg/controller/tainteviction).
//
// `kubesim node stop NAME` stops the node's kubelet (data.nodeFaults): it no longer posts status or acts on pods.
// After the node-monitor grace period (50 s in v1.32) the controller sets the node's conditions to Unknown
// ("Kubelet stopped posting node status."), taints it node.kubernetes.io/unreachable (NoSchedule and NoExecute),
// and marks its pods not Ready (so Endpoints and kube-proxy drop them). The taint eviction controller deletes pods
// that do not tolerate a NoExecute taint, at once or after their tolerationSeconds (300 s by the
// DefaultTolerationSeconds admission); on a stopped node they stay Terminating, as on a real cluster, until the
// kubelet is back. `kubesim node start NAME` restarts the kubelet: Ready again, taints removed.

import { rfc3339 } from '../state/clock.js';
import type { Node, Pod } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, tolerates, updateIfChanged, type Taint, type Toleration } from './util.js';

export const NODE_MONITOR_GRACE_MS = 50_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const SOURCE = { component: 'node-controller' };
const EVICTION_SOURCE = { component: 'taint-eviction-controller' };

interface Fault {
  stoppedAt: number;
}

function faults(data: Record<string, unknown>): Record<string, Fault> {
  return ((data.nodeFaults as Record<string, Fault> | undefined) ??= {});
}

export function nodeStopped(data: Record<string, unknown>, name: string): boolean {
  return !!(data.nodeFaults as Record<string, Fault> | undefined)?.[name];
}

/** Stops (true) or starts (false) a node's kubelet; returns false when it already was so. */
export function setNodeStopped(data: Record<string, unknown>, name: string, stopped: boolean, nowMs: number): boolean {
  const f = faults(data);
  if (stopped === !!f[name]) return false;
  if (stopped) f[name] = { stoppedAt: nowMs };
  else delete f[name];
  return true;
}

const CONDITION_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

function markUnknown(ctx: ControllerContext, node: Node, at: number): Node {
  const ts = rfc3339(at);
  return updateIfChanged(ctx.api, node, (n) => {
    n.status ??= {};
    n.status.conditions = (n.status.conditions ?? []).map((c: any) =>
      CONDITION_TYPES.includes(c.type) && c.status !== 'Unknown'
        ? { ...c, lastTransitionTime: ts, message: 'Kubelet stopped posting node status.', reason: 'NodeStatusUnknown', status: 'Unknown' }
        : c,
    );
  }, true);
}

function withTaints(ctx: ControllerContext, node: Node, add: boolean, at: number): Node {
  return updateIfChanged(ctx.api, node, (n) => {
    n.spec ??= {};
    const others = ((n.spec.taints ?? []) as Taint[]).filter((t) => t.key !== UNREACHABLE);
    const mine = ((n.spec.taints ?? []) as Array<Taint & { timeAdded?: string }>).filter((t) => t.key === UNREACHABLE);
    const next = add
      ? [
          ...others,
          mine.find((t) => t.effect === 'NoSchedule') ?? { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: rfc3339(at) },
          mine.find((t) => t.effect === 'NoExecute') ?? { key: UNREACHABLE, effect: 'NoExecute', timeAdded: rfc3339(at) },
        ]
      : others;
    if (next.length) n.spec.taints = next;
    else delete n.spec.taints;
  });
}

function markPodsNotReady(ctx: ControllerContext, node: string, at: number): void {
  for (const pod of ctx.api.list<Pod>(K.pods)) {
    if (pod.spec.nodeName !== node) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const updated = updateIfChanged(ctx.api, pod, (p) => {
      p.status!.conditions = p.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: rfc3339(at) } : c));
    }, true);
    ctx.api.recordEvent(updated, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE, undefined, { atMs: at });
  }
}

/** The taint eviction controller: pods that do not tolerate a NoExecute taint go, now or after tolerationSeconds. */
function evictNoExecute(ctx: ControllerContext, node: Node): void {
  const taints = ((node.spec?.taints ?? []) as Array<Taint & { timeAdded?: string }>).filter((t) => t.effect === 'NoExecute');
  if (!taints.length) return;
  const now = ctx.clock.nowMs();
  for (const pod of ctx.api.list<Pod>(K.pods)) {
    if (pod.spec.nodeName !== node.metadata.name || pod.metadata.deletionTimestamp) continue;
    const tols = (pod.spec.tolerations ?? []) as Toleration[];
    let deadline = -Infinity;
    for (const t of taints) {
      const matching = tols.filter((tol) => tolerates(tol, t));
      const added = t.timeAdded ? Date.parse(t.timeAdded) : now;
      if (!matching.length) {
        deadline = Math.max(deadline, added);
        continue;
      }
      // the shortest tolerationSeconds of the tolerations that match; none means forever
      const secs = matching.map((m) => (m.tolerationSeconds === undefined || m.tolerationSeconds === null ? Infinity : Math.max(0, Number(m.tolerationSeconds))));
      deadline = Math.max(deadline, added + Math.min(...secs) * 1000);
    }
    if (!Number.isFinite(deadline)) continue;
    if (deadline > now) {
      ctx.requeueAt(deadline);
      continue;
    }
    const marked = updateIfChanged(ctx.api, pod, (p) => {
      p.status ??= {};
      const others = (p.status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      p.status.conditions = [
        { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.clock.timestamp(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
        ...others,
      ];
    }, true);
    ctx.api.recordEvent(marked, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, EVICTION_SOURCE);
    ctx.api.delete(K.pods, pod.metadata.namespace, pod.metadata.name!);
  }
}

function sync(ctx: ControllerContext): void {
  const { api } = ctx;
  const now = ctx.clock.nowMs();
  const f = (ctx.data.nodeFaults as Record<string, Fault> | undefined) ?? {};
  for (let node of api.list<Node>(K.nodes)) {
    const name = node.metadata.name!;
    const fault = f[name];
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (fault) {
      const at = fault.stoppedAt + NODE_MONITOR_GRACE_MS;
      if (now < at) ctx.requeueAt(at);
      else if (ready?.status !== 'Unknown') {
        node = markUnknown(ctx, node, at);
        api.recordEvent(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, SOURCE, undefined, { atMs: at });
        node = withTaints(ctx, node, true, at);
        markPodsNotReady(ctx, name, at);
      }
    } else if (ready?.status === 'Unknown') {
      // the kubelet is back: it posts Ready and the controller lifts the unreachable taints
      const ts = ctx.clock.timestamp();
      node = updateIfChanged(api, node, (n) => {
        n.status!.conditions = n.status!.conditions!.map((c: any) => {
          if (!CONDITION_TYPES.includes(c.type)) return c;
          const healthy = c.type === 'Ready';
          const [reason, message] = {
            MemoryPressure: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
            DiskPressure: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
            PIDPressure: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
            Ready: ['KubeletReady', 'kubelet is posting ready status'],
          }[c.type as string]!;
          return { ...c, lastHeartbeatTime: ts, lastTransitionTime: ts, message, reason, status: healthy ? 'True' : 'False' };
        });
      }, true);
      api.recordEvent(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, { component: 'kubelet', host: name });
      node = withTaints(ctx, node, false, now);
    }
    evictNoExecute(ctx, node);
  }
}

export const nodeLifecycleController: Controller = { name: 'nodelifecycle', sync };
