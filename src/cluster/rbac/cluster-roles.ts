// The ClusterRoles kube-apiserver's RBAC post-start hook creates (plugin/pkg/auth/authorizer/rbac/bootstrappolicy,
// transcribed from its testdata/cluster-roles.yaml), rule for rule in the order the API server stores them.
// admin, edit and view carry only an aggregationRule: the clusterrole-aggregation controller fills their rules.
// Lists are space-separated: `r('get list watch', '', 'pods services')`; '-' stands for the core group "".

import type { PolicyRule } from './types.js';

const words = (s: string) => (s === '' ? [] : s.split(' ').map((w) => (w === '-' ? '' : w)));

/** A resource rule: verbs, API groups, resources, resource names. */
export function r(verbs: string, groups: string, resources: string, names = ''): PolicyRule {
  const rule: PolicyRule = { verbs: words(verbs), apiGroups: words(groups), resources: words(resources) };
  if (names) rule.resourceNames = words(names);
  return rule;
}

/** A non-resource URL rule. */
export function u(verbs: string, urls: string): PolicyRule {
  return { verbs: words(verbs), nonResourceURLs: words(urls) };
}

const RW = 'create delete deletecollection patch update';
const READ = 'get list watch';
const EV = 'create patch update';

export interface ClusterRoleSpec {
  name: string;
  rules: PolicyRule[] | null;
  aggregateTo?: 'admin' | 'edit' | 'view';
  aggregateFrom?: 'admin' | 'edit' | 'view';
}

const certApprover = (signer: string): ClusterRoleSpec => ({
  name: `system:certificates.k8s.io:${signer.replace('kubernetes.io/', '')}-approver`,
  rules: [r('approve', 'certificates.k8s.io', 'signers', signer)],
});

