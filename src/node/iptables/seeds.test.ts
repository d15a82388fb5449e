// Real-node excerpts from the lab seeds (/work/shared/seeds 000, 001, 002, 004), recreated with selector-less
// Services (fixed clusterIP) and EndpointSlices with the same IPs, printed as a v1.32 node would print them.
import { describe, expect, it } from 'vitest';
import type { KubeProxyConfig } from '../../cluster/state/config.js';
import { renderIptables } from '../../cluster/network/iptables/render.js';
import { findTable, getChain, type IptablesRuleset } from '../../cluster/network/iptables/model.js';
import { emptyCounters, type IptablesCounters } from '../../cluster/network/iptables/counters.js';
import { makeService, makeSlice, upstreamTestConfig } from '../../cluster/network/iptables/testutil.js';
import type { EndpointSlice, Service } from '../../cluster/apiserver/types.js';
import { iptablesSave } from './save.js';
import { runIptablesCommand } from './command.js';

const now = new Date(Date.UTC(2022, 5, 1, 12, 0, 0));

function config(over: { clusterCIDR: string | null; version: string; nfacct?: boolean }): KubeProxyConfig {
  const c = upstreamTestConfig({ clusterCIDR: over.clusterCIDR });
  c.iptables = { ...c.iptables, version: over.version, nfacct: over.nfacct ?? false, randomFully: true };
  return c;
}

function render(services: Service[], slices: EndpointSlice[], cfg: KubeProxyConfig): IptablesRuleset {
  return renderIptables({ services, endpointSlices: slices, node: { name: 'node-1', ip: '172.31.24.84', addresses: ['172.31.24.84'] }, config: cfg });
}

const grep = (text: string, needle: string) => text.split('\n').filter((l) => l.includes(needle));
/** `grep -A n` */
function grepA(text: string, needle: string, n: number): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return i < 0 ? [] : lines.slice(i, i + n + 1);
}
const trimmed = (lines: string[]) => lines.map((l) => l.trimEnd());

