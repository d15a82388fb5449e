// Through the CLI dispatcher (the top layer), so it lives in test/ rather than beside the lower-layer code it covers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/cli/dispatch.js';
import { Session } from '../src/cli/session.js';
import { buildConfig } from '../src/cluster/state/config.js';
import type { CommandIO } from '../src/kubectl/context.js';
import { parseScript } from '../src/node/container/shell-parse.js';
import { progressLine } from '../src/node/container/tools/wget.js';

async function sh(session: Session, argv: string[], stdin?: string): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), stdin, isTTY: false, env: {}, cwd: '/' };
  const code = await dispatch(argv, session, io);
  return { out, err, code };
}
const k = (s: Session, line: string, stdin?: string) => sh(s, ['kubectl', ...line.split(' ')], stdin);

function session(): Session {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-ctr-'));
  return new Session({ home, persistent: false, defaultConfig: () => buildConfig({ seed: 7, clock: 'virtual' }) });
}

const HEADLESS = `apiVersion: v1
kind: Service
metadata:
  name: webstate
spec:
  ports:
  - port: 80
    name: webstate
  clusterIP: None
  selector:
    app: webstate
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: webstate
spec:
  replicas: 3
  selector:
    matchLabels:
      app: webstate
  serviceName: webstate
  template:
    metadata:
      labels:
        app: webstate
    spec:
      containers:
      - name: nginx
        image: nginx
`;

describe('DNS from a busybox pod (seed 002 headless/StatefulSet part)', () => {
  it('nslookup of a headless service, its SRV records and a StatefulSet pod name', async () => {
    const s = session();
    await k(s, 'apply -f -', HEADLESS);
    await k(s, 'run client --image=busybox -- sleep 3600');
    await sh(s, ['kubesim', 'clock', 'advance', '60s']);
    const ips = (await k(s, 'get pods -l app=webstate -o jsonpath={.items[*].status.podIP}')).out.split(' ');
    expect(ips).toHaveLength(3);
    const a = await k(s, 'exec client -- nslookup webstate.default.svc.cluster.local');
    expect(a.out).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        ips.map((ip) => `Name:\twebstate.default.svc.cluster.local\nAddress: ${ip}\n`).join('') +
        "\n*** Can't find webstate.default.svc.cluster.local: No answer\n\n",
    );
    const srv = await k(s, 'exec client -- nslookup -q=SRV webstate.default.svc.cluster.local');
    expect(srv.out).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        [0, 1, 2].map((i) => `webstate.default.svc.cluster.local\tservice = 0 33 80 webstate-${i}.webstate.default.svc.cluster.local\n`).join('') +
        '\n',
    );
    const page = await k(s, 'exec client -- wget -qO - webstate-1.webstate.default.svc.cluster.local');
    expect(page.out).toContain('<title>Welcome to nginx!</title>');
    const hosts = await k(s, 'exec webstate-1 -- cat /etc/hosts');
    expect(hosts.out).toMatch(/\n10\.244\.\d+\.\d+\twebstate-1\.webstate\.default\.svc\.cluster\.local\twebstate-1\n$/);
  });
});

describe('seed 001: service env vars go stale when the service is recreated', () => {
  it('old pods keep the old ClusterIP; curl to it times out, the name still works', async () => {
    const s = session();
    await k(s, 'create deployment deploy1 --image=nginx');
    await k(s, 'expose deployment deploy1 --port=80');
    await k(s, 'create deployment deploy-test --image=nginx');
    await sh(s, ['kubesim', 'clock', 'advance', '30s']);
    const pod = (await k(s, 'get pods -l app=deploy-test -o jsonpath={.items[0].metadata.name}')).out;
    const oldIP = (await k(s, 'get svc deploy1 -o jsonpath={.spec.clusterIP}')).out;
    await k(s, 'delete svc deploy1');
    await k(s, 'expose deployment deploy1 --port=80');
    const newIP = (await k(s, 'get svc deploy1 -o jsonpath={.spec.clusterIP}')).out;
    expect(newIP).not.toBe(oldIP);
    expect((await sh(s, ['kubectl', 'exec', pod, '--', 'sh', '-c', 'echo $DEPLOY1_SERVICE_HOST'])).out).toBe(`${oldIP}\n`);
    const t = await sh(s, ['kubectl', 'exec', pod, '--', 'sh', '-c', 'curl --max-time 10 $DEPLOY1_SERVICE_HOST:$DEPLOY1_SERVICE_PORT | grep "<title>"']);
    expect(t.err).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
        '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        // one \r-led update when the transfer starts, one a second while the connect hangs, the forced last one
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) => `\r  0     0    0     0    0     0      0      0 --:--:-- ${t ? ` 0:00:${String(t).padStart(2, '0')}` : '--:--:--'} --:--:--     0`).join('') +
        '\n' +
        'curl: (28) Connection timed out after 10001 milliseconds\ncommand terminated with exit code 1\n',
    );
    expect((await sh(s, ['kubectl', 'exec', pod, '--', 'sh', '-c', 'curl --silent --max-time 10 deploy1 | grep "<title>"'])).out).toBe('<title>Welcome to nginx!</title>\n');
  });
});

describe('shell parsing and tool formats', () => {
  it('parses operators, quotes and redirections', () => {
    const items = parseScript(`a 'b c' "d $X" && e | f 2>&1 > out; g || h`);
    expect(items.map((i) => [i.first.cmds.length, ...i.rest.map((r) => [r.op, r.p.cmds.length])])).toEqual([[1, ['&&', 2]], [1, ['||', 1]]]);
    const first = items[0].first.cmds[0];
    expect(first.t === 'simple' && first.words.map((w) => w.map((x) => (x.t === 'lit' ? x.text : x.t === 'param' ? `$${x.name}` : '?')).join(''))).toEqual(['a', 'b c', 'd $X']);
    const f = items[0].rest[0].p.cmds[1];
    expect(f.redirs.map((r) => [r.fd, r.op])).toEqual([[2, '>&'], [1, '>']]);
  });
  it('busybox wget progress line (reference §6.5)', () => {
    expect(progressLine('index.html', 615)).toBe('index.html           100% |********************************|   615  0:00:00 ETA\n');
  });
});
