// Requests made as a user: the RBAC objects the authorizer reads (through the store, as the API server's
// informers do), kube-apiserver's Forbidden status, impersonation (--as/--as-group, filters/impersonation.go)
// and an ApiServer whose reads and writes are authorised for one user before they run.

import { resourceKey, RESOURCES, type ResourceInfo } from '../apiserver/discovery.js';
import { StatusError } from '../apiserver/errors.js';
import type { ApiServer, ApplyOptions, DeleteOptions, WriteOptions } from '../apiserver/server.js';
import type { KubeObject } from '../apiserver/types.js';
import { authorize, forbiddenMessage, rulesFor, serviceAccountUsername, type Attributes, type Decision, type RbacLister, type VisitedRules } from './authorizer.js';
import { storeLister } from './escalation.js';
import type { UserInfo } from './types.js';

/** kubeadm's admin.conf identity (the client certificate's CN and O), as kind v1.32 writes the kubeconfig. */
export const KUBERNETES_ADMIN: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

export function rbacLister(api: Pick<ApiServer, 'store'>): RbacLister {
  return storeLister(api.store);
}

/** apierrors.NewForbidden(qualifiedResource, name, forbiddenMessage[: reason]) */
export function forbiddenError(a: Attributes, decision: Decision): StatusError {
  let msg = forbiddenMessage(a);
  if (decision.reason) msg += `: ${decision.reason}`;
  if (a.path !== undefined) return new StatusError('Forbidden', `forbidden: ${msg}`);
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource ?? '';
  const head = a.name ? `${qualified} "${a.name}"` : qualified;
  return new StatusError('Forbidden', `${head} is forbidden: ${msg}`, { name: a.name || undefined, group: a.apiGroup, kind: a.resource });
}

const RBAC_KEYS = ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'].map((r) => `${r}.rbac.authorization.k8s.io`);

/** Per store: the rules each user holds in each namespace, while no RBAC object is written. */
const heldRules = new WeakMap<object, { sig: string; rules: Map<string, VisitedRules> }>();

function cachedRulesFor(api: Pick<ApiServer, 'store'>): typeof rulesFor {
  if (typeof api.store.writeCount !== 'function') return rulesFor;
  const sig = RBAC_KEYS.map((k) => api.store.writeCount(k)).join(',');
  let c = heldRules.get(api.store);
  if (!c || c.sig !== sig) heldRules.set(api.store, (c = { sig, rules: new Map() }));
  const cache = c.rules;
  return (lister, user, namespace) => {
    const key = JSON.stringify([user.name, user.groups, namespace]);
    let r = cache.get(key);
    if (!r) cache.set(key, (r = rulesFor(lister, user, namespace)));
    return r;
  };
}

/** Checks one request; throws the API server's Forbidden when RBAC denies it. */
export function checkAccess(api: Pick<ApiServer, 'store'>, a: Attributes): void {
  const decision = authorize(rbacLister(api), a, cachedRulesFor(api));
  if (!decision.allowed) throw forbiddenError(a, decision);
}

/** A pod subresource request (pods/exec, pods/attach with create; pods/log with get) as `user`. */
export function checkPodSubresource(api: Pick<ApiServer, 'store'>, user: UserInfo, verb: string, subresource: string, namespace: string, name: string): void {
  checkAccess(api, { user, verb, apiGroup: '', resource: 'pods', subresource, namespace, name });
}

/** serviceaccount.SplitUsername */
export function splitServiceAccountUsername(name: string): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

/**
 * The impersonation filter: the requester must be allowed to impersonate the user (or service account) and each
 * group; the result is the impersonated user with system:authenticated added (a service account without
 * --as-group gets its fixed groups).
 */