describe('seed 002: default/website on a v1.2x node, iptables 1.8.7, no local-traffic detection', () => {
  const cfg = config({ clusterCIDR: null, version: '1.8.7' });
  const eps = ['10.0.0.1', '10.0.0.177', '10.0.0.202'].map((ip) => ({ addresses: [ip] }));
  const slices = [makeSlice('default', 'website', 1, eps, [{ name: 'http', port: 80, protocol: 'TCP' }])];
  const clusterIPSvc = makeService('default', 'website', { clusterIP: '10.111.148.30', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] });
  const ctx = (rs: IptablesRuleset, counters: IptablesCounters) => ({ ruleset: rs, counters, now, config: cfg });

  it('iptables -L -vn -t nat | grep 10.111.148.30 / grep -A4 KUBE-SVC / grep -A3 KUBE-SEP', () => {
    const rs = render([clusterIPSvc], slices, cfg);
    const nat = findTable(rs, 'nat')!;
    const counters = emptyCounters();
    // the one curl of the lab: KUBE-SERVICES rule, second endpoint rule, its DNAT
    counters.rules[getChain(nat, 'KUBE-SERVICES')!.rules[0]!.id] = { packets: 1, bytes: 60 };
    counters.rules[getChain(nat, 'KUBE-SVC-RYQJBQ5TR32XWAUN')!.rules[1]!.id] = { packets: 1, bytes: 60 };
    counters.rules[getChain(nat, 'KUBE-SEP-FFKEUBR5SKHPYVCQ')!.rules[1]!.id] = { packets: 1, bytes: 60 };
    const r = runIptablesCommand(['-L', '-vn', '-t', 'nat'], ctx(rs, counters));
    expect(r.code).toBe(0);
    expect(grep(r.stdout, '10.111.148.30')).toEqual([
      '    1    60 KUBE-SVC-RYQJBQ5TR32XWAUN  tcp  --  *      *       0.0.0.0/0            10.111.148.30        /* default/website:http cluster IP */ tcp dpt:80',
    ]);
    expect(trimmed(grepA(r.stdout, 'Chain KUBE-SVC-RYQJBQ5TR32XWAUN', 4))).toEqual([
      'Chain KUBE-SVC-RYQJBQ5TR32XWAUN (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-SEP-SUZPWGKL5FHWPETE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/website:http -> 10.0.0.177:80 */ statistic mode random probability 0.33333333349',
      '    1    60 KUBE-SEP-FFKEUBR5SKHPYVCQ  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/website:http -> 10.0.0.1:80 */ statistic mode random probability 0.50000000000',
      '    0     0 KUBE-SEP-OPDTLPWI6RF27F2I  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/website:http -> 10.0.0.202:80 */',
    ]);
    expect(trimmed(grepA(r.stdout, 'Chain KUBE-SEP-FFKEUBR5SKHPYVCQ', 3))).toEqual([
      'Chain KUBE-SEP-FFKEUBR5SKHPYVCQ (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-MARK-MASQ  all  --  *      *       10.0.0.1             0.0.0.0/0            /* default/website:http */',
      '    1    60 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/website:http */ tcp to:10.0.0.1:80',
    ]);
  });

  it('NodePort 31100: iptables -nvL -t nat | grep 31100 / grep -A3 KUBE-EXT', () => {
    const npSvc = makeService('default', 'website', {
      type: 'NodePort',
      clusterIP: '10.111.148.30',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 31100 }],
    });
    const rs = render([npSvc], slices, cfg);
    const nat = findTable(rs, 'nat')!;
    const counters = emptyCounters();
    counters.rules[getChain(nat, 'KUBE-NODEPORTS')!.rules[0]!.id] = { packets: 3, bytes: 156 };
    for (const r of getChain(nat, 'KUBE-EXT-RYQJBQ5TR32XWAUN')!.rules) counters.rules[r.id] = { packets: 3, bytes: 156 };
    const r = runIptablesCommand(['-nvL', '-t', 'nat'], ctx(rs, counters));
    expect(grep(r.stdout, '31100')).toEqual([
      '    3   156 KUBE-EXT-RYQJBQ5TR32XWAUN  tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/website:http */ tcp dpt:31100',
    ]);
    expect(trimmed(grepA(r.stdout, 'Chain KUBE-EXT-RYQJBQ5TR32XWAUN', 3))).toEqual([
      'Chain KUBE-EXT-RYQJBQ5TR32XWAUN (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    3   156 KUBE-MARK-MASQ  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* masquerade traffic for default/website:http external destinations */',
      '    3   156 KUBE-SVC-RYQJBQ5TR32XWAUN  all  --  *      *       0.0.0.0/0            0.0.0.0/0',
    ]);
  });
});

