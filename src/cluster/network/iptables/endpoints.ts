// Endpoints of one service port as kube-proxy v1.32 sees them (EndpointSliceCache) and their categorisation
// (CategorizeEndpoints): cluster endpoints, local endpoints, and the endpoints that get KUBE-SEP chains.

import type { EndpointSlice, ServicePort } from '../../apiserver/types.js';
import { canonicalIPv4 } from './ip.js';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** `ip:port`, kube-proxy's endpoint string */
  str: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Group IPv4 EndpointSlices by `namespace/service-name`. */
export function indexSlices(slices: EndpointSlice[]): Map<string, EndpointSlice[]> {
  const bySvc = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const key = `${s.metadata.namespace ?? 'default'}/${svc}`;
    const list = bySvc.get(key);
    if (list) list.push(s);
    else bySvc.set(key, [s]);
  }
  return bySvc;
}

/** Endpoints for a service port: matched by port name and protocol, de-duplicated by `ip:port` (a local one wins),
 *  sorted by the `ip:port` string. */
export function endpointsForPort(slices: EndpointSlice[] | undefined, port: ServicePort, nodeName: string): ProxyEndpoint[] {
  if (!slices) return [];
  const portName = port.name ?? '';
  const proto = (port.protocol ?? 'TCP').toUpperCase();
  const byKey = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    const sp = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP').toUpperCase() === proto,
    );
    if (!sp || sp.port === undefined || sp.port === null) continue;
    for (const ep of slice.endpoints ?? []) {
      if (!ep.addresses || ep.addresses.length === 0) continue;
      const ip = canonicalIPv4(ep.addresses[0]!);
      if (!ip) continue;
      const str = `${ip}:${sp.port}`;
      const isLocal = ep.nodeName !== undefined && ep.nodeName === nodeName;
      const prev = byKey.get(str);
      if (prev && !isLocal) continue;
      const c = ep.conditions ?? {};
      byKey.set(str, {
        ip,
        port: sp.port,
        str,
        isLocal,
        ready: c.ready === undefined || c.ready === null ? true : c.ready,
        serving: c.serving === undefined || c.serving === null ? true : c.serving,
        terminating: c.terminating === true,
        nodeName: ep.nodeName,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0));
}

export interface Categorized {
  clusterEndpoints: ProxyEndpoint[];
  localEndpoints: ProxyEndpoint[];
  allReachable: ProxyEndpoint[];
  hasAnyEndpoints: boolean;
}

/** v1.32 CategorizeEndpoints without topology hints. */
export function categorize(
  eps: ProxyEndpoint[],
  usesCluster: boolean,
  usesLocal: boolean,
): Categorized {
  const usable = (e: ProxyEndpoint) => e.ready;
  const fallback = (e: ProxyEndpoint) => e.serving && e.terminating;
  let clusterEndpoints: ProxyEndpoint[] = [];
  let localEndpoints: ProxyEndpoint[] = [];
  let hasAnyEndpoints = false;
  if (usesCluster) {
    clusterEndpoints = eps.filter(usable);
    if (clusterEndpoints.length === 0) clusterEndpoints = eps.filter(fallback);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  let localFromFallback = false;
  if (usesLocal) {
    if (eps.some((e) => usable(e) || fallback(e))) hasAnyEndpoints = true;
    localEndpoints = eps.filter((e) => e.isLocal && usable(e));
    if (localEndpoints.length === 0) {
      localEndpoints = eps.filter((e) => e.isLocal && fallback(e));
      localFromFallback = localEndpoints.length > 0;
    }
  }
  let allReachable: ProxyEndpoint[];
  if (!usesLocal) allReachable = clusterEndpoints;
  else if (!usesCluster) allReachable = localEndpoints;
  else if (!localFromFallback) allReachable = clusterEndpoints;
  else {
    const m = new Map<string, ProxyEndpoint>();
    for (const e of clusterEndpoints) m.set(e.str, e);
    for (const e of localEndpoints) m.set(e.str, e);
    allReachable = [...m.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0));
  }
  return { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints };
}
