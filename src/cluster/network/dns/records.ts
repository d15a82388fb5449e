// Cluster DNS with CoreDNS `kubernetes` plugin semantics (kubeadm Corefile: `pods insecure`, `ttl 30`,
// `fallthrough in-addr.arpa`): a pure function from Services, EndpointSlices and namespaces to the reply CoreDNS
// would send for one question. Everything outside the cluster zone goes to `forward`, which has no internet here.

import type { EndpointSlice, Service } from '../../apiserver/types.js';

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'SRV' | 'TXT' | 'NS' | 'SOA' | 'MX' | 'ANY';
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface ResourceRecord {
  /** owner name, lower case, without the trailing dot */
  name: string;
  type: RRType;
  ttl: number;
  /** A/AAAA: the address; CNAME/PTR: the target name; TXT: the text; SRV: the target name */
  value: string;
  srv?: { priority: number; weight: number; port: number };
}

export interface DnsReply {
  rcode: Rcode;
  /** the AA bit: set on answers from the kubernetes plugin (and the cache), clear on forwarded ones */
  authoritative: boolean;
  answer: ResourceRecord[];
  extra: ResourceRecord[];
}

/** What the CoreDNS kubernetes plugin watches. */
export interface DnsZoneInputs {
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** existing namespace names */
  namespaces: string[];
  clusterDomain: string;
  /** record TTL (kubeadm's Corefile: 30) */
  ttl?: number;
  /** answers for names outside the cluster zone (the `forward` plugin); default: NXDOMAIN, non-authoritative */
  upstream?: (name: string, type: RRType) => DnsReply;
}

export const DEFAULT_TTL = 30;

const nx = (authoritative = true): DnsReply => ({ rcode: 'NXDOMAIN', authoritative, answer: [], extra: [] });
const nodata = (): DnsReply => ({ rcode: 'NOERROR', authoritative: true, answer: [], extra: [] });

