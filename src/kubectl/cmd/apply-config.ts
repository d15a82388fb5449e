// Client-side apply's data model: the last-applied-configuration annotation (GetModifiedConfiguration) and a
// three-way merge of last-applied / new manifest / live object with strategic-merge list keys for the common kinds.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { goJsonCompact } from '../printers/gofmt.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Go json.Marshal of a typed struct: compact, fields in declaration (insertion) order, HTML-safe. */
function goJsonOrdered(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The annotation value kubectl writes: the object without its own last-applied annotation, encoded as compact
 * JSON plus a newline. Unstructured objects (files) keep an empty `annotations: {}` and have sorted keys; typed
 * objects (generators with --save-config) drop empty maps and keep field order.
 */
export function lastAppliedAnnotation(obj: KubeObject, opts: { typed?: boolean } = {}): string {
  const copy = structuredClone(obj);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  if (opts.typed) {
    if (Object.keys(annotations).length) copy.metadata.annotations = annotations;
    else delete copy.metadata.annotations;
    return goJsonOrdered(copy) + '\n';
  }
  copy.metadata.annotations = annotations;
  return goJsonCompact(copy) + '\n';
}

/** The manifest as apply sends it: with the new last-applied annotation set. */
export function withLastApplied(obj: KubeObject): KubeObject {
  const value = lastAppliedAnnotation(obj);
  const copy = structuredClone(obj);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: value };
  return copy;
}

type Json = unknown;

function isObj(v: Json): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** patchMergeKey of a list field, from the Kubernetes API types (strategic merge patch). */
export function mergeKeyFor(field: string, parent: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'ports':
      return parent === 'container' ? 'containerPort' : 'port';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'conditions':
      return 'type';
    default:
      return undefined;
  }
}

export function parentKindOf(field: string): string {
  return field === 'containers' || field === 'initContainers' || field === 'ephemeralContainers' ? 'container' : field;
}

function merge3(original: Json, modified: Json, current: Json, field: string, parent: string): Json {
  if (isObj(modified) && isObj(current)) {
    const out: Record<string, Json> = { ...current };
    const orig = isObj(original) ? original : {};
    for (const k of Object.keys(modified)) {
      if (modified[k] === null) {
        delete out[k];
        continue;
      }
      out[k] = merge3(orig[k], modified[k], current[k], k, parent);
    }
    for (const k of Object.keys(orig)) if (!(k in modified)) delete out[k];
    return out;
  }
  if (Array.isArray(modified) && Array.isArray(current)) {
    const key = mergeKeyFor(field, parent);
    if (key && modified.every(isObj) && current.every(isObj)) {
      const origList = Array.isArray(original) ? original.filter(isObj) : [];
      const childParent = parentKindOf(field);
      const used = new Set<Json>();
      const out: Json[] = [];
      for (const m of modified as Record<string, Json>[]) {
        const c = (current as Record<string, Json>[]).find((x) => !used.has(x) && x[key] === m[key]);
        const o = origList.find((x) => x[key] === m[key]);
        if (c) {
          used.add(c);
          out.push(merge3(o, m, c, '', childParent));
        } else out.push(m);
      }
      for (const c of current as Record<string, Json>[]) {
        if (used.has(c)) continue;
        if (origList.some((o) => o[key] === c[key])) continue; // removed from the configuration
        out.push(c);
      }
      return out;
    }
    return modified;
  }
  return modified;
}

/**
 * The live object after a client-side apply: fields set in the new manifest win, fields that were in the last
 * applied configuration but are gone from the manifest are removed, everything else (defaults, allocations,
 * other writers' fields) stays.
 */
export function threeWayMerge(original: KubeObject | undefined, modified: KubeObject, current: KubeObject): KubeObject {
  const { status: _s, ...mod } = modified as KubeObject & { status?: unknown };
  const orig = original ? (({ status: _os, ...o }) => o)(original as KubeObject & { status?: unknown }) : undefined;
  return merge3(orig, mod, current, '', '') as KubeObject;
}

export function deepEqual(a: Json, b: Json): boolean {
  return goJsonCompact(a) === goJsonCompact(b);
}
