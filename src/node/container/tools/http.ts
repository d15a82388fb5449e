// What HTTP clients in containers share: URL parsing as the tools do it, and one request sent through the data
// plane (`sendTcp`, which walks the node's kube-proxy rules) from this pod.

import { sendTcp, type SendResult } from '../../../cluster/network/request.js';
import type { ContainerSession } from '../context.js';

export interface ParsedUrl {
  scheme: string;
  /** host as typed, without port */
  host: string;
  port: number;
  /** host[:port] as typed (the Host header) */
  hostPort: string;
  path: string;
}

/** `website`, `http://website:8080/x`, `10.0.0.1/path` → parts; undefined for an unsupported scheme. */
export function parseUrl(raw: string): ParsedUrl | undefined {
  let rest = raw;
  let scheme = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const slash = rest.search(/[/?#]/);
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '/' : rest.slice(slash);
  if (!path.startsWith('/')) path = '/' + path;
  path = path.replace(/#.*$/, '');
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const host = hp?.[1] ?? hostPort;
  const port = hp?.[2] ? Number(hp[2]) : scheme === 'https' ? 443 : 80;
  return { scheme, host, port, hostPort, path };
}

export function sendHttp(s: ContainerSession, ip: string, url: ParsedUrl, method: string, userAgent: string, headers: Record<string, string> = {}): SendResult {
  const res = sendTcp(s.cluster, { kind: 'pod', pod: s.pod }, ip, url.port, { method, host: url.hostPort, path: url.path, headers, userAgent });
  s.cluster.touched = true;
  return res;
}

/** Reason phrases (status lines carry the server's own text; this is for lines the clients compose). */
export function statusLine(status: number, text: string): string {
  return `HTTP/1.1 ${status} ${text}`;
}
