import { describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../state/bootstrap.js';
import { buildConfig, ConfigError, applyConfigDocument, parseCIDR } from '../state/config.js';
import { Rng } from '../state/rng.js';
import type { Pod } from '../apiserver/types.js';
import { ciliumConfigData } from './config-map.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES, CILIUM_NODES } from './crds.js';
import { allocateRandomIP, ciliumNodeIPAM, NETWORK_NOT_READY } from './network.js';
import { tabwrite } from '../text/tabwriter.js';

const inCidr = (ip: string, cidr: string) => {
  const c = parseCIDR(cidr)!;
  const v = parseCIDR(`${ip}/32`)!;
  return v.base >>> (32 - c.bits) === c.base >>> (32 - c.bits);
};

describe('cilium-config', () => {
  it('renders the seed lines of `cilium config view | grep cluster-pool` and `| grep tunnel`', () => {
    const data = ciliumConfigData('kubernetes');
    const view = tabwrite(Object.keys(data).sort().map((k) => `${k}\t${data[k]}\n`).join(''), { minwidth: 0, tabwidth: 0, padding: 4 });
    const lines = view.split('\n');
    expect(lines.filter((l) => l.includes('cluster-pool'))).toEqual([
      'cluster-pool-ipv4-cidr                 10.0.0.0/8',
      'cluster-pool-ipv4-mask-size            24',
      'ipam                                   cluster-pool',
    ]);
    expect(lines.filter((l) => l.includes('tunnel'))).toEqual(['tunnel                                 vxlan']);
    expect(data['kube-proxy-replacement']).toBe('disabled');
  });
});

describe('cluster-pool addresses', () => {
  it('hands out random free addresses of the CIDR, never the network, broadcast or a used one', () => {
    const rng = Rng.fromSeed(4);
    const used = new Set<string>();
    for (let i = 0; i < 254; i++) {
      const ip = allocateRandomIP(rng, '10.0.3.0/24', used)!;
      expect(inCidr(ip, '10.0.3.0/24')).toBe(true);
      expect(ip === '10.0.3.0' || ip === '10.0.3.255' || used.has(ip)).toBe(false);
      used.add(ip);
    }
    expect(allocateRandomIP(rng, '10.0.3.0/24', used)).toBeUndefined();
  });
});

describe('cni config', () => {
  it('defaults to kindnet and takes cilium or none', () => {
    expect(buildConfig().cni).toBeUndefined();
    expect(applyConfigDocument({ cni: 'cilium' }).cni).toBe('cilium');
    expect(() => applyConfigDocument({ cni: 'calico' })).toThrow(new ConfigError('cni: must be one of kindnet, cilium, none, got "calico"'));
  });
});

describe('a cilium cluster', () => {
  it('runs the agents and the operator, gives each CiliumNode a /24 of 10.0.0.0/8 and pods addresses from it', () => {
    const cluster = bootstrapCluster(buildConfig({ cni: 'cilium', clock: 'virtual', seed: 2 }));
    cluster.advanceClock(60_000);
    const api = cluster.api;
    expect(api.tryGet('daemonsets.apps', 'kube-system', 'kindnet')).toBeUndefined();
    const nodes = api.list(CILIUM_NODES);
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(['kubesim-control-plane', 'kubesim-worker', 'kubesim-worker2']);
    const cidrs = nodes.map((n) => ciliumNodeIPAM(n).podCIDRs[0]).sort();
    expect(cidrs).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    for (const n of nodes) {
      const ipam = ciliumNodeIPAM(n);
      expect(inCidr(ipam.routerIP!, ipam.podCIDRs[0])).toBe(true);
    }
    const pods = api.list<Pod>('pods').filter((p) => !p.spec.hostNetwork);
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      const cn = nodes.find((n) => n.metadata.name === p.spec.nodeName)!;
      expect(inCidr(p.status!.podIP!, ciliumNodeIPAM(cn).podCIDRs[0])).toBe(true);
      expect(api.tryGet(CILIUM_ENDPOINTS, p.metadata.namespace, p.metadata.name!)).toBeDefined();
    }
    // the two CoreDNS pods share one identity
    const dns = api.list(CILIUM_IDENTITIES).filter((i) => i.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(dns).toHaveLength(1);
    expect(api.list('nodes').every((n) => (n.status as any).conditions.find((c: any) => c.type === 'Ready').status === 'True')).toBe(true);
  });

  it('without a CNI: nodes NotReady with the runtime message, tainted, CoreDNS Pending', () => {
    const cluster = bootstrapCluster(buildConfig({ cni: 'none', clock: 'virtual' }));
    cluster.advanceClock(60_000);
    for (const n of cluster.api.list('nodes')) {
      const ready = (n.status as any).conditions.find((c: any) => c.type === 'Ready');
      expect(ready).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: NETWORK_NOT_READY });
      expect((n.spec as any).taints).toContainEqual({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    }
    const dns = cluster.api.list<Pod>('pods', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(dns.map((p) => p.status?.phase)).toEqual(['Pending', 'Pending']);
    expect(dns.every((p) => !p.spec.nodeName)).toBe(true);
  });
});