export function impersonate(api: Pick<ApiServer, 'store'>, requester: UserInfo, as: string, asGroups: string[]): UserInfo {
  const sa = splitServiceAccountUsername(as);
  const target: Attributes = sa
    ? { user: requester, verb: 'impersonate', resource: 'serviceaccounts', apiGroup: '', namespace: sa.namespace, name: sa.name }
    : { user: requester, verb: 'impersonate', resource: 'users', apiGroup: '', name: as };
  checkAccess(api, target);
  for (const g of asGroups) checkAccess(api, { user: requester, verb: 'impersonate', resource: 'groups', apiGroup: '', name: g });
  let groups = [...asGroups];
  if (sa && asGroups.length === 0) groups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`];
  if (as !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { name: sa ? serviceAccountUsername(sa.namespace, sa.name) : as, groups };
}

const infoByKey = new Map<string, ResourceInfo>(RESOURCES.map((r) => [resourceKey(r), r]));

/** A custom resource's discovery entry (authorised by its plural and group like any other). */
function customInfo(api: ApiServer, key: string): ResourceInfo | undefined {
  return api.discovery().find((r) => r.crd && resourceKey(r) === key);
}

function attrs(user: UserInfo, info: ResourceInfo | undefined, verb: string, ns: string | undefined, name: string, subresource?: string): Attributes {
  return {
    user,
    verb,
    apiGroup: info?.group ?? '',
    resource: info?.name ?? '',
    subresource,
    namespace: info?.namespaced ? ns ?? '' : '',
    name,
  };
}

/**
 * The API server as `user` sees it: each read or write is authorised first (get, list, create, update or patch,
 * update of status, delete, pods/binding), then done by the real server.
 */
export function apiAs(api: ApiServer, user: UserInfo, fieldManager?: string): ApiServer {
  const fm = fieldManager ? { fieldManager } : {};
  const check = (info: ResourceInfo | undefined, verb: string, ns: string | undefined, name: string, sub?: string) => checkAccess(api, attrs(user, info, verb, ns, name, sub));
  const ofObject = (o: KubeObject) => {
    try {
      return api.resourceOf(o);
    } catch {
      return undefined;
    }
  };
  const guarded: Record<string, unknown> = {
    get(key: string, ns: string | undefined, name: string) {
      check((infoByKey.get(key) ?? customInfo(api, key)), 'get', ns, name);
      return api.get(key, ns, name);
    },
    tryGet(key: string, ns: string | undefined, name: string) {
      check((infoByKey.get(key) ?? customInfo(api, key)), 'get', ns, name);
      return api.tryGet(key, ns, name);
    },
    list(key: string, ns?: string, ...rest: unknown[]) {
      check((infoByKey.get(key) ?? customInfo(api, key)), 'list', ns, '');
      return (api.list as (...a: unknown[]) => KubeObject[])(key, ns, ...rest);
    },
    create(obj: KubeObject, opts?: WriteOptions) {
      const info = ofObject(obj);
      if (info) check(info, 'create', obj.metadata?.namespace || 'default', '');
      return api.create(obj, { ...fm, ...opts, user });
    },
    update(obj: KubeObject, opts?: WriteOptions) {
      const info = ofObject(obj);
      if (info) check(info, opts?.patch !== undefined ? 'patch' : 'update', obj.metadata?.namespace || 'default', obj.metadata?.name ?? '');
      return api.update(obj, { ...fm, ...opts, user });
    },
    updateStatus(obj: KubeObject, opts?: WriteOptions) {
      const info = ofObject(obj);
      if (info) check(info, 'update', obj.metadata?.namespace || 'default', obj.metadata?.name ?? '', opts?.subresource === 'approval' ? 'approval' : 'status');
      return api.updateStatus(obj, { ...fm, ...opts });
    },
    apply(obj: KubeObject, opts: ApplyOptions) {
      const info = ofObject(obj);
      if (info) {
        const ns = obj.metadata?.namespace || 'default';
        check(info, 'patch', ns, obj.metadata?.name ?? '');
        if (!api.tryGet(resourceKey(info), ns, obj.metadata?.name ?? '')) check(info, 'create', ns, '');
      }
      return api.apply(obj, { ...opts, user });
    },
    delete(key: string, ns: string | undefined, name: string, opts?: DeleteOptions) {
      check((infoByKey.get(key) ?? customInfo(api, key)), 'delete', ns || 'default', name);
      return api.delete(key, ns, name, opts);
    },
    bind(ns: string, name: string, nodeName: string) {
      check(infoByKey.get('pods'), 'create', ns, name, 'binding');
      return api.bind(ns, name, nodeName);
    },
  };
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && prop in guarded) return guarded[prop];
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
    set(target, prop, value) {
      return Reflect.set(target, prop, value);
    },
  });
}
