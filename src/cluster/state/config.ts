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
  /** status.capacity (cpu, memory, pods, ephemeral-storage, hugepages-*) */
  capacity: Record<string, string>;
  /** status.allocatable (capacity unless given: kind reserves nothing) */
  allocatable: Record<string, string>;
}

/** What a kind node on a 2-CPU, 24 GiB host reports (kind reserves nothing, so allocatable == capacity). */
export const DEFAULT_NODE_CAPACITY: Readonly<Record<string, string>> = {
  cpu: '2',
  'ephemeral-storage': '263174212Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '24594492Ki',
  pods: '110',
};

const CAPACITY_KEYS = ['cpu', 'memory', 'pods', 'ephemeral-storage', 'hugepages-1Gi', 'hugepages-2Mi'];
const QUANTITY_RE = /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;

/** A capacity/allocatable mapping: known resource names, quantity strings (numbers allowed), merged over base. */
function checkResources(key: string, value: unknown, base: Readonly<Record<string, string>>): Record<string, string> {
  if (!isMap(value)) throw new ConfigError(`${key}: must be a mapping of resource names to quantities (e.g. {cpu: "4", memory: 8Gi, pods: 110})`);
  const out = { ...base };
  for (const [k, v] of Object.entries(value)) {
    if (!CAPACITY_KEYS.includes(k)) throw new ConfigError(`${key}.${k}: unknown resource (allowed: ${CAPACITY_KEYS.join(', ')})`);
    const text = typeof v === 'number' ? String(v) : v;
    if (typeof text !== 'string' || !QUANTITY_RE.test(text)) throw new ConfigError(`${key}.${k}: invalid quantity ${JSON.stringify(v)}`);
    if (k === 'pods' && !/^\d+$/.test(text)) throw new ConfigError(`${key}.pods: must be a whole number, got ${JSON.stringify(v)}`);
    out[k] = text;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface KubeProxyConfig {
  /** only iptables is simulated; the config rejects the others with a clear message */
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
  /** install metrics-server (kube-system) at bootstrap, as `kubectl apply -f components.yaml` plus the kind patch */
  metricsServer?: boolean;
  /**
   * The pod network: kind's kindnet (the default), Cilium 1.11.4 as its Helm chart installs it (cluster-pool IPAM,
   * vxlan tunnel), or none (nodes NotReady until a CNI is installed, as after `kubeadm init`). Undefined = kindnet.
   */
  cni?: CniName;
}

export const CNI_NAMES = ['kindnet', 'cilium', 'none'] as const;
export type CniName = (typeof CNI_NAMES)[number];

/** The cluster's CNI (older state files have none recorded: kindnet). */
export function cniOf(config: ClusterConfig): CniName {
  return config.cni ?? 'kindnet';
}

function checkCni(key: string, v: unknown): CniName {
  if (typeof v !== 'string' || !(CNI_NAMES as readonly string[]).includes(v)) throw new ConfigError(`${key}: must be one of ${CNI_NAMES.join(', ')}, got ${JSON.stringify(v)}`);
  return v as CniName;
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

// ---------------------------------------------------------------- building and validating

/** A bad cluster config value; the message names the key. */
export class ConfigError extends Error {}

export interface ConfigOptions {
  seed?: number;
  nodes?: number;
  serviceCIDR?: string;
  podCIDR?: string;
  nodePortRange?: string;
  clock?: string;
  loadBalancerPool?: string | null;
  cni?: string;
}

/** Dotted-quad IPv4 (1-3 digits per group, each <= 255) as an unsigned integer, or undefined. */
export function parseIPv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/n` into base (masked) and prefix length, or undefined. */
export function parseCIDR(cidr: string): { base: number; bits: number } | undefined {
  const [ip, len] = cidr.split('/');
  const base = parseIPv4(ip ?? '');
  const bits = Number(len);
  if (base === undefined || len === undefined || !/^\d+$/.test(len) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, bits };
}

function checkCIDR(key: string, value: unknown, maxBits = 30): string {
  if (typeof value !== 'string' || !parseCIDR(value)) throw new ConfigError(`${key}: invalid CIDR ${JSON.stringify(value)} (want e.g. 10.96.0.0/12)`);
  const c = parseCIDR(value)!;
  if (c.bits > maxBits) throw new ConfigError(`${key}: CIDR ${value} is too small`);
  return `${ipToString(c.base)}/${c.bits}`;
}

function checkIP(key: string, value: unknown): string {
  if (typeof value !== 'string' || parseIPv4(value) === undefined) throw new ConfigError(`${key}: invalid IPv4 address ${JSON.stringify(value)}`);
  return value;
}

export function parsePortRange(key: string, value: unknown): { base: number; size: number } {
  const m = typeof value === 'string' ? /^(\d+)-(\d+)$/.exec(value) : null;
  if (!m) throw new ConfigError(`${key}: invalid port range ${JSON.stringify(value)} (want e.g. 30000-32767)`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo < 1 || hi > 65535 || hi < lo) throw new ConfigError(`${key}: invalid port range ${value}`);
  return { base: lo, size: hi - lo + 1 };
}

function checkPool(key: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const m = typeof value === 'string' ? /^([\d.]+)-([\d.]+)$/.exec(value) : null;
  if (!m || parseIPv4(m[1]) === undefined || parseIPv4(m[2]) === undefined || parseIPv4(m[1])! > parseIPv4(m[2])!) {
    throw new ConfigError(`${key}: invalid address pool ${JSON.stringify(value)} (want e.g. 172.18.255.200-172.18.255.250)`);
  }
  return value as string;
}

/** The n-th /24 of the pod CIDR (node pod CIDRs as kube-controller-manager hands them out). */
export function nodePodCIDR(podCIDR: string, index: number): string {
  const c = parseCIDR(podCIDR)!;
  const maskSize = Math.max(24, c.bits);
  return `${ipToString((c.base + index * 2 ** (32 - maskSize)) >>> 0)}/${maskSize}`;
}

/** kind's node naming: `kubesim-control-plane`, `kubesim-worker`, `kubesim-worker2`, ... on 172.18.0.2.. */
export function kindNodes(count: number, podCIDR: string): NodeConfig[] {
  const nodes: NodeConfig[] = [];
  for (let i = 0; i < count; i++) {
    const name = i === 0 ? 'kubesim-control-plane' : i === 1 ? 'kubesim-worker' : `kubesim-worker${i}`;
    const ip = `172.18.0.${2 + i}`;
    nodes.push({ name, ip, role: i === 0 ? 'control-plane' : 'worker', addresses: [ip], podCIDR: nodePodCIDR(podCIDR, i), capacity: { ...DEFAULT_NODE_CAPACITY }, allocatable: { ...DEFAULT_NODE_CAPACITY } });
  }
  return nodes;
}

export const DEFAULT_NODES = 3;

/** The configuration `kubesim init` builds from its flags (and defaults). */
export function buildConfig(opts: ConfigOptions = {}): ClusterConfig {
  const podCIDR = checkCIDR('podCIDR', opts.podCIDR ?? '10.244.0.0/16', 24);
  const serviceCIDR = checkCIDR('serviceCIDR', opts.serviceCIDR ?? '10.96.0.0/12');
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0) throw new ConfigError(`seed: must be a non-negative integer, got ${JSON.stringify(opts.seed)}`);
  const count = opts.nodes ?? DEFAULT_NODES;
  if (!Number.isInteger(count) || count < 1 || count > 250) throw new ConfigError(`nodes: must be an integer between 1 and 250, got ${JSON.stringify(opts.nodes)}`);
  const clock = opts.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'virtual') throw new ConfigError(`clock: must be "wall" or "virtual", got ${JSON.stringify(clock)}`);
  return {
    seed,
    clock,
    serviceCIDR,
    podCIDR,
    nodePortRange: parsePortRange('nodePortRange', opts.nodePortRange ?? '30000-32767'),
    clusterDomain: 'cluster.local',
    kubernetesVersion: 'v1.32.2',
    loadBalancerPool: checkPool('loadBalancerPool', opts.loadBalancerPool ?? null),
    nodes: kindNodes(count, podCIDR),
    kubeProxy: defaultKubeProxyConfig(podCIDR),
    ...(opts.cni !== undefined && opts.cni !== 'kindnet' ? { cni: checkCni('cni', opts.cni) } : {}),
  };
}

const TOP_KEYS = ['seed', 'clock', 'serviceCIDR', 'podCIDR', 'nodePortRange', 'nodes', 'kubeProxy', 'loadBalancerPool', 'clusterDomain', 'nodeCapacity', 'metricsServer', 'cni'];
const NODE_KEYS = ['name', 'ip', 'role', 'addresses', 'podCIDR', 'capacity', 'allocatable'];
const PROXY_KEYS = ['mode', 'clusterCIDR', 'masqueradeAll', 'masqueradeBit', 'nodePortAddresses', 'localhostNodePorts', 'iptables'];
const IPT_KEYS = ['version', 'backend', 'randomFully', 'nfacct', 'conntrackTCPBeLiberal'];

function checkKeys(where: string, obj: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new ConfigError(`${where}${where ? '.' : ''}${k}: unknown key (allowed: ${allowed.join(', ')})`);
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkBool(key: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(`${key}: must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Applies a parsed `--config` document (already YAML-decoded) over the flag-built config. Every key is checked;
 * an unknown key or a bad value throws ConfigError naming the key.
 */
export function applyConfigDocument(doc: unknown, base: ConfigOptions = {}): ClusterConfig {
  if (!isMap(doc)) throw new ConfigError('cluster config: the document must be a mapping of keys to values');
  checkKeys('', doc, TOP_KEYS);
  const opts: ConfigOptions = { ...base };
  if ('seed' in doc) {
    if (typeof doc.seed !== 'number' || !Number.isInteger(doc.seed) || doc.seed < 0) throw new ConfigError(`seed: must be a non-negative integer, got ${JSON.stringify(doc.seed)}`);
    opts.seed = doc.seed;
  }
  if ('clock' in doc) opts.clock = doc.clock as string;
  if ('serviceCIDR' in doc) opts.serviceCIDR = doc.serviceCIDR as string;
  if ('podCIDR' in doc) opts.podCIDR = doc.podCIDR as string;
  if ('nodePortRange' in doc) opts.nodePortRange = doc.nodePortRange as string;
  if ('loadBalancerPool' in doc) opts.loadBalancerPool = doc.loadBalancerPool as string | null;
  if ('cni' in doc) opts.cni = checkCni('cni', doc.cni);
  const cfg = buildConfig(opts);
  if ('clusterDomain' in doc) {
    if (typeof doc.clusterDomain !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(doc.clusterDomain)) throw new ConfigError(`clusterDomain: invalid domain ${JSON.stringify(doc.clusterDomain)}`);
    cfg.clusterDomain = doc.clusterDomain;
  }
  // nodeCapacity: every node's capacity (and allocatable) unless the node sets its own
  const defaultCapacity = 'nodeCapacity' in doc ? checkResources('nodeCapacity', doc.nodeCapacity, DEFAULT_NODE_CAPACITY) : { ...DEFAULT_NODE_CAPACITY };
  for (const n of cfg.nodes) {
    n.capacity = { ...defaultCapacity };
    n.allocatable = { ...defaultCapacity };
  }
  if ('nodes' in doc) {
    if (!Array.isArray(doc.nodes) || doc.nodes.length === 0) throw new ConfigError('nodes: must be a non-empty list');
    const seen = new Set<string>();
    cfg.nodes = doc.nodes.map((n: unknown, i: number) => {
      const where = `nodes[${i}]`;
      if (!isMap(n)) throw new ConfigError(`${where}: must be a mapping with name and ip`);
      checkKeys(where, n, NODE_KEYS);
      if (typeof n.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n.name)) throw new ConfigError(`${where}.name: must be a lowercase RFC 1123 name, got ${JSON.stringify(n.name)}`);
      if (seen.has(n.name)) throw new ConfigError(`${where}.name: duplicate node name ${n.name}`);
      seen.add(n.name);
      const ip = checkIP(`${where}.ip`, n.ip);
      const role = n.role ?? (i === 0 ? 'control-plane' : 'worker');
      if (role !== 'control-plane' && role !== 'worker') throw new ConfigError(`${where}.role: must be "control-plane" or "worker", got ${JSON.stringify(role)}`);
      let addresses = [ip];
      if ('addresses' in n) {
        if (!Array.isArray(n.addresses)) throw new ConfigError(`${where}.addresses: must be a list of IPv4 addresses`);
        addresses = n.addresses.map((a: unknown, j: number) => checkIP(`${where}.addresses[${j}]`, a));
      }
      const podCIDR = 'podCIDR' in n ? checkCIDR(`${where}.podCIDR`, n.podCIDR) : nodePodCIDR(cfg.podCIDR, i);
      const capacity = 'capacity' in n ? checkResources(`${where}.capacity`, n.capacity, defaultCapacity) : { ...defaultCapacity };
      const allocatable = 'allocatable' in n ? checkResources(`${where}.allocatable`, n.allocatable, capacity) : { ...capacity };
      return { name: n.name, ip, role, addresses, podCIDR, capacity, allocatable } as NodeConfig;
    });
  }
  if ('metricsServer' in doc) cfg.metricsServer = checkBool('metricsServer', doc.metricsServer);
  cfg.kubeProxy = defaultKubeProxyConfig(cfg.podCIDR);
  if ('kubeProxy' in doc) {
    const kp = doc.kubeProxy;
    if (!isMap(kp)) throw new ConfigError('kubeProxy: must be a mapping');
    checkKeys('kubeProxy', kp, PROXY_KEYS);
    const out = cfg.kubeProxy;
    if ('mode' in kp) {
      if (kp.mode === 'ipvs' || kp.mode === 'nftables') throw new ConfigError(`kubeProxy.mode: "${kp.mode}" is not simulated yet; only "iptables" is`);
      if (kp.mode !== 'iptables') throw new ConfigError(`kubeProxy.mode: must be one of iptables, ipvs, nftables, got ${JSON.stringify(kp.mode)}`);
      out.mode = kp.mode as KubeProxyConfig['mode'];
    }
    if ('clusterCIDR' in kp) out.clusterCIDR = kp.clusterCIDR === null ? null : checkCIDR('kubeProxy.clusterCIDR', kp.clusterCIDR, 32);
    if ('masqueradeAll' in kp) out.masqueradeAll = checkBool('kubeProxy.masqueradeAll', kp.masqueradeAll);
    if ('masqueradeBit' in kp) {
      const b = kp.masqueradeBit;
      if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 31) throw new ConfigError(`kubeProxy.masqueradeBit: must be an integer between 0 and 31, got ${JSON.stringify(b)}`);
      out.masqueradeBit = b;
    }
    if ('nodePortAddresses' in kp) {
      const v = kp.nodePortAddresses;
      if (v === null) out.nodePortAddresses = null;
      else if (Array.isArray(v)) out.nodePortAddresses = v.map((c: unknown, j: number) => checkCIDR(`kubeProxy.nodePortAddresses[${j}]`, c, 32));
      else throw new ConfigError(`kubeProxy.nodePortAddresses: must be null or a list of CIDRs, got ${JSON.stringify(v)}`);
    }
    if ('localhostNodePorts' in kp) out.localhostNodePorts = checkBool('kubeProxy.localhostNodePorts', kp.localhostNodePorts);
    if ('iptables' in kp) {
      const ipt = kp.iptables;
      if (!isMap(ipt)) throw new ConfigError('kubeProxy.iptables: must be a mapping');
      checkKeys('kubeProxy.iptables', ipt, IPT_KEYS);
      if ('version' in ipt) {
        if (typeof ipt.version !== 'string' || !/^1\.\d+\.\d+$/.test(ipt.version)) throw new ConfigError(`kubeProxy.iptables.version: must look like 1.8.9, got ${JSON.stringify(ipt.version)}`);
        out.iptables.version = ipt.version;
      }
      if ('backend' in ipt) {
        if (ipt.backend !== 'nf_tables' && ipt.backend !== 'legacy') throw new ConfigError(`kubeProxy.iptables.backend: must be "nf_tables" or "legacy", got ${JSON.stringify(ipt.backend)}`);
        out.iptables.backend = ipt.backend;
      }
      for (const k of ['randomFully', 'nfacct', 'conntrackTCPBeLiberal'] as const) {
        if (k in ipt) out.iptables[k] = checkBool(`kubeProxy.iptables.${k}`, ipt[k]);
      }
    }
  }
  return cfg;
}
