// The discovery documents kube-apiserver serves, built from the one resource table (RESOURCES) that kubesim's own
// `api-resources` prints: /api and /apis (legacy APIVersions / APIGroupList), /api/v1 and /apis/G/V
// (APIResourceList), and the aggregated discovery documents (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) that
// kubectl 1.30+ asks for first, and their v2beta1 form that kubectl 1.27-1.29 ask for (a v1.32 server serves both).

import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { convertedResources } from './served-versions.js';

export type AggregatedVersion = 'v2' | 'v2beta1';

export function aggregatedContentType(v: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

/**
 * The aggregated discovery version an Accept header asks for, by its order of media types as the server's negotiation
 * reads it: the first entry that is an APIGroupDiscoveryList of a served version wins; an entry for plain JSON (or
 * any type) before one means the legacy documents (undefined).
 */
export function aggregatedVersionOf(accept: string): AggregatedVersion | undefined {
  for (const entry of accept.split(',')) {
    const [type, ...params] = entry.split(';').map((x) => x.trim());
    const p = new Map(params.map((kv) => [kv.split('=')[0]?.trim() ?? '', kv.split('=')[1]?.trim() ?? ''] as const));
    if (p.has('as')) {
      if (type !== 'application/json' || p.get('as') !== 'APIGroupDiscoveryList' || p.get('g') !== 'apidiscovery.k8s.io') continue;
      const v = p.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
      continue;
    }
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return undefined;
  }
  return undefined;
}

/** Group/versions in discovery order (core first, then groups as RESOURCES orders them). */
function groupVersions(): Map<string, ResourceInfo[]> {
  const out = new Map<string, ResourceInfo[]>();
  for (const r of [...RESOURCES, ...convertedResources()]) {
    const list = out.get(r.apiVersion) ?? [];
    list.push(r);
    out.set(r.apiVersion, list);
  }
  return out;
}

/** Groups with their versions, the preferred (first listed) version first. */
function groups(): Array<{ name: string; versions: string[] }> {
  const out: Array<{ name: string; versions: string[] }> = [];
  for (const gv of groupVersions().keys()) {
    const slash = gv.indexOf('/');
    if (slash < 0) continue;
    const name = gv.slice(0, slash);
    const g = out.find((x) => x.name === name) ?? out[out.push({ name, versions: [] }) - 1];
    g.versions.push(gv.slice(slash + 1));
  }
  return out;
}

export function apiVersionsDoc(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupListDoc(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups().map((g) => {
      const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
      return { name: g.name, versions, preferredVersion: versions[0] };
    }),
  };
}

/** APIResourceList of one group/version, or undefined when it is not served. */
export function resourceListDoc(groupVersion: string): unknown {
  const list = groupVersions().get(groupVersion);
  if (!list) return undefined;
  const resources: unknown[] = [];
  for (const r of list) {
    resources.push({
      name: r.name,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const sub of subresources(r)) {
      const gv = sub.group !== undefined ? { group: sub.group, version: sub.version } : {};
      resources.push({ name: `${r.name}/${sub.name}`, singularName: '', namespaced: r.namespaced, ...gv, kind: sub.kind, verbs: sub.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

interface Subresource {
  name: string;
  /** the response kind's group and version when not the resource's (scale, eviction, token) */
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
}

const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

/** The subresources kubesim serves over HTTP, in name order as the API server lists them. */
export function subresources(r: ResourceInfo): Subresource[] {
  const out: Subresource[] = [];
  if (r.name === 'pods' && r.group === '') {
    out.push(
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    );
  }
  if (SCALABLE.has(r.name) && (r.group === 'apps' || r.group === '')) out.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  if (r.verbs.includes('update') && r.name !== 'namespaces' && !['configmaps', 'secrets', 'serviceaccounts', 'events', 'endpoints', 'limitranges', 'podtemplates'].includes(r.name)) {
    out.push({ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] });
  }
  if (r.name === 'serviceaccounts' && r.group === '') out.push({ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  return out;
}

/** The aggregated discovery document for /api (core) or /apis (every group). */
export function aggregatedDoc(core: boolean, version: AggregatedVersion = 'v2'): unknown {
  const byGroup = new Map<string, Array<[string, ResourceInfo[]]>>();
  for (const [gv, list] of groupVersions()) {
    const group = list[0].group;
    if (core !== (group === '')) continue;
    const entry = byGroup.get(group) ?? [];
    entry.push([gv, list]);
    byGroup.set(group, entry);
  }
  const items = [...byGroup].map(([group, versions]) => ({
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: versions.map(([, list]) => ({
      version: list[0].version,
      resources: list.map((r) => ({
        resource: r.name,
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
        ...(subresources(r).length
          ? { subresources: subresources(r).map((s) => ({ subresource: s.name, responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind }, verbs: s.verbs })) }
          : {}),
      })),
      freshness: 'Current',
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
