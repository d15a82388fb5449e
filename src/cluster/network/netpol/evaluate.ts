// The NetworkPolicy verdict as kindnetd's embedded kube-network-policies reaches it for a packet queued from
// nftables (controller.go evaluatePacket, networkpolicy.go evaluator): the source pod's Egress policies, then the
// destination pod's Ingress policies. A pod selected by no policy of a direction is not isolated in it; otherwise
// one rule of one policy allowing the peer and port is enough (policies are a union). Pure: takes an index.

import type { Pod } from '../../apiserver/types.js';
import { fromLabelSelector, matches, type Selector } from '../../apiserver/labels.js';
import { cidrContainsV4, parseCIDRSloppy, type CIDR } from '../../apiserver/registry/cidr.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../../apiserver/registry/networkpolicies.js';

export interface CompiledPeer {
  pod: Selector | null;
  ns: Selector | null;
  ipBlock: { cidr: CIDR; except: CIDR[] } | null;
}
export interface CompiledRule {
  ports: NetworkPolicyPort[];
  peers: CompiledPeer[];
}
export interface CompiledPolicy {
  name: string;
  namespace: string;
  podSelector: Selector;
  ingress: CompiledRule[] | null;
  egress: CompiledRule[] | null;
}

/** What the evaluator knows about the cluster: policies by namespace, namespace labels. */
export interface PolicyIndex {
  byNamespace: Map<string, CompiledPolicy[]>;
  namespaceLabels: Map<string, Record<string, string>>;
  count: number;
}

function compilePeer(p: NetworkPolicyPeer): CompiledPeer {
  let ipBlock: CompiledPeer['ipBlock'] = null;
  if (p.ipBlock?.cidr) {
    const cidr = parseCIDRSloppy(p.ipBlock.cidr);
    if (cidr) ipBlock = { cidr, except: (p.ipBlock.except ?? []).map(parseCIDRSloppy).filter((c): c is CIDR => c !== null) };
  }
  return { pod: fromLabelSelector(p.podSelector), ns: fromLabelSelector(p.namespaceSelector), ipBlock };
}

export function compilePolicy(np: NetworkPolicy): CompiledPolicy {
  const spec = np.spec ?? {};
  const types = spec.policyTypes ?? [];
  const rules = (list: Array<{ ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }> | undefined, peersOf: 'from' | 'to') =>
    (list ?? []).map((r) => ({ ports: r?.ports ?? [], peers: (r?.[peersOf] ?? []).map(compilePeer) }));
  return {
    name: np.metadata.name ?? '',
    namespace: np.metadata.namespace ?? 'default',
    podSelector: fromLabelSelector(spec.podSelector ?? {}) ?? [],
    ingress: types.includes('Ingress') ? rules(spec.ingress, 'from') : null,
    egress: types.includes('Egress') ? rules(spec.egress, 'to') : null,
  };
}

export function buildIndex(policies: NetworkPolicy[], namespaces: Array<{ metadata: { name?: string; labels?: Record<string, string> } }>): PolicyIndex {
  const byNamespace = new Map<string, CompiledPolicy[]>();
  for (const np of policies) {
    const c = compilePolicy(np);
    const list = byNamespace.get(c.namespace);
    if (list) list.push(c);
    else byNamespace.set(c.namespace, [c]);
  }
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const ns of namespaces) namespaceLabels.set(ns.metadata.name ?? '', ns.metadata.labels ?? {});
  return { byNamespace, namespaceLabels, count: policies.length };
}

/** The policies whose podSelector selects the pod (getNetworkPoliciesForPod). */
export function policiesForPod(index: PolicyIndex, pod: Pod | null): CompiledPolicy[] {
  if (!pod) return [];
  const list = index.byNamespace.get(pod.metadata.namespace ?? 'default');
  if (!list) return [];
  return list.filter((p) => matches(p.podSelector, pod.metadata.labels));
}

export interface Endpoint {
  ip: number;
  pod: Pod | null;
}

function peerMatches(index: PolicyIndex, policy: CompiledPolicy, peer: CompiledPeer, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!cidrContainsV4(peer.ipBlock.cidr, other.ip)) return false;
    return !peer.ipBlock.except.some((e) => cidrContainsV4(e, other.ip));
  }
  const pod = other.pod;
  if (!pod) return false;
  const podNs = pod.metadata.namespace ?? 'default';
  if (peer.ns) {
    if (!matches(peer.ns, index.namespaceLabels.get(podNs) ?? {})) return false;
  } else if (podNs !== policy.namespace) return false;
  return peer.pod ? matches(peer.pod, pod.metadata.labels) : true;
}

/** A port of the rule against the destination (named ports resolve in the destination pod's containers). */
function portMatches(port: NetworkPolicyPort, dstPod: Pod | null, dport: number, proto: string): boolean {
  if ((port.protocol ?? 'TCP') !== proto) return false;
  if (port.port === undefined || port.port === null) return true;
  if (typeof port.port === 'number') {
    if (port.endPort !== undefined && port.endPort !== null) return dport >= port.port && dport <= port.endPort;
    return dport === port.port;
  }
  if (!dstPod) return false;
  for (const c of dstPod.spec.containers) {
    for (const cp of c.ports ?? []) {
      if (cp.name === port.port && (cp.protocol ?? 'TCP') === proto && cp.containerPort === dport) return true;
    }
  }
  return false;
}

function rulesAllow(index: PolicyIndex, policy: CompiledPolicy, rules: CompiledRule[], peer: Endpoint, dstPod: Pod | null, dport: number, proto: string): boolean {
  for (const r of rules) {
    if (r.ports.length && !r.ports.some((p) => portMatches(p, dstPod, dport, proto))) continue;
    if (r.peers.length === 0 || r.peers.some((p) => peerMatches(index, policy, p, peer))) return true;
  }
  return false;
}

export interface PolicyVerdict {
  allowed: boolean;
  /** which direction denied it, and the policies that isolate that pod */
  deniedBy?: { direction: 'Egress' | 'Ingress'; pod: Pod; policies: string[] };
}

/** The verdict for the first packet of a connection src → dst:dport/proto (after DNAT). */
export function evaluatePacket(index: PolicyIndex, src: Endpoint, dst: Endpoint, dport: number, proto: string): PolicyVerdict {
  if (index.count === 0) return { allowed: true };
  if (src.pod) {
    const egress = policiesForPod(index, src.pod).filter((p) => p.egress !== null);
    if (egress.length && !egress.some((p) => rulesAllow(index, p, p.egress!, dst, dst.pod, dport, proto))) {
      return { allowed: false, deniedBy: { direction: 'Egress', pod: src.pod, policies: egress.map((p) => p.name) } };
    }
  }
  if (dst.pod) {
    const ingress = policiesForPod(index, dst.pod).filter((p) => p.ingress !== null);
    if (ingress.length && !ingress.some((p) => rulesAllow(index, p, p.ingress!, src, dst.pod, dport, proto))) {
      return { allowed: false, deniedBy: { direction: 'Ingress', pod: dst.pod, policies: ingress.map((p) => p.name) } };
    }
  }
  return { allowed: true };
}
