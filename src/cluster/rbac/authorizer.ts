// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go and rule.go) with kube-apiserver's privileged
// group in front of it: a request's attributes are allowed when a rule of a role bound to the user (a
// ClusterRoleBinding anywhere, a RoleBinding in the request's namespace) matches verb, API group,
// resource[/subresource], resource name or non-resource URL. A binding whose role is missing adds an error to
// the decision's reason, as the visitor does.

import type { BindingObject, PolicyRule, RoleObject, Subject, UserInfo } from './types.js';

export interface Attributes {
  user: UserInfo;
  verb: string;
  /** resource request: namespace ('' = cluster scope or all namespaces) */
  namespace?: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** non-resource request: the URL path */
  path?: string;
}

/** What the authorizer reads: the RBAC objects. */
export interface RbacLister {
  clusterRole(name: string): RoleObject | undefined;
  role(namespace: string, name: string): RoleObject | undefined;
  clusterRoleBindings(): BindingObject[];
  roleBindings(namespace: string): BindingObject[];
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

export function isResourceRequest(a: Attributes): boolean {
  return a.path === undefined;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))));
}

/** rule.go RuleAllows */
export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (isResourceRequest(a)) {
    const sub = a.subresource ?? '';
    const combined = sub ? `${a.resource ?? ''}/${sub}` : a.resource ?? '';
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? '') && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, a.name ?? '');
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path ?? '');
}

/** serviceaccount.MatchesUsername */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** rbac appliesToUser: does a binding's subject name this user? (namespace: the RoleBinding's, '' for a cluster binding) */
export function appliesTo(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace;
      if (!ns) return false;
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

export interface VisitedRules {
  rules: PolicyRule[];
  errors: string[];
}

/**
 * The rules that apply to a user in a namespace (DefaultRuleResolver.VisitRulesFor): cluster role bindings first,
 * then the namespace's role bindings; errors name the roles bindings refer to that do not exist.
 */
export function rulesFor(lister: RbacLister, user: UserInfo, namespace: string): VisitedRules {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  for (const b of lister.clusterRoleBindings()) {
    if (!(b.subjects ?? []).some((s) => appliesTo(user, s, ''))) continue;
    const role = b.roleRef.kind === 'ClusterRole' ? lister.clusterRole(b.roleRef.name) : undefined;
    if (!role) {
      errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      continue;
    }
    rules.push(...(role.rules ?? []));
  }
  if (namespace) {
    for (const b of lister.roleBindings(namespace)) {
      if (!(b.subjects ?? []).some((s) => appliesTo(user, s, namespace))) continue;
      const role = b.roleRef.kind === 'ClusterRole' ? lister.clusterRole(b.roleRef.name) : b.roleRef.kind === 'Role' ? lister.role(namespace, b.roleRef.name) : undefined;
      if (!role) {
        errors.push(`${b.roleRef.kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
        continue;
      }
      rules.push(...(role.rules ?? []));
    }
  }
  return { rules, errors };
}

/** The union authorizer kind runs (Node,RBAC) with the privileged group first: allowed, or the reason it is not. */
export function authorize(lister: RbacLister, a: Attributes, resolve: typeof rulesFor = rulesFor): Decision {
  if (a.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
  const { rules, errors } = resolve(lister, a.user, isResourceRequest(a) ? a.namespace ?? '' : '');
  if (rules.some((r) => ruleAllows(a, r))) return { allowed: true, reason: '' };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** utilerrors.NewAggregate(...).Error() */
function aggregate(errors: string[]): string {
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

/** responsewriters.forbiddenMessage: who cannot do what, where. */
export function forbiddenMessage(a: Attributes): string {
  if (!isResourceRequest(a)) return `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
  if (a.namespace) return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ''}" in the namespace "${a.namespace}"`;
  return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ''}" at the cluster scope`;
}
