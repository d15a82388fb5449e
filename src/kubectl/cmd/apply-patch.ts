// The patch `kubectl apply` sends for an object that exists (CreateThreeWayMergePatch): what changed from the
// live object to the new configuration, plus nulls for what the previous configuration had and the new one
// dropped. Lists with a patch merge key are diffed element by element (by key, in key order) with their
// `$setElementOrder/<field>` directive; other lists are sent whole when they differ. The API server quotes this
// patch in its errors.

import { mergeKeyFor, parentKindOf } from './apply-config.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

function isObj(v: Json): v is JsonMap {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffMap(original: Json, modified: JsonMap, current: Json, parent: string): JsonMap {
  const out: JsonMap = {};
  const cur = isObj(current) ? current : {};
  const orig = isObj(original) ? original : {};
  for (const [k, v] of Object.entries(modified)) {
    if (isObj(v) && isObj(cur[k])) {
      const sub = diffMap(orig[k], v, cur[k], parent);
      if (Object.keys(sub).length) out[k] = sub;
    } else if (Array.isArray(v) && Array.isArray(cur[k])) {
      const d = diffList(orig[k], v, cur[k] as Json[], k, parent);
      if (d) {
        if (d.order) out[`$setElementOrder/${k}`] = d.order;
        out[k] = d.list;
      }
    } else if (!equal(v, cur[k])) out[k] = v;
  }
  for (const k of Object.keys(orig)) if (!(k in modified) && k in cur) out[k] = null;
  return out;
}

function diffList(original: Json, modified: Json[], current: Json[], field: string, parent: string): { list: Json[]; order?: JsonMap[] } | undefined {
  const key = mergeKeyFor(field, parent);
  if (!key || !modified.every(isObj) || !current.every(isObj)) return equal(modified, current) ? undefined : { list: modified };
  const mods = modified as JsonMap[];
  const curs = current as JsonMap[];
  const origs = Array.isArray(original) ? original.filter(isObj) : [];
  const child = parentKindOf(field);
  const list: JsonMap[] = [];
  for (const m of mods) {
    const c = curs.find((x) => x[key] === m[key]);
    if (!c) {
      list.push(m);
      continue;
    }
    const sub = diffMap(origs.find((x) => x[key] === m[key]), m, c, child);
    if (Object.keys(sub).length) list.push({ [key]: m[key], ...sub });
  }
  for (const o of origs) {
    if (!mods.some((m) => m[key] === o[key]) && curs.some((c) => c[key] === o[key])) list.push({ [key]: o[key], $patch: 'delete' });
  }
  if (list.length === 0) return undefined;
  list.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
  return { list, order: mods.map((m) => ({ [key]: m[key] })) };
}

/** The three-way patch from `current` to `modified`, deleting what `original` (last applied) had. */
export function threeWayPatch(original: Json, modified: JsonMap, current: Json): JsonMap {
  return diffMap(original, modified, current, '');
}
