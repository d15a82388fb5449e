// What the apiextensions-apiserver serves for the stored CustomResourceDefinitions: one discovery entry per served
// version of each Established CRD. Derived from the cluster's own store on each call (no module-level state), so
// discovery follows the CRDs a cluster holds and nothing else.

import type { ResourceInfo } from '../discovery.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';
const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

type Any = Record<string, any>;

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Any };
  additionalPrinterColumns?: PrinterColumn[];
  subresources?: { status?: Any; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** version.CompareKubeAwareVersionStrings order: GA before beta before alpha (the type decides first: v2 before
 *  v3alpha1), then higher major, then higher minor; others by name after them. */
export function compareKubeAwareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return { rank: 0, major: 0, minor: 0 };
    return { rank: m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, major: Number(m[1]), minor: Number(m[3] ?? 0) };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.rank === 0 && y.rank === 0) return a < b ? -1 : a > b ? 1 : 0;
  if (x.rank === 0 || y.rank === 0) return x.rank === 0 ? 1 : -1;
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}

export function isEstablished(crd: KubeObject): boolean {
  const conds = ((crd.status as Any | undefined)?.conditions ?? []) as Any[];
  return conds.some((c) => c.type === 'Established' && c.status === 'True');
}

/** The discovery entries of one CRD (its served versions), as `kubectl api-resources` lists them. */
export function resourcesOfCrd(crd: KubeObject): ResourceInfo[] {
  const spec = (crd as Any).spec as Any;
  const names = (spec.names ?? {}) as Any;
  const out: ResourceInfo[] = [];
  const versions = [...((spec.versions ?? []) as CrdVersion[])].sort((a, b) => compareKubeAwareVersions(a.name, b.name));
  // the preferred (first in kube-aware order) version first; kubectl resolves an unversioned name to it
  for (const v of versions) {
    if (v.served === false) continue;
    out.push({
      name: names.plural,
      singular: names.singular || String(names.kind ?? '').toLowerCase(),
      shortNames: [...((names.shortNames as string[] | undefined) ?? [])],
      group: spec.group,
      version: v.name,
      apiVersion: `${spec.group}/${v.name}`,
      namespaced: spec.scope !== 'Cluster',
      kind: names.kind,
      verbs: VERBS,
      categories: [...((names.categories as string[] | undefined) ?? [])],
      crd: crd.metadata.name,
    });
  }
  return out;
}

/** Every resource the stored, Established CRDs serve, groups and names in alphabetical order. */
export function crdResources(store: ObjectStore): ResourceInfo[] {
  const crds = store.list(CRD_KEY).filter(isEstablished);
  crds.sort((a, b) => {
    const ga = String((a as Any).spec.group);
    const gb = String((b as Any).spec.group);
    return ga < gb ? -1 : ga > gb ? 1 : (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
  });
  return crds.flatMap(resourcesOfCrd);
}

/** The CRD version object serving a resource. */
export function crdVersionOf(store: ObjectStore, info: ResourceInfo): CrdVersion | undefined {
  if (!info.crd) return undefined;
  const crd = store.get(CRD_KEY, undefined, info.crd);
  return ((crd as Any | undefined)?.spec?.versions as CrdVersion[] | undefined)?.find((v) => v.name === info.version);
}
