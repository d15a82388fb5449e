import { describe, expect, it } from 'vitest';
import type { Pod } from '../../apiserver/types.js';
import type { NetworkPolicy } from '../../apiserver/registry/networkpolicies.js';
import { parseIPv4 } from '../iptables/ip.js';
import { buildIndex, evaluatePacket, type Endpoint } from './evaluate.js';

function pod(name: string, ns: string, labels: Record<string, string>, ip: string, ports: Array<{ name: string; containerPort: number; protocol?: string }> = []): Endpoint {
  const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'c', image: 'x', ports }] }, status: { podIP: ip } } as Pod;
  return { ip: parseIPv4(ip)!, pod: p };
}
const host = (ip: string): Endpoint => ({ ip: parseIPv4(ip)!, pod: null });

function np(name: string, ns: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec } as NetworkPolicy;
}
const NS = [
  { metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } } },
  { metadata: { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod', team: 'a' } } },
];

const web = pod('web', 'default', { app: 'web' }, '10.244.1.3', [{ name: 'http', containerPort: 80 }]);
const client = pod('client', 'default', { role: 'client' }, '10.244.2.2');
const other = pod('other', 'default', {}, '10.244.1.2');
const prodClient = pod('pc', 'prod', { role: 'client' }, '10.244.2.9');

describe('evaluatePacket (kube-network-policies semantics)', () => {
  it('no policy: everything allowed; a default deny isolates only selected pods in one direction', () => {
    expect(evaluatePacket(buildIndex([], NS), client, web, 80, 'TCP').allowed).toBe(true);
    const idx = buildIndex([np('deny', 'default', { podSelector: {}, policyTypes: ['Ingress'] })], NS);
    const v = evaluatePacket(idx, client, web, 80, 'TCP');
    expect(v.allowed).toBe(false);
    expect(v.deniedBy).toMatchObject({ direction: 'Ingress', policies: ['deny'] });
    // egress from the isolated pods is untouched; other namespaces too
    expect(evaluatePacket(idx, web, prodClient, 80, 'TCP').allowed).toBe(true);
  });

  it('the union of policies: one allowing rule suffices; named ports resolve in the destination pod', () => {
    const idx = buildIndex(
      [
        np('deny', 'default', { podSelector: {}, policyTypes: ['Ingress'] }),
        np('allow', 'default', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }] }),
      ],
      NS,
    );
    expect(evaluatePacket(idx, client, web, 80, 'TCP').allowed).toBe(true);
    expect(evaluatePacket(idx, client, web, 81, 'TCP').allowed).toBe(false);
    expect(evaluatePacket(idx, client, web, 80, 'UDP').allowed).toBe(false);
    expect(evaluatePacket(idx, other, web, 80, 'TCP').allowed).toBe(false);
    // a podSelector alone means this namespace only
    expect(evaluatePacket(idx, prodClient, web, 80, 'TCP').allowed).toBe(false);
  });

  it('namespaceSelector alone, and together with podSelector (AND)', () => {
    const nsOnly = buildIndex([np('p', 'default', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] })], NS);
    expect(evaluatePacket(nsOnly, prodClient, web, 80, 'TCP').allowed).toBe(true);
    expect(evaluatePacket(nsOnly, client, web, 80, 'TCP').allowed).toBe(false);
    const both = buildIndex([np('p', 'default', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'x' } } }] }] })], NS);
    expect(evaluatePacket(both, prodClient, web, 80, 'TCP').allowed).toBe(false);
    const or = buildIndex([np('p', 'default', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }, { podSelector: { matchLabels: { role: 'x' } } }] }] })], NS);
    expect(evaluatePacket(or, prodClient, web, 80, 'TCP').allowed).toBe(true);
  });

  it('ipBlock with except, for pods and hosts alike; endPort ranges', () => {
    const idx = buildIndex([np('p', 'default', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }], ports: [{ port: 80, endPort: 90, protocol: 'TCP' }] }] })], NS);
    expect(evaluatePacket(idx, other, web, 85, 'TCP').allowed).toBe(true);
    expect(evaluatePacket(idx, other, web, 91, 'TCP').allowed).toBe(false);
    expect(evaluatePacket(idx, client, web, 80, 'TCP').allowed).toBe(false);
    expect(evaluatePacket(idx, host('172.18.0.3'), web, 80, 'TCP').allowed).toBe(false);
    expect(evaluatePacket(idx, host('10.244.0.1'), web, 80, 'TCP').allowed).toBe(true);
  });

  it('egress: default deny blocks DNS to CoreDNS; an allow for UDP 53 restores it; ICMP follows port-less rules only', () => {
    const dns = pod('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, '10.244.0.2', [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]);
    const deny = buildIndex([np('d', 'default', { podSelector: {}, policyTypes: ['Egress'] })], NS);
    expect(evaluatePacket(deny, client, dns, 53, 'UDP')).toMatchObject({ allowed: false, deniedBy: { direction: 'Egress' } });
    const allowDns = buildIndex([np('d', 'default', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], NS);
    expect(evaluatePacket(allowDns, client, dns, 53, 'UDP').allowed).toBe(true);
    expect(evaluatePacket(allowDns, client, web, 80, 'TCP').allowed).toBe(false);
    expect(evaluatePacket(allowDns, client, web, 0, 'ICMP').allowed).toBe(false);
    const all = buildIndex([np('d', 'default', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })], NS);
    expect(evaluatePacket(all, client, web, 0, 'ICMP').allowed).toBe(true);
  });
});
