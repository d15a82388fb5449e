// Benchmark section: the cost of a NetworkPolicy verdict in the data path (issue 11's "100-policy namespace"), and
// how it grows with policies and pods. Each figure is one request end to end (DNS-free: client pod -> ClusterIP ->
// DNAT -> kindnet's nft postrouting queue -> the verdict -> delivery), beside the same request with no policy.
//
// The worst case is measured: every policy selects the destination pods (so the union walks all of them) and only
// the last one allows the client, on a port matched through a named container port.

import { performance } from 'node:perf_hooks';
import type { NetworkPolicy } from '../cluster/apiserver/registry/networkpolicies.js';
import type { Pod } from '../cluster/apiserver/types.js';
import { FixtureCluster } from '../cluster/network/dataplane/fixture.js';
import { tracing } from '../cluster/network/dataplane/send.js';
import { sendTcp } from '../cluster/network/request.js';
import { parseIPv4 } from '../cluster/network/iptables/ip.js';
import { evaluatePacket } from '../cluster/network/netpol/evaluate.js';
import { policyState } from '../cluster/network/netpol/enforce.js';

type Row = (name: string, value: string, goal?: string) => void;

function policy(name: string, from: Record<string, string>, port: number | string): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'default' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: from } }], ports: [{ protocol: 'TCP', port }] }] },
  } as NetworkPolicy;
}

/** A cluster of `pods` web pods behind one Service, a client, and `policies` policies selecting the web pods. */
function build(pods: number, policies: number): { cluster: FixtureCluster; client: Pod; stranger: Pod } {
  // ten nodes (nine workers, a /24 each): 1,000 pods fit as a real cluster would hold them (<= 110 a node)
  const c = new FixtureCluster(7, 10);
  const workers = c.config.nodes.filter((n) => n.role !== 'control-plane');
  const web: Pod[] = [];
  const containers = [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }];
  for (let i = 0; i < pods; i++) {
    const node = workers[i % workers.length];
    const ip = node.podCIDR.replace(/\.0\/24$/, `.${2 + Math.floor(i / workers.length)}`);
    web.push(c.pod('default', `web-${i}`, node.name, ip, 'nginx', { containers }, { app: 'web', shard: String(i % 10) }));
  }
  const client = c.pod('default', 'client', workers[0].name, workers[0].podCIDR.replace(/\.0\/24$/, '.250'), 'busybox', { containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] }, { role: 'client' });
  c.service('default', 'web', { clusterIP: '10.96.0.100', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, web);
  for (let i = 0; i < policies - 1; i++) c.put('networkpolicies.networking.k8s.io', policy(`noise-${i}`, { role: `other-${i}` }, 8000 + i));
  if (policies > 0) c.put('networkpolicies.networking.k8s.io', policy('allow-client', { role: 'client' }, 'http'));
  const stranger = c.pod('default', 'stranger', workers[0].name, workers[0].podCIDR.replace(/\.0\/24$/, '.251'), 'busybox', { containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] }, { role: 'stranger' });
  return { cluster: c, client, stranger };
}

/** Microseconds per request (median of 5 rounds of `n`), after one request that renders and indexes once; and
 *  microseconds per verdict alone (evaluatePacket on the node's index, client -> the first web pod, port 80). */
function perRequest(pods: number, policies: number, n: number): { request: number; verdict: number } {
  const { cluster, client, stranger } = build(pods, policies);
  const src = { kind: 'pod' as const, pod: client };
  const req = { method: 'GET', host: 'web', path: '/', headers: { Connection: 'close' }, userAgent: 'Wget' };
  const was = tracing.enabled;
  tracing.enabled = false;
  try {
    const first = sendTcp(cluster, src, '10.96.0.100', 80, req);
    if (!first.ok) throw new Error(`netpol bench: the allowed request failed: ${first.error}`);
    // the figures mean something only if the policies are enforced: a pod no policy allows is dropped
    const denied = sendTcp(cluster, { kind: 'pod', pod: stranger }, '10.96.0.100', 80, req);
    if (denied.ok === (policies === 0 ? false : true)) throw new Error(`netpol bench: a request from a pod no policy allows was ${denied.ok ? 'delivered' : 'dropped'} with ${policies} policies`);
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sendTcp(cluster, src, '10.96.0.100', 80, req);
      rounds.push(((performance.now() - t0) * 1000) / n);
    }
    const index = policyState(cluster).index;
    const dst = cluster.api.tryGet<Pod>('pods', 'default', 'web-0')!;
    const from = { ip: parseIPv4(client.status!.podIP!)!, pod: client };
    const to = { ip: parseIPv4(dst.status!.podIP!)!, pod: dst };
    const verdicts: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n * 5; i++) if (!evaluatePacket(index, from, to, 80, 'TCP').allowed) throw new Error('netpol bench: the client was denied');
      verdicts.push(((performance.now() - t0) * 1000) / (n * 5));
    }
    return { request: rounds.sort((a, b) => a - b)[2], verdict: verdicts.sort((a, b) => a - b)[2] };
  } finally {
    tracing.enabled = was;
  }
}

export async function netpol(row: Row): Promise<void> {
  const base = perRequest(100, 0, 4000);
  row('request through a 100-pod Service, no NetworkPolicy', `${base.request.toFixed(1)} us`, 'baseline');
  const at: Record<number, { request: number; verdict: number }> = {};
  for (const n of [1, 10, 100, 1000]) {
    at[n] = perRequest(100, n, n >= 1000 ? 400 : 2000);
    row(`  ... ${n.toLocaleString('en-US')} ${n === 1 ? 'policy selects' : 'policies select'} the destination`, `${at[n].request.toFixed(1)} us`, `${(at[n].request / base.request).toFixed(2)}x; the verdict alone ${at[n].verdict.toFixed(2)} us`);
  }
  const big = perRequest(1000, 100, 2000);
  row('  ... 100 policies, 1,000 pods behind the Service', `${big.request.toFixed(1)} us`, `${(big.request / at[100].request).toFixed(2)}x the 100-pod figure; verdict ${big.verdict.toFixed(2)} us`);
  row('verdict growth 100 -> 1,000 policies', `${(at[1000].verdict / at[100].verdict).toFixed(1)}x time for 10x policies`, 'linear = ~10x');
}
