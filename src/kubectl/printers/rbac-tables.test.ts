import { describe, expect, it } from 'vitest';
import { RBAC_PRINTERS, subjectsStrings } from './rbac-tables.js';
import { describeRole, describeRoleBinding } from '../describe/rbac.js';
import type { BindingObject, RoleObject } from '../../cluster/rbac/types.js';

const now = new Date('2025-01-06T10:05:00Z');
const binding: BindingObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'b', creationTimestamp: '2025-01-06T10:00:00Z' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [
    { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
    { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
    { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'joe' },
  ],
};
const role: RoleObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'r', namespace: 'default', creationTimestamp: '2025-01-06T10:00:00Z' },
  rules: [{ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'], resourceNames: ['a'] }],
};

describe('RBAC tables (printers.go)', () => {
  it('bindings: KIND/NAME role, age; wide subjects as SubjectsStrings gives them', () => {
    const p = RBAC_PRINTERS['clusterrolebindings.rbac.authorization.k8s.io'];
    expect(p.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1']);
    expect(p.row(binding, now)).toEqual(['b', 'ClusterRole/view', '5m', 'jane, joe', 'devs', 'default:robot']);
    expect(subjectsStrings([{ kind: 'Other', name: 'x' }])[3]).toEqual(['Other/x']);
  });
  it('roles: name and creation time (RFC 3339, UTC)', () => {
    const p = RBAC_PRINTERS['roles.rbac.authorization.k8s.io'];
    expect(p.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(p.row(role, now)).toEqual(['r', '2025-01-06T10:00:00Z']);
  });
  it('describe: rules broken down per group/resource/name, verbs merged', () => {
    expect(describeRole(role)).toBe(
      'Name:         r\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n' +
        '  Resources               Non-Resource URLs  Resource Names  Verbs\n' +
        '  ---------               -----------------  --------------  -----\n' +
        '  deployments/scale       []                 [a]             [get list]\n' +
        '  pods                    []                 [a]             [get list]\n' +
        '  deployments.apps/scale  []                 [a]             [get list]\n' +
        '  pods.apps               []                 [a]             [get list]\n',
    );
    expect(describeRoleBinding(binding)).toContain('Subjects:\n  Kind            Name   Namespace\n  ----            ----   ---------\n  User            jane   \n  ServiceAccount  robot  default\n');
  });
});
