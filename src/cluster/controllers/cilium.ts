// What Cilium 1.11's programs do to the API while their pods run (their data path is network/dataplane):
// - cilium-operator (generic, cluster-pool IPAM) registers the cilium.io CRDs it owns, then gives every CiliumNode
//   without one the next free /24 of cluster-pool-ipv4-cidr (10.0.0.0/8, mask size 24) in spec.ipam.podCIDRs;
// - the cilium agent on a node creates its CiliumNode (owned by the Node: InternalIP, the node's labels), and
//   once the operator has given it a CIDR takes the cilium_host router address and the health endpoint's address
//   from it (CiliumInternalIP, spec.health.ipv4); from then on the node's pods get their addresses from that CIDR
//   (kubelet -> cilium/network.ts). For each pod it manages it writes a CiliumEndpoint (owned by the pod) and
//   allocates the CiliumIdentity of the pod's security labels.
// Random choices (endpoint ids, identity numbers, addresses) come from the cluster RNG.

import type { KubeObject, Node, Pod } from '../apiserver/types.js';
import { ipToString, parseCIDR } from '../state/config.js';
import { ciliumConfigData, CLUSTER_POOL_IPV4_CIDR, CLUSTER_POOL_IPV4_MASK_SIZE } from '../cilium/config-map.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES, CILIUM_NODES, ciliumCRDs } from '../cilium/crds.js';
import { allocateRandomIP, ciliumNodeIPAM, runningAgents, runningOperators } from '../cilium/network.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, nodeInternalIP } from './util.js';

type Any = Record<string, any>;

function registerCRDs(ctx: ControllerContext): void {
  for (const crd of ciliumCRDs()) {
    if (!ctx.api.tryGet('customresourcedefinitions.apiextensions.k8s.io', undefined, crd.metadata.name!)) ctx.api.create(crd);
  }
}

/** The operator's cluster-pool allocator: the lowest free /mask of the pool for each CiliumNode still without one. */
function allocateNodeCIDRs(ctx: ControllerContext, pool: string, mask: number): void {
  const nodes = ctx.api.list(CILIUM_NODES);
  const used = new Set(nodes.flatMap((n) => ciliumNodeIPAM(n).podCIDRs));
  const p = parseCIDR(pool);
  if (!p || mask < p.bits) return;
  const count = 2 ** (mask - p.bits);
  let next = 0;
  for (const cn of [...nodes].sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : 0))) {
    if (ciliumNodeIPAM(cn).podCIDRs.length) continue;
    let cidr: string | undefined;
    for (; next < count; next++) {
      const c = `${ipToString((p.base + next * 2 ** (32 - mask)) >>> 0)}/${mask}`;
      if (!used.has(c)) {
        cidr = c;
        used.add(c);
        break;
      }
    }
    if (!cidr) return;
    const spec = { ...((cn as Any).spec ?? {}) };
    spec.ipam = { ...(spec.ipam ?? {}), podCIDRs: [cidr] };
    ctx.api.update({ ...cn, spec } as KubeObject);
  }
}

/** The agent's CiliumNode, created at start and completed (router and health addresses) once it has a CIDR. */
function syncCiliumNode(ctx: ControllerContext, node: Node): void {
  const name = node.metadata.name!;
  const ip = nodeInternalIP(node) ?? '';
  let cn = ctx.api.tryGet(CILIUM_NODES, undefined, name);
  if (!cn) {
    cn = ctx.api.create({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNode',
      metadata: { name, labels: { ...(node.metadata.labels ?? {}) }, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }] },
      spec: { addresses: [{ ip, type: 'InternalIP' }], alibaba_cloud: {}, azure: {}, encryption: {}, eni: {}, health: {}, ipam: {} },
    } as KubeObject);
  }
  const ipam = ciliumNodeIPAM(cn);
  if (!ipam.podCIDRs.length || ipam.routerIP) return;
  const router = allocateRandomIP(ctx.rng, ipam.podCIDRs[0], new Set());
  if (!router) return;
  const health = allocateRandomIP(ctx.rng, ipam.podCIDRs[0], new Set([router]));
  const spec = { ...((cn as Any).spec ?? {}) };
  spec.addresses = [...((spec.addresses ?? []) as unknown[]), { ip: router, type: 'CiliumInternalIP' }];
  spec.health = { ...(spec.health ?? {}), ...(health ? { ipv4: health } : {}) };
  ctx.api.update({ ...cn, spec } as KubeObject);
}

