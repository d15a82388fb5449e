// docker.io/emissaryingress/emissary: one image, three programs by command.
// - The default entrypoint (the `ambassador` container of emissary-ingress): the health server on 8877
//   (/ambassador/v0/check_alive, /ambassador/v0/check_ready; the rest of 8877 is diagd, not simulated), the
//   snapshot server on 8005, and Envoy on the ports of the Listeners (routes.ts), proxying to the Mapping's Service
//   by its cluster IP (the KubernetesServiceResolver) with Envoy's headers (`server: envoy`,
//   `x-envoy-upstream-service-time`), its local replies (404 with an empty body, 503 `no healthy upstream`) and its
//   `ACCESS [...]` log lines on stdout.
// - `apiext emissary-apiext`: the CRD conversion webhook's pod, its probes on 8080 (`Living!`, `Ready!`) and the
//   webhook's TLS port 8443 (what it does to the API is controllers/emissary.ts).
// - `agent`: the Ambassador Cloud agent. Without a cloud token it serves nothing kubesim simulates.

import { byteLength, header, httpDate } from '../format.js';
import { goResponse } from '../go-servers.js';
import type { ImageServer, IncomingRequest, LogWrite, ServerEnv, ServerResponse } from '../types.js';
import { buildConfig, decide, type CustomObject, type EmissaryConfig, type IngressObject } from './routes.js';

const GROUP = 'getambassador.io';

function listOr<T>(env: ServerEnv, resource: string): T[] {
  try {
    return env.list<T>(resource);
  } catch {
    // the CRD is not installed (or not yet Established): Emissary sees no such objects
    return [];
  }
}

/** What Emissary's watcher sees now, as Envoy configuration. */
export function currentConfig(env: ServerEnv): EmissaryConfig {
  return buildConfig({
    listeners: listOr<CustomObject>(env, `listeners.${GROUP}`),
    hosts: listOr<CustomObject>(env, `hosts.${GROUP}`),
    mappings: listOr<CustomObject>(env, `mappings.${GROUP}`),
    ingresses: listOr<IngressObject>(env, 'ingresses.networking.k8s.io'),
    ingressClasses: listOr(env, 'ingressclasses.networking.k8s.io'),
  });
}

