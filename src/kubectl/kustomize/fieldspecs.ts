// kustomize's built-in field specs (api/internal/konfig/builtinpluginconsts): which fields of which kinds the
// label, annotation, namespace, image and replica transformers touch, and how a `a/b[]/c` path is walked.

import { type Gvk, isMap, type JsonMap } from './resource.js';

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

const fs = (kind: string | undefined, path: string, create: boolean, group?: string, version?: string): FieldSpec => ({ kind, path, create, group, version });

/** metadataLabelsFieldSpecs (also templateLabels) */
export const METADATA_LABELS: FieldSpec[] = [
  fs(undefined, 'metadata/labels', true),
  fs('ReplicationController', 'spec/template/metadata/labels', true, undefined, 'v1'),
  fs('Deployment', 'spec/template/metadata/labels', true),
  fs('ReplicaSet', 'spec/template/metadata/labels', true),
  fs('DaemonSet', 'spec/template/metadata/labels', true),
  fs('StatefulSet', 'spec/template/metadata/labels', true, 'apps'),
  fs('StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels', true, 'apps'),
  fs('Job', 'spec/template/metadata/labels', true, 'batch'),
  fs('CronJob', 'spec/jobTemplate/metadata/labels', true, 'batch'),
  fs('CronJob', 'spec/jobTemplate/spec/template/metadata/labels', true, 'batch'),
];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** commonLabelFieldSpecs: selectors too, then the metadata label specs */
export const COMMON_LABELS: FieldSpec[] = [
  fs('Service', 'spec/selector', true, undefined, 'v1'),
  fs('ReplicationController', 'spec/selector', true, undefined, 'v1'),
  fs('Deployment', 'spec/selector/matchLabels', true),
  ...AFFINITY.map((p) => fs('Deployment', p, false, 'apps')),
  fs('ReplicaSet', 'spec/selector/matchLabels', true),
  fs('DaemonSet', 'spec/selector/matchLabels', true),
  fs('StatefulSet', 'spec/selector/matchLabels', true, 'apps'),
  fs('StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels', true, 'apps'),
  ...AFFINITY.map((p) => fs('StatefulSet', p, false, 'apps')),
  fs('Job', 'spec/selector/matchLabels', false, 'batch'),
  fs('CronJob', 'spec/jobTemplate/spec/selector/matchLabels', false, 'batch'),
  fs('PodDisruptionBudget', 'spec/selector/matchLabels', false, 'policy'),
  fs('NetworkPolicy', 'spec/podSelector/matchLabels', false, 'networking.k8s.io'),
  fs('NetworkPolicy', 'spec/ingress/from/podSelector/matchLabels', false, 'networking.k8s.io'),
  fs('NetworkPolicy', 'spec/egress/to/podSelector/matchLabels', false, 'networking.k8s.io'),
  ...METADATA_LABELS,
];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  fs(undefined, 'metadata/annotations', true),
  fs('ReplicationController', 'spec/template/metadata/annotations', true, undefined, 'v1'),
  fs('Deployment', 'spec/template/metadata/annotations', true),
  fs('ReplicaSet', 'spec/template/metadata/annotations', true),
  fs('DaemonSet', 'spec/template/metadata/annotations', true),
  fs('StatefulSet', 'spec/template/metadata/annotations', true),
  fs('Job', 'spec/template/metadata/annotations', true, 'batch'),
  fs('CronJob', 'spec/jobTemplate/metadata/annotations', true, 'batch'),
  fs('CronJob', 'spec/jobTemplate/spec/template/metadata/annotations', true, 'batch'),
];

export const IMAGES: FieldSpec[] = [
  fs(undefined, 'spec/containers[]/image', true),
  fs(undefined, 'spec/initContainers[]/image', true),
  fs(undefined, 'spec/template/spec/containers[]/image', true),
  fs(undefined, 'spec/template/spec/initContainers[]/image', true),
];

/** (in the order kustomize's merged transformer config lists them) */
export const REPLICAS: FieldSpec[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].map((k) => fs(k, 'spec/replicas', true));

/** namespaceFieldSpecs beyond metadata/namespace */
export const NAMESPACE_EXTRA: FieldSpec[] = [
  fs('APIService', 'spec/service/namespace', true, 'apiregistration.k8s.io'),
  fs('CustomResourceDefinition', 'spec/conversion/webhook/clientConfig/service/namespace', false, 'apiextensions.k8s.io'),
];

export function selects(spec: FieldSpec, g: Gvk): boolean {
  return (!spec.group || spec.group === g.group) && (!spec.version || spec.version === g.version) && (!spec.kind || spec.kind === g.kind);
}

/** A path's segments (`\/` escapes a slash inside a key). */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (path[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += path[i];
  }
  out.push(cur);
  return out;
}

/**
 * fsslice: walks `path` in obj (sequences are walked element by element, `[]` or not), creating missing maps when
 * `create`, and calls `fn(parent, key)` for the last segment (present, or missing and `create`).
 */
export function walkPath(obj: unknown, path: string, create: boolean, fn: (parent: JsonMap, key: string) => void): void {
  const segs = pathSegments(path).map((s) => (s.endsWith('[]') ? s.slice(0, -2) : s));
  const step = (node: unknown, i: number): void => {
    if (Array.isArray(node)) {
      for (const el of node) step(el, i);
      return;
    }
    if (!isMap(node)) return;
    const key = segs[i];
    if (i === segs.length - 1) {
      if (key in node && node[key] !== null) fn(node, key);
      else if (create) fn(node, key);
      return;
    }
    let next = node[key];
    if (next === undefined || next === null) {
      if (!create) return;
      next = {};
      node[key] = next;
    }
    step(next, i + 1);
  };
  step(obj, 0);
}

/** Sets every key of `values` in the string map at the field (created when missing). */
export function setMapEntries(parent: JsonMap, key: string, values: Record<string, string>): void {
  if (!isMap(parent[key])) parent[key] = {};
  const m = parent[key] as JsonMap;
  for (const k of Object.keys(values).sort()) m[k] = values[k];
}
