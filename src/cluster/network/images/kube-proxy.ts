// kube-proxy's own servers on its node (it runs in the host network): the metrics server on 127.0.0.1:10249
// (`/proxyMode`, `/healthz`), the health server on 0.0.0.0:10256 (`/healthz` and `/livez`, pkg/proxy/healthcheck/
// proxy_health.go), and one health-check server per LoadBalancer Service with externalTrafficPolicy Local on its
// healthCheckNodePort (service_health.go), which answers how many of the Service's endpoints are on this node.

import type { EndpointSlice, Service } from '../../apiserver/types.js';
import { goNotFound, goResponse } from './go-servers.js';
import type { ImageServer, IncomingRequest, ServerEnv } from './types.js';

const METRICS_PORT = 10249;
const HEALTHZ_PORT = 10256;
const NOSNIFF: Array<[string, string]> = [['X-Content-Type-Options', 'nosniff']];

/** The Services whose health-check servers kube-proxy runs (LoadBalancer, externalTrafficPolicy Local), by port. */
function healthChecked(env: ServerEnv | undefined): Map<number, Service> {
  const out = new Map<number, Service>();
  for (const s of env?.list<Service>('services') ?? []) {
    const port = s.spec?.healthCheckNodePort;
    if (s.spec?.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local' && port) out.set(port, s);
  }
  return out;
}

/** The Service's endpoints on `node` that kube-proxy sends traffic to: the ready ones, else the serving terminating ones. */
function localEndpoints(env: ServerEnv, svc: Service, node: string): number {
  const slices = env.list<EndpointSlice>('endpointslices.discovery.k8s.io', svc.metadata.namespace).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
  const local = slices.flatMap((e) => e.endpoints ?? []).filter((e) => e.nodeName === node);
  const ready = local.filter((e) => e.conditions?.ready !== false).length;
  return ready || local.filter((e) => e.conditions?.serving && e.conditions?.terminating).length;
}

/** Go's time.Time String() with the monotonic reading kube-proxy's clock carries (seconds since it started). */
function goTimeString(ms: number, startedMs: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = ms % 1000 ? `.${p(d.getUTCMilliseconds(), 3)}`.replace(/0+$/, '') : '';
  const mono = Math.max(0, ms - startedMs);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC m=+${Math.floor(mono / 1000)}.${p((mono % 1000) * 1_000_000, 9)}`;
}

function healthz(req: IncomingRequest, withNode: boolean): ReturnType<ImageServer['handle']> {
  const node = req.env?.get<{ metadata: { deletionTimestamp?: string }; spec?: { taints?: Array<{ key: string }> } }>('nodes', '', req.pod.spec.nodeName ?? '');
  // a node marked for deletion (or by the cluster autoscaler) is not eligible: the health server answers 503
  const eligible = !node?.metadata.deletionTimestamp && !(node?.spec?.taints ?? []).some((t) => t.key === 'ToBeDeletedByClusterAutoscaler');
  const now = JSON.stringify(goTimeString(req.nowMs, req.startedMs ?? req.nowMs));
  const body = withNode ? `{"lastUpdated": ${now},"currentTime": ${now}, "nodeEligible": ${eligible}}` : `{"lastUpdated": ${now},"currentTime": ${now}}`;
  const ok = !withNode || eligible;
  return { response: goResponse(req, ok ? 200 : 503, ok ? 'OK' : 'Service Unavailable', body, '', [['Content-Type', 'application/json'], ...NOSNIFF]), log: [] };
}

export function kubeProxyServer(mode: string): ImageServer {
  return {
    kind: 'kube-proxy',
    listens: (p, env) => p === METRICS_PORT || p === HEALTHZ_PORT || healthChecked(env).has(p),
    loopbackOnly: [METRICS_PORT],
    handle(req) {
      const path = req.path.split('?')[0];
      if (req.localPort === METRICS_PORT) {
        if (path === '/proxyMode') return { response: goResponse(req, 200, 'OK', mode, '', [['Content-Type', 'text/plain; charset=utf-8'], ...NOSNIFF]), log: [] };
        if (path === '/healthz') return { response: goResponse(req, 200, 'OK', 'ok', 'text/plain; charset=utf-8'), log: [] };
        return { response: goNotFound(req), log: [] };
      }
      if (req.localPort === HEALTHZ_PORT) {
        if (path === '/healthz') return healthz(req, true);
        if (path === '/livez') return healthz(req, false);
        return { response: goNotFound(req), log: [] };
      }
      const svc = healthChecked(req.env).get(req.localPort);
      if (!svc || !req.env) return { response: goNotFound(req), log: [] };
      const count = localEndpoints(req.env, svc, req.pod.spec.nodeName ?? '');
      const body = `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(svc.metadata.namespace ?? '')},\n\t\t"name": ${JSON.stringify(svc.metadata.name ?? '')}\n\t},\n\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": true\n}`;
      return { response: goResponse(req, count ? 200 : 503, count ? 'OK' : 'Service Unavailable', body, '', [['Content-Type', 'application/json'], ...NOSNIFF]), log: [] };
    },
  };
}
