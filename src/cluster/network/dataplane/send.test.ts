import { describe, expect, it } from 'vitest';
import { FixtureCluster } from './fixture.js';
import { sendTcp, pingIP, type HttpRequest } from '../request.js';
import { containerLog } from '../logs.js';
import { nodeRuleset, readNodeCounters } from '../proxy.js';

const GET = (host: string): HttpRequest => ({ method: 'GET', host, path: '/', headers: { Connection: 'close' }, userAgent: 'Wget' });

function website(c: FixtureCluster) {
  const pods = [
    c.pod('default', 'website-a', 'kubesim-worker', '10.244.1.2', 'httpd', {}, { app: 'website' }),
    c.pod('default', 'website-b', 'kubesim-worker2', '10.244.2.2', 'httpd', {}, { app: 'website' }),
    c.pod('default', 'website-c', 'kubesim-worker', '10.244.1.3', 'httpd', {}, { app: 'website' }),
  ];
  const client = c.pod('default', 'client', 'kubesim-worker2', '10.244.2.9', 'busybox', { containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] });
  const svc = c.service('default', 'website', { clusterIP: '10.96.100.10', clusterIPs: ['10.96.100.10'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, pods);
  return { pods, client, svc };
}

describe('sendTcp through the kube-proxy rules', () => {
  it('serves the httpd page from one endpoint and the SVC chain counters add up', () => {
    const c = new FixtureCluster();
    const { client } = website(c);
    const served: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.10', 80, GET('website'));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
        served.push(r.served.pod.metadata.name!);
        expect(r.served.remoteIP).toBe('10.244.2.9');
      }
    }
    expect(new Set(served).size).toBe(3);
    // the counters on the client's node: every request passed KUBE-SERVICES → KUBE-SVC → one KUBE-SEP
    const rs = nodeRuleset(c.api, c.config, 'kubesim-worker2');
    const counters = readNodeCounters(c.data, 'kubesim-worker2');
    const nat = rs.tables.find((t) => t.name === 'nat')!;
    const svcChain = nat.chains.find((ch) => ch.name.startsWith('KUBE-SVC-') && ch.rules.some((r) => r.args.includes('website')))!;
    const jumps = svcChain.rules.filter((r) => r.target?.t === 'chain' && r.target.chain.startsWith('KUBE-SEP-'));
    const total = jumps.reduce((n, r) => n + (counters.rules[r.id]?.packets ?? 0), 0);
    expect(total).toBe(30);
    // each SEP's DNAT count equals the number of requests its pod logged
    for (const pod of ['website-a', 'website-b', 'website-c']) {
      const p = c.api.store.get('pods', 'default', pod) as never;
      const gets = containerLog(c.data, p, 'httpd', '').filter((l) => l.text.includes('"GET / HTTP/1.1" 200 45'));
      expect(gets.length).toBe(served.filter((s) => s === pod).length);
    }
    expect(c.touched).toBe(true);
  });

  it('logs the access line with the client pod IP in exactly the pod that served', () => {
    const c = new FixtureCluster();
    const { client } = website(c);
    const r = sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.10', 80, GET('website'));
    if (!r.ok) throw new Error('expected ok');
    const lines = containerLog(c.data, r.served.pod, 'httpd', '').map((l) => l.text);
    expect(lines[lines.length - 1]).toBe('10.244.2.9 - - [06/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 45');
    expect(lines[0]).toBe(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${r.served.ip}. Set the 'ServerName' directive globally to suppress this message`);
  });

  it('a service without endpoints is refused (filter KUBE-SERVICES REJECT)', () => {
    const c = new FixtureCluster();
    const { client } = website(c);
    c.service('default', 'empty', { clusterIP: '10.96.100.11', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, []);
    const r = sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.11', 80, GET('empty'));
    expect(r).toMatchObject({ ok: false, error: 'refused' });
    expect(r.route.some((l) => l.includes('has no endpoints') && l.includes('REJECT'))).toBe(true);
  });

  it('a ClusterIP port with no rule times out; a pod port nobody listens on is refused', () => {
    const c = new FixtureCluster();
    const { client } = website(c);
    expect(sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.10', 81, GET('website'))).toMatchObject({ ok: false, error: 'timeout' });
    expect(sendTcp(c, { kind: 'pod', pod: client }, '10.244.1.2', 8080, GET('x'))).toMatchObject({ ok: false, error: 'refused' });
    expect(sendTcp(c, { kind: 'pod', pod: client }, '10.244.2.9', 80, GET('x'))).toMatchObject({ ok: false, error: 'refused' });
  });

  it('session affinity ClientIP sticks to one endpoint', () => {
    const c = new FixtureCluster();
    const { client, pods } = website(c);
    c.service('default', 'sticky', { clusterIP: '10.96.100.12', sessionAffinity: 'ClientIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, pods);
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.12', 80, GET('sticky'));
      if (r.ok) names.add(r.served.pod.metadata.name!);
    }
    expect(names.size).toBe(1);
    // after the affinity timeout (10800 s) the choice is random again
    expect(Object.keys((c.data.recent as Record<string, Record<string, unknown>>)['kubesim-worker2']).length).toBeGreaterThan(0);
  });

  it('NodePort from the node reaches a pod and the server sees the node IP (masquerade)', () => {
    const c = new FixtureCluster();
    const { pods } = website(c);
    c.service('default', 'np', { type: 'NodePort', clusterIP: '10.96.100.13', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31100 }] }, pods);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = sendTcp(c, { kind: 'node', node: 'kubesim-control-plane' }, '172.18.0.2', 31100, GET('172.18.0.2:31100'));
      expect(r.ok).toBe(true);
      if (r.ok) seen.add(r.served.remoteIP);
    }
    expect([...seen]).toEqual(['172.18.0.2']);
    // from a pod to another node's NodePort: arrives on that node and is DNATed there
    const r = sendTcp(c, { kind: 'pod', pod: pods[0] }, '172.18.0.4', 31100, GET('x'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.served.remoteIP).toBe('172.18.0.4');
  });

  it('ping: pod IPs answer with the TTL of the routers crossed, ClusterIPs never', () => {
    const c = new FixtureCluster();
    const { client } = website(c);
    expect(pingIP(c, { kind: 'pod', pod: client }, '10.244.1.2')).toMatchObject({ ok: true, ttl: 62 });
    expect(pingIP(c, { kind: 'pod', pod: client }, '10.244.2.9')).toMatchObject({ ok: true, ttl: 64 });
    expect(pingIP(c, { kind: 'node', node: 'kubesim-worker' }, '10.244.1.2')).toMatchObject({ ok: true, ttl: 64 });
    expect(pingIP(c, { kind: 'pod', pod: client }, '10.96.100.10')).toMatchObject({ ok: false, error: 'timeout' });
  });

  it('externalTrafficPolicy Local: a NodePort on a node without local endpoints drops (timeout), with one it serves and keeps the client IP', () => {
    const c = new FixtureCluster();
    const { pods } = website(c);
    const only = [pods[1]]; // on kubesim-worker2 (172.18.0.4)
    c.service('default', 'local', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.100.14', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31200 }] }, only);
    expect(sendTcp(c, { kind: 'node', node: 'kubesim-control-plane' }, '172.18.0.3', 31200, GET('x'))).toMatchObject({ ok: false, error: 'timeout' });
    const r = sendTcp(c, { kind: 'node', node: 'kubesim-control-plane' }, '172.18.0.4', 31200, GET('x'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.served.remoteIP).toBe('172.18.0.2');
  });

  it('LoadBalancer with source ranges: allowed sources reach the pods, others are dropped by KUBE-PROXY-FIREWALL', () => {
    const c = new FixtureCluster();
    const { pods, client } = website(c);
    c.service(
      'default',
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.100.15', loadBalancerSourceRanges: ['172.18.0.0/16'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31300 }] },
      pods,
    );
    const svc = c.api.store.get('services', 'default', 'lb')!;
    svc.status = { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] } };
    c.api.store.nextResourceVersion();
    expect(sendTcp(c, { kind: 'node', node: 'kubesim-worker' }, '172.18.255.200', 80, GET('lb')).ok).toBe(true);
    const denied = sendTcp(c, { kind: 'pod', pod: client }, '172.18.255.200', 80, GET('lb'));
    expect(denied).toMatchObject({ ok: false, error: 'timeout' });
    expect(denied.route.some((l) => l.includes('KUBE-PROXY-FIREWALL') && l.includes('-j DROP'))).toBe(true);
  });

  it('the same seed and the same requests give the same endpoints', () => {
    const pick = () => {
      const c = new FixtureCluster(11);
      const { client } = website(c);
      return Array.from({ length: 10 }, () => {
        const r = sendTcp(c, { kind: 'pod', pod: client }, '10.96.100.10', 80, GET('website'));
        return r.ok ? r.served.pod.metadata.name : r.error;
      }).join(',');
    };
    expect(pick()).toBe(pick());
  });
});
