// `kubectl apply --prune` (cmd/apply/prune.go, without ApplySets): after the apply, every object of the allowlisted
// kinds in the namespaces the apply visited (and of the cluster-scoped ones) that matches the selector, carries the
// last-applied annotation (apply made it) and was not in this apply's input is deleted: `<kind>/<name> pruned`.

import { resourceForKind, resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { Selector } from '../../cluster/apiserver/labels.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { LAST_APPLIED } from './apply-config.js';
import type { DryRun, ObjectPrinter } from './printing.js';

/** prune.go's default allowlist, in its order (namespaced, then cluster-scoped) */
const DEFAULT_ALLOWLIST = [
  'core/v1/ConfigMap', 'core/v1/Endpoints', 'core/v1/PersistentVolumeClaim', 'core/v1/Pod', 'core/v1/ReplicationController', 'core/v1/Secret',
  'core/v1/Service', 'batch/v1/Job', 'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress', 'apps/v1/DaemonSet', 'apps/v1/Deployment',
  'apps/v1/ReplicaSet', 'apps/v1/StatefulSet', 'core/v1/Namespace', 'core/v1/PersistentVolume',
];

/** prune.ParseResources: `group/version/kind` (core for the legacy group), mapped against what the server serves */
export function pruneResources(ctx: KubectlContext, allowlist: string[]): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const entry of allowlist.length ? allowlist : DEFAULT_ALLOWLIST) {
    const parts = entry.split('/');
    if (parts.length !== 3) throw new KubectlError(`error: invalid GroupVersionKind format: ${entry}, please follow <group/version/kind>`);
    const [group, version, kind] = parts;
    const apiVersion = group === 'core' ? version : `${group}/${version}`;
    const info = resourceForKind(apiVersion, kind) ?? ctx.api.discovery().find((r) => r.apiVersion === apiVersion && r.kind === kind);
    if (!info || info.apiVersion !== apiVersion) throw new KubectlError(`error: no matches for kind "${kind}" in version "${apiVersion}"`);
    out.push(info);
  }
  return out;
}

export interface PruneRun {
  resources: ResourceInfo[];
  selector: Selector | null;
  /** namespaces of the namespaced objects apply visited */
  namespaces: Set<string>;
  /** `key/namespace/name` of the objects apply applied */
  applied: Set<string>;
  dryRun: DryRun;
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
}

export const appliedId = (info: ResourceInfo, ns: string | undefined, name: string) => `${resourceKey(info)}/${info.namespaced ? (ns ?? '') : ''}/${name}`;

/** pruner.pruneAll: the namespaced kinds per visited namespace, then the cluster-scoped kinds. */
export function pruneAll(ctx: KubectlContext, printer: ObjectPrinter, p: PruneRun, errors: unknown[]): void {
  const namespaced = p.resources.filter((r) => r.namespaced);
  const clusterScoped = p.resources.filter((r) => !r.namespaced);
  const runs: Array<[ResourceInfo, string | undefined]> = [];
  for (const ns of [...p.namespaces].sort()) for (const r of namespaced) runs.push([r, ns]);
  for (const r of clusterScoped) runs.push([r, undefined]);
  for (const [info, ns] of runs) {
    const key = resourceKey(info);
    for (const obj of ctx.api.list(key, ns, p.selector)) {
      const name = obj.metadata.name ?? '';
      if (p.applied.has(appliedId(info, obj.metadata.namespace, name))) continue;
      if (obj.metadata.annotations?.[LAST_APPLIED] === undefined) continue;
      try {
        if (p.dryRun !== 'client') ctx.api.delete(key, obj.metadata.namespace, name, { dryRun: p.dryRun === 'server', propagationPolicy: p.propagationPolicy });
        printer.print(info, obj, 'pruned');
      } catch (e) {
        if (e instanceof StatusError) errors.push(e);
        else throw e;
      }
    }
  }
}
