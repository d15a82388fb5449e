import { describe, expect, it } from 'vitest';
import { FixtureCluster } from '../cluster/network/dataplane/fixture.js';
import type { Cluster } from '../cluster/state/cluster.js';
import { runNodeCommand } from './index.js';

function world() {
  const c = new FixtureCluster();
  const pods = [
    c.pod('default', 'website-a', 'kubesim-worker', '10.244.1.2', 'httpd', {}, { app: 'website' }),
    c.pod('default', 'website-b', 'kubesim-worker2', '10.244.2.2', 'httpd', {}, { app: 'website' }),
  ];
  c.service('default', 'website', { type: 'NodePort', clusterIP: '10.96.100.10', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31100 }] }, pods);
  c.service('default', 'empty', { clusterIP: '10.96.100.11', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }, []);
  return c;
}

async function run(c: FixtureCluster, argv: string[], isTTY = true) {
  let out = '';
  let err = '';
  const code = await runNodeCommand(argv, c as unknown as Cluster, { out: (t) => (out += t), err: (t) => (err += t), stdin: undefined, isTTY, env: {}, cwd: '/' });
  return { code, out, err };
}

const METER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

describe('node curl', () => {
  it('reaches a pod through the NodePort and the ClusterIP', async () => {
    const c = world();
    expect(await run(c, ['curl', '172.18.0.2:31100'])).toEqual({ code: 0, out: '<html><body><h1>It works!</h1></body></html>\n', err: '' });
    expect(await run(c, ['curl', '-s', 'http://10.96.100.10/'])).toMatchObject({ code: 0, out: '<html><body><h1>It works!</h1></body></html>\n' });
  });

  it('prints the progress meter when stdout is not a terminal', async () => {
    const c = world();
    const r = await run(c, ['curl', '10.96.100.10'], false);
    expect(r.err).toBe(METER + '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100    45  100    45    0     0  45000      0 --:--:-- --:--:-- --:--:-- 45000\n');
    const f = await run(c, ['curl', '10.96.100.11'], false);
    // progress.c: the first update (all zeros) comes while connecting; Curl_pgrsDone forces a last one + newline
    expect(f).toEqual({ code: 7, out: '', err: METER + `${ZERO}${ZERO}\ncurl: (7) Failed to connect to 10.96.100.11 port 80 after 0 ms: Couldn't connect to server\n` });
    // a failed lookup drops the connection before Curl_pgrsDone: the error follows on the meter's line (curl#4422)
    expect(await run(c, ['curl', 'website'], false)).toEqual({ code: 6, out: '', err: `${METER}${ZERO}curl: (6) Could not resolve host: website\n` });
    expect((await run(c, ['curl', '-f', '10.96.100.10/nope'], false)).err).toBe(`${METER}${ZERO}${ZERO}\ncurl: (22) The requested URL returned error: 404\n`);
  });

  it('-i shows the httpd headers; -I sends HEAD', async () => {
    const c = world();
    const r = await run(c, ['curl', '-i', '10.96.100.10']);
    expect(r.out).toBe(
      'HTTP/1.1 200 OK\r\nDate: Mon, 06 Jan 2025 10:00:00 GMT\r\nServer: Apache/2.4.62 (Unix)\r\nLast-Modified: Mon, 11 Jun 2007 18:53:14 GMT\r\nETag: "2d-432a5e4a73a80"\r\nAccept-Ranges: bytes\r\nContent-Length: 45\r\nKeep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\nContent-Type: text/html\r\n\r\n<html><body><h1>It works!</h1></body></html>\n',
    );
    const h = await run(c, ['curl', '-sI', '10.96.100.10']);
    expect(h.out.endsWith('Content-Type: text/html\r\n\r\n')).toBe(true);
  });

  it('errors: refused (no endpoints), unresolvable cluster names, timeouts', async () => {
    const c = world();
    expect(await run(c, ['curl', '10.96.100.11'])).toEqual({ code: 7, out: '', err: "curl: (7) Failed to connect to 10.96.100.11 port 80 after 0 ms: Couldn't connect to server\n" });
    expect(await run(c, ['curl', 'website'])).toEqual({ code: 6, out: '', err: 'curl: (6) Could not resolve host: website\n' });
    expect(await run(c, ['curl', '-s', 'website'])).toEqual({ code: 6, out: '', err: '' });
    const t = await run(c, ['curl', '--max-time', '5', '10.96.100.10:81']);
    expect(t.code).toBe(28);
    expect(t.err).toMatch(/^curl: \(28\) Connection timed out after 500\d milliseconds\n$/);
  });

  it('kube-proxy answers /proxyMode on 127.0.0.1:10249 only', async () => {
    const c = world();
    c.pod('kube-system', 'kube-proxy-abcde', 'kubesim-control-plane', '172.18.0.2', 'registry.k8s.io/kube-proxy:v1.32.2', { hostNetwork: true });
    expect(await run(c, ['curl', 'localhost:10249/proxyMode'])).toEqual({ code: 0, out: 'iptables', err: '' });
    expect(await run(c, ['curl', '-s', '-i', '127.0.0.1:10249/nope'])).toMatchObject({ out: 'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: Mon, 06 Jan 2025 10:00:00 GMT\r\nContent-Length: 19\r\n\r\n404 page not found\n' });
    expect(await run(c, ['curl', '172.18.0.2:10249/proxyMode'])).toMatchObject({ code: 7 });
  });

  it('-v traces the exchange', async () => {
    const c = world();
    const r = await run(c, ['curl', '-v', '10.96.100.10']);
    expect(r.err.split('\n').slice(0, 7)).toEqual([
      '*   Trying 10.96.100.10:80...',
      '* Connected to 10.96.100.10 (10.96.100.10) port 80',
      '> GET / HTTP/1.1\r',
      '> Host: 10.96.100.10\r',
      '> User-Agent: curl/8.5.0\r',
      '> Accept: */*\r',
      '> \r',
    ]);
    expect(r.err.endsWith('* Connection #0 to host 10.96.100.10 left intact\n')).toBe(true);
  });
});

