// registry.k8s.io/ingress-nginx/controller: nginx configured from the Ingresses of its class (routing.ts), proxying
// to the backends' endpoints (not their ClusterIP: the controller reads EndpointSlices, as the real one does), the
// `upstreaminfo` access log, the 404 of its internal default backend with `server_tokens off` (no Server header,
// `<center>nginx</center>`), 503 for a backend without endpoints, /healthz on 10254.

import type { EndpointSlice, Service } from '../../../apiserver/types.js';
import { byteLength, clfTime, goLogTime, header, httpDate, requestLine, wantsClose } from '../format.js';
import type { ImageServer, IncomingRequest, LogWrite, ServerEnv, ServerResponse } from '../types.js';
import { buildServers, routeRequest, type IngressLike, type Location } from './routing.js';
import { ingressCertificate, ingressHello, redirectsToHttps, tlsHosts } from './tls.js';

export interface ControllerOptions {
  ingressClass: string;
  controllerClass: string;
  watchWithoutClass: boolean;
  publishStatusAddress?: string;
}

/** The controller's flags that decide what it serves (its Deployment's args). */
export function controllerOptions(args: string[]): ControllerOptions {
  const flag = (name: string): string | undefined => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
      if (a === `--${name}`) return args[i + 1];
    }
    return undefined;
  };
  return {
    ingressClass: flag('ingress-class') ?? 'nginx',
    controllerClass: flag('controller-class') ?? 'k8s.io/ingress-nginx',
    watchWithoutClass: flag('watch-ingress-without-class') === 'true',
    publishStatusAddress: flag('publish-status-address'),
  };
}

interface IngressClassLike {
  metadata: { name?: string; annotations?: Record<string, string> };
  spec?: { controller?: string };
}

/** Whether the controller serves this Ingress (ingressClassName through its IngressClass, the legacy annotation,
 *  or no class at all with --watch-ingress-without-class). */
export function servesIngress(ing: IngressLike, classes: IngressClassLike[], o: ControllerOptions): boolean {
  const name = ing.spec?.ingressClassName;
  if (name) return classes.some((c) => c.metadata.name === name && c.spec?.controller === o.controllerClass);
  const legacy = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (legacy !== undefined) return legacy === o.ingressClass;
  return o.watchWithoutClass;
}

/** nginx's 400 for plain HTTP on an https port, with server_tokens off. */
function ingressErrorPage400(): string {
  return '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
}