/** The forwarder with no internet behind it: every outside name is unknown. */
export function noInternet(): DnsReply {
  return nx(false);
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** `10.244.1.5` → `5.1.244.10.in-addr.arpa` */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** CoreDNS endpointHostname: the endpoint's hostname, else its address with dots (colons) as dashes. */
export function endpointHostname(ep: { hostname?: string }, ip: string): string {
  if (ep.hostname) return ep.hostname;
  if (ip.includes(':')) return ip.replace(/:/g, '-').replace(/-$/, '-0');
  return ip.replace(/\./g, '-');
}

function isHeadless(svc: Service): boolean {
  return svc.spec.type !== 'ExternalName' && (svc.spec.clusterIP === 'None' || !svc.spec.clusterIP);
}

interface ServiceEndpoint {
  ip: string;
  hostname: string;
  ports: Array<{ name: string; port: number; protocol: string }>;
}

/** Ready endpoints of a service from its EndpointSlices (all of them with publishNotReadyAddresses). */
function serviceEndpoints(inputs: DnsZoneInputs, svc: Service): ServiceEndpoint[] {
  const ns = svc.metadata.namespace;
  const name = svc.metadata.name;
  const out: ServiceEndpoint[] = [];
  const seen = new Set<string>();
  for (const slice of inputs.endpointSlices) {
    if (slice.metadata.namespace !== ns || slice.metadata.labels?.['kubernetes.io/service-name'] !== name) continue;
    if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue;
    const ports = (slice.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: (p.protocol ?? 'TCP').toLowerCase() }));
    for (const ep of slice.endpoints ?? []) {
      const ready = ep.conditions?.ready !== false;
      if (!ready && !svc.spec.publishNotReadyAddresses) continue;
      for (const ip of ep.addresses) {
        const key = `${ip}/${ep.hostname ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ip, hostname: endpointHostname(ep, ip), ports });
      }
    }
  }
  return out;
}

function svcFqdn(svc: Service, zone: string): string {
  return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${zone}`;
}

function portMatches(want: string, have: string): boolean {
  return want === '' || want === '*' || want === 'any' || want === have;
}

function withSrvWeights(records: ResourceRecord[]): ResourceRecord[] {
  const weight = Math.max(1, Math.floor(100 / Math.max(1, records.length)));
  for (const r of records) r.srv!.weight = weight;
  return records;
}

/** Answers one question as CoreDNS (kubernetes plugin, then forward) would. */
export function resolve(inputs: DnsZoneInputs, nameIn: string, type: RRType): DnsReply {
  const name = normaliseName(nameIn);
  const zone = normaliseName(inputs.clusterDomain);
  const ttl = inputs.ttl ?? DEFAULT_TTL;
  const upstream = inputs.upstream ?? noInternet;
  if (name.endsWith('.in-addr.arpa')) return reverse(inputs, name, type, zone, ttl, upstream);
  if (name !== zone && !name.endsWith(`.${zone}`)) return upstream(name, type);
  const base = name === zone ? '' : name.slice(0, -(zone.length + 1));
  if (base === 'dns-version') {
    return type === 'TXT' || type === 'ANY' ? { ...nodata(), answer: [{ name, type: 'TXT', ttl: 28800, value: '1.1.0' }] } : nodata();
  }
  if (base === '' || base === 'svc' || base === 'pod') return nodata();
  const segs = base.split('.');
  const kind = segs.pop()!;
  if (kind !== 'svc' && kind !== 'pod') return nx();
  const namespace = segs.pop();
  if (namespace === undefined) return nodata();
  if (!inputs.namespaces.includes(namespace)) return nx();
  const service = segs.pop();
  if (service === undefined) return nodata();
  let endpoint = '';
  let port = '';
  let protocol = '';
  if (segs.length === 1) endpoint = segs[0];
  else if (segs.length === 2) {
    port = segs[0].replace(/^_/, '');
    protocol = segs[1].replace(/^_/, '');
  } else if (segs.length > 2) return nx();

  if (kind === 'pod') {
    // pods insecure: any dashed IPv4 answers with that address, without looking at the pods
    if (endpoint || port) return nx();
    const ip = service.replace(/-/g, '.');
    if (!isIPv4(ip)) return nx();
    if (type === 'A' || type === 'ANY') return { ...nodata(), answer: [{ name, type: 'A', ttl, value: ip }] };
    return nodata();
  }

  const svc = inputs.services.find((s) => s.metadata.namespace === namespace && s.metadata.name === service);
  if (!svc) return nx();

  if (svc.spec.type === 'ExternalName') {
    if (endpoint || port) return nx();
    const target = normaliseName(svc.spec.externalName ?? '');
    const cname: ResourceRecord = { name, type: 'CNAME', ttl, value: target };
    if (type === 'CNAME' || type === 'ANY') return { ...nodata(), answer: [cname] };
    if (type !== 'A' && type !== 'AAAA') return nodata();
    const chased = resolve({ ...inputs }, target, type);
    return { rcode: 'NOERROR', authoritative: true, answer: [cname, ...chased.answer], extra: [] };
  }

  const fqdn = svcFqdn(svc, zone);
  const svcPorts = (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: (p.protocol ?? 'TCP').toLowerCase() }));

  if (!isHeadless(svc) && !endpoint) {
    const ports = svcPorts.filter((p) => portMatches(port, p.name) && portMatches(protocol, p.protocol));
    if (port && ports.length === 0) return nx();
    const ip = svc.spec.clusterIP!;
    const a: ResourceRecord = { name, type: ip.includes(':') ? 'AAAA' : 'A', ttl, value: ip };
    if (type === 'A' || type === 'AAAA') return a.type === type ? { ...nodata(), answer: [a] } : nodata();
    if (type === 'SRV' || type === 'ANY') {
      const srv = withSrvWeights(ports.map((p) => ({ name, type: 'SRV' as const, ttl, value: fqdn, srv: { priority: 0, weight: 100, port: p.port } })));
      if (type === 'ANY') return { ...nodata(), answer: [a, ...srv] };
      return { ...nodata(), answer: srv, extra: srv.length ? [{ name: fqdn, type: a.type, ttl, value: ip }] : [] };
    }
    return nodata();
  }

  // headless service, or an endpoint name under any service
  let eps = serviceEndpoints(inputs, svc);
  if (endpoint) eps = eps.filter((e) => e.hostname === endpoint);
  if (eps.length === 0) return nx();
  if (type === 'A' || type === 'AAAA' || type === 'ANY') {
    const want = type === 'ANY' ? 'A' : type;
    const answer = eps
      .filter((e) => (want === 'AAAA') === e.ip.includes(':'))
      .map((e) => ({ name, type: want as RRType, ttl, value: e.ip }));
    return { ...nodata(), answer };
  }
  if (type === 'SRV') {
    const answer: ResourceRecord[] = [];
    const extra: ResourceRecord[] = [];
    for (const e of eps) {
      for (const p of e.ports) {
        if (!portMatches(port, p.name) || !portMatches(protocol, p.protocol)) continue;
        const target = `${e.hostname}.${fqdn}`;
        answer.push({ name, type: 'SRV', ttl, value: target, srv: { priority: 0, weight: 100, port: p.port } });
        extra.push({ name: target, type: e.ip.includes(':') ? 'AAAA' : 'A', ttl, value: e.ip });
      }
    }
    if (answer.length === 0 && port) return nx();
    return { ...nodata(), answer: withSrvWeights(answer), extra };
  }
  return nodata();
}

function reverse(inputs: DnsZoneInputs, name: string, type: RRType, zone: string, ttl: number, upstream: (n: string, t: RRType) => DnsReply): DnsReply {
  const labels = name.slice(0, -'.in-addr.arpa'.length).split('.');
  const ip = labels.length === 4 ? [...labels].reverse().join('.') : '';
  if (!isIPv4(ip)) return upstream(name, type);
  const answer: ResourceRecord[] = [];
  const svc = inputs.services.find((s) => s.spec.type !== 'ExternalName' && (s.spec.clusterIPs ?? [s.spec.clusterIP]).includes(ip));
  if (svc) answer.push({ name, type: 'PTR', ttl, value: svcFqdn(svc, zone) });
  else {
    for (const s of inputs.services) {
      if (s.spec.type === 'ExternalName') continue;
      for (const e of serviceEndpoints(inputs, s)) {
        if (e.ip === ip) answer.push({ name, type: 'PTR', ttl, value: `${e.hostname}.${svcFqdn(s, zone)}` });
      }
    }
  }
  // fallthrough in-addr.arpa: addresses the plugin does not know go to forward
  if (answer.length === 0) return upstream(name, type);
  if (type !== 'PTR' && type !== 'ANY') return nodata();
  return { ...nodata(), answer };
}

/** The question a search-walking resolver sends for `name` + `domain`. */
export function qualify(name: string, domain: string): string {
  return domain ? `${normaliseName(name)}.${domain}` : normaliseName(name);
}