describe('node wget, ping, nslookup, ip', () => {
  it('wget -qO- prints the body; plain wget reports in GNU format', async () => {
    const c = world();
    expect(await run(c, ['wget', '-qO-', '10.96.100.10'])).toEqual({ code: 0, out: '<html><body><h1>It works!</h1></body></html>\n', err: '' });
    const r = await run(c, ['wget', 'http://10.96.100.10/']);
    expect(r.err).toBe(
      '--2025-01-06 10:00:00--  http://10.96.100.10/\nConnecting to 10.96.100.10:80... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: 45 [text/html]\nSaving to: ‘index.html’\n\n     0K' +
        ' '.repeat(55) +
        ' 100% 3.43M=0s\n\n2025-01-06 10:00:00 (3.43 MB/s) - ‘index.html’ saved [45/45]\n\n',
    );
    expect(await run(c, ['wget', 'website'])).toMatchObject({ code: 4, err: '--2025-01-06 10:00:00--  http://website/\nResolving website (website)... failed: Name or service not known.\nwget: unable to resolve host address ‘website’\n' });
  });

  it('ping answers from pods, not from a ClusterIP', async () => {
    const c = world();
    const r = await run(c, ['ping', '-c', '2', '10.244.2.2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PING 10\.244\.2\.2 \(10\.244\.2\.2\) 56\(84\) bytes of data\.\n64 bytes from 10\.244\.2\.2: icmp_seq=1 ttl=63 time=\d\.\d{3} ms\n64 bytes from 10\.244\.2\.2: icmp_seq=2 ttl=63 time=\d\.\d{3} ms\n\n--- 10\.244\.2\.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 10\d\dms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    const v = await run(c, ['ping', '-c', '1', '10.96.100.10']);
    expect(v).toEqual({ code: 1, err: '', out: 'PING 10.96.100.10 (10.96.100.10) 56(84) bytes of data.\n\n--- 10.96.100.10 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n' });
    expect(await run(c, ['ping', 'website'])).toEqual({ code: 2, out: '', err: 'ping: website: Name or service not known\n' });
  });

  it('nslookup NAME SERVER asks a cluster server through the node\'s rules: CoreDNS answers, authoritative', async () => {
    const c = world();
    for (const ns of ['default', 'kube-system']) c.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as never);
    const dns = c.pod('kube-system', 'coredns-a', 'kubesim-control-plane', '10.244.0.2', 'registry.k8s.io/coredns/coredns:v1.11.3', {}, { 'k8s-app': 'kube-dns' });
    c.service('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }] }, [dns], 53, 'dns', 'UDP');
    expect(await run(c, ['nslookup', 'website.default.svc.cluster.local', '10.96.0.10'])).toEqual({ code: 0, err: '', out: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\twebsite.default.svc.cluster.local\nAddress: 10.96.100.10\n\n' });
    // the node's resolver has no search list: a short name is not a cluster name there
    expect((await run(c, ['nslookup', 'website', '10.96.0.10'])).code).toBe(1);
  });
  it("kube-proxy's health server on 10256 and a Local LoadBalancer's healthCheckNodePort answer as v1.32's do", async () => {
    const c = world();
    c.pod('kube-system', 'kube-proxy-a', 'kubesim-worker', '172.18.0.3', 'registry.k8s.io/kube-proxy:v1.32.2', { hostNetwork: true });
    const pods = c.api.list<import('../cluster/apiserver/types.js').Pod>('pods').filter((p) => p.metadata.labels?.app === 'website');
    c.service('default', 'lb', { type: 'LoadBalancer', clusterIP: '10.96.100.12', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31200 }] }, pods);
    const h = await run(c, ['curl', '-s', '172.18.0.3:10256/healthz'], false);
    const now = '2025-01-06 10:00:00 +0000 UTC m=+0.000000000';
    expect(h).toEqual({ code: 0, err: '', out: `{"lastUpdated": "${now}","currentTime": "${now}", "nodeEligible": true}` });
    const body = (n: number) => `{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "lb"\n\t},\n\t"localEndpoints": ${n},\n\t"serviceProxyHealthy": true\n}`;
    expect(await run(c, ['curl', '-s', '-w', ' %{http_code}', '172.18.0.3:32000/healthz'], false)).toEqual({ code: 0, err: '', out: `${body(1)} 200` });
    // no kube-proxy server on this fixture's other nodes: the port is closed there
    expect((await run(c, ['curl', '-s', '172.18.0.4:32000/'], false)).code).toBe(7);
  });
  it('nslookup uses the host resolver', async () => {
    const c = world();
    expect(await run(c, ['nslookup', 'website'])).toEqual({ code: 1, err: '', out: "Server:\t\t172.18.0.1\nAddress:\t172.18.0.1#53\n\n** server can't find website: NXDOMAIN\n\n" });
    // an address is asked as its in-addr.arpa name, which bind names when nothing answers
    expect((await run(c, ['nslookup', '10.96.100.10'])).out).toBe("Server:\t\t172.18.0.1\nAddress:\t172.18.0.1#53\n\n** server can't find 10.100.96.10.in-addr.arpa: NXDOMAIN\n\n");
    expect(await run(c, ['nslookup', 'kubesim-worker'])).toEqual({ code: 0, err: '', out: 'Server:\t\t172.18.0.1\nAddress:\t172.18.0.1#53\n\nNon-authoritative answer:\nName:\tkubesim-worker\nAddress: 172.18.0.3\n\n' });
  });

  it('ip route and ip a on a kind node', async () => {
    const c = world();
    const r = await run(c, ['ip', 'route', '--node', 'kubesim-worker']);
    expect(r.out.replace(/veth[0-9a-f]{8}/, 'vethX')).toBe(
      'default via 172.18.0.1 dev eth0 \n10.244.0.0/24 via 172.18.0.2 dev eth0 \n10.244.1.2 dev vethX scope host \n10.244.2.0/24 via 172.18.0.4 dev eth0 \n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 \n',
    );
    const a = await run(c, ['ip', 'a', '--node', 'kubesim-worker']);
    const lines = a.out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      '    inet6 ::1/128 scope host ',
      '       valid_lft forever preferred_lft forever',
    ]);
    expect(lines[6]).toBe('2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65535 qdisc noqueue state UP group default ');
    expect(lines[7]).toBe('    link/ether 02:42:ac:12:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0');
    expect(lines[8]).toBe('    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0');
    expect(a.out).toMatch(/\n3: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65535 qdisc noqueue state UP group default \n/);
    expect(a.out).toContain('    inet 10.244.1.1/32 scope global veth');
  });
});
