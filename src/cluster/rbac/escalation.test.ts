import { describe, expect, it } from 'vitest';
import type { RbacLister } from './authorizer.js';
import { r, u } from './cluster-roles.js';
import { breakdownRule, compactRules, compactString, confirmRbacWrite, escalationMessage, uncovered } from './escalation.js';
import type { BindingObject, RoleObject, UserInfo } from './types.js';

function lister(objects: Array<RoleObject | BindingObject>): RbacLister {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    clusterRole: (name) => of('ClusterRole').find((o) => o.metadata.name === name) as RoleObject | undefined,
    role: (ns, name) => of('Role').find((o) => o.metadata.name === name && o.metadata.namespace === ns) as RoleObject | undefined,
    clusterRoleBindings: () => of('ClusterRoleBinding') as BindingObject[],
    roleBindings: (ns) => of('RoleBinding').filter((o) => o.metadata.namespace === ns) as BindingObject[],
  };
}

const G = 'rbac.authorization.k8s.io';
const role = (kind: 'Role' | 'ClusterRole', name: string, rules: RoleObject['rules'], namespace?: string): RoleObject => ({ apiVersion: `${G}/v1`, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, refKind: string, ref: string, user: string, namespace?: string): BindingObject => ({
  apiVersion: `${G}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  roleRef: { apiGroup: G, kind: refKind, name: ref },
  subjects: [{ kind: 'User', apiGroup: G, name: user }],
});

const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const cluster = lister([
  role('ClusterRole', 'role-maker', [r('create get update patch', G, 'roles rolebindings clusterroles')]),
  binding('ClusterRoleBinding', 'alice-rm', 'ClusterRole', 'role-maker', 'alice'),
  role('Role', 'pod-reader', [r('get list', '-', 'pods')], 'default'),
  binding('RoleBinding', 'alice-reads', 'Role', 'pod-reader', 'alice', 'default'),
  role('ClusterRole', 'admin', [r('*', '*', '*')]),
  role('ClusterRole', 'escalator', [r('escalate bind', G, 'roles clusterroles')]),
  binding('ClusterRoleBinding', 'carol-esc', 'ClusterRole', 'escalator', 'carol'),
  binding('ClusterRoleBinding', 'carol-rm', 'ClusterRole', 'role-maker', 'carol'),
]);

describe('the covers check (validation.Covers, BreakdownRule, CompactRules, CompactString)', () => {
  it('breaks rules down to one verb, resource and name, and URLs to one verb', () => {
    expect(breakdownRule(r('get list', '- apps', 'pods', 'a b')).length).toBe(8);
    expect(breakdownRule(u('get post', '/healthz /metrics'))).toHaveLength(4);
  });
  it('wildcards, */subresource, names and URL prefixes cover', () => {
    expect(uncovered([r('*', '*', '*')], [r('get delete', 'apps', 'deployments')])).toEqual([]);
    expect(uncovered([r('get', '-', '*/log')], [r('get', '-', 'pods/log')])).toEqual([]);
    expect(uncovered([r('get', '-', 'pods', 'web')], [r('get', '-', 'pods')])).toHaveLength(1);
    expect(uncovered([r('get', '-', 'pods')], [r('get', '-', 'pods', 'web')])).toEqual([]);
    expect(uncovered([u('get', '/healthz/*')], [u('get', '/healthz/etcd')])).toEqual([]);
  });
  it('compacts verbs per group/resource and prints as Go does', () => {
    const missing = uncovered([r('get', '-', 'pods')], [r('get delete', '-', 'pods secrets')]);
    expect(compactRules(missing).map(compactString)).toEqual(['{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}', '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}']);
    expect(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] })).toBe('{NonResourceURLs:["/x"], Verbs:["get"]}');
    expect(compactString(r('get', '-', 'pods', 'a'))).toBe('{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get"]}');
  });
  it('names missing roles among the resolution errors', () => {
    const l = lister([binding('RoleBinding', 'x', 'Role', 'gone', 'alice', 'default')]);
    expect(escalationMessage(l, alice, 'default', [r('get', '-', 'pods')])).toBe(
      'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}; resolution errors: [roles.rbac.authorization.k8s.io "gone" not found]',
    );
  });
});

describe('policy-based storage: roles and bindings by a user who is not system:masters', () => {
  const newRole = (rules: RoleObject['rules']) => role('Role', 'r', rules, 'default');
  it('a role with only held rules is created; more is Forbidden with the missing rules', () => {
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, newRole([r('get', '-', 'pods')]), undefined, alice)).not.toThrow();
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, newRole([r('get delete', '-', 'pods')]), undefined, alice)).toThrow(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
    // a role in another namespace: alice's RoleBinding does not count there
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, role('Role', 'r', [r('get', '-', 'pods')], 'dev'), undefined, alice)).toThrow(/not currently held/);
  });
  it('escalate on roles, bind on the referenced role, and system:masters skip the check', () => {
    const carol: UserInfo = { name: 'carol', groups: ['system:authenticated'] };
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, newRole([r('*', '*', '*')]), undefined, carol)).not.toThrow();
    expect(() => confirmRbacWrite(cluster, `clusterrolebindings.${G}`, binding('ClusterRoleBinding', 'b', 'ClusterRole', 'admin', 'dave'), undefined, carol)).not.toThrow();
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, newRole([r('*', '*', '*')]), undefined, { name: 'x', groups: ['system:masters'] })).not.toThrow();
  });
  it('bindings: to a held role, to a role not held, to a missing role', () => {
    expect(() => confirmRbacWrite(cluster, `rolebindings.${G}`, binding('RoleBinding', 'b', 'Role', 'pod-reader', 'bob', 'default'), undefined, alice)).not.toThrow();
    expect(() => confirmRbacWrite(cluster, `rolebindings.${G}`, binding('RoleBinding', 'b', 'ClusterRole', 'admin', 'bob', 'default'), undefined, alice)).toThrow(
      /^rolebindings\.rbac\.authorization\.k8s\.io "b" is forbidden: user "alice" .* not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}$/,
    );
    expect(() => confirmRbacWrite(cluster, `rolebindings.${G}`, binding('RoleBinding', 'b', 'Role', 'nope', 'bob', 'default'), undefined, alice)).toThrow('roles.rbac.authorization.k8s.io "nope" not found');
  });
  it('aggregationRule needs full authority; updates touching only finalizers or ownerReferences pass', () => {
    const agg = { ...role('ClusterRole', 'agg', []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } };
    expect(() => confirmRbacWrite(cluster, `clusterroles.${G}`, agg, undefined, alice)).toThrow('clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule');
    const old = newRole([r('*', '*', '*')]);
    const next = { ...old, metadata: { ...old.metadata, finalizers: ['x'] } };
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, next, old, alice)).not.toThrow();
    expect(() => confirmRbacWrite(cluster, `roles.${G}`, { ...next, metadata: { ...next.metadata, labels: { a: 'b' } } }, old, alice)).toThrow(/not currently held/);
  });
  it('other resources are not checked', () => {
    expect(() => confirmRbacWrite(cluster, 'pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, undefined, alice)).not.toThrow();
  });
});
