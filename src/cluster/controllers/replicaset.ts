// ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` active pods per ReplicaSet, creating
// `<rs>-<5 chars>` pods from the template and deleting surplus ones in the upstream preference order.

import { fromLabelSelector, matches } from '../apiserver/labels.js';
import type { Pod, ReplicaSet } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, controllerOf, controllerRef, isControlledBy, isPodActive, isPodReady, podFromTemplate, tryCreatePod, updateIfChanged, writeStatus } from './util.js';

const SOURCE = { component: 'replicaset-controller' };

function phaseRank(p: Pod): number {
  const phase = p.status?.phase;
  return phase === 'Pending' ? 0 : phase === 'Unknown' ? 1 : phase === 'Running' ? 2 : 3;
}

/**
 * The pods to delete first, as controller.ActivePodsWithRanks sorts them: unassigned before assigned, pending
 * before running, not ready before ready, more pods of the same owner on the node first, newer first.
 */
export function podsToDelete(pods: Pod[], count: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const ranked = [...pods].sort((a, b) => {
    const an = a.spec.nodeName ? 1 : 0;
    const bn = b.spec.nodeName ? 1 : 0;
    if (an !== bn) return an - bn;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ar = isPodReady(a) ? 1 : 0;
    const br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    const ac = perNode.get(a.spec.nodeName ?? '') ?? 0;
    const bc = perNode.get(b.spec.nodeName ?? '') ?? 0;
    if (ac !== bc) return bc - ac;
    const at = a.metadata.creationTimestamp ?? '';
    const bt = b.metadata.creationTimestamp ?? '';
    if (at !== bt) return at < bt ? 1 : -1;
    const av = Number(a.metadata.resourceVersion ?? 0);
    const bv = Number(b.metadata.resourceVersion ?? 0);
    if (av !== bv) return bv - av;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
  return ranked.slice(0, count);
}

interface PodIndex {
  /** controller uid -> active pods */
  byOwner: Map<string, Pod[]>;
  /** namespace -> pods without a controller */
  orphans: Map<string, Pod[]>;
}

function indexPods(ctx: ControllerContext): PodIndex {
  const byOwner = new Map<string, Pod[]>();
  const orphans = new Map<string, Pod[]>();
  for (const p of ctx.api.list<Pod>(K.pods)) {
    const ref = controllerOf(p);
    if (ref) {
      if (isPodActive(p)) {
        const list = byOwner.get(ref.uid);
        if (list) list.push(p);
        else byOwner.set(ref.uid, [p]);
      }
    } else if (isPodActive(p)) {
      const ns = p.metadata.namespace!;
      const list = orphans.get(ns);
      if (list) list.push(p);
      else orphans.set(ns, [p]);
    }
  }
  return { byOwner, orphans };
}

function syncReplicaSet(ctx: ControllerContext, rs: ReplicaSet, index: PodIndex): void {
  const { api } = ctx;
  const ns = rs.metadata.namespace!;
  const uid = rs.metadata.uid!;
  const selector = fromLabelSelector(rs.spec.selector);
  let changed = false;
  // adopt orphans matching the selector (controller ref manager)
  if (selector && selector.length) {
    for (const p of index.orphans.get(ns) ?? []) {
      if (controllerOf(p) || !matches(selector, p.metadata.labels)) continue;
      const adopted = updateIfChanged(api, p, (c) => {
        c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), controllerRef(rs)];
      });
      index.orphans.set(ns, (index.orphans.get(ns) ?? []).filter((x) => x !== p));
      index.byOwner.set(uid, [...(index.byOwner.get(uid) ?? []), adopted]);
    }
  }
  const active = index.byOwner.get(uid) ?? [];
  const want = rs.spec.replicas ?? 1;
  const diff = active.length - want;
  if (diff < 0) {
    for (let i = 0; i < -diff; i++) {
      const pod = podFromTemplate(rs.spec.template, rs);
      pod.metadata.generateName = `${rs.metadata.name}-`;
      const created = tryCreatePod(api, rs, pod, SOURCE, (m) => `Error creating: ${m}`);
      if (!created) break;
      api.recordEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
    }
    changed = true;
  } else if (diff > 0) {
    for (const p of podsToDelete(active, diff)) {
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
    changed = true;
  }
  const pods = changed ? api.list<Pod>(K.pods, ns).filter((p) => isControlledBy(p, rs) && isPodActive(p)) : active;
  const tmplLabels = rs.spec.template.metadata?.labels ?? {};
  const fullyLabeled = pods.filter((p) => Object.entries(tmplLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length;
  const ready = pods.filter(isPodReady).length;
  // available: ready for at least minReadySeconds (podutil.IsPodAvailable); the rest wake the controller later
  const mrs = (rs.spec.minReadySeconds ?? 0) * 1000;
  const now = ctx.clock.nowMs();
  let available = 0;
  for (const p of pods) {
    if (!isPodReady(p)) continue;
    const since = Date.parse(p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '') || 0;
    if (mrs === 0 || since + mrs <= now) available++;
    else ctx.requeueAt(since + mrs);
  }
  const status: Record<string, unknown> = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  status.observedGeneration = rs.metadata.generation;
  if (rs.status && (rs.status as Record<string, unknown>).conditions) status.conditions = (rs.status as Record<string, unknown>).conditions;
  const current = changed ? api.tryGet<ReplicaSet>(K.replicasets, ns, rs.metadata.name!) : rs;
  if (current) writeStatus(api, current, status);
}

export const replicaSetController: Controller = {
  name: 'replicaset',
  sync(ctx) {
    const index = indexPods(ctx);
    for (const rs of ctx.api.list<ReplicaSet>(K.replicasets)) {
      if (rs.metadata.deletionTimestamp) continue;
      syncReplicaSet(ctx, rs, index);
    }
  },
};
