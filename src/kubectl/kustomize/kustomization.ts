// Reading a kustomization file (api/types/kustomization.go, target.LoadKustFile): its three recognised names,
// strict decoding (unknown fields), deprecation warnings, FixKustomization, and the fields kubesim refuses.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoYamlError, parseYamlDocument } from '../goyaml.js';
import type { Loader } from './loader.js';
import { isMap, KustomizeError, type JsonMap } from './resource.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements', 'replicas', 'vars', 'sortOptions',
  'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator', 'helmGlobals', 'helmCharts',
  'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators', 'transformers', 'validators', 'buildMetadata',
];

/** fields kustomize has that kubesim does not build: refused plainly instead of ignored */
const REFUSED = [
  'components', 'crds', 'configurations', 'generators', 'transformers', 'validators', 'replacements', 'vars', 'helmCharts', 'helmGlobals',
  'helmChartInflationGenerator', 'openapi', 'buildMetadata',
];

const DEPRECATED: Array<[string, string]> = [
  ['bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['commonLabels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['imageTags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesJson6902', "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesStrategicMerge', "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['vars', "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically."],
];

export type Kustomization = JsonMap;

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** encoding/json's type errors for the string maps and string lists a kustomization holds */
function checkTypes(k: JsonMap): void {
  const stringMap = (v: unknown, field: string, struct = 'Kustomization') => {
    if (v === undefined || v === null) return;
    if (!isMap(v)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(v)} into Go struct field ${struct}.${field} of type map[string]string`);
    for (const x of Object.values(v)) {
      if (x !== null && typeof x !== 'string') throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(x)} into Go struct field ${struct}.${field} of type string`);
    }
  };
  const stringList = (v: unknown, field: string) => {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(v)} into Go struct field Kustomization.${field} of type []string`);
    for (const x of v) if (typeof x !== 'string') throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(x)} into Go struct field Kustomization.${field} of type string`);
  };
  const str = (v: unknown, field: string) => {
    if (v !== undefined && v !== null && typeof v !== 'string') throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(v)} into Go struct field Kustomization.${field} of type string`);
  };
  for (const f of ['apiVersion', 'kind', 'namePrefix', 'nameSuffix', 'namespace']) str(k[f], f);
  stringMap(k.commonLabels, 'commonLabels');
  stringMap(k.commonAnnotations, 'commonAnnotations');
  for (const f of ['resources', 'bases']) stringList(k[f], f);
  for (const gen of ['configMapGenerator', 'secretGenerator']) {
    const list = k[gen];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(list)} into Go struct field Kustomization.${gen} of type []types.${gen === 'secretGenerator' ? 'SecretArgs' : 'ConfigMapArgs'}`);
    for (const g of list) {
      if (!isMap(g)) continue;
      const o = g.options;
      if (isMap(o)) {
        stringMap(o.labels, `${gen}.options.labels`, 'GeneratorOptions');
        stringMap(o.annotations, `${gen}.options.annotations`, 'GeneratorOptions');
      }
    }
  }
  if (isMap(k.generatorOptions)) {
    stringMap(k.generatorOptions.labels, 'generatorOptions.labels', 'GeneratorOptions');
    stringMap(k.generatorOptions.annotations, 'generatorOptions.annotations', 'GeneratorOptions');
  }
}

/** LoadKustFile + Unmarshal + CheckDeprecatedFields + FixKustomization + CheckEmpty + EnforceFields. */
export function loadKustomization(ldr: Loader, warn: (line: string) => void): { k: Kustomization; file: string } {
  const found = KUSTOMIZATION_FILES.filter((f) => {
    try {
      return fs.statSync(path.join(ldr.root, f)).isFile();
    } catch {
      return false;
    }
  });
  if (found.length === 0) {
    throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${ldr.root}'`);
  }
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${ldr.root}\n`);
  const file = found[0];
  const text = fs.readFileSync(path.join(ldr.root, file), 'utf8');
  let doc: unknown;
  try {
    doc = parseYamlDocument(text, { strict: true });
  } catch (e) {
    if (e instanceof GoYamlError) throw new KustomizeError(`invalid Kustomization: error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isMap(doc)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonType(doc)} into Go value of type types.Kustomization`);
  const k = doc;
  for (const key of Object.keys(k)) if (!FIELDS.includes(key)) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
  checkTypes(k);
  for (const [f, msg] of DEPRECATED) if (k[f] !== undefined && k[f] !== null) warn(msg);
  // FixKustomization: bases join resources, imageTags join images, env joins envs
  const resources = [...((k.resources as string[] | undefined) ?? []), ...((k.bases as string[] | undefined) ?? [])];
  const rest = Object.keys(k).filter((f) => f !== 'apiVersion' && f !== 'kind' && k[f] !== null && k[f] !== undefined);
  if (rest.length === 0) throw new KustomizeError('kustomization.yaml is empty');
  const kind = (k.kind as string | undefined) ?? '';
  if (kind === 'Component') throw new KustomizeError(`kubesim does not simulate kustomize components (kind: Component in ${path.join(ldr.root, file)})`);
  const errs: string[] = [];
  if (kind && kind !== 'Kustomization') errs.push('kind should be Kustomization or Component');
  if (k.apiVersion && k.apiVersion !== 'kustomize.config.k8s.io/v1beta1') errs.push(`apiVersion for ${kind || 'Kustomization'} should be kustomize.config.k8s.io/v1beta1`);
  if (errs.length) throw new KustomizeError(`Failed to read kustomization file under ${ldr.root}:\n${errs.join('\n')}`);
  for (const f of REFUSED) {
    const v = k[f];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0)) continue;
    throw new KustomizeError(`kubesim does not simulate the kustomization field "${f}" (in ${path.join(ldr.root, file)})`);
  }
  const fixed: Kustomization = { ...k, resources, images: [...((k.images as unknown[]) ?? []), ...((k.imageTags as unknown[]) ?? [])] };
  delete fixed.bases;
  delete fixed.imageTags;
  return { k: fixed, file };
}
