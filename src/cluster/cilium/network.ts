// Which CNI gives a node's pods their network, read from the live objects as the container runtime reads
// /etc/cni/net.d: Cilium once its agent runs on the node and the node's CiliumNode has its pod CIDR and router
// address (the agent writes 05-cilium.conflist then); else kindnet on a kindnet cluster (kind's node image ships
// its config); else nothing, and the runtime reports the network not ready ("cni plugin not initialized").

import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject, Pod } from '../apiserver/types.js';
import { cniOf, ipToString, parseCIDR, type ClusterConfig } from '../state/config.js';
import type { Rng } from '../state/rng.js';
import { CILIUM_NODES } from './crds.js';

/** What containerd's CRI reports while no CNI config is installed (NetworkReady=false). */
export const NETWORK_NOT_READY = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export interface CiliumNodeIPAM {
  podCIDRs: string[];
  /** the cilium_host address (CiliumInternalIP) */
  routerIP?: string;
  /** the cilium-health endpoint's address */
  healthIP?: string;
}

type Any = Record<string, any>;

export function ciliumNode(api: ApiServer, name: string): KubeObject | undefined {
  return api.serves(CILIUM_NODES) ? api.tryGet(CILIUM_NODES, undefined, name) : undefined;
}

export function ciliumNodeIPAM(cn: KubeObject): CiliumNodeIPAM {
  const spec = ((cn as Any).spec ?? {}) as Any;
  const addrs = (spec.addresses ?? []) as Array<{ type?: string; ip?: string }>;
  return {
    podCIDRs: ((spec.ipam?.podCIDRs ?? []) as string[]).filter((c) => typeof c === 'string'),
    routerIP: addrs.find((a) => a.type === 'CiliumInternalIP')?.ip,
    healthIP: spec.health?.ipv4,
  };
}

function containerRunning(pod: Pod, name: string): boolean {
  return !pod.metadata.deletionTimestamp && !!pod.status?.containerStatuses?.find((s) => s.name === name)?.state?.running;
}

const agentsMemo = new WeakMap<ApiServer, { sig: string; agents: Map<string, Pod> }>();

/** The cilium agent pods (k8s-app=cilium in kube-system) whose agent container runs, by node (read-only map). */
export function runningAgents(api: ApiServer): Map<string, Pod> {
  // every pod sandbox asks (podNetwork): the answer holds while kube-system's pods are not written
  const sig = api.store.nsWriteCount('pods', 'kube-system');
  const m = agentsMemo.get(api);
  if (m && m.sig === sig) return m.agents;
  const out = new Map<string, Pod>();
  agentsMemo.set(api, { sig, agents: out });
  for (const p of api.list<Pod>('pods', 'kube-system')) {
    if (p.metadata.labels?.['k8s-app'] !== 'cilium' || !p.spec.nodeName) continue;
    if (containerRunning(p, 'cilium-agent')) out.set(p.spec.nodeName, p);
  }
  return out;
}

/** The running cilium-operator pods. */
export function runningOperators(api: ApiServer): Pod[] {
  return api.list<Pod>('pods', 'kube-system').filter((p) => p.metadata.labels?.['io.cilium/app'] === 'operator' && containerRunning(p, 'cilium-operator'));
}

export type PodNetwork = { cni: 'kindnet' } | { cni: 'cilium'; podCIDR: string; reserved: string[] };

/** The CNI that sets up a new pod sandbox on `node`, or undefined when the node's network is not ready. */
export function podNetwork(api: ApiServer, config: ClusterConfig, node: string): PodNetwork | undefined {
  const cn = runningAgents(api).has(node) ? ciliumNode(api, node) : undefined;
  if (cn) {
    const ipam = ciliumNodeIPAM(cn);
    if (ipam.podCIDRs.length && ipam.routerIP) return { cni: 'cilium', podCIDR: ipam.podCIDRs[0], reserved: [ipam.routerIP, ipam.healthIP].filter((x): x is string => !!x) };
  }
  if (cniOf(config) === 'kindnet') return { cni: 'kindnet' };
  return undefined;
}

/**
 * An address of `cidr` for a new endpoint, as Cilium's host-scope allocator hands them out (Kubernetes' bitmap
 * allocator with its random scan: a random offset, then the next free one), the network and broadcast addresses
 * excluded; undefined when the range is exhausted.
 */
export function allocateRandomIP(rng: Rng, cidr: string, inUse: Set<string>): string | undefined {
  const c = parseCIDR(cidr);
  if (!c) return undefined;
  const size = 2 ** (32 - c.bits);
  const count = size - 2;
  if (count <= 0) return undefined;
  const start = rng.int(count);
  for (let i = 0; i < count; i++) {
    const ip = ipToString((c.base + 1 + ((start + i) % count)) >>> 0);
    if (!inUse.has(ip)) return ip;
  }
  return undefined;
}

/** A cilium node's routing in tunnel mode: its router address and pod CIDR, and every other node's pod CIDR. */
export interface CiliumRouting {
  routerIP: string;
  podCIDR: string;
  remoteCIDRs: string[];
}

/** VXLAN's overhead: cilium lowers the route MTU by it in tunnel mode (1500 -> 1450). */
export const TUNNEL_OVERHEAD = 50;
/** the MTU of a kind node's eth0 in kubesim (Docker Desktop's 65535), the device cilium takes its MTU from */
export const NODE_MTU = 65535;

export function ciliumRouting(api: ApiServer, config: ClusterConfig, node: string): CiliumRouting | undefined {
  const net = podNetwork(api, config, node);
  if (net?.cni !== 'cilium') return undefined;
  const own = ciliumNodeIPAM(ciliumNode(api, node)!);
  const remoteCIDRs = api
    .list(CILIUM_NODES)
    .filter((n) => n.metadata.name !== node)
    .flatMap((n) => ciliumNodeIPAM(n).podCIDRs);
  return { routerIP: own.routerIP!, podCIDR: net.podCIDR, remoteCIDRs };
}
