// API discovery: every resource the simulated kube-apiserver v1.32 serves, as `kubectl api-resources` lists it.
// Used by the store (keys), by kubectl's resource resolution and by printers (kind.group prefixes).

export interface ResourceInfo {
  /** plural resource name, e.g. `pods` */
  name: string;
  singular: string;
  shortNames: string[];
  group: string;
  version: string;
  /** `v1` or `apps/v1` */
  apiVersion: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
  /** for a custom resource: the name of the CustomResourceDefinition that serves it */
  crd?: string;
}

const ALL = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
const FULL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = new Set(['bindings', 'tokenreviews', 'selfsubjectreviews', 'localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews']);

function singularOf(plural: string, kind: string): string {
  if (plural === 'endpoints') return 'endpoints';
  return kind.toLowerCase();
}

function r(name: string, short: string, apiVersion: string, namespaced: boolean, kind: string): ResourceInfo {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const categories = ALL.includes(name) ? (name === 'horizontalpodautoscalers' ? ['all', 'podautoscalers'] : ['all']) : name === 'customresourcedefinitions' ? ['api-extensions'] : [];
  let verbs = CREATE_ONLY.has(name) ? ['create'] : FULL_VERBS;
  if (name === 'componentstatuses') verbs = ['get', 'list'];
  if (name === 'namespaces') verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
  return { name, singular: singularOf(name, kind), shortNames: short ? short.split(',') : [], group, version, apiVersion, namespaced, kind, verbs, categories };
}

/** In discovery order: core group first, then groups alphabetically, resources alphabetically inside a group. */
export const RESOURCES: readonly ResourceInfo[] = [
  r('bindings', '', 'v1', true, 'Binding'),
  r('componentstatuses', 'cs', 'v1', false, 'ComponentStatus'),
  r('configmaps', 'cm', 'v1', true, 'ConfigMap'),
  r('endpoints', 'ep', 'v1', true, 'Endpoints'),
  r('events', 'ev', 'v1', true, 'Event'),
  r('limitranges', 'limits', 'v1', true, 'LimitRange'),
  r('namespaces', 'ns', 'v1', false, 'Namespace'),
  r('nodes', 'no', 'v1', false, 'Node'),
  r('persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim'),
  r('persistentvolumes', 'pv', 'v1', false, 'PersistentVolume'),
  r('pods', 'po', 'v1', true, 'Pod'),
  r('podtemplates', '', 'v1', true, 'PodTemplate'),
  r('replicationcontrollers', 'rc', 'v1', true, 'ReplicationController'),
  r('resourcequotas', 'quota', 'v1', true, 'ResourceQuota'),
  r('secrets', '', 'v1', true, 'Secret'),
  r('serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'),
  r('services', 'svc', 'v1', true, 'Service'),
  r('mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'MutatingWebhookConfiguration'),
  r('validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicy'),
  r('validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicyBinding'),
  r('validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingWebhookConfiguration'),
  r('customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition'),
  r('apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService'),
  r('controllerrevisions', '', 'apps/v1', true, 'ControllerRevision'),
  r('daemonsets', 'ds', 'apps/v1', true, 'DaemonSet'),
  r('deployments', 'deploy', 'apps/v1', true, 'Deployment'),
  r('replicasets', 'rs', 'apps/v1', true, 'ReplicaSet'),
  r('statefulsets', 'sts', 'apps/v1', true, 'StatefulSet'),
  r('selfsubjectreviews', '', 'authentication.k8s.io/v1', false, 'SelfSubjectReview'),
  r('tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview'),
  r('localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview'),
  r('selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview'),
  r('selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview'),
  r('subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview'),
  r('horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler'),
  r('cronjobs', 'cj', 'batch/v1', true, 'CronJob'),
  r('jobs', '', 'batch/v1', true, 'Job'),
  r('certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest'),
  r('leases', '', 'coordination.k8s.io/v1', true, 'Lease'),
  r('endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'),
  r('events', 'ev', 'events.k8s.io/v1', true, 'Event'),
  r('flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'FlowSchema'),
  r('prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'PriorityLevelConfiguration'),
  r('ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass'),
  r('ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress'),
  r('networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy'),
  r('runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass'),
  r('poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'),
  r('clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding'),
  r('clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole'),
  r('rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding'),
  r('roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role'),
  r('priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass'),
  r('csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver'),
  r('csinodes', '', 'storage.k8s.io/v1', false, 'CSINode'),
  r('csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity'),
  r('storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass'),
  r('volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment'),
];

const byKind = new Map<string, ResourceInfo>();
for (const info of RESOURCES) {
  const key = `${info.group}/${info.kind}`;
  if (!byKind.has(key)) byKind.set(key, info);
}

/** The resource serving `kind` in `apiVersion`'s group (e.g. `apps/v1`, `Deployment`). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return byKind.get(`${group}/${kind}`);
}

/** The resource of a kind by kind name alone (core group preferred), e.g. `Pod`. */
export function resourceByKindName(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** `kind.group` lower-cased as kubectl prints it before `/name` (`deployment.apps`, `pod`). */
export function kindPrefix(info: ResourceInfo): string {
  return (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase();
}

/** Store key of a resource: `pods`, `deployments.apps`. */
export function resourceKey(info: ResourceInfo): string {
  return info.group ? `${info.name}.${info.group}` : info.name;
}
