// Disruption controller (pkg/controller/disruption): each PodDisruptionBudget's status from the pods it selects:
// expectedPods (the pods' controllers' scale for maxUnavailable or a percentage, else the pod count),
// desiredHealthy, currentHealthy (ready, not terminating, not just evicted), disruptionsAllowed, the
// DisruptionAllowed condition, and disruptedPods entries dropped when the pod is gone or after two minutes.

import { fromLabelSelector, matches } from '../apiserver/labels.js';
import type { KubeObject, Pod } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { controllerOf, isPodReady, K, scaledValue, writeStatus } from './util.js';

const PDB = 'poddisruptionbudgets.policy';
const DELETION_TIMEOUT_MS = 2 * 60_000;

interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: any;
}

/** The scale of a pod's controller (Deployment through its ReplicaSet), or undefined. */
function controllerScale(ctx: ControllerContext, pod: Pod, cache: Map<string, number | undefined>): { uid: string; scale: number } | undefined {
  const ref = controllerOf(pod);
  if (!ref) return undefined;
  const ns = pod.metadata.namespace;
  const key = `${ref.kind}/${ref.uid}`;
  if (!cache.has(key)) {
    let scale: number | undefined;
    let uid = ref.uid;
    if (ref.kind === 'ReplicaSet') {
      const rs = ctx.api.tryGet<KubeObject>(K.replicasets, ns, ref.name);
      const dref = rs && controllerOf(rs);
      const dep = dref?.kind === 'Deployment' ? ctx.api.tryGet<KubeObject>(K.deployments, ns, dref.name) : undefined;
      if (dep) uid = dep.metadata.uid!;
      scale = ((dep ?? rs)?.spec as { replicas?: number } | undefined)?.replicas;
    } else if (ref.kind === 'StatefulSet') {
      scale = (ctx.api.tryGet<KubeObject>(K.statefulsets, ns, ref.name)?.spec as { replicas?: number } | undefined)?.replicas;
    } else if (ref.kind === 'ReplicationController') {
      scale = (ctx.api.tryGet<KubeObject>('replicationcontrollers', ns, ref.name)?.spec as { replicas?: number } | undefined)?.replicas;
    }
    cache.set(key, scale === undefined ? undefined : scale);
    cache.set(`${key}#uid`, uid as unknown as number);
  }
  const scale = cache.get(key);
  return scale === undefined ? undefined : { uid: cache.get(`${key}#uid`) as unknown as string, scale };
}

function sync(ctx: ControllerContext): void {
  const { api } = ctx;
  const pdbs = api.list<KubeObject>(PDB);
  if (!pdbs.length) return;
  const now = ctx.clock.nowMs();
  const cache = new Map<string, number | undefined>();
  for (const pdb of pdbs) {
    const spec = (pdb.spec ?? {}) as PdbSpec;
    const sel = fromLabelSelector(spec.selector);
    const pods = sel ? api.list<Pod>(K.pods, pdb.metadata.namespace).filter((p) => matches(sel, p.metadata.labels)) : [];
    const old = (pdb.status ?? {}) as Record<string, any>;
    const disrupted: Record<string, string> = {};
    for (const [name, at] of Object.entries((old.disruptedPods ?? {}) as Record<string, string>)) {
      const p = pods.find((x) => x.metadata.name === name);
      const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (!p || p.metadata.deletionTimestamp || expires <= now) continue;
      disrupted[name] = at;
      ctx.requeueAt(expires);
    }
    let expected = pods.length;
    let desired = 0;
    const usesScale = spec.maxUnavailable !== undefined || (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%'));
    if (usesScale) {
      const scales = new Map<string, number>();
      for (const p of pods) {
        const s = controllerScale(ctx, p, cache);
        if (s) scales.set(s.uid, s.scale);
      }
      expected = [...scales.values()].reduce((a, b) => a + b, 0);
    }
    if (spec.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true));
    else if (spec.minAvailable !== undefined) desired = typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%') ? scaledValue(spec.minAvailable, expected, true) : scaledValue(spec.minAvailable, expected, true);
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !(p.metadata.name! in disrupted)).length;
    const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    const prevCond = (old.conditions ?? []).find((c: any) => c.type === 'DisruptionAllowed');
    const condStatus = allowed > 0 ? 'True' : 'False';
    const status: Record<string, unknown> = {
      conditions: [
        {
          lastTransitionTime: prevCond?.status === condStatus ? prevCond.lastTransitionTime : ctx.clock.timestamp(),
          message: '',
          observedGeneration: pdb.metadata.generation ?? 1,
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          status: condStatus,
          type: 'DisruptionAllowed',
        },
      ],
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: expected,
      observedGeneration: pdb.metadata.generation ?? 1,
    };
    if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
    writeStatus(api, pdb, status);
  }
}

export const disruptionController: Controller = { name: 'disruption', sync };
