// The RBAC objects a kind v1.32 cluster starts with: kube-apiserver's bootstrap policy (cluster roles, their
// bindings, the kube-system/kube-public roles; bootstrappolicy testdata), then kubeadm's (the admin group
// binding, node bootstrap, kube-proxy and CoreDNS) as `kubeadm init` creates them. admin/edit/view are created
// with their aggregated rules already filled in, as the aggregation controller leaves them.

import type { KubeObject } from '../apiserver/types.js';
import { aggregatedRules } from './aggregation.js';
import { BOOTSTRAP_CLUSTER_ROLES, r } from './cluster-roles.js';
import { CONTROLLER_ROLES } from './controller-roles.js';
import { RBAC_GROUP, RBAC_VERSION, type BindingObject, type PolicyRule, type RoleObject, type Subject } from './types.js';

const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

const user = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: 'Group', name });
const sa = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, namespace: string | undefined, roleKind: 'ClusterRole' | 'Role', role: string, subjects: Subject[] | undefined, bootstrap: boolean): BindingObject {
  const metadata: KubeObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  if (bootstrap) {
    metadata.labels = { ...BOOTSTRAP_LABELS };
    metadata.annotations = { ...AUTOUPDATE };
  }
  const b: BindingObject = { apiVersion: RBAC_VERSION, kind, metadata, roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name: role } };
  if (subjects) b.subjects = subjects;
  return b;
}

function role(kind: 'ClusterRole' | 'Role', name: string, namespace: string | undefined, rules: PolicyRule[], bootstrap: boolean): RoleObject {
  const metadata: KubeObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  if (bootstrap) {
    metadata.labels = { ...BOOTSTRAP_LABELS };
    metadata.annotations = { ...AUTOUPDATE };
  }
  return { apiVersion: RBAC_VERSION, kind, metadata, rules };
}

