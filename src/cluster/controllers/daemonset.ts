// DaemonSet controller (pkg/controller/daemon): one pod per eligible node, pinned with the node-affinity term
// the real controller writes (the default scheduler binds it), the daemon tolerations, rolling replacement of
// pods from an older template, and the status counters.

import { clone } from '../apiserver/server.js';
import type { DaemonSet, Node, Pod } from '../apiserver/types.js';
import { changeMark, fullRelist, settledMemo, type Controller, type ControllerContext } from './controller.js';
import {
  K,
  computeHash,
  isControlledBy,
  adoptOrphans,
  isPodActive,
  isPodReady,
  matchesNodeSelectorAndAffinity,
  podFromTemplate,
  tolerates,
  tryCreatePod,
  writeStatus,
  type Taint,
  type Toleration,
} from './util.js';

const SOURCE = { component: 'daemonset-controller' };

/** util.AddOrUpdateDaemonPodTolerations, in the order the controller appends them. */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({ effect, key, operator: 'Exists' });
  const out = [
    t('node.kubernetes.io/not-ready', 'NoExecute'),
    t('node.kubernetes.io/unreachable', 'NoExecute'),
    t('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    t('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    t('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    t('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) out.push(t('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return out;
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** Whether the daemon pod should run on the node (nodeSelector/affinity and NoSchedule/NoExecute taints). */
function shouldRun(ds: DaemonSet, node: Node): boolean {
  const probe = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: ds.spec.template.spec } as Pod;
  if (!matchesNodeSelectorAndAffinity(probe, node)) return false;
  const tols = [...((ds.spec.template.spec.tolerations ?? []) as Toleration[]), ...daemonTolerations(!!ds.spec.template.spec.hostNetwork)];
  return (node.spec?.taints ?? []).every(
    (taint: Taint) => (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') || tols.some((t) => tolerates(t, taint)),
  );
}

function podForNode(ds: DaemonSet, node: string, hash: string): Pod {
  const pod = podFromTemplate(ds.spec.template, ds, { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) });
  pod.metadata.generateName = `${ds.metadata.name}-`;
  const spec = pod.spec;
  const affinity = clone((spec.affinity ?? {}) as Record<string, any>);
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
    },
  };
  spec.affinity = affinity;
  const tols = [...((spec.tolerations ?? []) as Toleration[])];
  for (const t of daemonTolerations(!!spec.hostNetwork)) {
    const i = tols.findIndex((x) => sameToleration(x, t));
    if (i >= 0) tols[i] = t;
    else tols.push(t);
  }
  spec.tolerations = tols as Array<Record<string, unknown>>;
  return pod;
}

/** The node a daemon pod is meant for: its nodeName, or the matchFields term the controller wrote. */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = (pod.spec.affinity as any)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name') return f.values?.[0];
  return undefined;
}

function syncDaemonSet(ctx: ControllerContext, ds: DaemonSet): void {
  const { api } = ctx;
  const ns = ds.metadata.namespace!;
  const hash = computeHash(ds.spec.template);
  const nodes = api.list<Node>(K.nodes);
  adoptOrphans(api, ds);
  const pods = api.list<Pod>(K.pods, ns).filter((p) => isControlledBy(p, ds) && isPodActive(p));
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = targetNode(p) ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const maxUnavailable = Number((ds.spec.updateStrategy as any)?.rollingUpdate?.maxUnavailable ?? 1) || 1;
  // unavailable nodes: should run a daemon pod but have no ready one (missing, starting or terminating)
  let unavailable = nodes.filter((n) => shouldRun(ds, n) && !(byNode.get(n.metadata.name!) ?? []).some(isPodReady)).length;
  for (const node of nodes) {
    const name = node.metadata.name!;
    const mine = byNode.get(name) ?? [];
    byNode.delete(name);
    if (!shouldRun(ds, node)) {
      for (const p of mine) {
        api.delete(K.pods, ns, p.metadata.name!);
        api.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
      }
      continue;
    }
    if (mine.length === 0) {
      const created = tryCreatePod(api, ds, podForNode(ds, name, hash), SOURCE, (m) => `Error creating: ${m}`);
      if (!created) continue;
      api.recordEvent(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
      continue;
    }
    // duplicates: keep the oldest
    for (const p of mine.slice(1)) {
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
    const p = mine[0];
    const outdated = p.metadata.labels?.['controller-revision-hash'] !== hash;
    const isRolling = ((ds.spec.updateStrategy as any)?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (outdated && isRolling && (unavailable < maxUnavailable || !isPodReady(p))) {
      if (isPodReady(p)) unavailable++;
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
  }
  // pods for nodes that no longer exist
  for (const stale of byNode.values()) {
    for (const p of stale) {
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
  }
  // status
  const now = api.list<Pod>(K.pods, ns).filter((p) => isControlledBy(p, ds) && isPodActive(p));
  let desired = 0;
  let current = 0;
  let mis = 0;
  let ready = 0;
  let updated = 0;
  for (const node of nodes) {
    const run = shouldRun(ds, node);
    const onNode = now.filter((p) => targetNode(p) === node.metadata.name);
    if (run) {
      desired++;
      if (onNode.length) {
        current++;
        if (onNode.some(isPodReady)) ready++;
        if (onNode.some((p) => p.metadata.labels?.['controller-revision-hash'] === hash)) updated++;
      }
    } else if (onNode.length) mis++;
  }
  const status: Record<string, number> = {
    currentNumberScheduled: current,
    numberMisscheduled: mis,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
  };
  if (updated) status.updatedNumberScheduled = updated;
  if (ready) status.numberAvailable = ready;
  if (desired - ready > 0) status.numberUnavailable = desired - ready;
  const cur = api.tryGet<DaemonSet>(K.daemonsets, ns, ds.metadata.name!);
  if (cur) writeStatus(api, cur, status); // no copy of the object when the status is unchanged
}

export const daemonSetController: Controller = {
  name: 'daemonset',
  sync(ctx) {
    const { api } = ctx;
    // a daemon set's run reads the set, the nodes and the pods of its namespace: while none of them moved since a
    // run of it that changed nothing (at this instant), it is skipped
    const memo = fullRelist() ? undefined : settledMemo(api);
    const inputs = `${ctx.clock.nowMs()}|${api.store.writeCount(K.nodes)}`;
    for (const ds of api.list<DaemonSet>(K.daemonsets)) {
      if (ds.metadata.deletionTimestamp) continue;
      const key = `daemonset/${ds.metadata.uid}`;
      const sig = memo && `${inputs}|${ds.metadata.resourceVersion}|${api.store.nsWriteCount(K.pods, ds.metadata.namespace)}`;
      if (memo && memo.get(key) === sig) continue;
      const mark = changeMark(ctx);
      syncDaemonSet(ctx, ds);
      if (memo && changeMark(ctx) === mark) memo.set(key, sig);
      else memo?.delete(key);
    }
  },
};
