// Small Go HTTP servers used in labs: traefik/whoami (and its mirrors), hashicorp/http-echo, the GKE samples
// hello-go-gke / hello-app, jwilder/whoami. Go net/http writes handler headers (sorted), then Date,
// Content-Length, Content-Type, Connection.

import { linkLocalOf, podMac, stableHash } from '../dataplane/topology.js';
import { byteLength, canonicalHeaderKey, goLogTime, httpDate, requestLine, wantsClose } from './format.js';
import type { ImageServer, IncomingRequest, ServerResponse, StartupContext, TimedLogWrite } from './types.js';

export function goResponse(req: IncomingRequest, status: number, statusText: string, body: string, contentType: string, handlerHeaders: Array<[string, string]> = []): ServerResponse {
  const headers: Array<[string, string]> = [...handlerHeaders].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  headers.push(['Date', httpDate(req.nowMs)], ['Content-Length', String(byteLength(body))]);
  if (contentType) headers.push(['Content-Type', contentType]);
  if (wantsClose(req.headers)) headers.push(['Connection', 'close']);
  return { status, statusText, headers, body: req.method === 'HEAD' ? '' : body };
}

/** The pod's hostname as the container sees it. */
export function podHostname(req: { pod: IncomingRequest['pod'] }): string {
  // a hostNetwork pod has the node's hostname
  if (req.pod.spec.hostNetwork && req.pod.spec.nodeName) return req.pod.spec.nodeName;
  return req.pod.spec.hostname ?? req.pod.metadata.name ?? '';
}

/** Go's Request.Write of the server-side request (whoami echoes it). */
function goRequestDump(req: IncomingRequest): string {
  let s = `${requestLine(req.method, req.path)}\r\nHost: ${req.host}\r\nUser-Agent: ${req.userAgent || 'Go-http-client/1.1'}\r\n`;
  const hs = Object.entries(req.headers)
    .map(([k, v]) => [canonicalHeaderKey(k), v] as [string, string])
    .filter(([k]) => !['Host', 'User-Agent', 'Content-Length', 'Transfer-Encoding', 'Trailer'].includes(k))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of hs) s += `${k}: ${v}\r\n`;
  return s + '\r\n';
}

export function whoamiServer(port = 80): ImageServer {
  return {
    kind: 'whoami',
    listens: (p) => p === port,
    handle(req) {
      const path = req.path.split('?')[0];
      if (path === '/health') return { response: goResponse(req, 200, 'OK', '', 'text/plain; charset=utf-8'), log: [] };
      const ip = req.pod.status?.podIP ?? '';
      let body = `Hostname: ${podHostname(req)}\nIP: 127.0.0.1\nIP: ::1\nIP: ${ip}\nIP: ${linkLocalOf(podMac(req.pod))}\nRemoteAddr: ${req.remoteIP}:${req.remotePort}\n`;
      body += goRequestDump(req);
      return { response: goResponse(req, 200, 'OK', body, 'text/plain; charset=utf-8'), log: [] };
    },
  };
}

export function whoamiStartup(ctx: StartupContext, port = 80): TimedLogWrite[] {
  return [{ ms: ctx.startMs, stream: 'stderr', text: `${goLogTime(ctx.startMs)} Starting up on port ${port}` }];
}

/** jwilder/whoami: `I'm <hostname>` on port 8000. */
export function jwilderWhoamiServer(): ImageServer {
  return {
    kind: 'jwilder-whoami',
    listens: (p) => p === 8000,
    handle: (req) => ({ response: goResponse(req, 200, 'OK', `I'm ${podHostname(req)}\n`, 'text/plain; charset=utf-8'), log: [{ stream: 'stdout', text: `${goLogTime(req.nowMs)} I'm ${podHostname(req)}` }] }),
  };
}

export interface EchoOptions {
  text: string | undefined;
  port: number;
  listen: string;
}

/** Reads http-echo's flags (`-text=x`, `-text x`, `--listen=:8080`) and ECHO_TEXT. */
export function echoOptions(args: string[], env: Record<string, string>): EchoOptions {
  let text: string | undefined = env.ECHO_TEXT;
  let listen = env.ECHO_LISTEN ?? ':5678';
  for (let i = 0; i < args.length; i++) {
    const m = /^--?(text|listen)(?:=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    const v = m[2] ?? args[++i];
    if (v === undefined) continue;
    if (m[1] === 'text') text = v;
    else listen = v;
  }
  const port = Number(/:(\d+)$/.exec(listen)?.[1] ?? 5678);
  return { text, port, listen };
}

export function httpEchoServer(opts: EchoOptions): ImageServer | null {
  if (opts.text === undefined) return null;
  const text = opts.text;
  return {
    kind: 'http-echo',
    listens: (p) => p === opts.port,
    handle(req) {
      const path = req.path.split('?')[0];
      const body = path === '/health' ? '{"status":"ok"}\n' : text + '\n';
      const res = goResponse(req, 200, 'OK', body, 'text/plain; charset=utf-8', [['X-App-Name', 'http-echo'], ['X-App-Version', '1.0.0']]);
      const micros = 20 + (stableHash(req.remoteIP + req.remotePort) % 80);
      const line = `${goLogTime(req.nowMs)} ${req.host} ${req.remoteIP}:${req.remotePort} "${requestLine(req.method, req.path)}" 200 ${byteLength(body)} "${req.userAgent}" ${micros}.${req.remotePort % 10}µs`;
      return { response: res, log: [{ stream: 'stderr', text: line }] };
    },
  };
}

export function httpEchoStartup(ctx: StartupContext, opts: EchoOptions): TimedLogWrite[] {
  return [{ ms: ctx.startMs, stream: 'stderr', text: `${goLogTime(ctx.startMs)} [INFO] server is listening on ${opts.listen}` }];
}

/** gcr.io/google-samples/hello-go-gke: the backend of the "frontend to backend" tutorial. */
export function helloGoGkeServer(): ImageServer {
  return {
    kind: 'hello-go-gke',
    listens: (p) => p === 80,
    handle: (req) => ({ response: goResponse(req, 200, 'OK', '{"message":"Hello"}\n', 'application/json'), log: [] }),
  };
}

/** gcr.io/google-samples/hello-app: `Hello, world!` / version / hostname on 8080 (PORT env). */
export function helloAppServer(tag: string, port: number): ImageServer {
  const version = /^(\d+)\.(\d+)/.exec(tag) ? `${/^(\d+)\.(\d+)/.exec(tag)![1]}.${/^(\d+)\.(\d+)/.exec(tag)![2]}.0` : '1.0.0';
  return {
    kind: 'hello-app',
    listens: (p) => p === port,
    handle: (req) => ({
      response: goResponse(req, 200, 'OK', `Hello, world!\nVersion: ${version}\nHostname: ${podHostname(req)}\n`, 'text/plain; charset=utf-8'),
      log: [{ stream: 'stderr', text: `${goLogTime(req.nowMs)} Serving request: ${req.path.split('?')[0] || '/'}` }],
    }),
  };
}

export function helloAppStartup(ctx: StartupContext, port: number): TimedLogWrite[] {
  return [{ ms: ctx.startMs, stream: 'stderr', text: `${goLogTime(ctx.startMs)} Server listening on port ${port}` }];
}

/** Go's http.NotFound: `404 page not found`. */
export function goNotFound(req: IncomingRequest): ServerResponse {
  return goResponse(req, 404, 'Not Found', '404 page not found\n', '', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']]);
}
