// CIDRs as netutils.ParseCIDRSloppy reads them (host bits may be set; IPv4 octets may carry leading zeros): the
// network base as a bigint, the prefix length and the family. Used by NetworkPolicy ipBlock validation and matching.

import ipaddr from 'ipaddr.js';

export interface CIDR {
  v6: boolean;
  /** the network address (host bits cleared) */
  base: bigint;
  prefix: number;
  /** 32 or 128 */
  bits: number;
}

function toBig(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** An address as a bigint with its family, or null. IPv4 with leading zeros is read as decimal (sloppy). */
export function parseIPSloppy(s: string): { v6: boolean; value: bigint } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map((p) => parseInt(p, 10));
    if (parts.some((p) => p > 255)) return null;
    return { v6: false, value: toBig(parts) };
  }
  if (!s.includes(':') || !ipaddr.IPv6.isValid(s)) return null;
  try {
    const a = ipaddr.IPv6.parse(s);
    if (a.isIPv4MappedAddress()) return { v6: false, value: toBig(a.toIPv4Address().toByteArray()) };
    return { v6: true, value: toBig(a.toByteArray()) };
  } catch {
    return null;
  }
}

export function parseCIDRSloppy(s: string): CIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIPSloppy(s.slice(0, slash));
  const pfx = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(pfx)) return null;
  const bits = ip.v6 ? 128 : 32;
  const prefix = Number(pfx);
  if (prefix > bits) return null;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  return { v6: ip.v6, base: ip.value & ~host, prefix, bits };
}

/** Whether an address (IPv4 as a 32-bit number) lies inside the CIDR. */
export function cidrContainsV4(c: CIDR, ip: number): boolean {
  if (c.v6) return false;
  return BigInt(ip) >> BigInt(32 - c.prefix) === c.base >> BigInt(32 - c.prefix);
}
