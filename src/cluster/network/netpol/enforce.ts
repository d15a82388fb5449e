// kindnetd's network policy enforcement on a node: the nftables table `inet kindnet-network-policies` whose
// postrouting chain (priority filter - 5: after DNAT, before kube-proxy's SNAT) queues every new connection from or
// to a local pod that a policy selects (set podips-v4) to kindnetd, which answers with the verdict of
// evaluate.ts. Indexed once per store resourceVersion.

import type { Namespace, Pod } from '../../apiserver/types.js';
import type { NetworkPolicy } from '../../apiserver/registry/networkpolicies.js';
import type { ApiServer } from '../../apiserver/server.js';
import type { ClusterConfig } from '../../state/config.js';
import { formatIPv4, parseIPv4 } from '../iptables/ip.js';
import { buildIndex, evaluatePacket, policiesForPod, type PolicyIndex, type PolicyVerdict } from './evaluate.js';

export const NFT_TABLE = 'kindnet-network-policies';
/** kindnetd's networkpolicy.Config QueueID (cmd/kindnetd) */
export const NFQUEUE_ID = 102;

interface NodePolicyState {
  index: PolicyIndex;
  /** node → local pod IPs selected by at least one policy (set podips-v4), as numbers */
  podIPs: Map<string, Set<number>>;
}

/** The parts of the cluster the policy engine reads (the data plane's cluster fits). */
export interface PolicyCluster {
  api: ApiServer;
  config: ClusterConfig;
}

const cache = new WeakMap<object, { rv: number; state: NodePolicyState }>();

export function policyState(cluster: PolicyCluster): NodePolicyState {
  const store = cluster.api.store;
  const hit = cache.get(store);
  if (hit && hit.rv === store.resourceVersion) return hit.state;
  const policies = cluster.api.list<NetworkPolicy>('networkpolicies.networking.k8s.io');
  const index = buildIndex(policies, policies.length ? cluster.api.list<Namespace>('namespaces') : []);
  const podIPs = new Map<string, Set<number>>();
  for (const n of cluster.config.nodes) podIPs.set(n.name, new Set());
  if (index.count) {
    for (const pod of cluster.api.list<Pod>('pods')) {
      const phase = pod.status?.phase;
      if (pod.spec.hostNetwork || !pod.spec.nodeName || !pod.status?.podIP || phase === 'Succeeded' || phase === 'Failed') continue;
      if (policiesForPod(index, pod).length === 0) continue;
      const ip = parseIPv4(pod.status!.podIP!);
      if (ip !== null) podIPs.get(pod.spec.nodeName)?.add(ip);
    }
  }
  const state = { index, podIPs };
  cache.set(store, { rv: store.resourceVersion, state });
  return state;
}

export interface QueueResult {
  /** the nft rule that queued the packet, or null when it was not queued (accepted by the policy-free path) */
  rule: string | null;
  verdict: PolicyVerdict;
}

/** The table's postrouting chain on `node` for a new connection's first packet. */
export function postroutingVerdict(cluster: PolicyCluster, podAt: (ip: number) => Pod | null, node: string, src: number, dst: number, dport: number, proto: string): QueueResult {
  const state = policyState(cluster);
  const local = state.podIPs.get(node);
  if (!local || local.size === 0) return { rule: null, verdict: { allowed: true } };
  let rule: string | null = null;
  if (local.has(src)) rule = `ip saddr @podips-v4 queue flags bypass to ${NFQUEUE_ID}`;
  else if (local.has(dst)) rule = `ip daddr @podips-v4 queue flags bypass to ${NFQUEUE_ID}`;
  if (!rule) return { rule: null, verdict: { allowed: true } };
  const verdict = evaluatePacket(state.index, { ip: src, pod: podAt(src) }, { ip: dst, pod: podAt(dst) }, dport, proto.toUpperCase());
  return { rule, verdict };
}

/** A line for the packet trace. */
export function describeVerdict(node: string, q: QueueResult, src: number, dst: number, dport: number, proto: string): string {
  const v = q.verdict;
  const what = `${proto} ${formatIPv4(src)} -> ${formatIPv4(dst)}:${dport}`;
  if (v.allowed) return `${node} inet ${NFT_TABLE} postrouting: ${q.rule}; kindnetd: ${what} accept`;
  const d = v.deniedBy!;
  return `${node} inet ${NFT_TABLE} postrouting: ${q.rule}; kindnetd: ${what} drop (${d.direction} of ${d.pod.metadata.namespace}/${d.pod.metadata.name} isolated by ${d.policies.join(', ')})`;
}

/**
 * The trace line on a node whose pods Cilium serves: its BPF programs at the endpoints enforce the same NetworkPolicy
 * verdict (kubesim evaluates it at the same step of the walk: after kube-proxy's DNAT, before its SNAT).
 */
export function describeCiliumVerdict(node: string, q: QueueResult, src: number, dst: number, dport: number, proto: string): string {
  const v = q.verdict;
  const what = `${proto} ${formatIPv4(src)} -> ${formatIPv4(dst)}:${dport}`;
  if (v.allowed) return `${node} cilium policy: ${what} allowed`;
  const d = v.deniedBy!;
  return `${node} cilium policy: ${what} denied (${d.direction} of ${d.pod.metadata.namespace}/${d.pod.metadata.name} isolated by ${d.policies.join(', ')})`;
}