/** nginx's error page with server_tokens off. */
export function ingressErrorPage(status: number, text: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function response(req: IncomingRequest, status: number, statusText: string, body: string, contentType: string, extra: Array<[string, string]> = []): ServerResponse {
  const headers: Array<[string, string]> = [
    ['Date', httpDate(req.nowMs)],
    ['Content-Type', contentType],
    ['Content-Length', String(byteLength(body))],
    ['Connection', wantsClose(req.headers) ? 'close' : 'keep-alive'],
    ...extra,
  ];
  return { status, statusText, headers, body: req.method === 'HEAD' ? '' : body };
}

/** $request_length: the request line and headers as the client sent them. */
function requestLength(req: IncomingRequest): number {
  let n = byteLength(`${requestLine(req.method, req.path)}\r\nHost: ${req.host}\r\n`);
  if (req.userAgent) n += byteLength(`User-Agent: ${req.userAgent}\r\n`);
  for (const [k, v] of Object.entries(req.headers)) n += byteLength(`${k}: ${v}\r\n`);
  return n + 2;
}

function hex(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

interface Endpoint {
  ip: string;
  port: number;
}

/** The ready endpoints of a Service port, as the controller's endpoint lister gives them. */
function endpointsOf(env: ServerEnv, ns: string, svc: Service, port: number | string | undefined): Endpoint[] {
  const sp = (svc.spec.ports ?? []).find((p) => (typeof port === 'number' ? p.port === port : p.name === port)) ?? (port === undefined ? svc.spec.ports?.[0] : undefined);
  if (!sp) return [];
  const out: Endpoint[] = [];
  for (const slice of env.list<EndpointSlice>('endpointslices.discovery.k8s.io', ns)) {
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    const target = (slice.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (!target?.port) continue;
    for (const e of slice.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const a of e.addresses) out.push({ ip: a, port: target.port });
    }
  }
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

/** HSTS as the controller's defaults set it on every https response (hsts, hsts-max-age, hsts-include-subdomains). */
const HSTS: [string, string] = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'];

export function ingressNginxServer(args: string[]): ImageServer {
  const opts = controllerOptions(args);
  const served = (env: ServerEnv | undefined) =>
    env ? env.list<IngressLike>('ingresses.networking.k8s.io').filter((i) => servesIngress(i, env.list<IngressClassLike>('ingressclasses.networking.k8s.io'), opts)) : [];
  return {
    kind: 'ingress-nginx',
    listens: (p) => p === 80 || p === 443 || p === 8443 || p === 10254,
    tlsHello(port, sni, _files, ctx) {
      if (port !== 443) return null;
      return ingressHello(ingressCertificate(ctx.env, served(ctx.env), sni, ctx.pod));
    },
    handle(req) {
      const log: LogWrite[] = [];
      if (req.localPort === 10254) {
        const ok = (req.path.split('?')[0] || '/') === '/healthz';
        const body = ok ? 'ok' : '404 page not found\n';
        return { response: response(req, ok ? 200 : 404, ok ? 'OK' : 'Not Found', body, 'text/plain; charset=utf-8'), log };
      }
      const env = req.env;
      const ingresses = served(env);
      const route = routeRequest(buildServers(ingresses), req.host, req.path || '/');
      // $request in the access log: HTTP/2 requests are logged as HTTP/2.0
      const reqLine = requestLine(req.method, req.path, req.tls?.alpn === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1');
      if (req.localPort === 443 && !req.tls) {
        // a plain HTTP request on the https port
        const body = ingressErrorPage400();
        const res = response(req, 400, 'Bad Request', body, 'text/html');
        res.headers = res.headers.map(([k, v]) => (k === 'Connection' ? [k, 'close'] : [k, v]));
        log.push({ stream: 'stdout', text: `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${reqLine}" 400 ${byteLength(body)} "-" "${req.userAgent || '-'}" 0 0.000 [] [] - - - - ${hex(env?.random ?? (() => 0), 32)}` });
        return { response: res, log };
      }
      const random = env?.random ?? (() => 0);
      const reqId = hex(random, 32);
      let res: ServerResponse;
      let upstreamName = 'upstream-default-backend';
      let upstreamAddr = '127.0.0.1:8181';
      let upstreamStatus: string;
      const loc: Location | null = route.location;
      const svc = loc?.service && env ? env.get<Service>('services', loc.namespace, loc.service) : undefined;
      const locIngress = loc ? ingresses.find((i) => i.metadata.name === loc.ingress && (i.metadata.namespace ?? 'default') === loc.namespace) : undefined;
      if (loc && !req.tls && redirectsToHttps(tlsHosts(ingresses), req.host, locIngress?.metadata.annotations ?? {})) {
        // ssl-redirect: `return 308 https://$redirect_to_https$request_uri;` before any proxying
        upstreamName = loc.upstream;
        res = response(req, 308, 'Permanent Redirect', ingressErrorPage(308, 'Permanent Redirect'), 'text/html', [['Location', `https://${req.host.replace(/:\d+$/, '')}${req.path || '/'}`]]);
        upstreamAddr = '-';
        upstreamStatus = '-';
      } else if (loc?.service) {
        upstreamName = loc.upstream;
        const eps = env && svc ? endpointsOf(env, loc.namespace, svc, loc.port) : [];
        if (!eps.length) {
          res = response(req, 503, 'Service Temporarily Unavailable', ingressErrorPage(503, 'Service Temporarily Unavailable'), 'text/html');
          upstreamAddr = '-';
          upstreamStatus = '-';
        } else {
          const ep = eps[Math.floor(random() * eps.length)];
          upstreamAddr = `${ep.ip}:${ep.port}`;
          const forwarded: Record<string, string> = {
            'X-Request-ID': reqId,
            'X-Real-IP': req.remoteIP,
            'X-Forwarded-For': req.remoteIP,
            'X-Forwarded-Host': req.host,
            'X-Forwarded-Port': String(req.localPort),
            'X-Forwarded-Proto': req.localPort === 443 ? 'https' : 'http',
            'X-Forwarded-Scheme': req.localPort === 443 ? 'https' : 'http',
            'X-Scheme': req.localPort === 443 ? 'https' : 'http',
          };
          for (const [k, v] of Object.entries(req.headers)) if (!/^connection$/i.test(k)) forwarded[k] = v;
          const up = env!.send(ep.ip, ep.port, { method: req.method, host: req.host, path: route.upstreamPath, headers: forwarded, userAgent: req.userAgent });
          if (up.ok) {
            const pass = up.headers.filter(([k]) => !/^(date|content-length|connection|server|transfer-encoding)$/i.test(k) && !/^content-type$/i.test(k));
            const ctype = header(Object.fromEntries(up.headers), 'content-type') ?? 'text/plain';
            res = response(req, up.status, up.statusText, up.body, ctype, pass);
            upstreamStatus = String(up.status);
          } else {
            res = response(req, 502, 'Bad Gateway', ingressErrorPage(502, 'Bad Gateway'), 'text/html');
            upstreamStatus = '502';
            log.push({
              stream: 'stderr',
              text: `${goLogTime(req.nowMs)} [error] 31#31: *1 connect() failed (111: Connection refused) while connecting to upstream, client: ${req.remoteIP}, server: ${route.server}, request: "${reqLine}", upstream: "http://${upstreamAddr}${route.upstreamPath}", host: "${req.host}"`,
            });
          }
        }
      } else {
        res = response(req, 404, 'Not Found', ingressErrorPage(404, 'Not Found'), 'text/html');
        upstreamStatus = '404';
      }
      if (req.tls) res.headers.push(HSTS);
      const bytes = byteLength(res.body);
      const referer = header(req.headers, 'referer') ?? '-';
      const upLen = upstreamAddr === '-' ? '0' : String(bytes);
      const t = (random() * 0.004).toFixed(3);
      const redirected = res.status === 308 && upstreamStatus === '-';
      log.push({
        stream: 'stdout',
        text: redirected
          ? `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${reqLine}" 308 ${bytes} "${referer}" "${req.userAgent || '-'}" ${requestLength(req)} 0.000 [${upstreamName}] [] - - - - ${reqId}`
          : `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${reqLine}" ${res.status} ${bytes} "${referer}" "${req.userAgent || '-'}" ${requestLength(req)} ${t} [${upstreamName}] [] ${upstreamAddr} ${upLen} ${t} ${upstreamStatus} ${reqId}`,
      });
      return { response: res, log };
    },
  };
}
