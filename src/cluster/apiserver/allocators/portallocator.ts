// NodePort range arithmetic (pkg/registry/core/service/portallocator): offset = port - base, static band
// min(max(16, size/32), 128), same random-scan-with-offset strategy as ClusterIPs.

import type { Rng } from '../../state/rng.js';
import { allocateNextOffset } from './bitmap.js';

export class PortRange {
  constructor(
    readonly base: number,
    readonly size: number,
  ) {}

  get offset(): number {
    return calculatePortRangeOffset(this.size);
  }

  /** `30000-32767` as net.PortRange.String prints it. */
  toString(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  contains(port: number): boolean {
    return port >= this.base && port < this.base + this.size;
  }

  allocateNext(usedPorts: ReadonlySet<number>, rng: Rng): number | null {
    const used = new Set<number>();
    for (const p of usedPorts) if (this.contains(p)) used.add(p - this.base);
    const off = allocateNextOffset(used, this.size, this.offset, rng);
    return off === null ? null : this.base + off;
  }
}

export function calculatePortRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}
