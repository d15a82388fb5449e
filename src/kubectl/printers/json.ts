// `-o json` as kubectl prints it (json.MarshalIndent with 4 spaces + newline, HTML-safe escaping) and the v1 List
// wrapper used when several objects are printed.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { goJsonNumber, goJsonString } from './gofmt.js';

export interface JsonOptions {
  /** true (default) for server objects (unstructured maps, keys sorted); false keeps insertion order (typed structs) */
  sortKeys?: boolean;
}

function encode(v: unknown, indent: string, sortKeys: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = indent + '    ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + encode(x, inner, sortKeys)).join(',\n')}\n${indent}]`;
  }
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys = keys.sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${encode(o[k], inner, sortKeys)}`).join(',\n')}\n${indent}}`;
}

/** json.MarshalIndent(obj, "", "    ") + "\n". */
export function toJson(obj: unknown, opts: JsonOptions = {}): string {
  return encode(obj, '', opts.sortKeys ?? true) + '\n';
}

/** The v1 List kubectl wraps several objects (or an empty result) in for -o yaml/json/jsonpath. */
export function listOf(items: KubeObject[]): { apiVersion: 'v1'; items: KubeObject[]; kind: 'List'; metadata: { resourceVersion: string } } {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
