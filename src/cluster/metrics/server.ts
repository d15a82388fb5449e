// metrics-server as the Metrics API (metrics.k8s.io) sees it: available while its APIService v1beta1.metrics.k8s.io
// is Available (a ready metrics-server pod behind the Service); it reports a pod once it has scraped it (15 s after its containers started),
// with the usage the simulated workload produces (usage.ts), and each node's usage (its pods plus the node's own
// processes).

import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject, Node, Pod } from '../apiserver/types.js';
import { podUsage, requestRates, type Usage } from './usage.js';

const SCRAPE_MS = 15_000;

/** Whether the Metrics API is served: metrics-server's APIService exists and the aggregator finds it Available
 *  (controllers/apiservice-availability.ts keeps that condition). */
export function metricsAvailable(api: ApiServer): boolean {
  const s = api.tryGet<KubeObject>('apiservices.apiregistration.k8s.io', undefined, 'v1beta1.metrics.k8s.io');
  const conds = ((s?.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []);
  return conds.some((c) => c.type === 'Available' && c.status === 'True');
}

function scrapedSince(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    const started = (s.state as any)?.running?.startedAt;
    if (!started) return undefined;
    const t = Date.parse(started);
    if (latest === undefined || t > latest) latest = t;
  }
  return latest;
}

/** Per pod uid: each container's usage, for the pods metrics-server has scraped. */
export function podMetrics(api: ApiServer, nowMs: number, _data?: Record<string, unknown>): Map<string, Array<{ name: string; usage: Usage }>> {
  const pods = api.list<Pod>('pods');
  const rates = requestRates({ pods, services: api.list('services'), endpoints: api.list('endpoints') });
  const out = new Map<string, Array<{ name: string; usage: Usage }>>();
  // usage is sampled on the scrape grid, so every reader within a window sees the same numbers
  const at = Math.floor(nowMs / SCRAPE_MS) * SCRAPE_MS;
  for (const p of pods) {
    if (!p.spec.nodeName || p.status?.phase !== 'Running') continue;
    const since = scrapedSince(p);
    if (since === undefined || since + SCRAPE_MS > nowMs) continue;
    out.set(p.metadata.uid!, podUsage(p, at, rates));
  }
  return out;
}

/** Node usage: the node's own processes (kubelet, containerd, system) plus its pods. */
export function nodeMetrics(api: ApiServer, nowMs: number): Map<string, Usage> {
  const pods = podMetrics(api, nowMs);
  const out = new Map<string, Usage>();
  for (const n of api.list<Node>('nodes')) out.set(n.metadata.name!, { cpuMilli: n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined ? 62 : 21, memory: 410 * 1024 * 1024 });
  for (const p of api.list<Pod>('pods')) {
    const u = pods.get(p.metadata.uid!);
    const n = out.get(p.spec.nodeName ?? '');
    if (!u || !n) continue;
    for (const c of u) {
      n.cpuMilli += c.usage.cpuMilli;
      n.memory += c.usage.memory;
    }
  }
  return out;
}
