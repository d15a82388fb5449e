import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../apiserver/types.js';
import { bootstrapCluster } from '../../state/bootstrap.js';
import { buildConfig } from '../../state/config.js';
import { containerLog } from '../logs.js';
import { nodeRuleset, readNodeCounters } from '../proxy.js';
import { sendTcp, sendUdp, type HttpRequest } from '../request.js';

const GET: HttpRequest = { method: 'GET', host: 'website', path: '/', headers: { Connection: 'close' }, userAgent: 'Wget' };

function setup() {
  const cluster = bootstrapCluster(buildConfig({ seed: 7, clock: 'virtual' }));
  const api = cluster.api;
  api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'website', namespace: 'default', labels: { app: 'website' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'website' } }, template: { metadata: { labels: { app: 'website' } }, spec: { containers: [{ name: 'httpd', image: 'httpd' }] } } },
  });
  api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'website', namespace: 'default' }, spec: { selector: { app: 'website' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } });
  api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] } });
  cluster.reconcile();
  cluster.advanceClock(30_000);
  const client = api.get<Pod>('pods', 'default', 'client');
  const svc = api.get<Service>('services', 'default', 'website');
  return { cluster, client, svc };
}

describe('traffic through a bootstrapped cluster', () => {
  it('requests to the ClusterIP are spread over the pods; the SVC chain counters and the pod logs agree', () => {
    const { cluster, client, svc } = setup();
    expect(client.status?.podIP).toBeTruthy();
    const pods = cluster.api.list<Pod>('pods', 'default').filter((p) => p.metadata.labels?.app === 'website');
    expect(pods.length).toBe(3);
    const hits = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const r = sendTcp(cluster, { kind: 'pod', pod: client }, svc.spec.clusterIP!, 80, GET);
      if (!r.ok) throw new Error(`request failed: ${r.error} ${r.route.join('\n')}`);
      hits.set(r.served.pod.metadata.name!, (hits.get(r.served.pod.metadata.name!) ?? 0) + 1);
    }
    const node = client.spec.nodeName!;
    const nat = nodeRuleset(cluster.api, cluster.config, node).tables.find((t) => t.name === 'nat')!;
    const counters = readNodeCounters(cluster.data, node);
    const svcChain = nat.chains.find((c) => c.name.startsWith('KUBE-SVC-') && c.rules.some((r) => r.args.includes('default/website')))!;
    let total = 0;
    for (const r of svcChain.rules) {
      if (r.target?.t !== 'chain' || !r.target.chain.startsWith('KUBE-SEP-')) continue;
      const n = counters.rules[r.id]?.packets ?? 0;
      total += n;
      // the endpoint in the rule comment is the pod that logged that many requests
      const ip = /-> ([\d.]+):80/.exec(r.args)![1];
      const pod = pods.find((p) => p.status?.podIP === ip)!;
      expect(containerLog(cluster.data, pod, 'httpd', '').filter((l) => l.text.includes('"GET / HTTP/1.1" 200 45')).length).toBe(n);
      expect(hits.get(pod.metadata.name!) ?? 0).toBe(n);
    }
    expect(total).toBe(12);
  });

  it('NodePort from a node reaches a pod; scaling to zero makes the ClusterIP refuse', () => {
    const { cluster, client, svc } = setup();
    const api = cluster.api;
    const np = api.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'website-np', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'website' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31100 }] } });
    cluster.reconcile();
    const r = sendTcp(cluster, { kind: 'node', node: 'kubesim-control-plane' }, '172.18.0.2', np.spec.ports![0].nodePort!, { ...GET, host: '172.18.0.2:31100' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.served.remoteIP).toBe('172.18.0.2');
    const d = api.get('deployments.apps', 'default', 'website');
    api.update({ ...d, spec: { ...d.spec, replicas: 0 } });
    cluster.reconcile();
    cluster.advanceClock(60_000);
    const gone = sendTcp(cluster, { kind: 'pod', pod: client }, svc.spec.clusterIP!, 80, GET);
    expect(gone).toMatchObject({ ok: false, error: 'refused' });
  });

  it('a DNS query to the kube-dns ClusterIP reaches a CoreDNS pod through the kube-dns:dns rules', () => {
    const { cluster, client } = setup();
    const r = sendUdp(cluster, { kind: 'pod', pod: client }, '10.96.0.10', 53, 74);
    if (!r.ok) throw new Error(`dns: ${r.error} ${r.route.join('\n')}`);
    expect(r.served.pod.metadata.name).toMatch(/^coredns-/);
    expect(r.served.port).toBe(53);
    const nat = nodeRuleset(cluster.api, cluster.config, client.spec.nodeName!).tables.find((t) => t.name === 'nat')!;
    const rule = nat.chains.find((c) => c.name === 'KUBE-SERVICES')!.rules.find((x) => x.args.includes('kube-system/kube-dns:dns cluster IP'))!;
    expect(readNodeCounters(cluster.data, client.spec.nodeName!).rules[rule.id]).toEqual({ packets: 1, bytes: 74 });
  });
});
