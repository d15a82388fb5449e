// kustomize build (krusty.Kustomizer.Run, target.KustTarget): resources and bases accumulated recursively (each base
// transformed by its own kustomization), generators, the built-in transformers in kustomize's order, then at the top
// only: hash suffixes, name back-references, local-config removal and the legacy sort. Output as `kubectl kustomize`.

import { toYaml } from '../printers/yaml.js';
import { GoYamlError } from '../goyaml.js';
import { parseKyaml, splitDocuments } from './kyaml.js';
import { kustomizeHash, makeConfigMap, makeSecret, mergeOptions, type GeneratorArgs, type GeneratorOptions } from './generators.js';
import { loadKustomization, type Kustomization } from './kustomization.js';
import { isRemote, newLoader, type Loader } from './loader.js';
import { fixNameReferences } from './namerefs.js';
import { applyPatchEntry, type PatchArgs } from './patches.js';
import { gvkOf, idString, isMap, KustomizeError, makeRes, metaOf, nameOf, namespaceOf, noteIdentity, sameGvk, type JsonMap, type Res } from './resource.js';
import { sortResources } from './sort.js';
import {
  dropLocalConfig, transformAnnotations, transformImages, transformLabels, transformNamespace, transformPrefixSuffix, transformReplicas,
  type ImageArgs, type LabelArgs, type ReplicaArgs,
  isClusterScoped,
} from './transformers.js';

export { KustomizeError } from './resource.js';

export interface BuildOptions {
  /** --load-restrictor=LoadRestrictionsNone lifts the files-under-the-root rule */
  restrictRoot?: boolean;
  /** deprecation warnings (kustomize prints them on stderr as it reads each kustomization) */
  warn?: (line: string) => void;
}

function sameId(a: JsonMap, b: JsonMap): boolean {
  return sameGvk(gvkOf(a), gvkOf(b)) && nameOf(a) === nameOf(b) && namespaceOf(a) === namespaceOf(b);
}

function append(list: Res[], more: Res[]): void {
  for (const r of more) {
    if (list.some((x) => sameId(x.obj, r.obj))) throw new KustomizeError(`may not add resource with an already registered id: ${idString(r.obj)}`);
    list.push(r);
  }
}

/** resource.Factory.FromFile: every document of a file (Lists flattened), each a mapping with a kind. */
function resourcesFromFile(ldr: Loader, p: string): Res[] {
  const text = ldr.load(p).toString('utf8');
  const out: Res[] = [];
  let docs: unknown[];
  try {
    docs = splitDocuments(text).map((d) => parseKyaml(d));
  } catch (e) {
    if (e instanceof GoYamlError) throw new KustomizeError(`MalformedYAMLError: ${e.message} in File: ${p}`);
    throw e;
  }
  const add = (d: unknown) => {
    if (d === null || d === undefined) return;
    if (!isMap(d)) throw new KustomizeError(`MalformedYAMLError: yaml: unmarshal errors in File: ${p}`);
    if (typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items)) {
      d.items.forEach(add);
      return;
    }
    if (!d.kind) throw new KustomizeError(`missing Resource metadata`);
    out.push(makeRes(structuredClone(d)));
  };
  docs.forEach(add);
  return out;
}

function accumulateResources(ldr: Loader, paths: string[], opts: BuildOptions): Res[] {
  const list: Res[] = [];
  for (const p of paths) {
    if (isRemote(p)) throw new KustomizeError(`kubesim does not simulate remote kustomize resources (${p}): only local files and directories`);
    let fileRes: Res[] | undefined;
    let errF: string | undefined;
    try {
      fileRes = resourcesFromFile(ldr, p);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      errF = e.message.startsWith('MalformedYAMLError') ? e.message : `accumulating resources from '${p}': ${e.message}`;
      if (e.message.startsWith('MalformedYAMLError')) throw new KustomizeError(`accumulating resources from '${p}': ${e.message}`);
    }
    if (fileRes) {
      try {
        append(list, fileRes);
      } catch (e) {
        if (!(e instanceof KustomizeError)) throw e;
        errF = `merging resources from '${p}': ${e.message}`;
        fileRes = undefined;
      }
      if (fileRes) continue;
    }
    let sub: Loader;
    try {
      sub = ldr.sub(p);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      throw new KustomizeError(`accumulation err='${errF}': ${e.message}`);
    }
    let subList: Res[];
    try {
      subList = accumulateTarget(sub, opts);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      throw new KustomizeError(`accumulation err='${errF}': recursed accumulation of path '${sub.root}': ${e.message}`);
    }
    try {
      append(list, subList);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      throw new KustomizeError(`accumulation err='${errF}': recursed merging from path '${sub.root}': ${e.message}`);
    }
  }
  return list;
}

/** Go's %#v of a resid.ResId, as the generator errors print it */
function goIdRepr(obj: JsonMap): string {
  const g = gvkOf(obj);
  return `resid.ResId{Gvk:resid.Gvk{Group:${JSON.stringify(g.group)}, Version:${JSON.stringify(g.version)}, Kind:${JSON.stringify(g.kind)}, isClusterScoped:${isClusterScoped(g)}}, Name:${JSON.stringify(nameOf(obj))}, Namespace:${JSON.stringify(namespaceOf(obj))}}`;
}

/**
 * resWrangler.appendReplaceOrMerge: a generated object with a new id is added (behavior create); one whose id exists
 * replaces it (replace) or is merged into it (merge: data maps joined). Labels and annotations join, the new
 * object's winning; the name, namespace and hash-suffix wish stay the existing object's.
 */
