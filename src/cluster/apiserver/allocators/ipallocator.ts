// ClusterIP range arithmetic (pkg/registry/core/service/ipallocator/bitmap.go): usable addresses are the
// IPv4 CIDR minus network and broadcast, index 0 = network+1; static band offset min(max(16, size/16), 256).

import type { Rng } from '../../state/rng.js';
import { ipToString, parseIPv4 } from '../../state/config.js';
import { allocateNextOffset } from './bitmap.js';

export function ipToInt(ip: string): number | null {
  return parseIPv4(ip) ?? null;
}

export function intToIp(n: number): string {
  return ipToString(n);
}

export class IPRange {
  /** the network address as an integer */
  readonly network: number;
  readonly prefix: number;
  /** usable addresses */
  readonly max: number;
  /** static band size */
  readonly offset: number;
  readonly cidr: string;

  constructor(cidr: string) {
    const [ip, bits] = cidr.split('/');
    const base = ipToInt(ip);
    const prefix = Number(bits);
    if (base === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`invalid service CIDR ${cidr}`);
    const size = 2 ** (32 - prefix);
    this.prefix = prefix;
    this.network = prefix === 0 ? 0 : (base & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
    this.cidr = `${intToIp(this.network)}/${prefix}`;
    this.max = Math.max(0, size - 2);
    this.offset = calculateRangeOffset(size);
  }

  /** Offset of an IP inside the usable range, or null when outside it. */
  offsetOf(ip: string): number | null {
    const n = ipToInt(ip);
    if (n === null) return null;
    const off = n - (this.network + 1);
    return off >= 0 && off < this.max ? off : null;
  }

  ipAt(offset: number): string {
    return intToIp(this.network + 1 + offset);
  }

  /** Dynamic allocation; null = range is full. */
  allocateNext(used: ReadonlySet<number>, rng: Rng): string | null {
    const off = allocateNextOffset(used, this.max, this.offset, rng);
    return off === null ? null : this.ipAt(off);
  }
}

/** min(max(16, cidrSize/16), 256); 0 when the CIDR holds 16 addresses or fewer. */
export function calculateRangeOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}
