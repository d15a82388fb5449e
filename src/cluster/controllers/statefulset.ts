// StatefulSet controller (pkg/controller/statefulset): pods `<sts>-0..N-1` with stable identity labels,
// OrderedReady creation (next ordinal only once the previous one is Running and Ready) or Parallel, scale down
// from the highest ordinal, rolling replacement of outdated pods from the top, and the status.

import type { KubeObject, Pod, StatefulSet } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, adoptOrphans, computeHash, isControlledBy, isPodActive, isPodReady, podFromTemplate, writeStatus } from './util.js';

const SOURCE = { component: 'statefulset-controller' };

function ordinalOf(sts: StatefulSet, pod: Pod): number {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

function runningAndReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && isPodReady(p);
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `<template>-<statefulset>-<ordinal>` for each volumeClaimTemplate (getPersistentVolumeClaimName). */
function claimNames(sts: StatefulSet, ordinal: number): Array<{ volume: string; claim: string; template: Any }> {
  return ((sts.spec.volumeClaimTemplates ?? []) as Any[]).map((t) => ({ volume: String(t.metadata?.name ?? ''), claim: `${t.metadata?.name ?? ''}-${sts.metadata.name}-${ordinal}`, template: t }));
}

/** Creates the claims a pod of this ordinal mounts (createPersistentVolumeClaims); false when one failed. */
function ensureClaims(ctx: ControllerContext, sts: StatefulSet, ordinal: number): boolean {
  const { api } = ctx;
  const ns = sts.metadata.namespace!;
  const policy = (sts.spec.persistentVolumeClaimRetentionPolicy ?? {}) as Record<string, string>;
  for (const { claim, template } of claimNames(sts, ordinal)) {
    if (api.tryGet('persistentvolumeclaims', ns, claim)) continue;
    const labels = { ...((template.metadata?.labels ?? {}) as Record<string, string>), ...((sts.spec.selector as Any)?.matchLabels ?? {}) };
    const meta: Any = { name: claim, namespace: ns, labels };
    if (template.metadata?.annotations) meta.annotations = { ...template.metadata.annotations };
    if (policy.whenDeleted === 'Delete') {
      meta.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name, uid: sts.metadata.uid, controller: true, blockOwnerDeletion: true }];
    }
    try {
      api.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: JSON.parse(JSON.stringify(template.spec ?? {})) } as never);
      api.recordEvent(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${sts.metadata.name}-${ordinal} in StatefulSet ${sts.metadata.name} success`, SOURCE);
    } catch (e) {
      api.recordEvent(sts, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${sts.metadata.name}-${ordinal} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
      return false;
    }
  }
  return true;
}

/** Scale-down with whenScaled: Delete removes the claims of ordinals at or above the replica count once their pods are gone. */
function releaseScaledClaims(ctx: ControllerContext, sts: StatefulSet, present: Set<number>): void {
  const policy = (sts.spec.persistentVolumeClaimRetentionPolicy ?? {}) as Record<string, string>;
  if (policy.whenScaled !== 'Delete') return;
  const ns = sts.metadata.namespace!;
  const replicas = sts.spec.replicas ?? 1;
  const names = new Set(((sts.spec.volumeClaimTemplates ?? []) as Any[]).map((t) => String(t.metadata?.name ?? '')));
  for (const pvc of ctx.api.list<Any & KubeObject>('persistentvolumeclaims', ns)) {
    const m = new RegExp(`^(.+)-${sts.metadata.name}-(0|[1-9]\\d*)$`).exec(pvc.metadata.name ?? '');
    if (!m || !names.has(m[1])) continue;
    const ordinal = Number(m[2]);
    if (ordinal >= replicas && !present.has(ordinal) && !pvc.metadata.deletionTimestamp) ctx.api.delete('persistentvolumeclaims', ns, pvc.metadata.name!);
  }
}

function newPod(sts: StatefulSet, ordinal: number, revision: string): Pod {
  const name = `${sts.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(sts.spec.template, sts, {
    'apps.kubernetes.io/pod-index': String(ordinal),
    'controller-revision-hash': revision,
    'statefulset.kubernetes.io/pod-name': name,
  });
  pod.metadata.name = name;
  // each claim template becomes a volume of that name backed by this ordinal's claim
  const claims = claimNames(sts, ordinal);
  if (claims.length) {
    const vols = ((pod.spec.volumes ?? []) as Any[]).filter((v) => !claims.some((c) => c.volume === v.name));
    pod.spec.volumes = [...claims.map((c) => ({ name: c.volume, persistentVolumeClaim: { claimName: c.claim } })), ...vols];
  }
  pod.spec.hostname = name;
  if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
  return pod;
}

function syncStatefulSet(ctx: ControllerContext, sts: StatefulSet): void {
  const { api } = ctx;
  const ns = sts.metadata.namespace!;
  const name = sts.metadata.name!;
  const revision = `${name}-${computeHash(sts.spec.template, sts.status?.collisionCount ?? 0)}`;
  const replicas = sts.spec.replicas ?? 1;
  const parallel = sts.spec.podManagementPolicy === 'Parallel';
  adoptOrphans(api, sts);
  const owned = () => api.list<Pod>(K.pods, ns).filter((p) => isControlledBy(p, sts) && ordinalOf(sts, p) >= 0);
  let pods = owned();
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(sts, p), p]));

  // create missing ordinals in order; OrderedReady waits for each to be Running and Ready
  let blocked = false;
  for (let i = 0; i < replicas && !blocked; i++) {
    const p = byOrdinal.get(i);
    if (!p) {
      const taken = api.tryGet<Pod>(K.pods, ns, `${name}-${i}`);
      if (taken) {
        // a pod of that name that is not ours (another owner, or not matching the selector): wait, as upstream does
        api.recordEvent(sts, 'Warning', 'FailedCreate', `create Pod ${name}-${i} in StatefulSet ${name} failed error: pods "${name}-${i}" already exists`, SOURCE);
        if (!parallel) blocked = true;
        continue;
      }
      if (!ensureClaims(ctx, sts, i)) {
        if (!parallel) blocked = true;
        continue;
      }
      const created = api.create<Pod>(newPod(sts, i, revision));
      api.recordEvent(sts, 'Normal', 'SuccessfulCreate', `create Pod ${created.metadata.name} in StatefulSet ${name} successful`, SOURCE);
      if (!parallel) blocked = true;
    } else if (p.metadata.deletionTimestamp) {
      // terminating: its replacement (same name) waits until it is gone
      if (!parallel) blocked = true;
    } else if (!isPodActive(p)) {
      // a failed/succeeded pod is deleted and recreated
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, SOURCE);
      if (!parallel) blocked = true;
    } else if (!parallel && !runningAndReady(p)) {
      blocked = true;
    }
  }
  // scale down from the highest ordinal, one at a time (OrderedReady) once the rest is healthy
  if (!blocked) {
    const surplus = [...byOrdinal.entries()].filter(([i]) => i >= replicas).sort((a, b) => b[0] - a[0]);
    // OrderedReady: one at a time, the next only once the previous is gone
    const terminating = surplus.some(([, p]) => p.metadata.deletionTimestamp);
    const deletable = surplus.filter(([, p]) => !p.metadata.deletionTimestamp);
    if (terminating && !parallel) blocked = true;
    for (const [, p] of parallel ? deletable : terminating ? [] : deletable.slice(0, 1)) {
      api.delete(K.pods, ns, p.metadata.name!);
      api.recordEvent(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, SOURCE);
      blocked = true;
    }
  }
  // rolling update: replace the highest outdated pod once every pod is Running and Ready
  pods = owned();
  releaseScaledClaims(ctx, sts, new Set(pods.map((p) => ordinalOf(sts, p))));
  const isRolling = ((sts.spec.updateStrategy as any)?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition = Number((sts.spec.updateStrategy as any)?.rollingUpdate?.partition ?? 0);
  if (!blocked && isRolling && pods.length === replicas && pods.every((p) => runningAndReady(p) && !p.metadata.deletionTimestamp)) {
    const outdated = pods
      .filter((p) => ordinalOf(sts, p) >= partition && p.metadata.labels?.['controller-revision-hash'] !== revision)
      .sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a))[0];
    if (outdated) {
      api.delete(K.pods, ns, outdated.metadata.name!);
      api.recordEvent(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${outdated.metadata.name} in StatefulSet ${name} successful`, SOURCE);
    }
  }
  // status
  pods = owned().filter(isPodActive);
  const ready = pods.filter(isPodReady).length;
  const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
  const prevCurrent = sts.status?.currentRevision;
  const currentRevision = updated === replicas && pods.length === replicas ? revision : (prevCurrent ?? revision);
  const current = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === currentRevision).length;
  const status: Record<string, unknown> = { observedGeneration: sts.metadata.generation ?? 1, replicas: pods.length };
  if (ready) status.readyReplicas = ready;
  if (current) status.currentReplicas = current;
  if (updated) status.updatedReplicas = updated;
  status.currentRevision = currentRevision;
  status.updateRevision = revision;
  status.collisionCount = sts.status?.collisionCount ?? 0;
  status.availableReplicas = ready;
  const cur = api.tryGet<StatefulSet>(K.statefulsets, ns, name);
  if (cur) writeStatus(api, cur, status); // no copy of the object when the status is unchanged
}

export const statefulSetController: Controller = {
  name: 'statefulset',
  sync(ctx) {
    for (const sts of ctx.api.list<StatefulSet>(K.statefulsets)) {
      if (sts.metadata.deletionTimestamp) continue;
      syncStatefulSet(ctx, sts);
    }
  },
};
