// The API server's warnings for a pod or a pod template (pkg/api/pod/warnings.go warningsForPodSpecAndMeta, with
// pkg/api/node's deprecated node labels): deprecated node labels in nodeSelector, node affinity and topology spread
// keys, a null topology spread labelSelector, and the deprecated annotations (critical-pod, the sysctls ones, the
// pod seccomp annotation without the field). Returned by create and by an update that changes the pod template; the
// client prints them (`Warning: ...` in kubectl, klog lines in client-go programs). The other checks of
// warnings.go (duplicate env, ports, volumes of removed plugins, fractional quantities) are not made yet.

import type { KubeObject } from '../types.js';

type Any = Record<string, any>;

const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

const DEPRECATED_ANNOTATIONS: Array<[string, string]> = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';

/** field.Path joining: `a.b`, `a[0]`, `a[key]` (the path of a pod itself starts empty). */
const child = (base: string, ...names: string[]) => [base, ...names].filter(Boolean).join('.');

function termWarnings(term: Any | undefined, path: string): string[] {
  const out: string[] = [];
  ((term?.matchExpressions ?? []) as Any[]).forEach((e, j) => {
    const msg = DEPRECATED_NODE_LABELS[e?.key];
    if (msg) out.push(`${path}.matchExpressions[${j}].key: ${e.key} is ${msg}`);
  });
  return out;
}

/** warningsForPodSpecAndMeta for the spec and metadata at `path` (`` for a pod, `spec.template` for a Deployment). */
export function podSpecWarnings(path: string, spec: Any | undefined, meta: Any | undefined): string[] {
  const out: string[] = [];
  if (!spec) return out;
  for (const k of Object.keys(spec.nodeSelector ?? {})) {
    const msg = DEPRECATED_NODE_LABELS[k];
    if (msg) out.push(`${child(path, 'spec', 'nodeSelector')}[${k}]: ${msg}`);
  }
  const na = spec.affinity?.nodeAffinity;
  if (na) {
    const terms = (na.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as Any[];
    terms.forEach((t, i) => out.push(...termWarnings(t, `${child(path, 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms')}[${i}]`)));
    ((na.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Any[]).forEach((t, i) =>
      out.push(...termWarnings(t?.preference, `${child(path, 'spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution')}[${i}].preference`)),
    );
  }
  ((spec.topologySpreadConstraints ?? []) as Any[]).forEach((t, i) => {
    const p = `${child(path, 'spec', 'topologySpreadConstraints')}[${i}]`;
    const msg = DEPRECATED_NODE_LABELS[t?.topologyKey];
    if (msg) out.push(`${p}.topologyKey: ${t.topologyKey} is ${msg}`);
    if (t?.labelSelector === undefined || t?.labelSelector === null) out.push(`${p}.labelSelector: a null labelSelector results in matching no pod`);
  });
  const annotations = (meta?.annotations ?? {}) as Record<string, string>;
  for (const [key, msg] of DEPRECATED_ANNOTATIONS) {
    if (key in annotations) out.push(`${child(path, 'metadata', 'annotations')}[${key}]: ${msg}`);
  }
  if (!spec.securityContext?.seccompProfile && SECCOMP_POD_ANNOTATION in annotations) {
    out.push(`${child(path, 'metadata', 'annotations')}[${SECCOMP_POD_ANNOTATION}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  return out;
}

/** Where each kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  'deployments.apps': ['spec', 'template'],
  'replicasets.apps': ['spec', 'template'],
  'daemonsets.apps': ['spec', 'template'],
  'statefulsets.apps': ['spec', 'template'],
  'jobs.batch': ['spec', 'template'],
  'cronjobs.batch': ['spec', 'jobTemplate', 'spec', 'template'],
  replicationcontrollers: ['spec', 'template'],
  podtemplates: ['template'],
};

function templateOf(key: string, obj: KubeObject): Any | undefined {
  let cur: Any | undefined = obj as Any;
  for (const k of TEMPLATE_PATHS[key] ?? []) cur = cur?.[k];
  return cur;
}

/** The warnings of a create (old undefined) or an update of `key`; an update warns only when the template changed. */
export function podWarnings(key: string, obj: KubeObject, old: KubeObject | undefined): string[] {
  if (key === 'pods') return podSpecWarnings('', (obj as Any).spec, obj.metadata);
  const path = TEMPLATE_PATHS[key];
  if (!path) return [];
  const tpl = templateOf(key, obj);
  if (old && JSON.stringify(templateOf(key, old)) === JSON.stringify(tpl)) return [];
  return podSpecWarnings(path.join('.'), tpl?.spec, tpl?.metadata);
}
