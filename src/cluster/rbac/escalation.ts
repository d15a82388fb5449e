// RBAC's privilege-escalation prevention (pkg/registry/rbac/*/policybased/storage.go, escalation_check.go and
// validation/rule.go): a user may create or update a Role or ClusterRole only with rules they already hold (or with
// the `escalate` verb on it), and a RoleBinding or ClusterRoleBinding only to a role whose rules they hold (or with
// the `bind` verb on it). system:masters is exempt. Requests kubesim's controllers make carry no user and are exempt,
// as the API server's loopback client is.

import { StatusError, notFound } from '../apiserver/errors.js';
import type { ObjectStore } from '../apiserver/store.js';
import type { KubeObject } from '../apiserver/types.js';
import { authorize, rulesFor, SYSTEM_PRIVILEGED_GROUP, type Attributes, type RbacLister } from './authorizer.js';
import { RBAC_GROUP, type BindingObject, type PolicyRule, type RoleObject, type UserInfo } from './types.js';

/** The RBAC objects the authorizer and the rule resolver read, straight from the store (as the informers do). */
export function storeLister(store: Pick<ObjectStore, 'get' | 'list'>): RbacLister {
  return {
    clusterRole: (name) => store.get('clusterroles.rbac.authorization.k8s.io', undefined, name) as RoleObject | undefined,
    role: (ns, name) => store.get('roles.rbac.authorization.k8s.io', ns, name) as RoleObject | undefined,
    clusterRoleBindings: () => store.list('clusterrolebindings.rbac.authorization.k8s.io') as BindingObject[],
    roleBindings: (ns) => store.list('rolebindings.rbac.authorization.k8s.io', ns) as BindingObject[],
  };
}

const ROLE_KEYS: Record<string, string> = {
  'roles.rbac.authorization.k8s.io': 'roles',
  'clusterroles.rbac.authorization.k8s.io': 'clusterroles',
};
const BINDING_KEYS: Record<string, string> = {
  'rolebindings.rbac.authorization.k8s.io': 'rolebindings',
  'clusterrolebindings.rbac.authorization.k8s.io': 'clusterrolebindings',
};

/** `* on *.*` and `*` on every non-resource URL: what an aggregationRule may gather. */
const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** validation.BreakdownRule: one verb, one resource, one name per rule. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length) for (const n of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (set: string[] | undefined, want: string[] | undefined) => (want ?? []).every((w) => (set ?? []).includes(w));

function resourceCoversAll(set: string[] | undefined, covers: string[] | undefined): boolean {
  const s = set ?? [];
  if (s.includes('*') || hasAll(s, covers)) return true;
  return (covers ?? []).every((p) => s.includes(p) || (p.includes('/') && s.includes(`*/${p.split('/').slice(1).join('/')}`)));
}

function nonResourceURLsCoverAll(set: string[] | undefined, covers: string[] | undefined): boolean {
  return (covers ?? []).every((p) => (set ?? []).some((o) => o === p || (o.endsWith('*') && p.startsWith(o.replace(/\*+$/, '')))));
}

/** validation.ruleCovers: does an owner rule cover a broken-down rule? */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = (owner.verbs ?? []).includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const ownerNames = owner.resourceNames ?? [];
  const names = (sub.resourceNames ?? []).length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames);
  return verbs && groups && resourceCoversAll(owner.resources, sub.resources) && names && nonResourceURLsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
}

/** validation.Covers: the broken-down servant rules no owner rule covers. */
export function uncovered(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** CompactRules: single group/resource rules that differ only by verb become one rule. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = !(r.resourceNames ?? []).length && !(r.nonResourceURLs ?? []).length && (r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const k = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const have = simple.get(k);
    if (have) have.verbs = [...have.verbs, ...(r.verbs ?? [])];
    else simple.set(k, { apiGroups: [...r.apiGroups!], resources: [...r.resources!], verbs: [...(r.verbs ?? [])] });
  }
  return [...out, ...simple.values()];
}

