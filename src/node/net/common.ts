// What the network client tools (curl, GNU wget, iputils ping, bind nslookup) need from where they run: a
// resolver, a way to open a connection (the data plane's sendTcp) and to ping, the clock and an RNG for timings.
// The node tools and GNU-flavoured container images (netshoot, curl) share these implementations.

import type { HttpRequest, PingResult, SendResult } from '../../cluster/network/request.js';

export interface NetEnv {
  /** name → IPv4, or null when the resolver finds nothing (IP literals resolve to themselves) */
  resolve(name: string): string | null;
  connect(ip: string, port: number, req: HttpRequest): SendResult;
  ping(ip: string): PingResult;
  /** uniform [0,1) from the cluster RNG (round-trip times) */
  random(): number;
  nowMs: number;
  /** stdout is a terminal */
  isTTY: boolean;
  /** the address connections leave from (curl -v "from ... port") */
  sourceIP: string;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ParsedURL {
  scheme: string;
  host: string;
  /** explicit port, or the scheme default */
  port: number;
  explicitPort: boolean;
  path: string;
  /** as the user typed it, normalised with scheme and path (`http://web/`) */
  href: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/** Parses `[scheme://]host[:port][/path]` as curl and wget accept it; null if malformed. */
export function parseURL(text: string): ParsedURL | null {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(text);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const host = m[2];
  if (!host) return null;
  const explicitPort = m[3] !== undefined && m[3] !== '';
  const port = explicitPort ? Number(m[3]) : (DEFAULT_PORTS[scheme] ?? 80);
  let path = m[4] ?? '/';
  if (path.startsWith('?')) path = '/' + path;
  path = path.split('#')[0] || '/';
  return { scheme, host, port, explicitPort, path, href: `${scheme}://${host}${explicitPort ? ':' + m[3] : ''}${path}` };
}

export function isIPv4Literal(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);
}

/** The Host header value: host, plus `:port` when not the scheme default. */
export function hostHeader(u: ParsedURL): string {
  return u.explicitPort && u.port !== DEFAULT_PORTS[u.scheme] ? `${u.host}:${u.port}` : u.host;
}

/** `2025-01-06 10:00:00` (local time of a UTC host) */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
