// Service ClusterIP / NodePort / healthCheckNodePort allocation (pkg/registry/core/service/storage/alloc.go).
// Allocation state is derived from the Services in the store (no separate bitmaps): an address or port is
// taken when a stored Service holds it. Dry-run follows upstream: dynamic IPs come back as the network
// address, dynamic nodePorts count up from 32769, explicit values are checked but nothing is kept.

import { field, invalid, StatusError } from '../errors.js';
import type { ObjectStore } from '../store.js';
import type { Service, ServicePort } from '../types.js';
import type { ClusterConfig } from '../../state/config.js';
import type { Rng } from '../../state/rng.js';
import { goStrings } from '../registry/gofmt.js';
import { IPRange } from './ipallocator.js';
import { PortRange } from './portallocator.js';

export interface AllocContext {
  config: ClusterConfig;
  rng: Rng;
  store: ObjectStore;
  dryRun: boolean;
}

export function serviceIPRange(config: ClusterConfig): IPRange {
  return new IPRange(config.serviceCIDR);
}

export function nodePortRange(config: ClusterConfig): PortRange {
  return new PortRange(config.nodePortRange.base, config.nodePortRange.size);
}

/** Offsets (in `range`) of every ClusterIP held by a stored Service. */
export function usedClusterIPs(store: ObjectStore, range: IPRange): Set<number> {
  const used = new Set<number>();
  for (const s of store.list('services') as Service[]) {
    if (s.spec?.type === 'ExternalName') continue;
    const ips = s.spec?.clusterIPs?.length ? s.spec.clusterIPs : s.spec?.clusterIP ? [s.spec.clusterIP] : [];
    for (const ip of ips) {
      const off = ip && ip !== 'None' ? range.offsetOf(ip) : null;
      if (off !== null) used.add(off);
    }
  }
  return used;
}

/** Every nodePort and healthCheckNodePort held by a stored Service. */
export function usedNodePorts(store: ObjectStore): Set<number> {
  const used = new Set<number>();
  for (const s of store.list('services') as Service[]) {
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort);
  }
  return used;
}

export const needsNodePorts = (s: Service): boolean => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer';

export const needsHealthCheck = (s: Service): boolean =>
  s.spec?.type === 'LoadBalancer' && s.spec?.externalTrafficPolicy === 'Local';

