// What a simulated container image is: which ports it listens on, how it answers an HTTP request, and which
// lines it writes to its log at start-up and per request.

import type { Container, Pod } from '../../apiserver/types.js';

export interface IncomingRequest {
  method: string;
  path: string;
  /** Host header */
  host: string;
  /** other request headers in client order (Host, User-Agent excluded) */
  headers: Record<string, string>;
  userAgent: string;
  /** address the server sees the connection from (after any SNAT) */
  remoteIP: string;
  remotePort: number;
  /** address:port the connection was delivered to (after DNAT) */
  localIP: string;
  localPort: number;
  nowMs: number;
  /** when the serving container started (a server whose answers depend on its uptime) */
  startedMs?: number;
  pod: Pod;
  container: Container;
  /** the serving container's files (a server that serves from disk looks its documents up here) */
  files?: (path: string) => ServedFile | undefined;
  /** what a controller image (ingress-nginx) sees of the cluster and how it reaches other pods */
  env?: ServerEnv;
}

/** The API reads and outgoing connections of a server that watches the cluster (an ingress controller). */
export interface ServerEnv {
  list<T>(resource: string, namespace?: string): T[];
  get<T>(resource: string, namespace: string, name: string): T | undefined;
  /** one connection from the serving pod to ip:port through the data path */
  send(ip: string, port: number, req: { method: string; host: string; path: string; headers: Record<string, string>; userAgent: string }):
    | { ok: true; status: number; statusText: string; headers: Array<[string, string]>; body: string }
    | { ok: false; error: string };
  /** the cluster's seeded RNG */
  random(): number;
}

/** What a path in the serving container is: a file with its content and mtime, or a directory. */
export type ServedFile = { kind: 'file'; content: string; mtimeMs: number } | { kind: 'dir' };

export interface ServerResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface LogWrite {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Lets a server make its own upstream request (a reverse proxy image); null when the name does not resolve. */
export type Upstream = (host: string, port: number, path: string) => { ok: true; status: number; body: string } | { ok: false; error: string } | null;

export interface ImageServer {
  /** the image family (`httpd`, `nginx`, ...) */
  kind: string;
  /** whether the image listens on port; env (when the caller has the cluster) for servers whose ports follow the
   *  cluster's objects (Emissary's Envoy listens on its Listeners' ports) */
  listens(port: number, env?: ServerEnv): boolean;
  /** ports bound to 127.0.0.1 only (reachable from the same network namespace through loopback) */
  loopbackOnly?: number[];
  /** changesAtMs: the instant from which the same request may be answered differently by itself (the kubelet's
   *  probe worker need not ask again before then) */
  handle(req: IncomingRequest, upstream: Upstream): { response: ServerResponse; log: LogWrite[]; changesAtMs?: number };
}

export interface StartupContext {
  pod: Pod;
  container: Container;
  /** container start time (ms) */
  startMs: number;
  /** node kernel version (nginx prints it) */
  kernel: string;
  /** when the log is read (a looping script has printed up to here); default startMs */
  nowMs?: number;
  /** the cluster's nodes (name, InternalIP), for images whose log names them (metrics-server's scrapes) */
  nodes?: Array<{ name: string; ip: string }>;
}

export interface TimedLogWrite extends LogWrite {
  ms: number;
}