/** The bootstrap ClusterRoles (the controllers' ones included), admin/edit/view aggregated. */
export function bootstrapClusterRoles(): RoleObject[] {
  const roles: RoleObject[] = [...BOOTSTRAP_CLUSTER_ROLES, ...CONTROLLER_ROLES].map((spec) => {
    const o = role('ClusterRole', spec.name, undefined, spec.rules ?? [], true);
    if (spec.aggregateTo) o.metadata.labels![`rbac.authorization.k8s.io/aggregate-to-${spec.aggregateTo}`] = 'true';
    if (spec.aggregateFrom) {
      o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${spec.aggregateFrom}`]: 'true' } }] };
    }
    return o;
  });
  // view, then edit (which includes view), then admin (which includes edit)
  for (const name of ['view', 'edit', 'admin']) {
    const target = roles.find((o) => o.metadata.name === name)!;
    target.rules = aggregatedRules(target, roles);
  }
  return roles;
}

const BOOTSTRAPPERS = 'system:bootstrappers:kubeadm:default-node-token';

export function bootstrapClusterRoleBindings(): BindingObject[] {
  const crb = (name: string, subjects: Subject[] | undefined, roleName = name) => binding('ClusterRoleBinding', name, undefined, 'ClusterRole', roleName, subjects, true);
  return [
    crb('cluster-admin', [group('system:masters')]),
    crb('system:basic-user', [group('system:authenticated')]),
    crb('system:discovery', [group('system:authenticated')]),
    crb('system:kube-controller-manager', [user('system:kube-controller-manager')]),
    crb('system:kube-dns', [sa('kube-system', 'kube-dns')]),
    crb('system:kube-scheduler', [user('system:kube-scheduler')]),
    crb('system:monitoring', [group('system:monitoring')]),
    crb('system:node', undefined),
    crb('system:node-proxier', [user('system:kube-proxy')]),
    crb('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    crb('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
    crb('system:volume-scheduler', [user('system:kube-scheduler')]),
    // each controller's role, bound to its ServiceAccount (controller_policy.go ControllerRoleBindings)
    ...CONTROLLER_ROLES.map((c) => crb(c.name, [sa('kube-system', c.name.slice('system:controller:'.length))])),
  ];
}

function leaderLocking(): PolicyRule[] {
  return [r('create get list update watch', 'coordination.k8s.io', 'leases'), r('create get list update watch', 'coordination.k8s.io', 'leasecandidates')];
}

export function bootstrapRoles(): RoleObject[] {
  return [
    role('Role', 'system:controller:bootstrap-signer', 'kube-public', [r('get list watch', '-', 'configmaps'), r('update', '-', 'configmaps', 'cluster-info'), r('create patch update', '- events.k8s.io', 'events')], true),
    role('Role', 'extension-apiserver-authentication-reader', 'kube-system', [r('get list watch', '-', 'configmaps', 'extension-apiserver-authentication')], true),
    role('Role', 'system::leader-locking-kube-controller-manager', 'kube-system', leaderLocking(), true),
    role('Role', 'system::leader-locking-kube-scheduler', 'kube-system', leaderLocking(), true),
    role('Role', 'system:controller:bootstrap-signer', 'kube-system', [r('get list watch', '-', 'secrets')], true),
    role('Role', 'system:controller:cloud-provider', 'kube-system', [r('create get list watch', '-', 'configmaps')], true),
    role('Role', 'system:controller:token-cleaner', 'kube-system', [r('delete get list watch', '-', 'secrets'), r('create patch update', '- events.k8s.io', 'events')], true),
  ];
}

export function bootstrapRoleBindings(): BindingObject[] {
  const rb = (ns: string, name: string, roleName: string, subjects: Subject[]) => binding('RoleBinding', name, ns, 'Role', roleName, subjects, true);
  return [
    rb('kube-public', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', [sa('kube-system', 'bootstrap-signer')]),
    rb('kube-system', 'system::extension-apiserver-authentication-reader', 'extension-apiserver-authentication-reader', [user('system:kube-controller-manager'), user('system:kube-scheduler')]),
    rb('kube-system', 'system::leader-locking-kube-controller-manager', 'system::leader-locking-kube-controller-manager', [user('system:kube-controller-manager'), sa('kube-system', 'kube-controller-manager'), sa('kube-system', 'leader-election-controller')]),
    rb('kube-system', 'system::leader-locking-kube-scheduler', 'system::leader-locking-kube-scheduler', [user('system:kube-scheduler'), sa('kube-system', 'kube-scheduler')]),
    rb('kube-system', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', [sa('kube-system', 'bootstrap-signer')]),
    rb('kube-system', 'system:controller:cloud-provider', 'system:controller:cloud-provider', [sa('kube-system', 'cloud-provider')]),
    rb('kube-system', 'system:controller:token-cleaner', 'system:controller:token-cleaner', [sa('kube-system', 'token-cleaner')]),
  ];
}

/** What `kubeadm init` adds (phases bootstrap-token, upload-config, addon coredns/kube-proxy, kubeconfig admin). */
export function kubeadmPolicy(): KubeObject[] {
  const crb = (name: string, roleName: string, subjects: Subject[]) => binding('ClusterRoleBinding', name, undefined, 'ClusterRole', roleName, subjects, false);
  const rb = (ns: string, name: string, subjects: Subject[]) => binding('RoleBinding', name, ns, 'Role', name, subjects, false);
  const configReader = (ns: string, name: string, cm: string) => role('Role', name, ns, [r('get', '-', 'configmaps', cm)], false);
  return [
    role('ClusterRole', 'kubeadm:get-nodes', undefined, [r('get', '-', 'nodes')], false),
    role('ClusterRole', 'system:coredns', undefined, [r('list watch', '-', 'endpoints services pods namespaces'), r('list watch', 'discovery.k8s.io', 'endpointslices')], false),
    crb('kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')]),
    crb('kubeadm:get-nodes', 'kubeadm:get-nodes', [group(BOOTSTRAPPERS)]),
    crb('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [group(BOOTSTRAPPERS)]),
    crb('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group(BOOTSTRAPPERS)]),
    crb('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [group('system:nodes')]),
    crb('kubeadm:node-proxier', 'system:node-proxier', [sa('kube-system', 'kube-proxy')]),
    crb('system:coredns', 'system:coredns', [sa('kube-system', 'coredns')]),
    configReader('kube-system', 'kube-proxy', 'kube-proxy'),
    configReader('kube-system', 'kubeadm:kubelet-config', 'kubelet-config'),
    configReader('kube-system', 'kubeadm:nodes-kubeadm-config', 'kubeadm-config'),
    configReader('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'cluster-info'),
    rb('kube-system', 'kube-proxy', [group(BOOTSTRAPPERS)]),
    rb('kube-system', 'kubeadm:kubelet-config', [group('system:nodes'), group(BOOTSTRAPPERS)]),
    rb('kube-system', 'kubeadm:nodes-kubeadm-config', [group(BOOTSTRAPPERS), group('system:nodes')]),
    rb('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', [user('system:anonymous')]),
  ];
}

/** What kind's manifests add: kindnet's (const_cni.go) and the local-path-provisioner's (const_storage.go). */
export function kindPolicy(): KubeObject[] {
  const lp = 'local-path-storage';
  const lpSA = sa(lp, 'local-path-provisioner-service-account');
  return [
    role('ClusterRole', 'kindnet', undefined, [r('use', 'policy', 'podsecuritypolicies', 'kindnet'), r('list watch', '-', 'nodes pods namespaces'), r('list watch', 'networking.k8s.io', 'networkpolicies')], false),
    binding('ClusterRoleBinding', 'kindnet', undefined, 'ClusterRole', 'kindnet', [sa('kube-system', 'kindnet')], false),
    role('Role', 'local-path-provisioner-role', lp, [r('get list watch create patch update delete', '-', 'pods')], false),
    role('ClusterRole', 'local-path-provisioner-role', undefined, [r(READ_VERBS, '-', 'nodes persistentvolumeclaims configmaps pods pods/log'), r('get list watch create patch update delete', '-', 'persistentvolumes'), r('create patch', '-', 'events'), r(READ_VERBS, 'storage.k8s.io', 'storageclasses')], false),
    binding('RoleBinding', 'local-path-provisioner-bind', lp, 'Role', 'local-path-provisioner-role', [lpSA], false),
    binding('ClusterRoleBinding', 'local-path-provisioner-bind', undefined, 'ClusterRole', 'local-path-provisioner-role', [lpSA], false),
  ];
}

const READ_VERBS = 'get list watch';

/** Everything, in the order the cluster creates it. */
export function bootstrapPolicy(): KubeObject[] {
  return [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings(), ...bootstrapRoles(), ...bootstrapRoleBindings(), ...kubeadmPolicy()];
}