function shouldAllocateNodePorts(s: Service): boolean {
  if (s.spec.type === 'NodePort') return true;
  if (s.spec.type === 'LoadBalancer') return s.spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

const internal = (msg: string) =>
  new StatusError('InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });

// ------------------------------------------------------------------------------------------ ClusterIPs

function allocClusterIPs(svc: Service, ctx: AllocContext): void {
  if (svc.spec.type === 'ExternalName') return;
  if (svc.spec.clusterIPs?.[0] === 'None') return;
  const range = serviceIPRange(ctx.config);
  const requested = svc.spec.clusterIPs?.[0] ?? '';
  let ip: string;
  if (!requested) {
    if (ctx.dryRun) ip = range.cidr.split('/')[0];
    else {
      const next = range.allocateNext(usedClusterIPs(ctx.store, range), ctx.rng);
      if (next === null) throw internal('failed to allocate a serviceIP: range is full');
      ip = next;
    }
  } else {
    const off = range.offsetOf(requested);
    const fail = (why: string) =>
      invalid('Service', '', svc.metadata.name ?? '', [
        field.invalid('spec.clusterIPs', goStrings(svc.spec.clusterIPs), `failed to allocate IP ${requested}: ${why}`),
      ]);
    if (off === null) {
      throw fail(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${range.cidr}`);
    }
    if (!ctx.dryRun && usedClusterIPs(ctx.store, range).has(off)) throw fail('provided IP is already allocated');
    ip = requested;
  }
  svc.spec.clusterIPs = [ip, ...(svc.spec.clusterIPs ?? []).slice(1)];
  svc.spec.clusterIP = ip;
}

// ----------------------------------------------------------------------------------------- NodePorts

/** portallocator.PortAllocationOperation: allocations within one write, with upstream's dry-run rules. */
class PortOp {
  private allocated: number[] = [];
  private readonly range: PortRange;
  private readonly used: Set<number>;

  constructor(private readonly ctx: AllocContext) {
    this.range = nodePortRange(ctx.config);
    this.used = usedNodePorts(ctx.store);
  }

  /** Returns an error text, or null when the port is now held by this operation. */
  allocate(port: number): string | null {
    if (!this.ctx.dryRun && !this.range.contains(port)) {
      return `provided port is not in the valid range. The range of valid ports is ${this.range}`;
    }
    const taken = (this.range.contains(port) && this.used.has(port)) || this.allocated.includes(port);
    if (taken) return 'provided port is already allocated';
    this.allocated.push(port);
    return null;
  }

  allocateNext(): number | null {
    if (this.ctx.dryRun) {
      const last = this.allocated.length ? Math.max(...this.allocated) : 32768;
      this.allocated.push(last + 1);
      return last + 1;
    }
    const taken = new Set([...this.used, ...this.allocated]);
    const port = this.range.allocateNext(taken, this.ctx.rng);
    if (port !== null) this.allocated.push(port);
    return port;
  }
}

const nodePortInvalid = (svc: Service, i: number, port: number, why: string) =>
  invalid('Service', '', svc.metadata.name ?? '', [field.invalid(`spec.ports[${i}].nodePort`, port, why)]);

function initNodePorts(svc: Service, op: PortOp): void {
  const byPort = new Map<number, number>();
  const ports = svc.spec.ports ?? [];
  ports.forEach((sp: ServicePort, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return;
    const allocated = byPort.get(sp.port) ?? 0;
    if (!allocated) {
      const np = ports.find((p) => p.port === sp.port && p.nodePort)?.nodePort ?? 0;
      if (np) {
        const err = op.allocate(np);
        if (err) throw nodePortInvalid(svc, i, np, err);
        sp.nodePort = np;
        byPort.set(sp.port, np);
      } else {
        const next = op.allocateNext();
        if (next === null) throw internal('failed to allocate a nodePort: range is full');
        sp.nodePort = next;
        byPort.set(sp.port, next);
      }
    } else if (sp.nodePort !== allocated) {
      if (!sp.nodePort) sp.nodePort = allocated;
      else {
        const err = op.allocate(sp.nodePort);
        if (err) throw nodePortInvalid(svc, i, sp.nodePort, err);
      }
    }
  });
}

function updateNodePorts(svc: Service, old: Service, op: PortOp): void {
  const oldPorts = (old.spec.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n);
  const done = new Set<number>();
  (svc.spec.ports ?? []).forEach((sp, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return;
    if (sp.nodePort) {
      if (!oldPorts.includes(sp.nodePort) && !done.has(sp.nodePort)) {
        const err = op.allocate(sp.nodePort);
        if (err) throw nodePortInvalid(svc, i, sp.nodePort, err);
        done.add(sp.nodePort);
      }
    } else {
      const next = op.allocateNext();
      if (next === null) throw internal('failed to allocate a nodePort: range is full');
      sp.nodePort = next;
    }
  });
}

function allocHealthCheckNodePort(svc: Service, op: PortOp): void {
  const requested = svc.spec.healthCheckNodePort ?? 0;
  if (requested) {
    const err = op.allocate(requested);
    if (err) throw internal(`failed to allocate requested HealthCheck NodePort ${requested}: ${err}`);
  } else {
    const next = op.allocateNext();
    if (next === null) throw internal('failed to allocate a HealthCheck NodePort 0: range is full');
    svc.spec.healthCheckNodePort = next;
  }
}

// ------------------------------------------------------------------------------------------- entry points

/** allocateCreate: ClusterIPs, then nodePorts, then the health-check nodePort. Throws StatusError. */
export function allocateServiceCreate(svc: Service, ctx: AllocContext): void {
  allocClusterIPs(svc, ctx);
  const op = new PortOp(ctx);
  if (needsNodePorts(svc)) initNodePorts(svc, op);
  if (needsHealthCheck(svc)) allocHealthCheckNodePort(svc, op);
}

/** allocateUpdate: ExternalName→other allocates IPs; nodePorts and health-check port follow the new type. */
export function allocateServiceUpdate(svc: Service, old: Service, ctx: AllocContext): void {
  if (old.spec.type === 'ExternalName' && svc.spec.type !== 'ExternalName') allocClusterIPs(svc, ctx);
  const op = new PortOp(ctx);
  if (needsNodePorts(svc)) updateNodePorts(svc, old, op);
  if (!needsHealthCheck(old) && needsHealthCheck(svc)) allocHealthCheckNodePort(svc, op);
}
