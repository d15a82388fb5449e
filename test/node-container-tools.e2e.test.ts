// Through the CLI dispatcher (the top layer), so it lives in test/ rather than beside the lower-layer code it covers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/cli/dispatch.js';
import { Session } from '../src/cli/session.js';
import { buildConfig } from '../src/cluster/state/config.js';
import type { CommandIO } from '../src/kubectl/context.js';

async function sh(session: Session, argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: undefined, isTTY: false, env: {}, cwd: '/' };
  const code = await dispatch(argv, session, io);
  return { out, err, code };
}
const k = (s: Session, line: string) => sh(s, ['kubectl', ...line.split(' ')]);

async function world() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-tools-'));
  const s = new Session({ home, persistent: false, defaultConfig: () => buildConfig({ seed: 7, clock: 'virtual' }) });
  await k(s, 'create deployment web --image=nginx');
  await k(s, 'expose deployment web --port=80');
  await k(s, 'run shoot --image=nicolaka/netshoot -- sleep 3600');
  await k(s, 'run bb --image=busybox -- sleep 3600');
  await sh(s, ['kubesim', 'clock', 'advance', '60s']);
  const ip = (name: string) => k(s, `get pod ${name} -o jsonpath={.status.podIP}`).then((r) => r.out);
  return { s, shootIP: await ip('shoot'), bbIP: await ip('bb') };
}

const METER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

describe('the shared client tools inside containers', () => {
  it('curl (8.7.1 in netshoot): the meter off a terminal, the 8.7 verbose trace, a lookup failure on the meter line', async () => {
    const { s } = await world();
    const r = await k(s, 'exec shoot -- curl web');
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    expect(r.err).toBe(`${METER}${ZERO}\r100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n`);
    const v = await k(s, 'exec shoot -- curl -sv web:80');
    expect(v.err.split('\n').slice(0, 11)).toEqual([
      '* Host web:80 was resolved.',
      '* IPv6: (none)',
      expect.stringMatching(/^\* IPv4: 10\.\d+\.\d+\.\d+$/),
      expect.stringMatching(/^\*   Trying 10\.\d+\.\d+\.\d+:80\.\.\.$/),
      expect.stringMatching(/^\* Connected to web \(10\.\d+\.\d+\.\d+\) port 80$/),
      '> GET / HTTP/1.1\r',
      '> Host: web\r',
      '> User-Agent: curl/8.7.1\r',
      '> Accept: */*\r',
      '> \r',
      '* Request completely sent off',
    ]);
    expect(await k(s, 'exec shoot -- curl nope')).toMatchObject({ code: 6, err: `${METER}${ZERO}curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n` });
  });

  it('curl (7.88.1 in nginx): 7.x verbose lines and protocol message', async () => {
    const { s } = await world();
    const pod = (await k(s, 'get pods -l app=web -o jsonpath={.items[0].metadata.name}')).out;
    const v = await k(s, `exec ${pod} -- curl -sv -o /dev/null localhost`);
    expect(v.err).toMatch(/^\*   Trying 127\.0\.0\.1:80\.\.\.\n\* Connected to localhost \(127\.0\.0\.1\) port 80 \(#0\)\n> GET \/ HTTP\/1\.1\r\n/);
    expect(v.err).not.toContain('Request completely sent off');
    expect((await k(s, `exec ${pod} -- curl ftp://web`)).err).toBe('curl: (1) Protocol "ftp" not supported or disabled in libcurl\ncommand terminated with exit code 1\n');
  });

  it('bind nslookup in netshoot: search list, PTR name in the NXDOMAIN line', async () => {
    const { s } = await world();
    const r = await k(s, 'exec shoot -- nslookup web');
    expect(r.out).toMatch(/^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10#53\n\nName:\tweb\.default\.svc\.cluster\.local\nAddress: 10\.\d+\.\d+\.\d+\n\n$/);
    expect((await k(s, 'exec shoot -- nslookup 10.96.255.254')).out).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find 254.255.96.10.in-addr.arpa: NXDOMAIN\n\n");
  });

  it('ip in a pod: iproute2 (netshoot) and busybox formats of the same namespace', async () => {
    const { s, shootIP, bbIP } = await world();
    const gw = (ip: string) => ip.replace(/\.\d+$/, '.1');
    const net = (ip: string) => ip.replace(/\.\d+$/, '.0/24');
    expect((await k(s, 'exec shoot -- ip route')).out).toBe(`default via ${gw(shootIP)} dev eth0 \n${net(shootIP)} via ${gw(shootIP)} dev eth0 src ${shootIP} \n${gw(shootIP)} dev eth0 scope link src ${shootIP} \n`);
    expect((await k(s, 'exec bb -- ip route')).out).toBe(`default via ${gw(bbIP)} dev eth0 \n${net(bbIP)} via ${gw(bbIP)} dev eth0  src ${bbIP} \n${gw(bbIP)} dev eth0 scope link  src ${bbIP} \n`);
    const link = (await k(s, 'exec shoot -- ip link')).out.split('\n');
    expect(link[0]).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000');
    expect(link[2]).toMatch(/^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default $/);
    const a = (await k(s, 'exec bb -- ip a')).out.split('\n');
    expect(a.slice(0, 4)).toEqual(['1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000', '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', '    inet 127.0.0.1/8 scope host lo', '       valid_lft forever preferred_lft forever']);
    expect(a[4]).toMatch(/^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue $/);
    expect(a[6]).toBe(`    inet ${bbIP}/24 brd ${bbIP.replace(/\.\d+$/, '.255')} scope global eth0`);
  });

  it('ping: iputils in netshoot, busybox in busybox, the same echoes', async () => {
    const { s, shootIP, bbIP } = await world();
    const g = await k(s, `exec shoot -- ping -c 2 ${bbIP}`);
    expect(g.out).toMatch(new RegExp(`^PING ${bbIP.replace(/\./g, '\\.')} \\(${bbIP.replace(/\./g, '\\.')}\\) 56\\(84\\) bytes of data\\.\\n64 bytes from [\\d.]+: icmp_seq=1 ttl=6[234] time=0\\.\\d{3} ms\\n64 bytes from [\\d.]+: icmp_seq=2 ttl=6[234] time=0\\.\\d{3} ms\\n\\n--- [\\d.]+ ping statistics ---\\n2 packets transmitted, 2 received, 0% packet loss, time 10\\d\\dms\\nrtt min/avg/max/mdev = `));
    const b = await k(s, `exec bb -- ping -c 2 ${shootIP}`);
    expect(b.out).toMatch(/^PING [\d.]+ \([\d.]+\): 56 data bytes\n64 bytes from [\d.]+: seq=0 ttl=6[234] time=0\.\d{3} ms\n64 bytes from [\d.]+: seq=1 ttl=6[234] time=0\.\d{3} ms\n\n--- [\d.]+ ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = 0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms\n$/);
  });
});
