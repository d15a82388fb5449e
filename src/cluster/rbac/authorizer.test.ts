import { describe, expect, it } from 'vitest';
import { appliesTo, authorize, forbiddenMessage, ruleAllows, rulesFor, type RbacLister } from './authorizer.js';
import { aggregatedRules } from './aggregation.js';
import { bootstrapClusterRoles, bootstrapPolicy } from './bootstrap-policy.js';
import { accessListLines, combineResourceGroup } from './rules-list.js';
import { r, u } from './cluster-roles.js';
import type { BindingObject, RoleObject, UserInfo } from './types.js';
import { tabwrite } from '../../kubectl/printers/tabwriter.js';

function lister(objects: Array<RoleObject | BindingObject>): RbacLister {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    clusterRole: (name) => of('ClusterRole').find((o) => o.metadata.name === name) as RoleObject | undefined,
    role: (ns, name) => of('Role').find((o) => o.metadata.name === name && o.metadata.namespace === ns) as RoleObject | undefined,
    clusterRoleBindings: () => of('ClusterRoleBinding') as BindingObject[],
    roleBindings: (ns) => of('RoleBinding').filter((o) => o.metadata.namespace === ns) as BindingObject[],
  };
}

const robot: UserInfo = { name: 'system:serviceaccount:default:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
const admin: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
const bootstrap = lister(bootstrapPolicy() as Array<RoleObject | BindingObject>);

describe('rule matching (rule.go RuleAllows)', () => {
  const base = { user: robot, namespace: 'default', apiGroup: '' };
  it('verbs, groups, resources, subresources and names', () => {
    const rule = r('get list', '-', 'pods pods/log', 'web');
    expect(ruleAllows({ ...base, verb: 'get', resource: 'pods', name: 'web' }, rule)).toBe(true);
    expect(ruleAllows({ ...base, verb: 'get', resource: 'pods', name: 'db' }, rule)).toBe(false);
    expect(ruleAllows({ ...base, verb: 'get', resource: 'pods', subresource: 'log', name: 'web' }, rule)).toBe(true);
    expect(ruleAllows({ ...base, verb: 'get', resource: 'pods', subresource: 'exec', name: 'web' }, rule)).toBe(false);
    expect(ruleAllows({ ...base, verb: 'delete', resource: 'pods', name: 'web' }, rule)).toBe(false);
    expect(ruleAllows({ ...base, verb: 'get', apiGroup: 'apps', resource: 'pods', name: 'web' }, rule)).toBe(false);
    expect(ruleAllows({ ...base, verb: 'create', resource: 'pods', subresource: 'exec' }, r('create', '-', '*/exec'))).toBe(true);
    expect(ruleAllows({ ...base, verb: 'patch', apiGroup: 'apps', resource: 'deployments' }, r('*', '*', '*'))).toBe(true);
  });
  it('non-resource URLs: exact or prefix with a trailing *; resource rules never match them', () => {
    expect(ruleAllows({ user: robot, verb: 'get', path: '/healthz/etcd' }, u('get', '/healthz/*'))).toBe(true);
    expect(ruleAllows({ user: robot, verb: 'get', path: '/healthz' }, u('get', '/healthz/*'))).toBe(false);
    expect(ruleAllows({ user: robot, verb: 'post', path: '/healthz' }, u('get', '/healthz'))).toBe(false);
    expect(ruleAllows({ user: robot, verb: 'get', path: '/api' }, r('*', '*', '*'))).toBe(false);
  });
  it('subjects: users, groups, service accounts (namespace defaulted to the binding\'s)', () => {
    expect(appliesTo(robot, { kind: 'ServiceAccount', name: 'robot' }, 'default')).toBe(true);
    expect(appliesTo(robot, { kind: 'ServiceAccount', name: 'robot' }, '')).toBe(false);
    expect(appliesTo(robot, { kind: 'ServiceAccount', name: 'robot', namespace: 'other' }, 'default')).toBe(false);
    expect(appliesTo(robot, { kind: 'Group', name: 'system:serviceaccounts' }, '')).toBe(true);
    expect(appliesTo(robot, { kind: 'User', name: 'robot' }, '')).toBe(false);
  });
});

describe('the bootstrap policy', () => {
  it('kubernetes-admin is cluster-admin through kubeadm:cluster-admins; a bare service account only discovers', () => {
    expect(authorize(bootstrap, { user: admin, verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'x', name: 'y' }).allowed).toBe(true);
    expect(authorize(bootstrap, { user: admin, verb: 'get', path: '/metrics' }).allowed).toBe(true);
    expect(authorize(bootstrap, { user: robot, verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default' })).toEqual({ allowed: false, reason: '' });
    expect(authorize(bootstrap, { user: robot, verb: 'get', path: '/version' }).allowed).toBe(true);
    expect(authorize(bootstrap, { user: robot, verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }).allowed).toBe(true);
  });
  it('admin, edit and view carry the aggregated rules in name order, each once', () => {
    const roles = bootstrapClusterRoles();
    const view = roles.find((o) => o.metadata.name === 'view')!;
    const edit = roles.find((o) => o.metadata.name === 'edit')!;
    const admin = roles.find((o) => o.metadata.name === 'admin')!;
    const toView = roles.find((o) => o.metadata.name === 'system:aggregate-to-view')!;
    expect(view.rules).toEqual(toView.rules);
    expect(edit.rules!.length).toBe(roles.find((o) => o.metadata.name === 'system:aggregate-to-edit')!.rules!.length + view.rules!.length);
    expect(admin.rules!.slice(0, edit.rules!.length)).toEqual(edit.rules);
    expect(admin.rules![edit.rules!.length]).toEqual(r('create', 'authorization.k8s.io', 'localsubjectaccessreviews'));
    // a new role labelled aggregate-to-view joins view
    const extra: RoleObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'aaa', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [r('get', 'example.com', 'widgets'), ...toView.rules!.slice(0, 1)] };
    expect(aggregatedRules(view, [...roles, extra])).toEqual([r('get', 'example.com', 'widgets'), ...toView.rules!]);
  });
  it('a binding to a missing role: denied with the RBAC reason', () => {
    const l = lister([...(bootstrapPolicy() as Array<RoleObject | BindingObject>), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }] } as BindingObject]);
    expect(authorize(l, { user: robot, verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default' })).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found' });
    expect(rulesFor(l, robot, 'kube-system').errors).toEqual([]);
  });
});

describe('messages and listings', () => {
  it('forbiddenMessage as responsewriters writes it', () => {
    expect(forbiddenMessage({ user: robot, verb: 'create', resource: 'pods', apiGroup: '', namespace: 'default' })).toBe('User "system:serviceaccount:default:robot" cannot create resource "pods" in API group "" in the namespace "default"');
    expect(forbiddenMessage({ user: robot, verb: 'list', resource: 'nodes', apiGroup: '' })).toBe('User "system:serviceaccount:default:robot" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbiddenMessage({ user: robot, verb: 'create', resource: 'pods', subresource: 'exec', apiGroup: '', namespace: 'd' })).toContain('cannot create resource "pods/exec"');
    expect(forbiddenMessage({ user: robot, verb: 'get', path: '/metrics' })).toBe('User "system:serviceaccount:default:robot" cannot get path "/metrics"');
  });
  it('can-i --list: broken down, compacted, sorted by the Go String() of the rules', () => {
    expect(combineResourceGroup(['deployments/scale'], ['apps'])).toBe('deployments.apps/scale');
    expect(combineResourceGroup(['pods'], [''])).toBe('pods');
    const text = tabwrite(accessListLines([r('get list', '-', 'pods'), r('watch', '-', 'pods'), r('get', 'apps', 'deployments', 'web'), u('get', '/healthz')], false));
    // sorted by `&PolicyRule{Verbs:[...],APIGroups:[...]...`: "[get list watch]" sorts before "[get]"
    expect(text).toBe(
      'Resources          Non-Resource URLs   Resource Names   Verbs\n' +
        'pods               []                  []               [get list watch]\n' +
        '                   [/healthz]          []               [get]\n' +
        'deployments.apps   []                  [web]            [get]\n',
    );
  });
});
