// The POST-only subresources of `kubesim serve`, each through the same ApiServer code the CLI uses:
// - serviceaccounts/NAME/token: a TokenRequest answered with the JWT `kubesim create token` issues (stock
//   `kubectl create token SA` through the API);
// - pods/NAME/eviction: a policy/v1 Eviction, the graceful delete that asks the pod's PodDisruptionBudget first
//   (stock `kubectl drain`; 429 "Cannot evict pod as it would violate the pod's disruption budget.");
// - pods/NAME/binding: a Binding to a node, the scheduler's bind (spec.nodeName and PodScheduled).
// The checks before each (names in the body and the URL, the target's kind) are the registries' own
// (pkg/registry/core/serviceaccount/storage/token.go, pkg/registry/core/pod/storage/eviction.go and storage.go).

import { evictPod } from '../../cluster/apiserver/eviction.js';
import { conflict, field, invalid, StatusError } from '../../cluster/apiserver/errors.js';
import { createToken, type TokenRequestSpec } from '../../cluster/apiserver/tokens.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';

/** The subresource → [resource key, the body's apiVersion, kind] that a POST on it decodes. */
export const POST_SUBRESOURCES: Record<string, [string, string, string]> = {
  token: ['serviceaccounts', 'authentication.k8s.io/v1', 'TokenRequest'],
  eviction: ['pods', 'policy/v1', 'Eviction'],
  binding: ['pods', 'v1', 'Binding'],
};

interface Answer {
  code: number;
  body: unknown;
}

interface Body {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  spec?: TokenRequestSpec;
  deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: { uid?: string; resourceVersion?: string } } | null;
  target?: { kind?: string; name?: string; apiVersion?: string };
}

const success = (): Answer => ({ code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } });

function bodyOf(sub: string, raw: unknown): Body {
  const [, apiVersion, kind] = POST_SUBRESOURCES[sub]!;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new StatusError('BadRequest', 'the object provided is unrecognized or malformed');
  const b = raw as Body;
  // the request scope decodes into the subresource's kind; policy/v1beta1 Evictions convert as the server's do
  const okVersion = b.apiVersion === undefined || b.apiVersion === apiVersion || (sub === 'eviction' && b.apiVersion === 'policy/v1beta1');
  if (!okVersion || (b.kind !== undefined && b.kind !== kind)) {
    throw new StatusError('BadRequest', `the API version in the data (${b.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
  return b;
}

/** POST NAMESPACE/RESOURCE/NAME/SUB for the three subresources; `dryRun` from the query. */
export function postSubresource(cluster: ClusterBase, sub: string, ns: string, name: string, raw: unknown, dryRun: boolean): Answer {
  const b = bodyOf(sub, raw);
  const md = b.metadata ?? {};
  switch (sub) {
    case 'token': {
      if (md.name && md.name !== name) throw new StatusError('BadRequest', 'name in URL does not match name in TokenRequest body');
      if (md.namespace && md.namespace !== ns) throw new StatusError('BadRequest', 'namespace in URL does not match namespace in TokenRequest body');
      if (dryRun) {
        // the token registry issues nothing for a dry run: it checks the account and answers the request
        cluster.api.get('serviceaccounts', ns, name);
        return { code: 201, body: { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name, namespace: ns, creationTimestamp: null }, spec: b.spec ?? {}, status: { token: '', expirationTimestamp: null } } };
      }
      return { code: 201, body: createToken(cluster.api, ns, name, b.spec ?? {}) };
    }
    case 'eviction': {
      if (md.name !== name) throw new StatusError('BadRequest', 'name in URL does not match name in Eviction object');
      const o = b.deleteOptions ?? {};
      const pre = o.preconditions;
      if (pre?.uid || pre?.resourceVersion) {
        const pod = cluster.api.get('pods', ns, name);
        if ((pre.uid && pre.uid !== pod.metadata.uid) || (pre.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion)) {
          const why = pre.uid && pre.uid !== pod.metadata.uid ? `UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata.uid}` : `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`;
          throw new StatusError('Conflict', `Operation cannot be fulfilled on pods "${name}": StorageError: invalid object, Code: 4, Key: /registry/pods/${ns}/${name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${why}`, { name, kind: 'pods' });
        }
      }
      evictPod(cluster.api, ns, name, { dryRun: dryRun || (o.dryRun ?? []).includes('All'), gracePeriodSeconds: o.gracePeriodSeconds ?? undefined });
      return success();
    }
    case 'binding': {
      if (md.name !== name) throw new StatusError('BadRequest', 'name in URL does not match name in Binding object');
      const t = b.target ?? {};
      const causes = [];
      if (t.kind && t.kind !== 'Node') causes.push(field.notSupported('target.kind', t.kind, ['Node', '<empty>']));
      if (!t.name) causes.push(field.required('target.name'));
      if (causes.length) throw invalid('Binding', '', name, causes);
      if (dryRun) {
        const pod = cluster.api.get('pods', ns, name);
        if (pod.spec?.nodeName) throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
        return success();
      }
      cluster.api.bind(ns, name, t.name!);
      return success();
    }
  }
  throw new StatusError('NotFound', 'the server could not find the requested resource');
}
