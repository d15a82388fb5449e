// Benchmark helper: requests per second through a 100-endpoint ClusterIP service, in process (rules rendered once
// per node and cached; each request walks PREROUTING → KUBE-SVC statistic chain → KUBE-SEP → DNAT → delivery).

import { performance } from 'node:perf_hooks';
import type { Pod } from '../cluster/apiserver/types.js';
import { sendTcp } from '../cluster/network/request.js';
import { FixtureCluster } from '../cluster/network/dataplane/fixture.js';
import { tracing } from '../cluster/network/dataplane/send.js';

export function benchCluster(endpoints = 100): { cluster: FixtureCluster; client: Pod; ip: string } {
  const c = new FixtureCluster(7, 3);
  const nodes = ['kubesim-worker', 'kubesim-worker2'];
  const pods: Pod[] = [];
  for (let i = 0; i < endpoints; i++) {
    const node = nodes[i % 2];
    const ip = `10.244.${1 + (i % 2)}.${2 + Math.floor(i / 2)}`;
    pods.push(c.pod('default', `web-${i}`, node, ip, 'nginx', {}, { app: 'web' }));
  }
  const client = c.pod('default', 'client', 'kubesim-worker', '10.244.1.250', 'busybox', { containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] });
  c.service('default', 'web', { clusterIP: '10.96.0.100', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, pods);
  return { cluster: c, client, ip: '10.96.0.100' };
}

/** Sends `n` requests through a 100-endpoint service; returns requests per second. */
export function benchRequests(n: number): number {
  const { cluster, client, ip } = benchCluster(100);
  const src = { kind: 'pod' as const, pod: client };
  const req = { method: 'GET', host: 'web', path: '/', headers: { Connection: 'close' }, userAgent: 'Wget' };
  const was = tracing.enabled;
  tracing.enabled = false;
  try {
    sendTcp(cluster, src, ip, 80, req); // render + compile the rules once
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = sendTcp(cluster, src, ip, 80, req);
      if (!r.ok) throw new Error(`bench request failed: ${r.error}`);
    }
    const secs = (performance.now() - t0) / 1000;
    return Math.round(n / secs);
  } finally {
    tracing.enabled = was;
  }
}
