// A resource as kustomize's accumulator holds it: the object, the names and namespaces it had before (so name
// references can follow a rename), whether it still wants its content-hash suffix, and the prefixes/suffixes it got.

export type JsonMap = Record<string, unknown>;

export interface Res {
  obj: JsonMap;
  /** every name the resource has had, oldest first (the current one last) */
  names: string[];
  /** every namespace it has had ('' = none), oldest first */
  namespaces: string[];
  /** a generated ConfigMap/Secret without disableNameSuffixHash */
  needsHash: boolean;
  /** generator behavior (create | merge | replace) */
  behavior?: string;
  prefixes: string[];
  suffixes: string[];
}

export class KustomizeError extends Error {}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export function isMap(v: unknown): v is JsonMap {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function gvkOf(obj: JsonMap): Gvk {
  const av = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const i = av.indexOf('/');
  return { group: i < 0 ? '' : av.slice(0, i), version: i < 0 ? av : av.slice(i + 1), kind: typeof obj.kind === 'string' ? obj.kind : '' };
}

export function metaOf(obj: JsonMap): JsonMap {
  if (!isMap(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonMap;
}

export function nameOf(obj: JsonMap): string {
  const n = isMap(obj.metadata) ? obj.metadata.name : undefined;
  return typeof n === 'string' ? n : '';
}

export function namespaceOf(obj: JsonMap): string {
  const n = isMap(obj.metadata) ? obj.metadata.namespace : undefined;
  return typeof n === 'string' ? n : '';
}

/** resid.Gvk.String(): `Kind.version.group` with kyaml's placeholders for empty parts. */
export function gvkString(g: Gvk): string {
  return `${g.kind || '[noKind]'}.${g.version || '[noVer]'}.${g.group || '[noGrp]'}`;
}

/** resid.ResId.String(): `Deployment.v1.apps/web.[noNs]`. */
export function idString(obj: JsonMap): string {
  return `${gvkString(gvkOf(obj))}/${nameOf(obj)}.${namespaceOf(obj) || '[noNs]'}`;
}

export function sameGvk(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

export function makeRes(obj: JsonMap): Res {
  return { obj, names: [nameOf(obj)], namespaces: [namespaceOf(obj)], needsHash: false, prefixes: [], suffixes: [] };
}

/** Records a rename/move so references to the old name can be fixed afterwards. */
export function noteIdentity(r: Res): void {
  const n = nameOf(r.obj);
  if (r.names[r.names.length - 1] !== n) r.names.push(n);
  const ns = namespaceOf(r.obj);
  if (r.namespaces[r.namespaces.length - 1] !== ns) r.namespaces.push(ns);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
