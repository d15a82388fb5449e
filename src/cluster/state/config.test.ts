import { describe, expect, it } from 'vitest';
import { ConfigError, applyConfigDocument, buildConfig } from './config.js';

describe('cluster config', () => {
  it('names nodes and addresses as kind does, with a /24 of the pod CIDR each', () => {
    const c = buildConfig({ nodes: 3 });
    expect(c.nodes.map((n) => [n.name, n.ip, n.role, n.podCIDR])).toEqual([
      ['kubesim-control-plane', '172.18.0.2', 'control-plane', '10.244.0.0/24'],
      ['kubesim-worker', '172.18.0.3', 'worker', '10.244.1.0/24'],
      ['kubesim-worker2', '172.18.0.4', 'worker', '10.244.2.0/24'],
    ]);
    expect(c.serviceCIDR).toBe('10.96.0.0/12');
    expect(c.nodePortRange).toEqual({ base: 30000, size: 2768 });
  });

  it('applies a YAML document over the defaults', () => {
    const c = applyConfigDocument({
      seed: 3,
      nodes: [{ name: 'test-node', ip: '192.168.0.2', addresses: ['192.168.0.2', '192.168.1.2'] }],
      kubeProxy: { clusterCIDR: null, masqueradeAll: true, iptables: { version: '1.8.10', backend: 'legacy' } },
    });
    expect(c.seed).toBe(3);
    expect(c.nodes[0]).toMatchObject({ name: 'test-node', ip: '192.168.0.2', role: 'control-plane', addresses: ['192.168.0.2', '192.168.1.2'], podCIDR: '10.244.0.0/24' });
    expect(c.nodes[0].capacity).toEqual({ cpu: '2', 'ephemeral-storage': '263174212Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '24594492Ki', pods: '110' });
    expect(c.nodes[0].allocatable).toEqual(c.nodes[0].capacity);
    expect(c.kubeProxy.clusterCIDR).toBeNull();
    expect(c.kubeProxy.masqueradeAll).toBe(true);
    expect(c.kubeProxy.iptables).toMatchObject({ version: '1.8.10', backend: 'legacy', randomFully: true });
  });

  it('sets node capacity for all nodes and allocatable per node', () => {
    const c = applyConfigDocument({
      nodeCapacity: { cpu: 4, memory: '8Gi' },
      nodes: [
        { name: 'a', ip: '10.0.0.2' },
        { name: 'b', ip: '10.0.0.3', capacity: { pods: 20 }, allocatable: { cpu: '3500m' } },
      ],
    });
    expect(c.nodes[0].capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(c.nodes[1].capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '20' });
    expect(c.nodes[1].allocatable).toMatchObject({ cpu: '3500m', memory: '8Gi', pods: '20' });
    expect(() => applyConfigDocument({ nodeCapacity: { gpu: 1 } })).toThrow('nodeCapacity.gpu: unknown resource (allowed: cpu, memory, pods, ephemeral-storage, hugepages-1Gi, hugepages-2Mi)');
    expect(() => applyConfigDocument({ nodes: [{ name: 'a', ip: '10.0.0.2', capacity: { cpu: 'lots' } }] })).toThrow('nodes[0].capacity.cpu: invalid quantity "lots"');
    expect(() => applyConfigDocument({ nodeCapacity: { pods: '1.5' } })).toThrow('nodeCapacity.pods: must be a whole number, got "1.5"');
  });

  it.each([
    [{ color: 'blue' }, 'color: unknown key'],
    [{ kubeProxy: { masqueradeBit: 40 } }, 'kubeProxy.masqueradeBit: must be an integer between 0 and 31, got 40'],
    [{ kubeProxy: { iptables: { backend: 'bpf' } } }, 'kubeProxy.iptables.backend: must be "nf_tables" or "legacy", got "bpf"'],
    [{ kubeProxy: { iptables: { colour: 1 } } }, 'kubeProxy.iptables.colour: unknown key'],
    [{ nodes: [{ name: 'a', ip: '300.1.1.1' }] }, 'nodes[0].ip: invalid IPv4 address "300.1.1.1"'],
    [{ serviceCIDR: '10.96.0.0' }, 'serviceCIDR: invalid CIDR "10.96.0.0"'],
    [{ nodePortRange: '32000-31000' }, 'nodePortRange: invalid port range 32000-31000'],
    [{ kubeProxy: { mode: 'ipvs' } }, 'kubeProxy.mode: "ipvs" is not simulated yet; only "iptables" is'],
  ])('rejects %j naming the key', (doc, message) => {
    expect(() => applyConfigDocument(doc)).toThrow(ConfigError);
    expect(() => applyConfigDocument(doc)).toThrow(message);
  });
});
