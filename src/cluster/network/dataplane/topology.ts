// Who owns an address: pod IPs (from status.podIP of pods on their node), node addresses (the node itself and its
// hostNetwork pods). Indexed once per store resourceVersion. Also each pod's simulated interface identity.

import type { Pod } from '../../apiserver/types.js';
import type { NodeConfig } from '../../state/config.js';
import { parseIPv4 } from '../iptables/ip.js';
import type { DataplaneCluster } from './cluster-view.js';

export type Owner = { kind: 'pod'; pod: Pod; node: string } | { kind: 'node'; node: string };

export interface Topology {
  /** IPv4 (as integer) → owner */
  byIP: Map<number, Owner>;
  /** node name → its config */
  nodes: Map<string, NodeConfig>;
  /** node name → hostNetwork pods running there */
  hostPods: Map<string, Pod[]>;
}

/** A pod that holds its IP on the network: assigned, not finished. */
export function podHoldsIP(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed';
}

const cache = new WeakMap<object, { rv: number; topo: Topology }>();

export function topology(cluster: DataplaneCluster): Topology {
  const store = cluster.api.store;
  const hit = cache.get(store);
  if (hit && hit.rv === store.resourceVersion) return hit.topo;
  const topo: Topology = { byIP: new Map(), nodes: new Map(), hostPods: new Map() };
  for (const n of cluster.config.nodes) {
    topo.nodes.set(n.name, n);
    topo.hostPods.set(n.name, []);
    for (const a of new Set([n.ip, ...n.addresses])) {
      const v = parseIPv4(a);
      if (v !== null) topo.byIP.set(v, { kind: 'node', node: n.name });
    }
  }
  for (const pod of cluster.api.list<Pod>('pods')) {
    const node = pod.spec?.nodeName;
    if (!node || !podHoldsIP(pod)) continue;
    if (pod.spec.hostNetwork) {
      topo.hostPods.get(node)?.push(pod);
      continue;
    }
    const v = parseIPv4(pod.status!.podIP!);
    if (v !== null && !topo.byIP.has(v)) topo.byIP.set(v, { kind: 'pod', pod, node });
  }
  cache.set(store, { rv: store.resourceVersion, topo });
  return topo;
}

/** True for 127.0.0.0/8. */
export function isLoopback(ip: number): boolean {
  return Math.floor(ip / 16777216) === 127;
}

/** Addresses local to a node (addrtype LOCAL): its interface addresses and loopback. */
export function isLocalTo(topo: Topology, node: string, ip: number): boolean {
  if (isLoopback(ip)) return true;
  const o = topo.byIP.get(ip);
  return o !== undefined && o.kind === 'node' && o.node === node;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The pod's eth0 MAC address: locally administered, derived from the pod UID (stable for the pod's life). */
export function podMac(pod: Pod): string {
  const a = fnv(pod.metadata.uid ?? pod.metadata.name ?? '');
  const b = fnv((pod.metadata.uid ?? '') + '/eth0');
  const bytes = [0x02 | ((a >>> 24) & 0xfc), (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The IPv6 link-local address (EUI-64) of a MAC, as the kernel configures it on eth0. */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] ^= 0x02;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return 'fe80::' + words.map((w) => w.toString(16)).join(':');
}

/** A small deterministic hash of a string (stable pids, ports and timestamps derived from names/uids). */
export function stableHash(s: string): number {
  return fnv(s);
}
