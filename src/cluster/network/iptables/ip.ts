// Lenient IPv4 parsing and canonical printing, as kube-proxy (netutils.ParseIPSloppy / ParseCIDRSloppy) does.

/** Parse a dotted IPv4 address, leading zeros read as decimal; null if not IPv4. */
export function parseIPv4(s: string): number | null {
  return parseTrimmedIPv4(s.trim());
}

/** parseIPv4 of an already trimmed string: four dot-separated groups of 1-3 ASCII digits, each <= 255. */
function parseTrimmedIPv4(t: string): number | null {
  let v = 0;
  let part = 0;
  let digits = 0;
  let groups = 0;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || ++groups > 4) return null;
      v = v * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      part = part * 10 + (c - 48);
    } else return null;
  }
  return groups === 4 ? v : null;
}

export function formatIPv4(v: number): string {
  return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

/** Canonical form of an IPv4 address, or null (the input string itself when it is canonical already). */
export function canonicalIPv4(s: string): string | null {
  const v = parseIPv4(s);
  if (v === null) return null;
  return isPlainDotted(s) ? s : formatIPv4(v);
}

/** A valid address made of digits and dots only (nothing trimmed) without leading zeros prints as itself. */
function isPlainDotted(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) continue;
    if (c < 48 || c > 57) return false;
    if (c === 48 && (i === 0 || s.charCodeAt(i - 1) === 46) && i + 1 < s.length && s.charCodeAt(i + 1) !== 46) return false;
  }
  return true;
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
