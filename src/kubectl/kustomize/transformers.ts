// kustomize's built-in transformers over a resource list: namespace, namePrefix/nameSuffix, labels and
// commonLabels, commonAnnotations, images and replicas (api/internal/builtins, api/filters).

import { resourceForKind } from '../../cluster/apiserver/discovery.js';
import { COMMON_ANNOTATIONS, COMMON_LABELS, IMAGES, METADATA_LABELS, NAMESPACE_EXTRA, REPLICAS, selects, setMapEntries, walkPath, type FieldSpec } from './fieldspecs.js';
import { gvkOf, isMap, KustomizeError, metaOf, nameOf, noteIdentity, type Gvk, type JsonMap, type Res } from './resource.js';

/** resid.Gvk.IsClusterScoped: kyaml's schema knows the built-in kinds; anything else is namespaced. */
export function isClusterScoped(g: Gvk): boolean {
  const info = resourceForKind(g.group ? `${g.group}/${g.version}` : g.version, g.kind);
  return !!info && !info.namespaced;
}

export function transformNamespace(list: Res[], namespace: string): void {
  for (const r of list) {
    const g = gvkOf(r.obj);
    if (!isClusterScoped(g)) metaOf(r.obj).namespace = namespace;
    // a v1 Namespace is renamed to the target namespace (namespaceFieldSpecs metadata/name)
    if (g.kind === 'Namespace' && r.obj.apiVersion === 'v1') metaOf(r.obj).name = namespace;
    if ((g.kind === 'RoleBinding' || g.kind === 'ClusterRoleBinding') && Array.isArray(r.obj.subjects)) {
      // setRoleBindingSubjects defaultOnly: subjects named "default" move along
      for (const s of r.obj.subjects) if (isMap(s) && s.name === 'default') s.namespace = namespace;
    }
    for (const spec of NAMESPACE_EXTRA) if (selects(spec, g)) walkPath(r.obj, spec.path, !!spec.create, (p, k) => (p[k] = namespace));
    noteIdentity(r);
  }
}

const NO_PREFIX_KINDS = (g: Gvk) => g.kind === 'CustomResourceDefinition' || (g.kind === 'APIService' && g.group === 'apiregistration.k8s.io') || g.kind === 'Namespace';

export function transformPrefixSuffix(list: Res[], prefix: string, suffix: string): void {
  for (const r of list) {
    if (NO_PREFIX_KINDS(gvkOf(r.obj))) continue;
    const md = metaOf(r.obj);
    md.name = `${prefix}${nameOf(r.obj)}${suffix}`;
    if (prefix) r.prefixes.push(prefix);
    if (suffix) r.suffixes.push(suffix);
    noteIdentity(r);
  }
}

function applyStringMap(list: Res[], values: Record<string, string>, specs: FieldSpec[]): void {
  if (Object.keys(values).length === 0) return;
  for (const r of list) {
    const g = gvkOf(r.obj);
    const seen = new Set<string>();
    for (const spec of specs) {
      if (!selects(spec, g) || seen.has(spec.path)) continue;
      seen.add(spec.path);
      walkPath(r.obj, spec.path, !!spec.create, (p, k) => setMapEntries(p, k, values));
    }
  }
}

export interface LabelArgs {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpec[];
}

/** `labels:` entries (metadata only unless includeSelectors/includeTemplates), then `commonLabels:` (selectors too). */
export function transformLabels(list: Res[], labels: LabelArgs[], commonLabels: Record<string, string> | undefined): void {
  for (const l of labels) {
    let specs: FieldSpec[] = [...(l.fields ?? [])];
    if (l.includeSelectors) specs = [...specs, ...COMMON_LABELS];
    else {
      if (l.includeTemplates) specs = [...specs, ...METADATA_LABELS];
      specs = [...specs, { path: 'metadata/labels', create: true }];
    }
    applyStringMap(list, l.pairs ?? {}, specs);
  }
  if (commonLabels) applyStringMap(list, commonLabels, COMMON_LABELS);
}

export function transformAnnotations(list: Res[], annotations: Record<string, string>): void {
  applyStringMap(list, annotations, COMMON_ANNOTATIONS);
}

export interface ImageArgs {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

/** image.Split: name, tag and digest of an image reference (a registry port is not a tag). */
export function splitImage(image: string): [string, string, string] {
  const slash = image.indexOf('/');
  const base = slash > 0 ? slash : 0;
  const search = slash > 0 ? image.slice(slash) : image;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return [image, '', ''];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += base;
    return [image.slice(0, id), '', image.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += base;
    ic += base;
    return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)];
  }
  ic += base;
  return [image.slice(0, ic), image.slice(ic + 1), ''];
}

function goRegexp(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch {
    return /(?!)/;
  }
}

export function updateImage(value: string, img: ImageArgs): string {
  if (!goRegexp(`^${img.name ?? ''}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`).test(value)) return value;
  let [name, tag, digest] = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) [tag, digest] = [img.newTag, img.digest];
  else if (img.newTag) [tag, digest] = [img.newTag, ''];
  else if (img.digest) [tag, digest] = ['', img.digest];
  else if (img.tagSuffix) [tag, digest] = [tag + img.tagSuffix, ''];
  let out = name;
  if (tag) out += `:${tag}`;
  if (digest) out += `@${digest}`;
  return out;
}

/** The legacy image filter: every `containers`/`initContainers` list anywhere (CRDs excepted), then the field specs. */
export function transformImages(list: Res[], images: ImageArgs[]): void {
  for (const img of images) {
    for (const r of list) {
      const g = gvkOf(r.obj);
      if (g.kind !== 'CustomResourceDefinition') {
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (isMap(node)) {
            for (const [k, v] of Object.entries(node)) {
              walk(v);
              if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
                for (const c of v) if (isMap(c) && typeof c.image === 'string') c.image = updateImage(c.image, img);
              }
            }
          }
        };
        walk(r.obj);
      }
      for (const spec of IMAGES) {
        if (!selects(spec, g)) continue;
        walkPath(r.obj, spec.path, false, (p, k) => {
          if (typeof p[k] === 'string') p[k] = updateImage(p[k] as string, img);
        });
      }
    }
  }
}

export interface ReplicaArgs {
  name?: string;
  count?: number;
}

/** ReplicaCountTransformer: spec.replicas of the workloads so named (by any name they had). */
export function transformReplicas(list: Res[], replicas: ReplicaArgs[]): void {
  for (const rep of replicas) {
    const matches = list.filter((r) => r.names.includes(rep.name ?? '') && REPLICAS.some((s) => selects(s, gvkOf(r.obj))));
    if (matches.length === 0) {
      throw new KustomizeError(`resource with name ${rep.name} does not match a config with the following GVK [${REPLICAS.map((s) => `${s.kind}.[noVer].[noGrp]`).join(' ')}]`);
    }
    for (const r of matches) {
      const g = gvkOf(r.obj);
      for (const spec of REPLICAS) if (selects(spec, g)) walkPath(r.obj, spec.path, true, (p, k) => (p[k] = rep.count ?? 0));
    }
  }
}

export function dropLocalConfig(list: Res[]): Res[] {
  return list.filter((r) => {
    const a = (r.obj.metadata as JsonMap | undefined)?.annotations;
    return !(isMap(a) && a['config.kubernetes.io/local-config'] === 'true');
  });
}
