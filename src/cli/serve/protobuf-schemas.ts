// The protobuf field numbers of the kinds kubesim decodes from `application/vnd.kubernetes.protobuf` request bodies,
// transcribed from Kubernetes v1.32's generated.proto files (k8s.io/api/.../generated.proto and apimachinery's
// meta/v1 and runtime ones). Each field: its JSON name and wire type. Kinds outside this table are refused.

/** A field's type: a scalar, a nested message, `time` (meta/v1 Time), or a map of string to string/bytes. */
export type FieldType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'map:string' | 'map:bytes' | { msg: string };

export interface Field {
  json: string;
  type: FieldType;
  repeated?: true;
  /** a pointer field in Go: its zero value was set by the client and is kept (gogo writes every non-pointer field) */
  ptr?: true;
}

type Message = Record<number, Field>;

const s = (json: string): Field => ({ json, type: 'string' });
const ss = (json: string): Field => ({ json, type: 'string', repeated: true });
const m = (json: string, msg: string, repeated?: true): Field => (repeated ? { json, type: { msg }, repeated } : { json, type: { msg } });

export const MESSAGES: Record<string, Message> = {
  // runtime.Unknown, the envelope after the "k8s\0" magic, and its runtime.TypeMeta
  Unknown: { 1: m('typeMeta', 'RuntimeTypeMeta'), 2: { json: 'raw', type: 'bytes' }, 3: s('contentEncoding'), 4: s('contentType') },
  RuntimeTypeMeta: { 1: s('apiVersion'), 2: s('kind') },
  ObjectMeta: {
    1: s('name'), 2: s('generateName'), 3: s('namespace'), 4: s('selfLink'), 5: s('uid'), 6: s('resourceVersion'),
    7: { json: 'generation', type: 'int' }, 8: { json: 'creationTimestamp', type: 'time' }, 9: { json: 'deletionTimestamp', type: 'time' },
    10: { json: 'deletionGracePeriodSeconds', type: 'int', ptr: true }, 11: { json: 'labels', type: 'map:string' },
    12: { json: 'annotations', type: 'map:string' }, 13: m('ownerReferences', 'OwnerReference', true), 14: ss('finalizers'),
  },
  OwnerReference: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: { json: 'controller', type: 'bool', ptr: true }, 7: { json: 'blockOwnerDeletion', type: 'bool', ptr: true } },
  LabelSelector: { 1: { json: 'matchLabels', type: 'map:string' }, 2: m('matchExpressions', 'LabelSelectorRequirement', true) },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: ss('values') },
  DeleteOptions: {
    1: { json: 'gracePeriodSeconds', type: 'int', ptr: true }, 2: m('preconditions', 'Preconditions'), 3: { json: 'orphanDependents', type: 'bool', ptr: true },
    4: s('propagationPolicy'), 5: ss('dryRun'),
  },
  Preconditions: { 1: s('uid'), 2: s('resourceVersion') },
  // core/v1
  ConfigMap: { 1: m('metadata', 'ObjectMeta'), 2: { json: 'data', type: 'map:string' }, 3: { json: 'binaryData', type: 'map:bytes' }, 4: { json: 'immutable', type: 'bool', ptr: true } },
  Secret: { 1: m('metadata', 'ObjectMeta'), 2: { json: 'data', type: 'map:bytes' }, 3: s('type'), 4: { json: 'stringData', type: 'map:string' }, 5: { json: 'immutable', type: 'bool', ptr: true } },
  Namespace: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'NamespaceSpec') },
  NamespaceSpec: { 1: ss('finalizers') },
  ServiceAccount: { 1: m('metadata', 'ObjectMeta'), 2: m('secrets', 'ObjectReference', true), 3: m('imagePullSecrets', 'LocalObjectReference', true), 4: { json: 'automountServiceAccountToken', type: 'bool', ptr: true } },
  ObjectReference: { 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: s('resourceVersion'), 7: s('fieldPath') },
  LocalObjectReference: { 1: s('name') },
  // rbac.authorization.k8s.io/v1
  Role: { 1: m('metadata', 'ObjectMeta'), 2: m('rules', 'PolicyRule', true) },
  ClusterRole: { 1: m('metadata', 'ObjectMeta'), 2: m('rules', 'PolicyRule', true), 3: m('aggregationRule', 'AggregationRule') },
  AggregationRule: { 1: m('clusterRoleSelectors', 'LabelSelector', true) },
  PolicyRule: { 1: ss('verbs'), 2: ss('apiGroups'), 3: ss('resources'), 4: ss('resourceNames'), 5: ss('nonResourceURLs') },
  RoleBinding: { 1: m('metadata', 'ObjectMeta'), 2: m('subjects', 'Subject', true), 3: m('roleRef', 'RoleRef') },
  ClusterRoleBinding: { 1: m('metadata', 'ObjectMeta'), 2: m('subjects', 'Subject', true), 3: m('roleRef', 'RoleRef') },
  Subject: { 1: s('kind'), 2: s('apiGroup'), 3: s('name'), 4: s('namespace') },
  RoleRef: { 1: s('apiGroup'), 2: s('kind'), 3: s('name') },
  // authorization.k8s.io/v1 and authentication.k8s.io/v1 reviews (`kubectl auth can-i`, `auth whoami`)
  SelfSubjectAccessReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectAccessReviewSpec') },
  SelfSubjectAccessReviewSpec: { 1: m('resourceAttributes', 'ResourceAttributes'), 2: m('nonResourceAttributes', 'NonResourceAttributes') },
  ResourceAttributes: { 1: s('namespace'), 2: s('verb'), 3: s('group'), 4: s('version'), 5: s('resource'), 6: s('subresource'), 7: s('name') },
  NonResourceAttributes: { 1: s('path'), 2: s('verb') },
  SelfSubjectRulesReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectRulesReviewSpec') },
  SelfSubjectRulesReviewSpec: { 1: s('namespace') },
  SelfSubjectReview: { 1: m('metadata', 'ObjectMeta') },
};

/** The top-level kinds (apiVersion/kind) whose bodies decode. */
export const DECODABLE: Record<string, string> = {
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Namespace': 'Namespace',
  'v1/ServiceAccount': 'ServiceAccount',
  'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
  'v1/DeleteOptions': 'DeleteOptions',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
};