/** The labels of a pod's security identity, as the agent derives them (the `k8s:` source). */
export function securityLabels(pod: Pod, clusterName: string, nsLabels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
    if (k === 'pod-template-hash' || k === 'controller-revision-hash' || k === 'pod-template-generation' || k === 'statefulset.kubernetes.io/pod-name') continue;
    out[`k8s:${k}`] = v;
  }
  for (const [k, v] of Object.entries(nsLabels)) out[`k8s:io.cilium.k8s.namespace.labels.${k}`] = v;
  out['k8s:io.cilium.k8s.policy.cluster'] = clusterName;
  out['k8s:io.cilium.k8s.policy.serviceaccount'] = pod.spec.serviceAccountName ?? 'default';
  out['k8s:io.kubernetes.pod.namespace'] = pod.metadata.namespace ?? 'default';
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The CiliumIdentity of a label set: the existing one, or a new one with a free number in 256..65535. */
function identityFor(ctx: ControllerContext, labels: Record<string, string>): number {
  const key = JSON.stringify(labels);
  const all = ctx.api.list(CILIUM_IDENTITIES);
  const hit = all.find((i) => JSON.stringify((i as Any)['security-labels'] ?? {}) === key);
  if (hit) return Number(hit.metadata.name);
  const used = new Set(all.map((i) => i.metadata.name));
  let id = 256 + ctx.rng.int(65536 - 256);
  while (used.has(String(id))) id = id >= 65535 ? 256 : id + 1;
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    const bare = k.slice('k8s:'.length);
    if (LABEL_KEY.test(bare) && v.length <= 63) meta[bare] = v;
  }
  ctx.api.create({ apiVersion: 'cilium.io/v2', kind: 'CiliumIdentity', metadata: { name: String(id), labels: meta }, 'security-labels': labels } as KubeObject);
  return id;
}

/** A CiliumEndpoint for each pod the node's agent gave an address. */
function syncEndpoints(ctx: ControllerContext, node: Node, cidr: string, clusterName: string): void {
  const c = parseCIDR(cidr);
  if (!c) return;
  const inCidr = (ip: string) => {
    const v = parseCIDR(`${ip}/32`);
    return !!v && v.base >>> (32 - c.bits) === c.base >>> (32 - c.bits);
  };
  const name = node.metadata.name!;
  const pods = ctx.api.list<Pod>(K.pods).filter((p) => p.spec.nodeName === name && !p.spec.hostNetwork && p.status?.podIP && inCidr(p.status.podIP));
  const existing = ctx.api.list(CILIUM_ENDPOINTS).filter((e) => (e as Any).status?.networking?.node === nodeInternalIP(node));
  const usedIds = new Set(existing.map((e) => (e as Any).status?.id));
  for (const pod of pods) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.metadata.deletionTimestamp) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const cep = ctx.api.tryGet(CILIUM_ENDPOINTS, ns, pod.metadata.name!);
    if (cep && cep.metadata.ownerReferences?.[0]?.uid === pod.metadata.uid) continue;
    if (cep) ctx.api.delete(CILIUM_ENDPOINTS, ns, pod.metadata.name!);
    const nsObj = ctx.api.tryGet('namespaces', undefined, ns);
    const labels = securityLabels(pod, clusterName, nsObj?.metadata.labels ?? {});
    const identity = identityFor(ctx, labels);
    let id = 1 + ctx.rng.int(4095);
    while (usedIds.has(id)) id = id >= 4095 ? 1 : id + 1;
    usedIds.add(id);
    ctx.api.create({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpoint',
      metadata: { name: pod.metadata.name, namespace: ns, labels: { ...(pod.metadata.labels ?? {}) }, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid!, blockOwnerDeletion: true }] },
      status: {
        encryption: {},
        'external-identifiers': { 'container-id': '', 'k8s-namespace': ns, 'k8s-pod-name': pod.metadata.name, 'pod-name': `${ns}/${pod.metadata.name}` },
        id,
        identity: { id: identity, labels: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
        networking: { addressing: [{ ipv4: pod.status!.podIP }], node: nodeInternalIP(node) },
        policy: { egress: { enforcing: false, state: '<status disabled>' }, ingress: { enforcing: false, state: '<status disabled>' } },
        state: 'ready',
        'visibility-policy-status': '<status disabled>',
      },
    } as KubeObject);
  }
}

function sync(ctx: ControllerContext): void {
  const { api } = ctx;
  const operators = runningOperators(api);
  const agents = runningAgents(api);
  if (!operators.length && !agents.size) return;
  const cm = api.tryGet<KubeObject & { data?: Record<string, string> }>('configmaps', 'kube-system', 'cilium-config');
  const data = cm?.data ?? ciliumConfigData('default');
  if (operators.length) {
    registerCRDs(ctx);
    if (data.ipam === 'cluster-pool') allocateNodeCIDRs(ctx, data['cluster-pool-ipv4-cidr'] ?? CLUSTER_POOL_IPV4_CIDR, Number(data['cluster-pool-ipv4-mask-size'] ?? CLUSTER_POOL_IPV4_MASK_SIZE));
  }
  // the agent waits for the operator's CRDs before it does anything
  if (!api.serves(CILIUM_NODES)) return;
  for (const nodeName of agents.keys()) {
    const node = api.tryGet<Node>(K.nodes, undefined, nodeName);
    if (!node) continue;
    syncCiliumNode(ctx, node);
    const cn = api.tryGet(CILIUM_NODES, undefined, nodeName);
    const ipam = cn ? ciliumNodeIPAM(cn) : undefined;
    if (ipam?.routerIP && ipam.podCIDRs.length) syncEndpoints(ctx, node, ipam.podCIDRs[0], data['cluster-name'] ?? 'default');
  }
}

export const ciliumController: Controller = { name: 'cilium', sync };