function uuid(random: () => number): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(random() * 4)]}${h(3)}-${h(12)}`;
}

/** An Envoy local reply: `date`, `server`, then the body's headers. */
function localReply(req: IncomingRequest, status: number, statusText: string, body: string, extra: Array<[string, string]> = []): ServerResponse {
  const headers: Array<[string, string]> = [];
  if (body) headers.push(['content-length', String(byteLength(body))], ['content-type', 'text/plain']);
  else headers.push(['date', httpDate(req.nowMs)], ['server', 'envoy'], ...extra, ['content-length', '0']);
  if (body) headers.push(['date', httpDate(req.nowMs)], ['server', 'envoy']);
  return { status, statusText, headers, body: req.method === 'HEAD' ? '' : body };
}

/** `ACCESS [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" ...` (v3listener.py). */
function accessLine(req: IncomingRequest, status: number, flags: string, sent: number, upstreamMs: string, xff: string, requestId: string, upstreamHost: string): string {
  const start = new Date(req.nowMs).toISOString();
  return `ACCESS [${start}] "${req.method} ${req.path || '/'} HTTP/1.1" ${status} ${flags} 0 ${sent} ${upstreamMs === '-' ? 0 : upstreamMs} ${upstreamMs} "${xff}" "${req.userAgent || '-'}" "${requestId}" "${req.host}" "${upstreamHost}"`;
}

const HOP_BY_HOP = /^(connection|keep-alive|proxy-connection|transfer-encoding|upgrade)$/i;

function envoy(req: IncomingRequest, env: ServerEnv, config: EmissaryConfig): { response: ServerResponse; log: LogWrite[] } {
  const listener = config.listeners.find((l) => l.port === req.localPort)!;
  const random = env.random;
  const clientXff = header(req.headers, 'x-forwarded-for');
  // use_remote_address (Emissary's default): Envoy appends the peer address it saw
  const xff = clientXff ? `${clientXff},${req.remoteIP}` : req.remoteIP;
  const xfp = header(req.headers, 'x-forwarded-proto') ?? 'http';
  const requestId = header(req.headers, 'x-request-id') ?? uuid(random);
  const d = decide(config, listener, { method: req.method, authority: req.host, path: req.path || '/', headers: req.headers, xfp });
  const log: LogWrite[] = [];
  const done = (res: ServerResponse, flags: string, upstreamMs: string, upstreamHost: string) => {
    log.push({ stream: 'stdout', text: accessLine(req, res.status, flags, byteLength(res.body), upstreamMs, xff, requestId, upstreamHost) });
    return { response: res, log };
  };
  if (d.kind === 'no-route') return done(localReply(req, 404, 'Not Found', ''), 'NR', '-', '-');
  if (d.kind === 'redirect') {
    return done(localReply(req, 301, 'Moved Permanently', '', [['location', d.location]]), '-', '-', '-');
  }
  const r = d.route;
  const svc = env.get<{ spec?: { clusterIP?: string; ports?: Array<{ port: number }> } }>('services', r.service.namespace, r.service.name);
  const ip = svc?.spec?.clusterIP;
  if (!ip || ip === 'None') {
    // the cluster's DNS name does not resolve: no host in the Envoy cluster
    return done(localReply(req, 503, 'Service Unavailable', 'no healthy upstream'), 'UH', '-', '-');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.test(k) && !/^x-forwarded-(for|proto)$/i.test(k) && !/^x-request-id$/i.test(k)) headers[k.toLowerCase()] = v;
  headers['x-forwarded-for'] = xff;
  headers['x-forwarded-proto'] = xfp;
  headers['x-envoy-internal'] = 'true';
  headers['x-request-id'] = requestId;
  headers['x-envoy-expected-rq-timeout-ms'] = String(r.timeoutMs);
  if (d.upstreamPath !== (req.path || '/')) headers['x-envoy-original-path'] = req.path || '/';
  for (const [k, v] of r.addRequestHeaders) headers[k] = v;
  const up = env.send(ip, r.service.port, { method: req.method, host: r.hostRewrite ?? req.host, path: d.upstreamPath, headers, userAgent: req.userAgent });
  if (!up.ok) {
    return done(localReply(req, 503, 'Service Unavailable', 'upstream connect error or disconnect/reset before headers. reset reason: connection failure'), 'UF', '-', `${ip}:${r.service.port}`);
  }
  const upstreamMs = String(Math.floor(random() * 2));
  const out: Array<[string, string]> = [];
  for (const [k, v] of up.headers) {
    const name = k.toLowerCase();
    if (HOP_BY_HOP.test(name) || r.removeResponseHeaders.includes(name)) continue;
    out.push([name, name === 'server' ? 'envoy' : v]);
  }
  if (!out.some(([k]) => k === 'server')) out.unshift(['server', 'envoy']);
  out.push(['x-envoy-upstream-service-time', upstreamMs]);
  for (const [k, v] of r.addResponseHeaders) out.push([k, v]);
  return done({ status: up.status, statusText: up.statusText, headers: out, body: req.method === 'HEAD' ? '' : up.body }, '-', upstreamMs, `${ip}:${r.service.port}`);
}

function notSimulated(req: IncomingRequest, what: string): ServerResponse {
  return goResponse(req, 501, 'Not Implemented', `kubesim does not simulate ${what} (${req.path || '/'} on port ${req.localPort})\n`, 'text/plain; charset=utf-8');
}

/** The emissary-ingress container: health on 8877, the snapshot port 8005, Envoy on the Listeners' ports. */
export function emissaryIngressServer(): ImageServer {
  return {
    kind: 'emissary',
    listens: (port, env) => port === 8877 || port === 8005 || (!!env && currentConfig(env).listeners.some((l) => l.port === port)),
    handle(req) {
      const path = (req.path || '/').split('?')[0];
      if (req.localPort === 8877) {
        if (path === '/ambassador/v0/check_alive') return { response: goResponse(req, 200, 'OK', 'Ambassador is alive and well\n', 'text/plain; charset=utf-8'), log: [] };
        if (path === '/ambassador/v0/check_ready') return { response: goResponse(req, 200, 'OK', 'Ambassador is ready and waiting\n', 'text/plain; charset=utf-8'), log: [] };
        return { response: notSimulated(req, "Emissary's diagnostics (diagd)"), log: [] };
      }
      if (req.localPort === 8005) {
        if (path === '/snapshot-external') return { response: notSimulated(req, "Emissary's configuration snapshot"), log: [] };
        return { response: goResponse(req, 404, 'Not Found', '404 page not found\n', 'text/plain; charset=utf-8', [['X-Content-Type-Options', 'nosniff']]), log: [] };
      }
      const env = req.env;
      const config = env ? currentConfig(env) : undefined;
      if (!env || !config || !config.listeners.some((l) => l.port === req.localPort)) return { response: localReply(req, 404, 'Not Found', ''), log: [] };
      return envoy(req, env, config);
    },
  };
}

/** `apiext emissary-apiext`: probes on 8080, the conversion webhook on 8443. */
export function emissaryApiextServer(): ImageServer {
  return {
    kind: 'emissary-apiext',
    listens: (port) => port === 8080 || port === 8443,
    handle(req) {
      const path = (req.path || '/').split('?')[0];
      if (req.localPort === 8080 && path === '/probes/live') return { response: goResponse(req, 200, 'OK', 'Living!\n', 'text/plain; charset=utf-8'), log: [] };
      if (req.localPort === 8080 && path === '/probes/ready') return { response: goResponse(req, 200, 'OK', 'Ready!\n', 'text/plain; charset=utf-8'), log: [] };
      if (req.localPort === 8443 && path === '/webhooks/crd-convert') return { response: notSimulated(req, 'ConversionReview requests over HTTP (the API server\'s model converts)'), log: [] };
      return { response: goResponse(req, 404, 'Not Found', '404 page not found\n', 'text/plain; charset=utf-8', [['X-Content-Type-Options', 'nosniff']]), log: [] };
    },
  };
}

/** Which of the image's programs a container runs. */
export function emissaryProgram(command: string[] | undefined): 'ambassador' | 'apiext' | 'agent' | 'other' {
  const first = command?.[0];
  if (!first) return 'ambassador';
  const base = first.split('/').pop();
  if (base === 'apiext') return 'apiext';
  if (base === 'agent') return 'agent';
  if (base === 'entrypoint' || base === 'ambassador' || base === 'busyambassador') return 'ambassador';
  return 'other';
}
