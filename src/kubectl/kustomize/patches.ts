// kustomize's patches (PatchTransformer, PatchStrategicMergeTransformer, PatchJson6902Transformer): strategic
// merge patches as kyaml's merge2 applies them (list elements of the patch first), RFC 6902 patches, and the
// `target` selector (regular-expression name/namespace, group/version/kind, label and annotation selectors).

import { matches, parseSelector } from '../../cluster/apiserver/labels.js';
import { parseKyaml, splitDocuments } from './kyaml.js';
import { jsonPatch, mergeKeyFor, PatchError } from '../patch/patch.js';
import { gvkOf, idString, isMap, KustomizeError, metaOf, nameOf, namespaceOf, noteIdentity, clone, type JsonMap, type Res } from './resource.js';
import type { Loader } from './loader.js';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchArgs {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: Record<string, boolean>;
}

function anchored(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    throw new KustomizeError(`error parsing regexp: ${re}`);
  }
}

/** resWrangler.Select: original or current name and namespace, then the GVK, labels and annotations. */
export function select(list: Res[], sel: Selector): Res[] {
  const nameRe = sel.name ? anchored(sel.name) : undefined;
  const nsRe = sel.namespace ? anchored(sel.namespace) : undefined;
  const labelSel = sel.labelSelector ? parseSelector(sel.labelSelector) : undefined;
  const annoSel = sel.annotationSelector ? parseSelector(sel.annotationSelector) : undefined;
  return list.filter((r) => {
    const g = gvkOf(r.obj);
    if (nsRe && !nsRe.test(r.namespaces[0] || 'default') && !nsRe.test(namespaceOf(r.obj) || 'default')) return false;
    if (nameRe && !nameRe.test(r.names[0]) && !nameRe.test(nameOf(r.obj))) return false;
    if (sel.group && sel.group !== g.group) return false;
    if (sel.version && sel.version !== g.version) return false;
    if (sel.kind && sel.kind !== g.kind) return false;
    const md = isMap(r.obj.metadata) ? r.obj.metadata : {};
    if (labelSel && !matches(labelSel, md.labels as Record<string, string>)) return false;
    if (annoSel && !matches(annoSel, md.annotations as Record<string, string>)) return false;
    return true;
  });
}

const DIRECTIVE = (k: string) => k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/');

/** merge2 with ListIncreaseDirection prepend: the patch's elements (merged with their match) first, then the rest. */
export function smpMerge(dest: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isMap(patch)) return clone(patch);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const out: JsonMap = isMap(dest) ? clone(dest) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (DIRECTIVE(k)) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = (out[f] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const sub = [...path, k];
    if (Array.isArray(v)) out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as unknown[]) : [], v, sub);
    else if (isMap(v)) {
      const m = smpMerge(out[k], v, sub);
      if (m === undefined) delete out[k];
      else out[k] = m;
    } else out[k] = v;
  }
  return out;
}

function mergeList(dest: unknown[], patch: unknown[], path: string[]): unknown[] {
  const key = mergeKeyFor(path);
  if (!key || !patch.every(isMap)) return patch.filter((p) => !(isMap(p) && '$patch' in p)).map(clone);
  if (patch.some((p) => isMap(p) && p.$patch === 'replace')) return patch.filter((p) => !(isMap(p) && p.$patch === 'replace')).map(clone);
  const out: unknown[] = [];
  const used = new Set<number>();
  for (const p of patch as JsonMap[]) {
    const idx = dest.findIndex((d, i) => !used.has(i) && isMap(d) && d[key] === p[key]);
    if (idx >= 0) used.add(idx);
    if (p.$patch === 'delete') continue;
    out.push(smpMerge(idx >= 0 ? dest[idx] : undefined, p, path));
  }
  dest.forEach((d, i) => {
    if (!used.has(i)) out.push(d);
  });
  return out;
}

