// Lenient IPv4 parsing and canonical printing, as kube-proxy (netutils.ParseIPSloppy / ParseCIDRSloppy) does.

/** Parse a dotted IPv4 address, leading zeros read as decimal; null if not IPv4. */
export function parseIPv4(s: string): number | null {
  const parts = s.trim().split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    const n = parseInt(p, 10);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v;
}

export function formatIPv4(v: number): string {
  return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

/** Canonical form of an IPv4 address, or null. */
export function canonicalIPv4(s: string): string | null {
  const v = parseIPv4(s);
  return v === null ? null : formatIPv4(v);
}

export interface CIDR4 {
  base: number;
  len: number;
}

/** Parse `a.b.c.d/len` (lenient) into its masked network; null if not an IPv4 CIDR. */
export function parseCIDR4(s: string): CIDR4 | null {
  const t = s.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIPv4(t.slice(0, slash));
  const lenStr = t.slice(slash + 1);
  if (ip === null || !/^[0-9]{1,2}$/.test(lenStr)) return null;
  const len = parseInt(lenStr, 10);
  if (len > 32) return null;
  const size = 2 ** (32 - len);
  return { base: ip - (ip % size), len };
}

export function formatCIDR4(c: CIDR4): string {
  return `${formatIPv4(c.base)}/${c.len}`;
}

export function cidrContains(c: CIDR4, ip: number): boolean {
  const size = 2 ** (32 - c.len);
  return ip >= c.base && ip < c.base + size;
}

/** Canonical `a.b.c.d/len` of an address match written as ip or cidr (a bare ip is /32). */
export function canonicalAddr(s: string): string {
  if (s.includes('/')) {
    const c = parseCIDR4(s);
    return c ? formatCIDR4(c) : s;
  }
  const ip = canonicalIPv4(s);
  return ip ? `${ip}/32` : s;
}
