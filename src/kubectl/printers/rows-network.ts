// Row functions of the server-side table printers (printers.go) for services, endpoints, EndpointSlices and ingresses.

import { formatLabels } from '../../cluster/apiserver/labels.js';
import { age } from './table-types.js';

// ------------------------------------------------------------------ services / endpoints

export function loadBalancerStatus(s: any): string {
  const set = new Set<string>();
  for (const ing of s?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: any): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(ports: any[] | undefined): string {
  return (ports ?? [])
    .map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`))
    .join(',');
}

export function serviceRow(svc: any, now: Date): string[] {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIPs?.length > 0 ? spec.clusterIPs[0] : '<none>';
  return [svc.metadata.name, spec.type ?? '', clusterIP, serviceExternalIP(svc), servicePorts(spec.ports) || '<none>', age(svc, now), formatLabels(spec.selector)];
}

/** net.JoinHostPort */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printers.formatEndpoints(endpoints, nil). */
export function formatEndpoints(ep: any): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export function sliceRow(s: any, now: Date): string[] {
  const max = 3;
  const ports: string[] = [];
  let pMore = false;
  let pCount = 0;
  for (const p of s.ports ?? []) {
    if (ports.length < max) ports.push(p.port != null ? String(p.port) : p.name != null ? p.name : '*');
    else if (ports.length === max) pMore = true;
    pCount++;
  }
  const eps: string[] = [];
  let eMore = false;
  let eCount = 0;
  for (const e of s.endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (eps.length < max) eps.push(a);
      else if (eps.length === max) eMore = true;
      eCount++;
    }
  }
  return [s.metadata.name, s.addressType ?? '', listWithMore(ports, pMore, pCount, max), listWithMore(eps, eMore, eCount, max), age(s, now)];
}

export function ingressRow(ing: any, now: Date): string[] {
  const spec = ing.spec ?? {};
  const rules: any[] = spec.rules ?? [];
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rules) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  let hosts = list.length === 0 ? '*' : list.join(',');
  if (list.length > 0 && more) hosts = `${hosts} + ${rules.length - max} more...`;
  const ports = (spec.tls ?? []).length !== 0 ? '80, 443' : '80';
  return [ing.metadata.name, spec.ingressClassName ?? '<none>', hosts, loadBalancerStatus(ing.status?.loadBalancer), ports, age(ing, now)];
}


/** printIngressClass: PARAMETERS is Kind[.APIGroup]/Name (v1.32 has no "(default)" marker on the name). */
export function ingressClassRow(ic: any, now: Date): string[] {
  const p = ic.spec?.parameters;
  let parameters = '<none>';
  if (p) parameters = `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
  return [ic.metadata.name, ic.spec?.controller ?? '', parameters, age(ic, now)];
}