function absorb(list: Res[], r: Res): void {
  const idx = list.findIndex((x) => sameGvk(gvkOf(x.obj), gvkOf(r.obj)) && x.names.includes(nameOf(r.obj)) && x.namespaces.includes(namespaceOf(r.obj)));
  const behavior = r.behavior ?? 'create';
  // (kustomize prefixes these with the generator's Go pointer, `merging from generator &{0xc000... <nil>}`: left out)
  if (idx < 0) {
    if (behavior === 'merge' || behavior === 'replace') throw new KustomizeError(`merging from generator: id ${goIdRepr(r.obj)} does not exist; cannot merge or replace`);
    list.push(r);
    return;
  }
  const old = list[idx];
  if (behavior !== 'merge' && behavior !== 'replace') throw new KustomizeError(`merging from generator: id ${goIdRepr(r.obj)} exists; behavior must be merge or replace`);
  const merged = structuredClone(r.obj);
  const md = metaOf(merged);
  const omd = metaOf(structuredClone(old.obj));
  for (const f of ['labels', 'annotations']) {
    const joined = { ...(isMap(omd[f]) ? omd[f] : {}), ...(isMap(md[f]) ? md[f] : {}) };
    if (Object.keys(joined).length) md[f] = joined;
  }
  md.name = nameOf(old.obj);
  if (namespaceOf(old.obj)) md.namespace = namespaceOf(old.obj);
  else delete md.namespace;
  if (behavior === 'merge') {
    for (const f of ['data', 'binaryData']) {
      const joined = { ...(isMap(old.obj[f]) ? old.obj[f] : {}), ...(isMap(merged[f]) ? merged[f] : {}) };
      if (Object.keys(joined).length) merged[f] = joined;
    }
  }
  old.obj = merged;
}

function asList<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** KustTarget.accumulateTarget: one kustomization's resources, generators and transformers. */
export function accumulateTarget(ldr: Loader, opts: BuildOptions): Res[] {
  const { k } = loadKustomization(ldr, opts.warn ?? (() => {}));
  let list: Res[];
  try {
    list = accumulateResources(ldr, asList<string>(k.resources), opts);
  } catch (e) {
    if (e instanceof KustomizeError) throw new KustomizeError(`accumulating resources: ${e.message}`);
    throw e;
  }
  runGenerators(ldr, k, list);
  return runTransformers(ldr, k, list);
}

function runGenerators(ldr: Loader, k: Kustomization, list: Res[]): void {
  const global = k.generatorOptions as GeneratorOptions | undefined;
  for (const g of asList<GeneratorArgs>(k.configMapGenerator)) absorb(list, makeConfigMap(ldr, { ...g, options: mergeOptions(g.options, global) }));
  for (const g of asList<GeneratorArgs>(k.secretGenerator)) absorb(list, makeSecret(ldr, { ...g, options: mergeOptions(g.options, global) }));
}

function runTransformers(ldr: Loader, k: Kustomization, input: Res[]): Res[] {
  let list = input;
  // PatchStrategicMergeTransformer: each entry a file path or an inline patch
  for (const entry of asList<string>(k.patchesStrategicMerge)) {
    let isFile = false;
    try {
      ldr.load(entry);
      isFile = true;
    } catch {
      isFile = false;
    }
    list = applyPatchEntry(list, ldr, isFile ? { path: entry } : { patch: entry });
  }
  for (const p of asList<PatchArgs>(k.patches)) list = applyPatchEntry(list, ldr, p);
  if (typeof k.namespace === 'string' && k.namespace) transformNamespace(list, k.namespace);
  const prefix = typeof k.namePrefix === 'string' ? k.namePrefix : '';
  const suffix = typeof k.nameSuffix === 'string' ? k.nameSuffix : '';
  if (prefix) transformPrefixSuffix(list, prefix, '');
  if (suffix) transformPrefixSuffix(list, '', suffix);
  transformLabels(list, asList<LabelArgs>(k.labels), isMap(k.commonLabels) ? (k.commonLabels as Record<string, string>) : undefined);
  if (isMap(k.commonAnnotations)) transformAnnotations(list, k.commonAnnotations as Record<string, string>);
  for (const p of asList<PatchArgs>(k.patchesJson6902)) list = applyPatchEntry(list, ldr, p, 'json6902');
  transformReplicas(list, asList<ReplicaArgs>(k.replicas));
  transformImages(list, asList<ImageArgs>(k.images));
  return list;
}

/** The built resources of the kustomization directory `dir` (absolute), in kustomize's output order. */
export function kustomizeBuild(dir: string, shown: string, opts: BuildOptions = {}): JsonMap[] {
  const ldr = newLoader(dir, shown, opts.restrictRoot !== false);
  const { k } = loadKustomization(ldr, () => {});
  let list = accumulateTarget(ldr, opts);
  for (const r of list) {
    if (!r.needsHash) continue;
    metaOf(r.obj).name = `${nameOf(r.obj)}-${kustomizeHash(r.obj)}`;
    noteIdentity(r);
  }
  fixNameReferences(list);
  list = dropLocalConfig(list);
  return sortResources(list, k.sortOptions).map((r) => r.obj);
}

/** `kubectl kustomize` output: the documents as sigs.k8s.io/yaml prints them, `---` between them. */
export function kustomizeYaml(objects: JsonMap[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}
