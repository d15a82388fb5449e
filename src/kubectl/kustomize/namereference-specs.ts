// kustomize's nameReference field specs (builtinpluginconsts/namereference.go): for each kind that can be renamed,
// the fields of other kinds that name it. A field is a string, a list of strings, or an object with name/namespace.

export interface RefSpec {
  /** the referred kind (and group, when the spec names one) */
  kind: string;
  group?: string;
  /** referrer kind → paths */
  fields: Array<{ kind: string; path: string; group?: string }>;
}

const POD_PATHS = {
  configMap: [
    'spec/volumes/configMap/name',
    'spec/containers/env/valueFrom/configMapKeyRef/name',
    'spec/initContainers/env/valueFrom/configMapKeyRef/name',
    'spec/containers/envFrom/configMapRef/name',
    'spec/initContainers/envFrom/configMapRef/name',
    'spec/volumes/projected/sources/configMap/name',
  ],
  secret: [
    'spec/volumes/secret/secretName',
    'spec/containers/env/valueFrom/secretKeyRef/name',
    'spec/initContainers/env/valueFrom/secretKeyRef/name',
    'spec/containers/envFrom/secretRef/name',
    'spec/initContainers/envFrom/secretRef/name',
    'spec/imagePullSecrets/name',
    'spec/volumes/projected/sources/secret/name',
  ],
};

/** the pod spec paths under every workload kind (Pod itself, PodTemplate, the controllers, CronJob) */
function podRefs(paths: string[], kinds: string[]): Array<{ kind: string; path: string }> {
  const out: Array<{ kind: string; path: string }> = [];
  const prefix: Record<string, string> = {
    Pod: '',
    PodTemplate: 'template/',
    Deployment: 'spec/template/',
    ReplicaSet: 'spec/template/',
    DaemonSet: 'spec/template/',
    StatefulSet: 'spec/template/',
    Job: 'spec/template/',
    CronJob: 'spec/jobTemplate/spec/template/',
    ReplicationController: 'spec/template/',
  };
  for (const kind of kinds) for (const p of paths) out.push({ kind, path: prefix[kind] + p });
  return out;
}

const WORKLOADS = ['Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'];
const CONTROLLERS = ['Pod', 'StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'];

export const NAME_REFERENCES: RefSpec[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({
    kind,
    fields: [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }],
  })),
  {
    kind: 'ConfigMap',
    fields: [
      ...podRefs(POD_PATHS.configMap, WORKLOADS),
      { kind: 'Node', path: 'spec/configSource/configMap' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap' },
    ],
  },
  {
    kind: 'Secret',
    fields: [
      ...podRefs(POD_PATHS.secret, WORKLOADS),
      { kind: 'Ingress', path: 'spec/tls/secretName' },
      { kind: 'Ingress', path: 'metadata/annotations/ingress.kubernetes.io\\/auth-secret' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret' },
      { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
      { kind: 'StorageClass', path: 'parameters/secretName' },
      { kind: 'StorageClass', path: 'parameters/adminSecretName' },
      { kind: 'StorageClass', path: 'parameters/userSecretName' },
      { kind: 'StorageClass', path: 'parameters/secretRef' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      { kind: 'PersistentVolume', path: 'spec/azureFile/secretName' },
    ],
  },
  {
    kind: 'Service',
    fields: [
      { kind: 'StatefulSet', path: 'spec/serviceName', group: 'apps' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name' },
      { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
      { kind: 'APIService', path: 'spec/service/name', group: 'apiregistration.k8s.io' },
      { kind: 'ValidatingWebhookConfiguration', path: 'webhooks/clientConfig/service', group: 'admissionregistration.k8s.io' },
      { kind: 'MutatingWebhookConfiguration', path: 'webhooks/clientConfig/service', group: 'admissionregistration.k8s.io' },
      { kind: 'HTTPRoute', path: 'spec/rules/backendRefs/name' },
    ],
  },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', fields: [{ kind: 'RoleBinding', path: 'roleRef/name', group: 'rbac.authorization.k8s.io' }] },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fields: [
      { kind: 'RoleBinding', path: 'roleRef/name', group: 'rbac.authorization.k8s.io' },
      { kind: 'ClusterRoleBinding', path: 'roleRef/name', group: 'rbac.authorization.k8s.io' },
    ],
  },
  {
    kind: 'ServiceAccount',
    fields: [
      { kind: 'RoleBinding', path: 'subjects', group: 'rbac.authorization.k8s.io' },
      { kind: 'ClusterRoleBinding', path: 'subjects', group: 'rbac.authorization.k8s.io' },
      ...CONTROLLERS.map((kind) => ({ kind, path: kind === 'Pod' ? 'spec/serviceAccountName' : kind === 'CronJob' ? 'spec/jobTemplate/spec/template/spec/serviceAccountName' : 'spec/template/spec/serviceAccountName' })),
    ],
  },
  {
    kind: 'PersistentVolumeClaim',
    fields: ['Pod', 'StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'].map((kind) => ({
      kind,
      path: kind === 'Pod' ? 'spec/volumes/persistentVolumeClaim/claimName' : kind === 'CronJob' ? 'spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName' : 'spec/template/spec/volumes/persistentVolumeClaim/claimName',
    })),
  },
  {
    kind: 'PersistentVolume',
    fields: [
      { kind: 'PersistentVolumeClaim', path: 'spec/volumeName' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
    ],
  },
  {
    kind: 'StorageClass',
    group: 'storage.k8s.io',
    fields: [
      { kind: 'PersistentVolume', path: 'spec/storageClassName' },
      { kind: 'PersistentVolumeClaim', path: 'spec/storageClassName' },
      { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/storageClassName' },
    ],
  },
  {
    kind: 'PriorityClass',
    group: 'scheduling.k8s.io',
    fields: CONTROLLERS.map((kind) => ({
      kind,
      path: kind === 'Pod' ? 'spec/priorityClassName' : kind === 'CronJob' ? 'spec/jobTemplate/spec/template/spec/priorityClassName' : 'spec/template/spec/priorityClassName',
    })),
  },
  // (kustomize spells the group 'networking.k8s.io/v1' here, so these references are never fixed: kept as it is)
  { kind: 'IngressClass', group: 'networking.k8s.io/v1', fields: [{ kind: 'Ingress', path: 'spec/ingressClassName' }] },
];
