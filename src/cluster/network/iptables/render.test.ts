// Renderer behaviour per the reference templates (§1.4, §2.3–2.5): proxy knobs, traffic policies, terminating
// endpoints, large-cluster mode, load-balancer details.
import { describe, expect, it } from 'vitest';
import { renderIptables } from './render.js';
import { kubeProxyNormalisedPayload } from './restore.js';
import { findTable, getChain } from './model.js';
import { makeService, makeSlice, p80, upstreamInput, upstreamTestConfig } from './testutil.js';
import type { KubeProxyConfig } from '../../state/config.js';
import type { EndpointSlice, Service, SliceEndpoint } from '../../apiserver/types.js';

const np = (extra: Partial<Service['spec']> = {}, status?: Service['status']) =>
  makeService('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }], ...extra }, status);
const oneEp = (eps: SliceEndpoint[] = [{ addresses: ['10.180.0.1'] }]) => [makeSlice('ns1', 'svc1', 1, eps, [p80()])];
function payload(services: Service[], slices: EndpointSlice[], over: Partial<KubeProxyConfig> = {}, iptOver: Partial<KubeProxyConfig['iptables']> = {}) {
  const cfg = upstreamTestConfig(over);
  cfg.iptables = { ...cfg.iptables, nfacct: false, ...iptOver };
  return kubeProxyNormalisedPayload(renderIptables(upstreamInput(services, slices, cfg)), { includeFirewall: true }).split('\n');
}
const lines = (p: string[], prefix: string) => p.filter((l) => l.startsWith(prefix));

describe('proxy configuration knobs', () => {
  it('localhostNodePorts=false excludes 127.0.0.0/8 from the nodeports jump', () => {
    const p = payload([np()], oneEp(), { localhostNodePorts: false });
    expect(lines(p, '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports')).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS',
    ]);
  });
  it('nodePortAddresses: one -d rule per matching node IP, localhost NodePorts off', () => {
    const p = payload([np()], oneEp(), { nodePortAddresses: ['192.168.0.0/24'] }, { nfacct: true });
    expect(lines(p, '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports')).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS',
    ]);
    expect(lines(p, '-A KUBE-NODEPORTS')).toEqual([
      '-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
    ]);
  });
  it('masqueradeAll drops the source condition; no cluster CIDR drops the rule', () => {
    expect(lines(payload([np()], oneEp(), { masqueradeAll: true }), '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP"')).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ',
    ]);
    expect(lines(payload([np()], oneEp(), { clusterCIDR: null }), '-A KUBE-SVC-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
  });
  it('conntrackTCPBeLiberal omits the INVALID drop; randomFully adds --random-fully; masquerade bit', () => {
    const p = payload([], [], { masqueradeBit: 15 }, { conntrackTCPBeLiberal: true, randomFully: true });
    expect(lines(p, '-A KUBE-FORWARD')).toEqual([
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x8000/0x8000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
    expect(lines(p, '-A KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x8000/0x8000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x8000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
  });
});

describe('services that produce no rules', () => {
  it('headless, ExternalName, IPv6-only', () => {
    const p = payload(
      [
        makeService('ns1', 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
        makeService('ns1', 'ext', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] }),
        makeService('ns1', 'v6', { clusterIP: 'fd00::1', ports: [{ port: 80 }] }),
      ],
      [],
    );
    expect(p.filter((l) => l.includes('ns1/'))).toEqual([]);
  });
});

describe('traffic policies and endpoint conditions', () => {
  it('internalTrafficPolicy Local without local endpoints: DROP "has no local endpoints"', () => {
    const p = payload([makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', internalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })], oneEp());
    expect(lines(p, '-A KUBE-SERVICES -m comment --comment "ns1/svc1')).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP',
    ]);
    expect(p.filter((l) => l.includes('KUBE-SEP-'))).toEqual([]);
  });
  it('internalTrafficPolicy Local with a local endpoint: KUBE-SVL only', () => {
    const p = payload(
      [makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', internalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })],
      oneEp([{ addresses: ['10.180.0.1'], nodeName: 'test-node' }, { addresses: ['10.180.0.2'], nodeName: 'node2' }]),
    );
    expect(lines(p, ':KUBE-SV')).toEqual([':KUBE-SVL-XPGD46QRK7WJZT7O - [0:0]']);
    expect(lines(p, '-A KUBE-SVL-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
  });
  it('terminating endpoints: serving ones are a fallback, non-serving ones are not', () => {
    const term = (ip: string, serving: boolean): SliceEndpoint => ({ addresses: [ip], conditions: { ready: false, serving, terminating: true } });
    const p1 = payload([np()], oneEp([term('10.180.0.1', true), term('10.180.0.2', false)]));
    expect(lines(p1, '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 ->')).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
    const p2 = payload([np()], oneEp([{ addresses: ['10.180.0.3'] }, term('10.180.0.1', true)]));
    expect(lines(p2, '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 ->')).toEqual([
      expect.stringContaining('"ns1/svc1:p80 -> 10.180.0.3:80" -j KUBE-SEP-'),
    ]);
    const p3 = payload([np()], oneEp([term('10.180.0.1', false)]));
    expect(lines(p3, '-A KUBE-EXTERNAL-SERVICES')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT',
    ]);
  });
  it('externalTrafficPolicy Local with terminating local endpoint: SEP chains are the union', () => {
    const svc = np({ externalTrafficPolicy: 'Local' });
    const p = payload([svc], oneEp([
      { addresses: ['10.180.0.2'], nodeName: 'node2' },
      { addresses: ['10.180.0.1'], nodeName: 'test-node', conditions: { ready: false, serving: true, terminating: true } },
    ]));
    expect(lines(p, ':KUBE-SEP-')).toHaveLength(2);
    expect(lines(p, '-A KUBE-SVL-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
  });
  it('endpoints are sorted by the ip:port string and de-duplicated (a local one wins)', () => {
    const p = payload([np({ externalTrafficPolicy: 'Local' })], [
      makeSlice('ns1', 'svc1', 1, [{ addresses: ['10.180.0.10'] }, { addresses: ['10.180.0.2'] }], [p80()]),
      makeSlice('ns1', 'svc1', 2, [{ addresses: ['10.180.0.2'], nodeName: 'test-node' }], [p80()]),
    ]);
    expect(lines(p, '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 ->').map((l) => l.replace(/.*-> (\S+)".*/, '$1'))).toEqual([
      '10.180.0.10:80',
      '10.180.0.2:80',
    ]);
    expect(lines(p, '-A KUBE-SVL-XPGD46QRK7WJZT7O')).toHaveLength(1);
  });
});

describe('load balancers', () => {
  it('source ranges containing the node IP allow the LB IPs; ipMode Proxy is skipped', () => {
    const svc = makeService(
      'ns1',
      'svc1',
      {
        type: 'LoadBalancer',
        clusterIP: '172.30.0.41',
        ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }],
        loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
      },
      { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }, { ip: '9.9.9.9', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }] } },
    );
    const p = payload([svc], oneEp());
    expect(lines(p, '-A KUBE-FW-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 5.6.7.8 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"',
    ]);
    expect(lines(p, '-A KUBE-PROXY-FIREWALL')).toHaveLength(2);
    expect(p.some((l) => l.includes('9.9.9.9'))).toBe(false);
  });
});

describe('large-cluster mode (> 1000 endpoints)', () => {
  it('drops per-endpoint comments only', () => {
    const services: Service[] = [];
    const slices: EndpointSlice[] = [];
    for (let i = 0; i < 101; i++) {
      services.push(makeService('ns1', `svc${i}`, { clusterIP: `172.30.1.${i + 1}`, ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] }));
      const eps = Array.from({ length: 10 }, (_, j) => ({ addresses: [`10.1.${i}.${j + 1}`] }));
      slices.push(makeSlice('ns1', `svc${i}`, 1, eps, [p80()]));
    }
    const rs = renderIptables(upstreamInput(services, slices));
    const nat = findTable(rs, 'nat')!;
    const svc0 = nat.chains.find((c) => c.name.startsWith('KUBE-SVC-') && c.rules[0]!.args.includes('172.30.1.1 '))!;
    expect(svc0.rules[0]!.args).toBe('-m comment --comment "ns1/svc0:p80 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ');
    expect(svc0.rules[1]!.args).toMatch(/^-m statistic --mode random --probability 0\.1000000000 -j KUBE-SEP-[A-Z2-7]{16}$/);
    const sep = getChain(nat, (svc0.rules[1]!.target as { chain: string }).chain)!;
    // first endpoint by ip:port string order is 10.1.0.10
    expect(sep.rules.map((r) => r.args)).toEqual(['-s 10.1.0.10 -j KUBE-MARK-MASQ', '-m tcp -p tcp -j DNAT --to-destination 10.1.0.10:80']);
    // 1000 endpoints exactly is not large
    const small = renderIptables(upstreamInput(services.slice(0, 100), slices.slice(0, 100)));
    expect(findTable(small, 'nat')!.chains.find((c) => c.name.startsWith('KUBE-SEP-'))!.rules[0]!.args).toContain('-m comment');
  });
});

describe('rule identities', () => {
  it('are stable across renders and unique within a chain', () => {
    const a = renderIptables(upstreamInput([np()], oneEp()));
    const b = renderIptables(upstreamInput([np(), makeService('ns0', 'other', { clusterIP: '172.30.0.9', ports: [{ port: 81 }] })], oneEp()));
    const ida = getChain(findTable(a, 'nat')!, 'KUBE-SVC-XPGD46QRK7WJZT7O')!.rules.map((r) => r.id);
    const idb = getChain(findTable(b, 'nat')!, 'KUBE-SVC-XPGD46QRK7WJZT7O')!.rules.map((r) => r.id);
    expect(ida).toEqual(idb);
    expect(ida[1]).toBe('nat:KUBE-SVC-XPGD46QRK7WJZT7O:-m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ');
    const svc = np({ externalIPs: ['1.1.1.1', '1.1.1.1'] });
    const dup = getChain(findTable(renderIptables(upstreamInput([svc], oneEp())), 'nat')!, 'KUBE-SERVICES')!.rules.map((r) => r.id);
    expect(new Set(dup).size).toBe(dup.length);
    expect(dup[2]).toMatch(/#2$/);
  });
});
