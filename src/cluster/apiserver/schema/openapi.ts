// The Kubernetes v1.32 OpenAPI v3 component schemas (assets/openapi/v1.32.json, generated from the published spec
// by scripts/gen-openapi-schema.mjs). Read from disk on first use only: the commands that decode manifests or
// explain fields pay for it, a plain `kubesim get pods` never does.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A pruned OpenAPI v3 schema: what decoding and explain read. `$ref` names a component (no `#/...` prefix). */
export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  enum?: unknown[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

export interface OpenApiAsset {
  source: string;
  groupVersions: string[];
  schemas: Record<string, Schema>;
}

const ASSET = path.join('assets', 'openapi', 'v1.32.json');

let loaded: OpenApiAsset | undefined;
let byGvk: Map<string, string> | undefined;

/** assets/openapi/v1.32.json of this package: walks up from this module (src/..., dist/..., a bundle chunk). */
export function assetPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, ASSET)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, ASSET);
}

export function openApi(): OpenApiAsset {
  if (!loaded) loaded = JSON.parse(fs.readFileSync(assetPath(), 'utf8')) as OpenApiAsset;
  return loaded;
}

/** The component schema name of a kind (`io.k8s.api.apps.v1.Deployment` for apps/v1 Deployment). */
export function schemaNameFor(group: string, version: string, kind: string): string | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, s] of Object.entries(openApi().schemas)) {
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
        const key = `${g.group}/${g.version}/${g.kind}`;
        // meta types (DeleteOptions, WatchEvent) list every group: the first definition wins
        if (!byGvk.has(key)) byGvk.set(key, name);
      }
    }
  }
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** A schema with its `$ref` (direct, or the single allOf entry kube-openapi v3 wraps refs in) resolved. */
export function resolve(s: Schema): { schema: Schema; name?: string } {
  const ref = s.$ref ?? (s.allOf && s.allOf.length === 1 && !s.properties ? s.allOf[0].$ref : undefined);
  if (!ref) return { schema: s };
  const target = openApi().schemas[ref];
  return target ? { schema: target, name: ref } : { schema: s };
}
