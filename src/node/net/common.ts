// What the network client tools (curl, GNU wget, iputils ping, bind nslookup) need from where they run: a
// resolver, a way to open a connection (the data plane's sendTcp) and to ping, the clock and an RNG for timings.
// The node tools and the container images (`kubectl exec`) share these implementations and the URL parser.

import { ndotsOf, type ResolvConf } from '../../cluster/network/dns/index.js';
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
  /** saves a downloaded file (curl -o/-O); absent: the file is not kept */
  writeFile?(path: string, content: string): void;
  /** reads a file where the tool runs (curl --cacert); undefined when it does not exist */
  readFile?(path: string): string | undefined;
  /** the CA bundle of the tool's build (curl, wget); default Debian/Ubuntu's */
  caBundle?: { file: string; path?: string };
}

/** Where a tool writes, in the order it writes (so `2>&1` interleaves as on a real terminal). */
export interface ToolIO {
  out(text: string): void;
  err(text: string): void;
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
  /** host[:port] exactly as typed (busybox wget's messages and Host header) */
  hostPort: string;
  path: string;
  /** as the user typed it, normalised with scheme and path (`http://web/`) */
  href: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/** Parses `[scheme://]host[:port][/path]` as curl and wget accept it (`[v6]` hosts too); null if malformed. */
export function parseURL(text: string): ParsedURL | null {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(text);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const host = m[2];
  if (!host) return null;
  const explicitPort = m[3] !== undefined && m[3] !== '';
  const port = explicitPort ? Number(m[3]) : (DEFAULT_PORTS[scheme] ?? 80);
  let path = m[4] ?? '/';
  if (path.startsWith('?')) path = '/' + path;
  path = path.split('#')[0] || '/';
  const hostPort = m[3] === undefined ? host : `${host}:${m[3]}`;
  return { scheme, host, port, explicitPort, hostPort, path, href: `${scheme}://${host}${explicitPort ? ':' + m[3] : ''}${path}` };
}

export function isIPv4Literal(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);
}

/** The Host header value: host, plus `:port` when not the scheme default. */
export function hostHeader(u: ParsedURL): string {
  return u.explicitPort && u.port !== DEFAULT_PORTS[u.scheme] ? `${u.host}:${u.port}` : u.host;
}

/** The name wget and `curl -O` save a URL as: the last path element (wget: `index.html` for a directory). */
export function remoteFileName(path: string): string {
  return path.split('?')[0].split('/').pop() ?? '';
}

/** `2025-01-06 10:00:00` (local time of a UTC host) */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Candidate names in the order a libc resolver tries them (ndots rule, search list, trailing dot). */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = conf.searches.map((d) => `${name}.${d}`);
  return dots >= ndotsOf(conf) ? [name, ...searched] : [...searched, name];
}
