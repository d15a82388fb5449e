// registry.k8s.io/metrics-server/metrics-server (v0.7.x) as it runs on a kind cluster: it scrapes every kubelet's
// /metrics/resource over HTTPS every --metric-resolution (15 s). kind's kubelets serve self-signed certificates
// without IP SANs, so unless `--kubelet-insecure-tls` is set every scrape fails with the x509 error and /readyz
// stays 500 ("metric-storage-ready" has no metrics to serve): the pod runs 0/1 and the Metrics API is unavailable.
// With the flag, storage is ready once two scrapes gave a rate (30 s after start).

import { klogLine } from '../../klog.js';
import type { Container, Pod } from '../../apiserver/types.js';
import { goResponse } from './go-servers.js';
import type { ImageServer, StartupContext, TimedLogWrite } from './types.js';

const RESOLUTION_MS = 15_000;
/** the runtime keeps a bounded log; older scrape lines have been rotated away */
const MAX_LOGGED_SCRAPES = 200;

function argValue(c: Container, name: string): string | undefined {
  const args = [...(c.command ?? []), ...(c.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1] ?? '';
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** Whether `--kubelet-insecure-tls` is on (a bare flag, or =true). */
export function insecureKubeletTLS(c: Container): boolean {
  const args = [...(c.command ?? []), ...(c.args ?? [])];
  return args.some((a) => a === '--kubelet-insecure-tls' || a === '--kubelet-insecure-tls=true');
}

function resolutionMs(c: Container): number {
  const v = argValue(c, 'metric-resolution');
  const m = v ? /^(\d+)(s|m)$/.exec(v) : null;
  return m ? Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000) : RESOLUTION_MS;
}

function securePort(c: Container): number {
  const p = Number(argValue(c, 'secure-port'));
  return Number.isInteger(p) && p > 0 ? p : 10250;
}

function startedAt(pod: Pod, c: Container): number | undefined {
  const s = pod.status?.containerStatuses?.find((x) => x.name === c.name)?.state?.running?.startedAt;
  return s ? Date.parse(s) : undefined;
}

/** metric-storage-ready: two successful scrapes (a CPU rate needs two points). */
export function metricsStorageReady(pod: Pod, c: Container, nowMs: number): boolean {
  const start = startedAt(pod, c);
  return insecureKubeletTLS(c) && start !== undefined && nowMs >= start + 2 * resolutionMs(c);
}

const CHECKS = ['ping', 'log', 'poststarthook/max-in-flight-filter', 'poststarthook/storage-object-count-tracker-hook'];

export function metricsServerServer(c: Container): ImageServer {
  const port = securePort(c);
  return {
    kind: 'metrics-server',
    listens: (p) => p === port,
    handle(req) {
      const path = req.path.split('?')[0];
      if (path === '/livez' || path === '/healthz') return { response: goResponse(req, 200, 'OK', 'ok', 'text/plain; charset=utf-8'), log: [] };
      if (path === '/readyz') {
        const ready = metricsStorageReady(req.pod, req.container, req.nowMs);
        if (ready) return { response: goResponse(req, 200, 'OK', 'ok', 'text/plain; charset=utf-8'), log: [] };
        const body = [...CHECKS.map((x) => `[+]${x} ok`), '[-]metric-storage-ready failed: reason withheld', '[+]metric-informer-sync ok', '[+]metadata-informer-sync ok', '[+]shutdown ok', 'readyz check failed', ''].join('\n');
        return { response: goResponse(req, 500, 'Internal Server Error', body, 'text/plain; charset=utf-8', [['X-Content-Type-Options', 'nosniff']]), log: [] };
      }
      const body = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"system:anonymous\\" cannot get path \\"' + path + '\\"","reason":"Forbidden","details":{},"code":403}\n';
      return { response: goResponse(req, 403, 'Forbidden', body, 'application/json'), log: [] };
    },
  };
}

/** The klog lines of a run: start-up, then per scrape the failures (without --kubelet-insecure-tls) up to now. */
export function metricsServerStartup(ctx: StartupContext): TimedLogWrite[] {
  const c = ctx.container;
  const port = securePort(c);
  const out: TimedLogWrite[] = [];
  const at = (ms: number, level: 'I' | 'E', where: string, msg: string) => out.push({ ms, stream: 'stderr', text: klogLine(level, ms, (ms % 1000) * 1000 + 137, where, msg) });
  const s = ctx.startMs;
  at(s + 412, 'I', 'serving.go:374', 'Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)');
  at(s + 903, 'I', 'handler.go:275', 'Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager');
  const ca = 'client-ca::kube-system::extension-apiserver-authentication';
  at(s + 1011, 'I', 'requestheader_controller.go:172', 'Starting RequestHeaderAuthRequestController');
  at(s + 1011, 'I', 'shared_informer.go:313', 'Waiting for caches to sync for RequestHeaderAuthRequestController');
  at(s + 1012, 'I', 'configmap_cafile_content.go:205', `"Starting controller" name="${ca}::client-ca-file"`);
  at(s + 1012, 'I', 'shared_informer.go:313', `Waiting for caches to sync for ${ca}::client-ca-file`);
  at(s + 1012, 'I', 'configmap_cafile_content.go:205', `"Starting controller" name="${ca}::requestheader-client-ca-file"`);
  at(s + 1012, 'I', 'shared_informer.go:313', `Waiting for caches to sync for ${ca}::requestheader-client-ca-file`);
  at(s + 1013, 'I', 'dynamic_serving_content.go:135', '"Starting controller" name="serving-cert::/tmp/apiserver.crt::/tmp/apiserver.key"');
  at(s + 1014, 'I', 'secure_serving.go:213', `Serving securely on [::]:${port}`);
  at(s + 1014, 'I', 'tlsconfig.go:243', '"Starting DynamicServingCertificateController"');
  at(s + 1112, 'I', 'shared_informer.go:320', 'Caches are synced for RequestHeaderAuthRequestController');
  at(s + 1112, 'I', 'shared_informer.go:320', `Caches are synced for ${ca}::client-ca-file`);
  at(s + 1113, 'I', 'shared_informer.go:320', `Caches are synced for ${ca}::requestheader-client-ca-file`);
  const now = ctx.nowMs ?? ctx.startMs;
  if (insecureKubeletTLS(c)) return out.filter((l) => l.ms <= now);
  const res = resolutionMs(c);
  const nodes = ctx.nodes ?? [];
  const total = Math.floor((now - s) / res);
  for (let k = Math.max(1, total - MAX_LOGGED_SCRAPES + 1); k <= total; k++) {
    const t = s + k * res;
    nodes.forEach((n, i) =>
      at(t + 20 + i * 3, 'E', 'scraper.go:149', `"Failed to scrape node" err="Get \\"https://${n.ip}:10250/metrics/resource\\": tls: failed to verify certificate: x509: cannot validate certificate for ${n.ip} because it doesn't contain any IP SANs" node="${n.name}"`),
    );
  }
  // the kubelet's readiness probes (initialDelaySeconds 20, every 10 s) each log the failed check
  for (let t = s + 20_000 + 400; t <= now && t >= now - MAX_LOGGED_SCRAPES * res; t += 10_000) at(t, 'I', 'server.go:191', '"Failed probe" probe="metric-storage-ready" err="no metrics to serve"');
  return out.filter((l) => l.ms <= now).sort((a, b) => a.ms - b.ms);
}