/** Go's %q of a []string: ["a" "b"] */
const goQuoted = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** rbacv1helpers.CompactString */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if ((r.apiGroups ?? []).length) parts.push(`APIGroups:${goQuoted(r.apiGroups!)}`);
  if ((r.resources ?? []).length) parts.push(`Resources:${goQuoted(r.resources!)}`);
  if ((r.nonResourceURLs ?? []).length) parts.push(`NonResourceURLs:${goQuoted(r.nonResourceURLs!)}`);
  if ((r.resourceNames ?? []).length) parts.push(`ResourceNames:${goQuoted(r.resourceNames!)}`);
  if ((r.verbs ?? []).length) parts.push(`Verbs:${goQuoted(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * ConfirmNoEscalation: the message naming the rules the user would grant without holding them, or undefined.
 * The rule resolver reads roles through the registry, so a missing role is named by its plural resource.
 */
export function escalationMessage(lister: RbacLister, user: UserInfo, namespace: string, rules: PolicyRule[]): string | undefined {
  const held = rulesFor(lister, user, namespace);
  const missing = uncovered(held.rules, rules);
  if (missing.length === 0) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.name)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (held.errors.length) {
    const errs = [...new Set(held.errors.map((e) => e.replace(/^clusterrole\.rbac/, 'clusterroles.rbac').replace(/^role\.rbac/, 'roles.rbac')))];
    msg += `; resolution errors: [${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}]`;
  }
  return msg;
}

function forbidden(resource: string, name: string, message: string): StatusError {
  return new StatusError('Forbidden', `${resource}.${RBAC_GROUP} ${JSON.stringify(name)} is forbidden: ${message}`, { name, group: RBAC_GROUP, kind: resource });
}

/** rbacregistry.IsOnlyMutatingGCFields: an update that only touches ownerReferences or finalizers. */
function onlyGCFields(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { ownerReferences: _o, finalizers: _f, resourceVersion: _r, managedFields: _m, ...md } = (o.metadata ?? {}) as Record<string, unknown>;
    return canonical({ ...o, metadata: md });
  };
  return strip(next) === strip(old);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const aggregationChanged = (next: RoleObject, old: RoleObject | undefined) =>
  canonical(next.aggregationRule ?? null) !== canonical(old?.aggregationRule ?? null) && (next.aggregationRule !== undefined || old?.aggregationRule !== undefined);

/**
 * The policy-based storage's check for a create (old undefined) or update of an RBAC object by `user`; throws the
 * API server's Forbidden (or the NotFound of a binding's missing role). Other resources pass.
 */
export function confirmRbacWrite(lister: RbacLister, key: string, obj: KubeObject, old: KubeObject | undefined, user: UserInfo): void {
  const roleResource = ROLE_KEYS[key];
  const bindingResource = BINDING_KEYS[key];
  if (!roleResource && !bindingResource) return;
  if (user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return;
  if (old && onlyGCFields(obj, old)) return;
  const namespace = key.startsWith('cluster') ? '' : obj.metadata.namespace || 'default';
  const name = obj.metadata.name ?? '';
  const allowed = (a: Omit<Attributes, 'user'>) => authorize(lister, { user, ...a }).allowed;
  if (roleResource) {
    // RoleEscalationAuthorized: the request's own name (none for a create)
    if (allowed({ verb: 'escalate', apiGroup: RBAC_GROUP, resource: roleResource, namespace, name: old ? name : '' })) return;
    const role = obj as RoleObject;
    const msg = escalationMessage(lister, user, namespace, role.rules ?? []);
    if (msg) throw forbidden(roleResource, name, msg);
    if (roleResource === 'clusterroles' && (old ? aggregationChanged(role, old as RoleObject) : role.aggregationRule !== undefined)) {
      if (escalationMessage(lister, user, namespace, FULL_AUTHORITY)) throw forbidden(roleResource, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    return;
  }
  const binding = obj as BindingObject;
  const ref = binding.roleRef ?? ({} as BindingObject['roleRef']);
  const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : undefined;
  // BindingAuthorized: bind on the referenced role, in the binding's namespace
  if (refResource && allowed({ verb: 'bind', apiGroup: ref.apiGroup ?? '', resource: refResource, namespace, name: ref.name })) return;
  const role = ref.kind === 'ClusterRole' ? lister.clusterRole(ref.name) : ref.kind === 'Role' ? lister.role(namespace, ref.name) : undefined;
  if (!role) {
    if (!refResource) throw new StatusError('InternalError', `Internal error occurred: unsupported role reference kind: ${JSON.stringify(ref.kind)}`);
    throw notFound(`${refResource}.${RBAC_GROUP}`, ref.name);
  }
  const msg = escalationMessage(lister, user, namespace, role.rules ?? []);
  if (msg) throw forbidden(bindingResource, name, msg);
}
