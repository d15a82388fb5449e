// DELETE of `kubesim serve`: DeleteOptions (query and body), preconditions checked as the storage's
// GuaranteedDelete checks them (a 409 Conflict wrapping the StorageError text), and one object's deletion through
// the ApiServer. deletecollection (rest.ts) lists with the request's selectors and deletes each listed object with
// the same options, answering the list as it was before, as the registry store's DeleteCollection does.

import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';

export interface DeleteRequestOptions {
  dryRun: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DeleteOptions from the query and the body (the query wins, as the handler decodes it over the body). */
export function deleteOptionsOf(q: URLSearchParams, body: unknown, dryRun: boolean): DeleteRequestOptions {
  const opts = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as { propagationPolicy?: string; gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: { uid?: string; resourceVersion?: string } };
  const policy = q.get('propagationPolicy') ?? opts.propagationPolicy;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new StatusError('Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  }
  const grace = q.get('gracePeriodSeconds') ?? opts.gracePeriodSeconds;
  return {
    dryRun: dryRun || (opts.dryRun ?? []).includes('All'),
    propagationPolicy: policy as DeleteRequestOptions['propagationPolicy'],
    gracePeriodSeconds: grace === undefined ? undefined : Number(grace),
    preconditions: opts.preconditions ?? undefined,
  };
}

/** The object's etcd key as kube-apiserver names it in storage errors. */
export function etcdKey(info: ResourceInfo, ns: string | undefined, name: string): string {
  const prefix = info.name === 'services' && info.group === '' ? 'services/specs' : info.name === 'endpoints' && info.group === '' ? 'services/endpoints' : info.crd ? `${info.group}/${info.name}` : info.name;
  return `/registry/${prefix}/${info.namespaced && ns ? `${ns}/` : ''}${name}`;
}

/** storage.Preconditions.Check failing, as InterpretDeleteError reports it: a Conflict on the object. */
function preconditionFailed(info: ResourceInfo, ns: string | undefined, name: string, why: string): StatusError {
  const key = resourceKey(info);
  const [plural, ...g] = key.split('.');
  return new StatusError(
    'Conflict',
    `Operation cannot be fulfilled on ${key} "${name}": StorageError: invalid object, Code: 4, Key: ${etcdKey(info, ns, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${why}`,
    { name, group: g.join('.'), kind: plural },
  );
}

export function deleteOne(cluster: ClusterBase, info: ResourceInfo, ns: string | undefined, name: string, o: DeleteRequestOptions): KubeObject {
  const key = resourceKey(info);
  const pre = o.preconditions;
  if (pre) {
    const cur = cluster.api.get(key, ns, name);
    if (pre.uid && pre.uid !== cur.metadata.uid) throw preconditionFailed(info, ns, name, `UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid ?? ''}`);
    if (pre.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw preconditionFailed(info, ns, name, `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion ?? ''}`);
    }
  }
  return cluster.api.delete(key, ns, name, { dryRun: o.dryRun, propagationPolicy: o.propagationPolicy, gracePeriodSeconds: o.gracePeriodSeconds });
}
