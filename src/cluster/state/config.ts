// Cluster configuration: what `kubesim init` flags and the `--config` YAML file set. Validated key by key so a
// bad file gets a message naming the key; defaults describe a kind/kubeadm v1.32 cluster.

import type { ClockMode } from './clock.js';

export interface NodeConfig {
  name: string;
  /** InternalIP */
  ip: string;
  role: 'control-plane' | 'worker';
  /** every IPv4 address on the node's interfaces (default [ip]) */
  addresses: string[];
  /** the node's pod CIDR (a /24 of the cluster pod CIDR unless given) */
  podCIDR: string;
}

export interface KubeProxyConfig {
  mode: 'iptables' | 'ipvs' | 'nftables';
  /** detect-local by cluster CIDR; null = no local detection */
  clusterCIDR: string | null;
  masqueradeAll: boolean;
  masqueradeBit: number;
  /** null = all node addresses; or a list of CIDRs (the special value `primary` is not supported) */
  nodePortAddresses: string[] | null;
  localhostNodePorts: boolean;
  iptables: {
    version: string;
    backend: 'nf_tables' | 'legacy';
    randomFully: boolean;
    nfacct: boolean;
    conntrackTCPBeLiberal: boolean;
  };
}

export interface ClusterConfig {
  seed: number;
  clock: ClockMode;
  serviceCIDR: string;
  podCIDR: string;
  nodePortRange: { base: number; size: number };
  clusterDomain: string;
  kubernetesVersion: string;
  /** MetalLB-style pool for LoadBalancer services, e.g. `172.18.255.200-172.18.255.250`; null = `<pending>` */
  loadBalancerPool: string | null;
  nodes: NodeConfig[];
  kubeProxy: KubeProxyConfig;
}

export function defaultKubeProxyConfig(podCIDR = '10.244.0.0/16'): KubeProxyConfig {
  return {
    mode: 'iptables',
    clusterCIDR: podCIDR,
    masqueradeAll: false,
    masqueradeBit: 14,
    nodePortAddresses: null,
    localhostNodePorts: true,
    iptables: { version: '1.8.9', backend: 'nf_tables', randomFully: true, nfacct: false, conntrackTCPBeLiberal: false },
  };
}