export const BOOTSTRAP_CLUSTER_ROLES: ClusterRoleSpec[] = [
  { name: 'admin', rules: null, aggregateFrom: 'admin' },
  { name: 'cluster-admin', rules: [r('*', '*', '*'), u('*', '*')] },
  { name: 'edit', rules: null, aggregateFrom: 'edit', aggregateTo: 'admin' },
  {
    name: 'system:aggregate-to-admin',
    aggregateTo: 'admin',
    rules: [r('create', 'authorization.k8s.io', 'localsubjectaccessreviews'), r(`${RW} get list watch`.split(' ').sort().join(' '), 'rbac.authorization.k8s.io', 'rolebindings roles')],
  },
  {
    name: 'system:aggregate-to-edit',
    aggregateTo: 'edit',
    rules: [
      r(READ, '-', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
      r('impersonate', '-', 'serviceaccounts'),
      r(RW, '-', 'pods pods/attach pods/exec pods/portforward pods/proxy'),
      r('create', '-', 'pods/eviction'),
      r(RW, '-', 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      r('create', '-', 'serviceaccounts/token'),
      r(RW, 'apps', 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
      r(RW, 'autoscaling', 'horizontalpodautoscalers'),
      r(RW, 'batch', 'cronjobs jobs'),
      r(RW, 'extensions', 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
      r(RW, 'policy', 'poddisruptionbudgets'),
      r(RW, 'networking.k8s.io', 'ingresses networkpolicies'),
      r('create delete deletecollection get list patch update watch', 'coordination.k8s.io', 'leases'),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    aggregateTo: 'view',
    rules: [
      r(READ, '-', 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status'),
      r(READ, '-', 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      r(READ, '-', 'namespaces'),
      r(READ, 'discovery.k8s.io', 'endpointslices'),
      r(READ, 'apps', 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
      r(READ, 'autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status'),
      r(READ, 'batch', 'cronjobs cronjobs/status jobs jobs/status'),
      r(READ, 'extensions', 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
      r(READ, 'policy', 'poddisruptionbudgets poddisruptionbudgets/status'),
      r(READ, 'networking.k8s.io', 'ingresses ingresses/status networkpolicies'),
    ],
  },
  { name: 'system:auth-delegator', rules: [r('create', 'authentication.k8s.io', 'tokenreviews'), r('create', 'authorization.k8s.io', 'subjectaccessreviews')] },
  { name: 'system:basic-user', rules: [r('create', 'authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews'), r('create', 'authentication.k8s.io', 'selfsubjectreviews')] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [r('create', 'certificates.k8s.io', 'certificatesigningrequests/nodeclient')] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [r('create', 'certificates.k8s.io', 'certificatesigningrequests/selfnodeclient')] },
  certApprover('kubernetes.io/kube-apiserver-client'),
  certApprover('kubernetes.io/kube-apiserver-client-kubelet'),
  certApprover('kubernetes.io/kubelet-serving'),
  certApprover('kubernetes.io/legacy-unknown'),
  { name: 'system:discovery', rules: [u('get', '/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/')] },
  { name: 'system:heapster', rules: [r(READ, '-', 'events namespaces nodes pods'), r(READ, 'extensions', 'deployments')] },
  { name: 'system:kube-aggregator', rules: [r(READ, '-', 'endpoints services')] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      r(EV, '- events.k8s.io', 'events'),
      r('create', 'coordination.k8s.io', 'leases'),
      r('get update', 'coordination.k8s.io', 'leases', 'kube-controller-manager'),
      r('create', '-', 'secrets serviceaccounts'),
      r('delete', '-', 'secrets'),
      r('get', '-', 'configmaps namespaces secrets serviceaccounts'),
      r('update', '-', 'secrets serviceaccounts'),
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
      r('list watch', '*', '*'),
      r('create', '-', 'serviceaccounts/token'),
    ],
  },
  { name: 'system:kube-dns', rules: [r('list watch', '-', 'endpoints services')] },
  {
    name: 'system:kube-scheduler',
    rules: [
      r(EV, '- events.k8s.io', 'events'),
      r('create', 'coordination.k8s.io', 'leases'),
      r('get update', 'coordination.k8s.io', 'leases', 'kube-scheduler'),
      r(READ, '-', 'nodes'),
      r('delete get list watch', '-', 'pods'),
      r('create', '-', 'bindings pods/binding'),
      r('patch update', '-', 'pods/status'),
      r(READ, '-', 'replicationcontrollers services'),
      r(READ, 'apps extensions', 'replicasets'),
      r(READ, 'apps', 'statefulsets'),
      r(READ, 'policy', 'poddisruptionbudgets'),
      r(READ, '-', 'persistentvolumeclaims persistentvolumes'),
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
      r(READ, 'storage.k8s.io', 'csinodes'),
      r(READ, '-', 'namespaces'),
      r(READ, 'storage.k8s.io', 'csidrivers'),
      r(READ, 'storage.k8s.io', 'csistoragecapacities'),
    ],
  },
  { name: 'system:kubelet-api-admin', rules: [r(READ, '-', 'nodes'), r('proxy', '-', 'nodes'), r('*', '-', 'nodes/log nodes/metrics nodes/proxy nodes/stats')] },
  { name: 'system:monitoring', rules: [u('get', '/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*')] },
  {
    name: 'system:node',
    rules: [
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'localsubjectaccessreviews subjectaccessreviews'),
      r(READ, '-', 'services'),
      r('create get list watch', '-', 'nodes'),
      r('patch update', '-', 'nodes/status'),
      r('patch update', '-', 'nodes'),
      r(EV, '-', 'events'),
      r(READ, '-', 'pods'),
      r('create delete', '-', 'pods'),
      r('patch update', '-', 'pods/status'),
      r('create', '-', 'pods/eviction'),
      r(READ, '-', 'configmaps secrets'),
      r('get', '-', 'persistentvolumeclaims persistentvolumes'),
      r('get', '-', 'endpoints'),
      r('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests'),
      r('create delete get patch update', 'coordination.k8s.io', 'leases'),
      r('get', 'storage.k8s.io', 'volumeattachments'),
      r('create', '-', 'serviceaccounts/token'),
      r('get patch update', '-', 'persistentvolumeclaims/status'),
      r(READ, 'storage.k8s.io', 'csidrivers'),
      r('create delete get patch update', 'storage.k8s.io', 'csinodes'),
      r(READ, 'node.k8s.io', 'runtimeclasses'),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [r('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests')] },
  { name: 'system:node-problem-detector', rules: [r('get', '-', 'nodes'), r('patch', '-', 'nodes/status'), r(EV, '- events.k8s.io', 'events')] },
  { name: 'system:node-proxier', rules: [r('list watch', '-', 'endpoints services'), r(READ, '-', 'nodes'), r(EV, '- events.k8s.io', 'events'), r('list watch', 'discovery.k8s.io', 'endpointslices')] },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [r('create delete get list watch', '-', 'persistentvolumes'), r('get list update watch', '-', 'persistentvolumeclaims'), r(READ, 'storage.k8s.io', 'storageclasses'), r('watch', '-', 'events'), r(EV, '- events.k8s.io', 'events')],
  },
  { name: 'system:public-info-viewer', rules: [u('get', '/healthz /livez /readyz /version /version/')] },
  { name: 'system:service-account-issuer-discovery', rules: [u('get', '/.well-known/openid-configuration /openid/v1/jwks')] },
  { name: 'system:volume-scheduler', rules: [r('get list patch update watch', '-', 'persistentvolumes'), r(READ, 'storage.k8s.io', 'storageclasses'), r('get list patch update watch', '-', 'persistentvolumeclaims')] },
  { name: 'view', rules: null, aggregateFrom: 'view', aggregateTo: 'edit' },
];
