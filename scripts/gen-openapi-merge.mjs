// Generates assets/openapi/v1.32-merge.json: what server-side apply needs of the Kubernetes v1.32 OpenAPI v3
// schemas beside the types assets/openapi/v1.32.json already holds. Per component schema: its
// x-kubernetes-map-type, and per property the list type (x-kubernetes-list-type / list-map-keys, or, as
// kube-openapi's schemaconv does when a list has none, the patch strategy: `merge` with a merge key is a map
// list, `merge` alone a set), the property's x-kubernetes-map-type, and whether the property is a non-pointer
// struct (`default: {}`: it is present, empty, in the Go zero value a create is compared with), and its scalar
// default (what fills a list-map key an item omits).
//
// Source: the same published documents as gen-openapi-schema.mjs (api/openapi-spec/v3 of kubernetes/kubernetes
// at v1.32, as kubernetes-sigs/kubectl-validate vendors them under pkg/openapiclient/builtins/1.32/).
//
// Usage: node scripts/gen-openapi-merge.mjs DIR   (DIR nested: api/v1.json, apis/apps/v1.json, ...)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/gen-openapi-merge.mjs DIR');
  process.exit(2);
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

/** list relationship of a property: [type, keys] (schemaconv's getListElementRelationship) */
function listType(p) {
  const lt = p['x-kubernetes-list-type'];
  if (lt === 'atomic') return ['atomic'];
  if (lt === 'set') return ['set'];
  if (lt === 'map') return ['map', p['x-kubernetes-list-map-keys']];
  const ps = p['x-kubernetes-patch-strategy'];
  if (ps === 'merge' || ps === 'merge,retainKeys') {
    const key = p['x-kubernetes-patch-merge-key'];
    return key ? ['map', [key]] : ['set'];
  }
  return undefined;
}

const out = {};
for (const rel of walk(dir)) {
  const m = /^(?:api\/(v[^/]+)|apis\/([^/]+)\/(v[^/]+))\.json$/.exec(rel.split(path.sep).join('/'));
  if (!m) continue;
  const version = m[1] ?? m[3];
  if (!/^v\d+$/.test(version)) continue; // GA only, as gen-openapi-schema.mjs keeps
  const doc = JSON.parse(readFileSync(path.join(dir, rel), 'utf8'));
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
    const entry = {};
    if (s['x-kubernetes-map-type'] === 'atomic') entry.atomic = true;
    const props = {};
    for (const [pn, p] of Object.entries(s.properties ?? {})) {
      const e = {};
      if (p.type === 'array') {
        const lt = listType(p);
        if (lt) {
          e.list = lt[0];
          if (lt[1]) e.keys = lt[1];
        }
      }
      if (p['x-kubernetes-map-type'] === 'atomic') e.atomic = true;
      if (p.default && typeof p.default === 'object' && !Array.isArray(p.default) && Object.keys(p.default).length === 0) e.struct = true;
      // a list-map key's default fills an item that omits it (smd: `k:{"containerPort":80,"protocol":"TCP"}`)
      if (['string', 'number', 'boolean'].includes(typeof p.default) && p.default !== '') e.default = p.default;
      if (Object.keys(e).length) props[pn] = e;
    }
    if (Object.keys(props).length) entry.props = props;
    if (!Object.keys(entry).length) continue;
    const prev = out[name];
    if (prev && JSON.stringify(prev) !== JSON.stringify(entry)) throw new Error(`${name} differs between documents (${rel})`);
    out[name] = entry;
  }
}
const sorted = {};
for (const name of Object.keys(out).sort()) sorted[name] = out[name];
const asset = { source: 'kubernetes/kubernetes v1.32 api/openapi-spec/v3 (list types, map types, struct defaults; scripts/gen-openapi-merge.mjs)', schemas: sorted };
const text = JSON.stringify(asset);
writeFileSync('assets/openapi/v1.32-merge.json', text + '\n');
console.log(`assets/openapi/v1.32-merge.json: ${Object.keys(sorted).length} schemas, ${text.length} bytes`);
