// The per-controller ClusterRoles kube-apiserver creates for kube-controller-manager's service-account
// credentials (bootstrappolicy/controller_policy.go, transcribed from testdata/controller-roles.yaml; the roles of
// controllers behind feature gates that v1.32 leaves off are not created), each bound to its ServiceAccount in
// kube-system by a ClusterRoleBinding of the same name.

import { r, type ClusterRoleSpec } from './cluster-roles.js';
import type { PolicyRule } from './types.js';

const EVENTS = r('create patch update', '- events.k8s.io', 'events');
const READ = 'get list watch';

function c(name: string, rules: PolicyRule[]): ClusterRoleSpec {
  return { name: `system:controller:${name}`, rules };
}

export const CONTROLLER_ROLES: ClusterRoleSpec[] = [
  c('attachdetach-controller', [
    r('list watch', '-', 'persistentvolumeclaims persistentvolumes'),
    r(READ, '-', 'nodes'),
    r('patch update', '-', 'nodes/status'),
    r('list watch', '-', 'pods'),
    EVENTS,
    r('create delete get list watch', 'storage.k8s.io', 'volumeattachments'),
    r(READ, 'storage.k8s.io', 'csidrivers'),
    r(READ, 'storage.k8s.io', 'csinodes'),
  ]),
  c('certificate-controller', [
    r('delete get list watch', 'certificates.k8s.io', 'certificatesigningrequests'),
    r('update', 'certificates.k8s.io', 'certificatesigningrequests/approval certificatesigningrequests/status'),
    r('approve', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client-kubelet'),
    r('sign', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client kubernetes.io/kube-apiserver-client-kubelet kubernetes.io/kubelet-serving kubernetes.io/legacy-unknown'),
    r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
    EVENTS,
  ]),
  c('clusterrole-aggregation-controller', [r('escalate get list patch update watch', 'rbac.authorization.k8s.io', 'clusterroles')]),
  c('cronjob-controller', [
    r('get list update watch', 'batch', 'cronjobs'),
    r('create delete get list patch update watch', 'batch', 'jobs'),
    r('update', 'batch', 'cronjobs/status'),
    r('update', 'batch', 'cronjobs/finalizers'),
    r('delete list watch', '-', 'pods'),
    EVENTS,
  ]),
  c('daemon-set-controller', [
    r(READ, 'apps extensions', 'daemonsets'),
    r('update', 'apps extensions', 'daemonsets/status'),
    r('update', 'apps extensions', 'daemonsets/finalizers'),
    r('list watch', '-', 'nodes'),
    r('create delete list patch watch', '-', 'pods'),
    r('create', '-', 'pods/binding'),
    r('create delete get list patch update watch', 'apps', 'controllerrevisions'),
    EVENTS,
  ]),
  c('deployment-controller', [
    r('get list update watch', 'apps extensions', 'deployments'),
    r('update', 'apps extensions', 'deployments/status'),
    r('update', 'apps extensions', 'deployments/finalizers'),
    r('create delete get list patch update watch', 'apps extensions', 'replicasets'),
    r('get list update watch', '-', 'pods'),
    EVENTS,
  ]),
  c('disruption-controller', [
    r(READ, 'apps extensions', 'deployments'),
    r(READ, 'apps extensions', 'replicasets'),
    r(READ, '-', 'replicationcontrollers'),
    r(READ, 'policy', 'poddisruptionbudgets'),
    r(READ, 'apps', 'statefulsets'),
    r('update', 'policy', 'poddisruptionbudgets/status'),
    r('patch update', '-', 'pods/status'),
    r('get', '*', '*/scale'),
    EVENTS,
  ]),
  c('endpoint-controller', [r(READ, '-', 'pods services'), r('create delete get list update watch', '-', 'endpoints'), r('create', '-', 'endpoints/restricted'), EVENTS]),
  c('endpointslice-controller', [r(READ, '-', 'nodes pods services'), r('update', '-', 'services/finalizers'), r('create delete get list update watch', 'discovery.k8s.io', 'endpointslices'), EVENTS]),
  c('endpointslicemirroring-controller', [
    r(READ, '-', 'endpoints services'),
    r('update', '-', 'services/finalizers'),
    r('update', '-', 'endpoints/finalizers'),
    r('create delete get list update watch', 'discovery.k8s.io', 'endpointslices'),
    EVENTS,
  ]),
  c('ephemeral-volume-controller', [r(READ, '-', 'pods'), r('update', '-', 'pods/finalizers'), r('create get list watch', '-', 'persistentvolumeclaims'), EVENTS]),
  c('expand-controller', [r('get list patch update watch', '-', 'persistentvolumes'), r('patch update', '-', 'persistentvolumeclaims/status'), r(READ, '-', 'persistentvolumeclaims'), EVENTS]),
  c('generic-garbage-collector', [r('delete get list patch update watch', '*', '*'), EVENTS]),
  c('horizontal-pod-autoscaler', [
    r(READ, 'autoscaling', 'horizontalpodautoscalers'),
    r('update', 'autoscaling', 'horizontalpodautoscalers/status'),
    r('get update', '*', '*/scale'),
    r('list watch', '-', 'pods'),
    r('list watch', 'metrics.k8s.io', 'pods'),
    r(READ, 'custom.metrics.k8s.io', '*'),
    r(READ, 'external.metrics.k8s.io', '*'),
    EVENTS,
  ]),
  c('job-controller', [r('get list patch update watch', 'batch', 'jobs'), r('update', 'batch', 'jobs/status'), r('update', 'batch', 'jobs/finalizers'), r('create delete list patch watch', '-', 'pods'), EVENTS]),
  c('legacy-service-account-token-cleaner', [r('get', '-', 'configmaps', 'kube-apiserver-legacy-service-account-token-tracking'), r('delete patch', '-', 'secrets')]),
  c('namespace-controller', [r('delete get list watch', '-', 'namespaces'), r('update', '-', 'namespaces/finalize namespaces/status'), r('delete deletecollection get list watch', '*', '*')]),
  c('node-controller', [r('delete get list patch update watch', '-', 'nodes'), r('patch update', '-', 'nodes/status'), r('patch update', '-', 'pods/status'), r('delete get list watch', '-', 'pods'), EVENTS]),
  c('persistent-volume-binder', [
    r('create delete get list update watch', '-', 'persistentvolumes'),
    r('update', '-', 'persistentvolumes/status'),
    r('get list update watch', '-', 'persistentvolumeclaims'),
    r('update', '-', 'persistentvolumeclaims/status'),
    r('create delete get list watch', '-', 'pods'),
    r(READ, 'storage.k8s.io', 'storageclasses'),
    r('list watch', '-', 'nodes'),
    EVENTS,
    r('watch', '-', 'events'),
  ]),
  c('pod-garbage-collector', [r('delete list watch', '-', 'pods'), r(READ, '-', 'nodes'), r('patch', '-', 'pods/status')]),
  c('pv-protection-controller', [r('get list update watch', '-', 'persistentvolumes'), EVENTS]),
  c('pvc-protection-controller', [r('get list update watch', '-', 'persistentvolumeclaims'), r('update', '-', 'persistentvolumeclaims/status'), r(READ, '-', 'pods'), EVENTS]),
  c('replicaset-controller', [r('get list update watch', 'apps extensions', 'replicasets'), r('update', 'apps extensions', 'replicasets/status'), r('update', 'apps extensions', 'replicasets/finalizers'), r('create delete list patch watch', '-', 'pods'), EVENTS]),
  c('replication-controller', [r('get list update watch', '-', 'replicationcontrollers'), r('update', '-', 'replicationcontrollers/status'), r('update', '-', 'replicationcontrollers/finalizers'), r('create delete list patch watch', '-', 'pods'), EVENTS]),
  c('resourcequota-controller', [r('list watch', '*', '*'), r('update', '-', 'resourcequotas/status'), EVENTS]),
  c('root-ca-cert-publisher', [r('create update', '-', 'configmaps'), EVENTS]),
  c('route-controller', [r('list watch', '-', 'nodes'), r('patch', '-', 'nodes/status'), EVENTS]),
  c('service-account-controller', [r('create', '-', 'serviceaccounts'), EVENTS]),
  c('service-controller', [r(READ, '-', 'services'), r('patch update', '-', 'services/status'), r('list watch', '-', 'nodes'), EVENTS]),
  c('statefulset-controller', [
    r('list watch', '-', 'pods'),
    r(READ, 'apps', 'statefulsets'),
    r('update', 'apps', 'statefulsets/status'),
    r('update', 'apps', 'statefulsets/finalizers'),
    r('create delete get patch update', '-', 'pods'),
    r('create delete get list patch update watch', 'apps', 'controllerrevisions'),
    r('create get list watch', '-', 'persistentvolumeclaims'),
    r('delete update', '-', 'persistentvolumeclaims'),
    r('update', '-', 'pods/finalizers'),
    EVENTS,
  ]),
  c('ttl-after-finished-controller', [r('delete get list watch', 'batch', 'jobs'), EVENTS]),
  c('ttl-controller', [r('list patch update watch', '-', 'nodes'), EVENTS]),
  c('validatingadmissionpolicy-status-controller', [
    r(READ, 'admissionregistration.k8s.io', 'validatingadmissionpolicies'),
    r('get patch update', 'admissionregistration.k8s.io', 'validatingadmissionpolicies/status'),
    EVENTS,
  ]),
];
