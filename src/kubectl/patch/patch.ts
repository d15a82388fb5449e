// Patches as `kubectl patch` and the API server apply them: JSON merge patch (RFC 7386), JSON patch (RFC 6902)
// and strategic merge patch (lists merged by the Go types' patchMergeKey; `$patch` directives; primitive
// merge lists such as finalizers). Pure functions over JSON values; the input is never mutated.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** A patch the server rejects (kubectl prints it as `Error from server ...` or `error: ...`). */
export class PatchError extends Error {}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

// ------------------------------------------------------------------ JSON merge patch

/** RFC 7386: objects merge recursively, null deletes, everything else (lists included) replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ------------------------------------------------------------------ JSON patch

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map(unescapePointer);
}

function getAt(doc: Json, parts: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(p) ? cur[Number(p)] : undefined;
    else if (isObject(cur)) cur = Object.prototype.hasOwnProperty.call(cur, p) ? cur[p] : undefined;
    else return undefined;
  }
  return cur;
}

/** The container and last key of a pointer; errors are evanphx/json-patch's. */
function parentOf(doc: Json, parts: string[], op: string, path: string): { parent: Json; key: string } {
  const parent = getAt(doc, parts.slice(0, -1));
  if (parent === undefined || (typeof parent !== 'object') || parent === null) {
    throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent, key: parts[parts.length - 1] };
}

function addAt(doc: Json, path: string, value: Json): Json {
  const parts = parsePointer(path);
  if (parts.length === 0) return clone(value);
  const { parent, key } = parentOf(doc, parts, 'add', path);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!/^(\d+|-)$/.test(key) || idx > parent.length) throw new PatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
    parent.splice(idx, 0, clone(value));
  } else (parent as JsonObject)[key] = clone(value);
  return doc;
}

function removeAt(doc: Json, path: string, op = 'remove'): Json {
  const parts = parsePointer(path);
  const { parent, key } = parentOf(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const idx = Number(key);
    if (!/^\d+$/.test(key) || idx >= parent.length) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    parent.splice(idx, 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    delete (parent as JsonObject)[key];
  }
  return doc;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** RFC 6902 operations applied in order. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(target);
  for (const raw of ops) {
    if (!isObject(raw)) throw new PatchError('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const op = String(raw.op ?? '');
    const path = String(raw.path ?? '');
    switch (op) {
      case 'add':
        doc = addAt(doc, path, raw.value ?? null);
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'replace': {
        const parts = parsePointer(path);
        if (parts.length === 0) {
          doc = clone(raw.value ?? null);
          break;
        }
        if (getAt(doc, parts) === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        doc = removeAt(doc, path, 'replace');
        doc = addAt(doc, path, raw.value ?? null);
        break;
      }
      case 'move':
      case 'copy': {
        const from = String(raw.from ?? '');
        const v = getAt(doc, parsePointer(from));
        if (v === undefined) throw new PatchError(`${op} operation does not apply: doc is missing from path: ${from}: missing value`);
        if (op === 'move') doc = removeAt(doc, from, 'move');
        doc = addAt(doc, path, clone(v));
        break;
      }
      case 'test': {
        const v = getAt(doc, parsePointer(path));
        if (!deepEqual(v, raw.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

// ------------------------------------------------------------------ strategic merge patch

/**
 * patchMergeKey of list fields in the built-in types, by field name and (where it differs) parent field.
 * `ports` is keyed by containerPort inside containers and by port in a ServiceSpec.
 */
export function mergeKeyFor(path: string[]): string | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'ports':
      return parent === 'spec' && !path.includes('template') && !path.includes('containers') ? 'port' : 'containerPort';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
    case 'podIPs':
    case 'hostIPs':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'conditions':
      return 'type';
    case 'addresses':
      return parent === 'status' ? 'type' : undefined;
    case 'ownerReferences':
      return 'uid';
    case 'taints':
      return 'key';
    default:
      return undefined;
  }
}

/** Primitive lists with patchStrategy "merge" (set union). */
const MERGE_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeList(orig: Json[] | undefined, patch: Json[], path: string[]): Json[] {
  const field = path[path.length - 1];
  if (MERGE_PRIMITIVE_LISTS.has(field)) {
    const out = [...(orig ?? [])];
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(clone(v));
    return out;
  }
  const key = mergeKeyFor(path);
  if (!key) {
    // patchStrategy replace: `$patch` elements are not meaningful here; the list is replaced as given
    return patch.filter((p) => !(isObject(p) && '$patch' in p)).map(clone);
  }
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map((p) => strategicMerge(undefined, p, path));
  }
  const out: Json[] = (orig ?? []).map(clone);
  for (const p of patch) {
    if (!isObject(p)) {
      out.push(clone(p));
      continue;
    }
    const kv = p[key];
    const idx = kv === undefined ? -1 : out.findIndex((o) => isObject(o) && deepEqual(o[key], kv));
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (kv === undefined) throw new PatchError(`map: ${JSON.stringify(p)} does not contain declared merge key: ${key}`);
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p, path);
    else out.push(strategicMerge(undefined, p, path));
  }
  return out;
}

/** Strategic merge patch of `orig` (apimachinery strategicpatch.StrategicMergePatch for built-in types). */
export function strategicMerge(orig: Json | undefined, patch: Json, path: string[] = []): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return strategicMerge(undefined, rest, path);
  }
  if (patch.$patch === 'delete') return {};
  const out: JsonObject = isObject(orig) ? clone(orig) : {};
  const retain = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const sub = [...path, k];
    if (Array.isArray(v)) out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as Json[]) : undefined, v, sub);
    else if (isObject(v)) out[k] = strategicMerge(out[k], v, sub);
    else out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

export type PatchType = 'strategic' | 'merge' | 'json';

/** Applies a parsed patch of the given type. */
export function applyPatch(target: Json, patch: Json, type: PatchType): Json {
  if (type === 'json') return jsonPatch(target, patch);
  if (!isObject(patch)) throw new PatchError('json: cannot unmarshal array into Go value of type map[string]interface {}');
  return type === 'merge' ? mergePatch(target, patch) : strategicMerge(target, patch);
}
