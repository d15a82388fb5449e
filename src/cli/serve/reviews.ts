// The self reviews kube-apiserver answers without storing anything: SelfSubjectAccessReview (`kubectl auth can-i`),
// SelfSubjectRulesReview (`auth can-i --list`) and SelfSubjectReview (`auth whoami`), for the request's user, by
// the same RBAC authorizer every request goes through. Pure: cluster, body and user in, the answer out.

import { StatusError } from '../../cluster/apiserver/errors.js';
import { rbacLister, KUBERNETES_ADMIN } from '../../cluster/rbac/access.js';
import { authorize, rulesFor, SYSTEM_PRIVILEGED_GROUP, type Attributes } from '../../cluster/rbac/authorizer.js';
import type { UserInfo } from '../../cluster/rbac/types.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';

export const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

interface ReviewAnswer {
  code: number;
  body: unknown;
}

type Json = Record<string, any>;

function invalid(kind: string, group: string, field: string, detail: string): StatusError {
  const message = `${kind}.${group} "" is invalid: ${field}: Required value: ${detail}`;
  return new StatusError('Invalid', message, { kind, group, causes: [{ reason: 'FieldValueRequired', message: `Required value: ${detail}`, field }] });
}

function accessReview(cluster: ClusterBase, body: Json, user: UserInfo): Json {
  const spec = (body.spec ?? {}) as Json;
  const ra = spec.resourceAttributes as Json | undefined;
  const nra = spec.nonResourceAttributes as Json | undefined;
  if (!ra && !nra) throw invalid('SelfSubjectAccessReview', 'authorization.k8s.io', 'spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const a: Attributes = ra
    ? { user, verb: ra.verb ?? '', namespace: ra.namespace ?? '', apiGroup: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, name: ra.name ?? '' }
    : { user, verb: nra!.verb ?? '', path: nra!.path ?? '' };
  const d = authorize(rbacLister(cluster.api), a);
  return { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) };
}

function rulesReview(cluster: ClusterBase, body: Json, user: UserInfo): Json {
  const namespace = (body.spec as Json | undefined)?.namespace ?? '';
  if (!namespace) throw new StatusError('BadRequest', 'no namespace on request');
  const { rules, errors } = rulesFor(rbacLister(cluster.api), user, namespace);
  const resourceRules: Json[] = [];
  const nonResourceRules: Json[] = [];
  for (const r of rules) {
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    if (r.resources?.length) resourceRules.push({ verbs: r.verbs, ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}), resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
  }
  // system:masters is answered by the privileged-group authorizer, which lists everything
  if (user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) {
    resourceRules.unshift({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    nonResourceRules.unshift({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  const unique = [...new Set(errors)];
  return { resourceRules, nonResourceRules, incomplete: unique.length > 0, ...(unique.length ? { evaluationError: unique.length === 1 ? unique[0] : `[${unique.join(', ')}]` } : {}) };
}

/** POST on a self review: the review with its status, 201 as the API server's create handler answers it. */
export function selfReview(cluster: ClusterBase, resource: string, body: unknown, user: UserInfo = KUBERNETES_ADMIN): ReviewAnswer {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Json;
  const kind = resource === 'selfsubjectreviews' ? 'SelfSubjectReview' : resource === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview';
  const apiVersion = resource === 'selfsubjectreviews' ? 'authentication.k8s.io/v1' : 'authorization.k8s.io/v1';
  const head = { kind, apiVersion, metadata: { creationTimestamp: null } };
  if (resource === 'selfsubjectreviews') {
    const userInfo = { username: user.name, ...(user.uid ? { uid: user.uid } : {}), ...(user.groups.length ? { groups: user.groups } : {}), ...(user.extra ? { extra: user.extra } : {}) };
    return { code: 201, body: { ...head, status: { userInfo } } };
  }
  const status = resource === 'selfsubjectaccessreviews' ? accessReview(cluster, b, user) : rulesReview(cluster, b, user);
  return { code: 201, body: { ...head, spec: b.spec ?? {}, status } };
}
