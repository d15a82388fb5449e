// Entry point of the describers: picks kubectl's describer for a resource key (or the generic one) and returns
// the text `kubectl describe` prints for one object.

import type { ConfigMap, DaemonSet, Deployment, EndpointSlice, Endpoints, KubeObject, Node, Pod, ReplicaSet, Service, StatefulSet } from '../../cluster/apiserver/types.js';
import { describeHPA, describePDB, describeQuota } from './autoscaling.js';
import { describeCertificateSigningRequest } from './certificates.js';
import { describeCronJob, describeJob } from './batch.js';
import { describeConfigMap, describeNamespace, describeSecret, describeServiceAccount } from './config.js';
import { describeGeneric } from './generic.js';
import type { DescribeContext } from './helpers.js';
import { describeEndpointSlice, describeEndpoints, describeIngress, describeIngressClass, describeService } from './networking.js';
import { describeNetworkPolicy } from './netpol.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describeRole, describeRoleBinding } from './rbac.js';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage.js';
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeStatefulSet } from './workloads.js';

export type { DescribeContext } from './helpers.js';

const DESCRIBERS: Record<string, (obj: KubeObject, ctx: DescribeContext) => string> = {
  pods: (o, c) => describePod(o as Pod, c),
  services: (o, c) => describeService(o as Service, c),
  endpoints: (o, c) => describeEndpoints(o as Endpoints, c),
  'endpointslices.discovery.k8s.io': (o, c) => describeEndpointSlice(o as EndpointSlice, c),
  'ingresses.networking.k8s.io': (o, c) => describeIngress(o, c),
  'ingressclasses.networking.k8s.io': (o, c) => describeIngressClass(o, c),
  'networkpolicies.networking.k8s.io': (o) => describeNetworkPolicy(o),
  nodes: (o, c) => describeNode(o as Node, c),
  namespaces: (o, c) => describeNamespace(o, c),
  configmaps: (o, c) => describeConfigMap(o as ConfigMap, c),
  secrets: (o) => describeSecret(o),
  serviceaccounts: (o, c) => describeServiceAccount(o, c),
  'deployments.apps': (o, c) => describeDeployment(o as Deployment, c),
  'replicasets.apps': (o, c) => describeReplicaSet(o as ReplicaSet, c),
  'statefulsets.apps': (o, c) => describeStatefulSet(o as StatefulSet, c),
  'daemonsets.apps': (o, c) => describeDaemonSet(o as DaemonSet, c),
  'jobs.batch': (o, c) => describeJob(o, c),
  'cronjobs.batch': (o, c) => describeCronJob(o, c),
  'horizontalpodautoscalers.autoscaling': (o, c) => describeHPA(o, c),
  resourcequotas: (o) => describeQuota(o),
  'poddisruptionbudgets.policy': (o, c) => describePDB(o, c),
  persistentvolumes: (o, c) => describePersistentVolume(o as never, c),
  persistentvolumeclaims: (o, c) => describePersistentVolumeClaim(o as never, c),
  'storageclasses.storage.k8s.io': (o, c) => describeStorageClass(o as never, c),
  'roles.rbac.authorization.k8s.io': (o) => describeRole(o as never),
  'clusterroles.rbac.authorization.k8s.io': (o) => describeRole(o as never),
  'rolebindings.rbac.authorization.k8s.io': (o) => describeRoleBinding(o as never),
  'clusterrolebindings.rbac.authorization.k8s.io': (o) => describeRoleBinding(o as never),
  'certificatesigningrequests.certificates.k8s.io': (o, c) => describeCertificateSigningRequest(o, c),
};

/** `kubectl describe` output for one object (ends with a newline). */
export function describeObject(resourceKey: string, obj: KubeObject, ctx: DescribeContext): string {
  const fn = DESCRIBERS[resourceKey] ?? describeGeneric;
  return fn(obj, ctx);
}

/** Several objects joined as kubectl's describe command joins them: two blank lines between ("\n\n%s" after each first). */
export function joinDescriptions(outputs: string[]): string {
  return outputs.join('\n\n');
}