/** Parses a patch's text: a list of JSON 6902 operations, or one or more strategic merge patch documents. */
function parsePatch(text: string, source: string): { json?: unknown[]; sm?: JsonMap[] } {
  const t = text.trim();
  if (!t) throw new KustomizeError(`unable to parse SM or JSON patch from ${source}`);
  if (t.startsWith('[')) {
    try {
      return { json: JSON.parse(t) as unknown[] };
    } catch {
      /* YAML flow list */
    }
  }
  const docs = splitDocuments(t).map((d) => parseKyaml(d)).filter((d) => d !== null && d !== undefined);
  if (docs.length === 1 && Array.isArray(docs[0])) return { json: docs[0] };
  if (docs.length && docs.every(isMap)) return { sm: docs as JsonMap[] };
  throw new KustomizeError(`unable to parse SM or JSON patch from ${source}`);
}

function applySm(r: Res, patch: JsonMap, options: Record<string, boolean> = {}): boolean {
  const name = nameOf(r.obj);
  const ns = namespaceOf(r.obj);
  const kind = r.obj.kind;
  const merged = smpMerge(r.obj, patch) as JsonMap | undefined;
  if (!merged || Object.keys(merged).length === 0) return false;
  r.obj = merged;
  if (!options.allowKindChange) r.obj.kind = kind;
  if (!options.allowNameChange) metaOf(r.obj).name = name;
  if (ns) metaOf(r.obj).namespace = ns;
  else delete metaOf(r.obj).namespace;
  noteIdentity(r);
  return true;
}

function byId(list: Res[], patch: JsonMap): Res {
  const g = gvkOf(patch);
  const n = nameOf(patch);
  const ns = namespaceOf(patch);
  const hits = list.filter((r) => {
    const rg = gvkOf(r.obj);
    return rg.group === g.group && rg.version === g.version && rg.kind === g.kind && r.names.includes(n) && r.namespaces.includes(ns);
  });
  const id = idString(patch);
  if (hits.length === 1) return hits[0];
  const why = hits.length === 0 ? `no matches for Id ${id}` : `multiple matches for Id ${id}`;
  throw new KustomizeError(`no resource matches strategic merge patch "${id}": ${why}; failed to find unique target for patch ${id}`);
}

/** One `patches:` entry (or a patchesStrategicMerge / patchesJson6902 one), applied to the list in place. */
export function applyPatchEntry(list: Res[], ldr: Loader, p: PatchArgs, kind: 'patches' | 'json6902' = 'patches'): Res[] {
  const inline = (p.patch ?? '').trim();
  if (!inline && !p.path) throw new KustomizeError(`must specify one of patch and path in\n${patchYaml(p)}`);
  if (inline && p.path) throw new KustomizeError(`patch and path can't be set at the same time\n${patchYaml(p)}`);
  let text = inline;
  let source = `[patch: ${JSON.stringify(inline)}]`;
  if (p.path) {
    try {
      text = ldr.load(p.path).toString('utf8');
    } catch (e) {
      throw new KustomizeError(`failed to get the patch file from path(${p.path}): ${(e as Error).message}`);
    }
    source = `[path: ${JSON.stringify(p.path)}]`;
  }
  const parsed = parsePatch(text, source);
  if (kind === 'json6902' && !parsed.json) throw new KustomizeError(`unable to parse SM or JSON patch from ${source}`);
  if (parsed.json) {
    if (!p.target) throw new KustomizeError(`must specify a target for JSON patch ${source}`);
    for (const r of select(list, p.target)) {
      try {
        r.obj = jsonPatch(r.obj as Parameters<typeof jsonPatch>[0], parsed.json as Parameters<typeof jsonPatch>[1]) as JsonMap;
      } catch (e) {
        if (e instanceof PatchError) throw new KustomizeError(e.message);
        throw e;
      }
      noteIdentity(r);
    }
    return list;
  }
  const sm = parsed.sm!;
  if (p.target) {
    if (sm.length > 1) throw new KustomizeError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${source}`);
    const chosen = new Set(select(list, p.target));
    return list.filter((r) => !chosen.has(r) || applySm(r, { ...sm[0], apiVersion: r.obj.apiVersion }, p.options));
  }
  let out = list;
  for (const patch of sm) {
    const r = byId(out, patch);
    if (!applySm(r, patch, p.options)) out = out.filter((x) => x !== r);
  }
  return out;
}

function patchYaml(p: PatchArgs): string {
  const lines: string[] = [];
  if (p.path) lines.push(`path: ${p.path}`);
  if (p.patch) lines.push(`patch: ${JSON.stringify(p.patch)}`);
  return lines.join('\n') + '\n';
}
