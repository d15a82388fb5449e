// The scheduler's snapshot (framework.NodeInfo): per node, the pods bound to it that are not finished (the
// scheduler's informer drops Succeeded/Failed pods; Terminating ones still count), what they request, and the host
// ports they hold. Bound pods are added as the scheduler binds, so a pass sees its own earlier decisions.

import { podRequestsAndLimits } from '../../apiserver/resources.js';
import { quantityMilliValue, quantityOf, quantityValue } from '../../apiserver/quantity.js';
import type { Node, Pod } from '../../apiserver/types.js';

/** Requests as the scheduler's framework.Resource: milli-CPU, bytes, and scalars by name. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Map<string, number>;
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

/** Default requests the scorers assume for a container that asks for none (schedutil.DefaultMilliCPURequest...). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const memo = new WeakMap<Pod, { req: Resources; nonZero: Resources }>();

/** resource.PodRequests (init-container maxima, sidecars, overhead) and the non-zero variant the scorers use. */
export function podResources(pod: Pod): { req: Resources; nonZero: Resources } {
  const hit = memo.get(pod);
  if (hit) return hit;
  const { reqs } = podRequestsAndLimits(pod);
  const req = emptyResources();
  for (const [name, q] of reqs) {
    if (name === 'cpu') req.milliCPU = Number(quantityMilliValue(q));
    else if (name === 'memory') req.memory = Number(quantityValue(q));
    else if (name === 'ephemeral-storage') req.ephemeralStorage = Number(quantityValue(q));
    else if (name !== 'pods') req.scalar.set(name, Number(quantityValue(q)));
  }
  // non-zero: every regular container without a cpu/memory request counts the default
  const nonZero = { ...req, scalar: req.scalar };
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec.containers ?? []) {
    const r = ((c.resources as Record<string, any> | undefined)?.requests ?? {}) as Record<string, unknown>;
    cpu += r.cpu !== undefined ? Number(quantityMilliValue(quantityOf(r.cpu))) : DEFAULT_MILLI_CPU_REQUEST;
    mem += r.memory !== undefined ? Number(quantityValue(quantityOf(r.memory))) : DEFAULT_MEMORY_REQUEST;
  }
  nonZero.milliCPU = Math.max(cpu, req.milliCPU);
  nonZero.memory = Math.max(mem, req.memory);
  const out = { req, nonZero };
  memo.set(pod, out);
  return out;
}

export interface HostPort {
  protocol: string;
  ip: string;
  port: number;
}

export function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec.initContainers ?? []).filter((i) => i.restartPolicy === 'Always'), ...(pod.spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push({ protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort });
    }
  }
  return out;
}

/** Whether a pod has any pod affinity or anti-affinity (framework.NodeInfo.PodsWithAffinity). */
export function podHasAffinity(pod: Pod): boolean {
  const a = pod.spec.affinity as { podAffinity?: unknown; podAntiAffinity?: unknown } | undefined;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}

/** Whether a pod has required anti-affinity terms (framework.NodeInfo.PodsWithRequiredAntiAffinity). */
export function podHasRequiredAntiAffinity(pod: Pod): boolean {
  const terms = (pod.spec.affinity as { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] } } | undefined)?.podAntiAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution;
  return !!terms?.length;
}

export class NodeInfo {
  pods: Pod[] = [];
  /** the pods with pod affinity or anti-affinity, kept as upstream does so that PreFilter/PreScore need not walk
   *  every pod on the node for the (common) pod without affinity */
  podsWithAffinity: Pod[] = [];
  /** the pods with required anti-affinity */
  podsWithRequiredAntiAffinity: Pod[] = [];
  requested = emptyResources();
  nonZeroRequested = emptyResources();
  usedPorts: HostPort[] = [];
  readonly allocatable: Resources;
  readonly allowedPods: number;

  constructor(readonly node: Node) {
    const status = node.status ?? {};
    const alloc = (Object.keys(status.allocatable ?? {}).length ? status.allocatable : status.capacity) ?? {};
    const a = emptyResources();
    for (const [name, v] of Object.entries(alloc as Record<string, unknown>)) {
      const q = quantityOf(v);
      if (name === 'cpu') a.milliCPU = Number(quantityMilliValue(q));
      else if (name === 'memory') a.memory = Number(quantityValue(q));
      else if (name === 'ephemeral-storage') a.ephemeralStorage = Number(quantityValue(q));
      else if (name !== 'pods') a.scalar.set(name, Number(quantityValue(q)));
    }
    this.allocatable = a;
    this.allowedPods = Number((alloc as Record<string, unknown>).pods ?? 0) || 0;
  }

  get name(): string {
    return this.node.metadata.name!;
  }

  addPod(pod: Pod, sign = 1): void {
    const { req, nonZero } = podResources(pod);
    const affinity = podHasAffinity(pod);
    const anti = affinity && podHasRequiredAntiAffinity(pod);
    if (sign > 0) {
      this.pods.push(pod);
      if (affinity) this.podsWithAffinity.push(pod);
      if (anti) this.podsWithRequiredAntiAffinity.push(pod);
      this.usedPorts.push(...hostPorts(pod));
    } else {
      const other = (p: Pod) => p.metadata.uid !== pod.metadata.uid;
      this.pods = this.pods.filter(other);
      if (affinity) this.podsWithAffinity = this.podsWithAffinity.filter(other);
      if (anti) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter(other);
      const gone = hostPorts(pod);
      this.usedPorts = this.usedPorts.filter((u) => !gone.some((g) => g.protocol === u.protocol && g.ip === u.ip && g.port === u.port));
    }
    addResources(this.requested, req, sign);
    addResources(this.nonZeroRequested, nonZero, sign);
  }

  /** A copy whose pod list and sums can be changed (preemption's what-if). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.requested = copyResources(this.requested);
    c.nonZeroRequested = copyResources(this.nonZeroRequested);
    c.usedPorts = [...this.usedPorts];
    return c;
  }
}

function addResources(into: Resources, r: Resources, sign: number): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of r.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + sign * v);
}

function copyResources(r: Resources): Resources {
  return { milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: new Map(r.scalar) };
}

/** The snapshot: one NodeInfo per node in list order, with every bound, unfinished pod added. */
export function buildSnapshot(nodes: Node[], pods: Pod[]): Map<string, NodeInfo> {
  const infos = new Map<string, NodeInfo>();
  for (const n of nodes) infos.set(n.metadata.name!, new NodeInfo(n));
  for (const p of pods) {
    if (!p.spec.nodeName) continue;
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    infos.get(p.spec.nodeName)?.addPod(p);
  }
  return infos;
}
