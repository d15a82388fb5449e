// Generates assets/openapi/v1.32.json, the compact Kubernetes v1.32 OpenAPI v3 schema that kubesim decodes
// manifests against (typed decoding, strict field validation) and that `kubesim explain` prints from.
//
// Source: the OpenAPI v3 documents kube-apiserver v1.32 publishes, api/openapi-spec/v3/*.json in
// kubernetes/kubernetes at the v1.32 release (the same documents kubernetes-sigs/kubectl-validate vendors as
// pkg/openapiclient/builtins/1.32/). Only the group-versions a v1.32 cluster serves by default (GA, v1/v2) are
// kept, as a kind cluster serves them.
//
// Usage: node scripts/gen-openapi-schema.mjs DIR API_DIR
//   DIR holds the documents either flat as published (api__v1_openapi.json, apis__apps__v1_openapi.json, ...)
//   or nested (api/v1.json, apis/apps/v1.json, ...).
//   API_DIR is the k8s.io/api source tree of the same release (kubernetes/api v0.32.x): the served spec has the
//   `+enum` types' values (ENUM in explain, "Possible enum values:" in descriptions) that the checked-in
//   documents lack; scripts/openapi-enums.mjs adds them as kube-openapi does.
//
// What is kept of each component schema: what decoding and explain read (type, format, description, properties,
// required, items, additionalProperties, allOf/$ref, enum, x-kubernetes-group-version-kind,
// x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields). Dropped: paths, defaults, list/patch
// metadata. `$ref`s lose their `#/components/schemas/` prefix.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { applyEnums } from './openapi-enums.mjs';

const dir = process.argv[2];
const apiDir = process.argv[3];
if (!dir || !apiDir) {
  console.error('usage: node scripts/gen-openapi-schema.mjs DIR API_DIR');
  process.exit(2);
}

const KEEP = new Set([
  'type',
  'format',
  'description',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'allOf',
  '$ref',
  'enum',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
]);
const PREFIX = '#/components/schemas/';

/** group-version of a document file, or undefined when it is not a group-version document */
function groupVersionOf(rel) {
  const flat = /^(api|apis__(.+))__(v[^_]+)_openapi\.json$/.exec(path.basename(rel));
  if (flat) return { group: flat[2] ?? '', version: flat[3] };
  const nested = /^(?:api\/(v[^/]+)|apis\/([^/]+)\/(v[^/]+))\.json$/.exec(rel.split(path.sep).join('/'));
  if (nested) return nested[1] ? { group: '', version: nested[1] } : { group: nested[2], version: nested[3] };
  return undefined;
}

function walk(d, base = d) {
  const out = [];
  for (const name of readdirSync(d).sort()) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, base));
    else if (name.endsWith('.json')) out.push(path.relative(base, p));
  }
  return out;
}

function prune(s) {
  if (Array.isArray(s)) return s.map(prune);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const k of Object.keys(s).sort()) {
    if (!KEEP.has(k)) continue;
    const v = s[k];
    if (k === '$ref') out[k] = String(v).startsWith(PREFIX) ? String(v).slice(PREFIX.length) : v;
    else if (k === 'properties') {
      const props = {};
      for (const name of Object.keys(v).sort()) props[name] = prune(v[name]);
      out[k] = props;
    } else if (k === 'items' || k === 'allOf') out[k] = prune(v);
    else if (k === 'additionalProperties') out[k] = typeof v === 'boolean' ? v : prune(v);
    else out[k] = v;
  }
  return out;
}

const schemas = {};
const groupVersions = [];
for (const rel of walk(dir)) {
  const gv = groupVersionOf(rel);
  if (!gv || !/^v\d+$/.test(gv.version)) continue; // alpha/beta APIs are off by default in v1.32
  groupVersions.push(gv.group ? `${gv.group}/${gv.version}` : gv.version);
  const doc = JSON.parse(readFileSync(path.join(dir, rel), 'utf8'));
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
    const pruned = prune(s);
    const prev = schemas[name];
    if (prev && JSON.stringify(prev) !== JSON.stringify(pruned)) {
      // the same definition in two documents must agree; GVK lists may differ (shared meta types): union them
      const a = prev['x-kubernetes-group-version-kind'] ?? [];
      const b = pruned['x-kubernetes-group-version-kind'] ?? [];
      const merged = [...a, ...b.filter((x) => !a.some((y) => JSON.stringify(y) === JSON.stringify(x)))];
      const { ['x-kubernetes-group-version-kind']: _pa, ...pa } = prev;
      const { ['x-kubernetes-group-version-kind']: _pb, ...pb } = pruned;
      if (JSON.stringify(pa) !== JSON.stringify(pb)) throw new Error(`${name} differs between documents (${rel})`);
      prev['x-kubernetes-group-version-kind'] = merged;
      continue;
    }
    schemas[name] = pruned;
  }
}

const enumFields = applyEnums(schemas, apiDir);
const sorted = {};
for (const name of Object.keys(schemas).sort()) sorted[name] = schemas[name];
const asset = {
  source: 'kubernetes/kubernetes v1.32 api/openapi-spec/v3 (OpenAPI v3, pruned by scripts/gen-openapi-schema.mjs), enums from k8s.io/api v0.32.0',
  groupVersions: groupVersions.sort(),
  schemas: sorted,
};
mkdirSync('assets/openapi', { recursive: true });
const text = JSON.stringify(asset);
writeFileSync('assets/openapi/v1.32.json', text + '\n');
console.log(`assets/openapi/v1.32.json: ${Object.keys(sorted).length} schemas, ${groupVersions.length} group-versions, ${enumFields} enum fields, ${text.length} bytes`);