describe('seed 001: default/deploy1 scaled to 3, calico pod CIDR 192.168.0.0/16', () => {
  const cfg = config({ clusterCIDR: '192.168.0.0/16', version: '1.8.9' });
  const svc = makeService('default', 'deploy1', { clusterIP: '10.100.200.199', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  const eps = ['192.168.16.171', '192.168.16.172', '192.168.16.173'].map((ip) => ({ addresses: [ip] }));
  const rs = render([svc], [makeSlice('default', 'deploy1', 1, eps, [{ port: 80, protocol: 'TCP' }])], cfg);
  const save = iptablesSave(rs, { version: '1.8.9', backend: 'nf_tables', now });
  it('iptables-save | grep 10.100.200.199 (v1.32: unnamed port is `default/deploy1`, masquerade moved to KUBE-SVC)', () => {
    expect(grep(save, '10.100.200.199')).toEqual([
      '-A KUBE-SERVICES -d 10.100.200.199/32 -p tcp -m comment --comment "default/deploy1 cluster IP" -m tcp --dport 80 -j KUBE-SVC-2YUN2YF37SWSREWK',
      '-A KUBE-SVC-2YUN2YF37SWSREWK ! -s 192.168.0.0/16 -d 10.100.200.199/32 -p tcp -m comment --comment "default/deploy1 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    ]);
  });
  it('iptables-save | grep 192.168.16.17 (SEP chains, with v1.32 comments)', () => {
    const lines = grep(save, '192.168.16.17');
    expect(lines).toHaveLength(9);
    expect(lines.filter((l) => l.includes('statistic')).map((l) => l.replace(/.*--probability (\S+).*/, '$1'))).toEqual([
      '0.33333333349',
      '0.50000000000',
    ]);
    expect(lines.filter((l) => l.includes('DNAT'))).toHaveLength(3);
    expect(lines).toContain('-A KUBE-SEP-A3PHNYJNCL5TJDSV -s 192.168.16.171/32 -m comment --comment "default/deploy1" -j KUBE-MARK-MASQ');
  });
});

describe('seed 000: EKS node (no cluster CIDR), kubernetes with ClientIP affinity, kube-dns, hello x7', () => {
  const cfg = config({ clusterCIDR: null, version: '1.8.9' });
  const services = [
    makeService('default', 'kubernetes', {
      clusterIP: '10.100.0.1',
      sessionAffinity: 'ClientIP',
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    }),
    makeService('kube-system', 'kube-dns', {
      clusterIP: '10.100.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    }),
    makeService('default', 'hello', { clusterIP: '10.100.204.119', ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }] }),
  ];
  const helloIPs = ['192.168.136.140', '192.168.149.34', '192.168.187.204', '192.168.207.166', '192.168.216.216', '192.168.229.17', '192.168.244.95'];
  const slices = [
    makeSlice('default', 'kubernetes', 1, [{ addresses: ['192.168.74.164'] }, { addresses: ['192.168.128.239'] }], [{ name: 'https', port: 443, protocol: 'TCP' }]),
    makeSlice('kube-system', 'kube-dns', 1, [{ addresses: ['192.168.179.184'] }], [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ]),
    makeSlice('default', 'hello', 1, helloIPs.map((ip) => ({ addresses: [ip] })), [{ port: 80, protocol: 'TCP' }]),
  ];
  const save = iptablesSave(renderIptables({ services, endpointSlices: slices, node: { name: 'ip-192-168-182-224', ip: '192.168.182.224', addresses: ['192.168.182.224'] }, config: cfg }), {
    table: 'nat', version: '1.8.9', backend: 'nf_tables', now,
  });
  it('lines a v1.32 node prints exactly as the 2018 node did (named ports)', () => {
    const same = [
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-SEP-5FZSVYKRYDUCHFON -s 192.168.74.164/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-5FZSVYKRYDUCHFON -p tcp -m comment --comment "default/kubernetes:https" -m recent --set --name KUBE-SEP-5FZSVYKRYDUCHFON --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 192.168.74.164:443',
      '-A KUBE-SEP-AIEIM4BQDHX5EYIM -s 192.168.128.239/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-AIEIM4BQDHX5EYIM -p tcp -m comment --comment "default/kubernetes:https" -m recent --set --name KUBE-SEP-AIEIM4BQDHX5EYIM --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 192.168.128.239:443',
      '-A KUBE-SEP-B335W6MFC4JCQI26 -s 192.168.179.184/32 -m comment --comment "kube-system/kube-dns:dns-tcp" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-B335W6MFC4JCQI26 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp" -m tcp -j DNAT --to-destination 192.168.179.184:53',
      '-A KUBE-SEP-VMSA6O6SI2ZXLCX3 -s 192.168.179.184/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-VMSA6O6SI2ZXLCX3 -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 192.168.179.184:53',
      '-A KUBE-SERVICES -d 10.100.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
      '-A KUBE-SERVICES -d 10.100.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4',
      '-A KUBE-SERVICES -d 10.100.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ];
    const lines = save.split('\n');
    for (const l of same) expect(lines).toContain(l);
  });
  it('affinity and 7-way load balancing in v1.32 form (endpoints sorted by ip:port, 11-decimal probabilities)', () => {
    expect(grep(save, '-A KUBE-SVC-NPX46M4PTMTKRN6Y')).toEqual([
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.128.239:443" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-AIEIM4BQDHX5EYIM --mask 255.255.255.255 --rsource -j KUBE-SEP-AIEIM4BQDHX5EYIM',
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.74.164:443" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-5FZSVYKRYDUCHFON --mask 255.255.255.255 --rsource -j KUBE-SEP-5FZSVYKRYDUCHFON',
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.128.239:443" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-AIEIM4BQDHX5EYIM',
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.74.164:443" -j KUBE-SEP-5FZSVYKRYDUCHFON',
    ]);
    const hello = grep(save, '-A KUBE-SVC-').filter((l) => l.includes('default/hello ->'));
    expect(hello.map((l) => l.replace(/.*--probability (\S+).*/, '$1').replace(/^-A.*/, '-'))).toEqual([
      '0.14285714272', '0.16666666651', '0.20000000019', '0.25000000000', '0.33333333349', '0.50000000000', '-',
    ]);
  });
});

describe('seed 004: instavote/vote NodePort, 5 endpoints', () => {
  const cfg = config({ clusterCIDR: null, version: '1.8.7' });
  const svc = makeService('instavote', 'vote', {
    type: 'NodePort',
    clusterIP: '10.108.108.157',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31429 }],
  });
  const ips = ['10.32.0.4', '10.32.0.5', '10.32.0.6', '10.38.0.4', '10.38.0.5'];
  const rs = render([svc], [makeSlice('instavote', 'vote', 1, ips.map((ip) => ({ addresses: [ip] })), [{ port: 80, protocol: 'TCP' }])], cfg);
  const out = runIptablesCommand(['-nvL', '-t', 'nat'], { ruleset: rs, counters: emptyCounters(), now, config: cfg }).stdout;
  it('KUBE-SVC chain (2 references: KUBE-SERVICES and KUBE-EXT), same shape as the seed', () => {
    const chain = trimmed(grepA(out, 'Chain KUBE-SVC-', 6));
    expect(chain[0]).toMatch(/^Chain KUBE-SVC-[A-Z2-7]{16} \(2 references\)$/);
    expect(chain.slice(2).map((l) => l.replace(/KUBE-SEP-[A-Z2-7]{16}/, 'KUBE-SEP-X'))).toEqual([
      '    0     0 KUBE-SEP-X  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote -> 10.32.0.4:80 */ statistic mode random probability 0.20000000019',
      '    0     0 KUBE-SEP-X  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote -> 10.32.0.5:80 */ statistic mode random probability 0.25000000000',
      '    0     0 KUBE-SEP-X  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote -> 10.32.0.6:80 */ statistic mode random probability 0.33333333349',
      '    0     0 KUBE-SEP-X  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote -> 10.38.0.4:80 */ statistic mode random probability 0.50000000000',
      '    0     0 KUBE-SEP-X  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote -> 10.38.0.5:80 */',
    ]);
  });
  it('SEP chain of 10.32.0.6', () => {
    const i = out.split('\n').findIndex((l) => l.includes('/* instavote/vote -> 10.32.0.6:80 */'));
    const sep = out.split('\n')[i]!.match(/KUBE-SEP-[A-Z2-7]{16}/)![0];
    expect(trimmed(grepA(out, `Chain ${sep}`, 3)).slice(2)).toEqual([
      '    0     0 KUBE-MARK-MASQ  all  --  *      *       10.32.0.6            0.0.0.0/0            /* instavote/vote */',
      '    0     0 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* instavote/vote */ tcp to:10.32.0.6:80',
    ]);
    expect(grep(out, 'dpt:31429')).toHaveLength(1);
  });
});
