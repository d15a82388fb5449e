// `kubesim port-forward` on a real 127.0.0.1 socket: the banner lines, the simulated nginx page byte for byte
// through the listener (HTTP over the socket, relayed into the pod), the access-log line the pod writes for it,
// other kubesim commands running meanwhile (no state lock held while waiting), kubectl's errors for a port in use,
// a pod that is not running and a port nothing listens on, and Ctrl-C ending it with status 0. Nothing here waits
// on a timer: every step waits for the output it needs.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-pf-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home };
const children: ChildProcess[] = [];

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

interface Forward {
  child: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<number | null>;
  /** resolves once stdout matches */
  waitOut(re: RegExp): Promise<RegExpExecArray>;
}

function portForward(...args: string[]): Forward {
  const child = spawn(process.execPath, [BIN, 'port-forward', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.on('data', (c) => ((out += c), wake()));
  child.stderr!.on('data', (c) => ((err += c), wake()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (wake(), resolve(code))));
  const waitOut = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) return resolve(m);
        if (child.exitCode !== null) return reject(new Error(`port-forward exited (${child.exitCode}): ${out}${err}`));
        waiters.push(check);
      };
      check();
    });
  return { child, out: () => out, err: () => err, exited, waitOut };
}

function get(port: number, urlPath: string, agent?: http.Agent): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

let page = '';

beforeAll(() => {
  expect(kubesim('init', '--seed', '7', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx', '--port=80').code).toBe(0);
  expect(kubesim('expose', 'deployment', 'web', '--port=8080', '--target-port=80').code).toBe(0);
  expect(kubesim('run', 'stuck', '--image=nginx:1.99').code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  const ip = kubesim('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}').out;
  // the page as the data path serves it to a client on a node
  page = kubesim('curl', '-s', `http://${ip}/`).out;
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('kubesim port-forward', () => {
  it('serves the simulated nginx page on a real 127.0.0.1 socket, writes the access log, and ends on Ctrl-C', async () => {
    expect(page).toContain('<title>Welcome to nginx!</title>');
    expect(Buffer.byteLength(page)).toBe(615);
    const pf = portForward('svc/web', ':8080');
    const [, portText] = await pf.waitOut(/^Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/m);
    const port = Number(portText);
    expect(port).toBeGreaterThan(0);
    // a keep-alive agent: two requests on one connection
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(port, '/', agent);
    expect(first.status).toBe(200);
    expect(first.body.toString('utf8')).toBe(page);
    expect(first.headers.server).toBe('nginx/1.27.3');
    expect(first.headers['content-length']).toBe('615');
    const missing = await get(port, '/nothere', agent);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('<center><h1>404 Not Found</h1></center>');
    agent.destroy();
    await pf.waitOut(new RegExp(`Handling connection for ${port}\\n`));
    // the lock is not held while it waits: other commands write meanwhile
    expect(kubesim('scale', 'deployment', 'web', '--replicas=2').out).toBe('deployment.apps/web scaled\n');
    const logs = kubesim('logs', 'deploy/web').out;
    expect(logs).toMatch(/^127\.0\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 615 "-" "-" "-"$/m);
    expect(logs).toMatch(/"GET \/nothere HTTP\/1\.1" 404 153/);
    pf.child.kill('SIGINT');
    expect(await pf.exited).toBe(0);
    const lines = pf.out().split('\n');
    expect(lines[0]).toBe(`Forwarding from 127.0.0.1:${port} -> 80`);
    expect(lines[1]).toMatch(new RegExp(`^Forwarding from \\[::1\\]:${port} -> 80$`));
    expect(lines.filter((l) => l === `Handling connection for ${port}`).length).toBe(1);
    expect(pf.err()).toBe('');
  }, 120_000);

  it("gives kubectl's errors for a port in use, then for any of the requested ports", async () => {
    const pf = portForward('deploy/web', ':80');
    const [, portText] = await pf.waitOut(/Forwarding from \[::1\]:(\d+) -> 80\n/);
    const busy = kubesim('port-forward', 'deploy/web', `${portText}:80`);
    expect(busy.out).toBe('');
    expect(busy.err).toBe(
      `Unable to listen on port ${portText}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${portText}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${portText}: bind: address already in use]\n` +
        `error: unable to listen on any of the requested ports: [{${portText} 80}]\n`,
    );
    expect(busy.code).toBe(1);
    pf.child.kill('SIGINT');
    expect(await pf.exited).toBe(0);
  }, 120_000);

  it('refuses a pod that is not running and ends when nothing listens on the remote port', async () => {
    expect(kubesim('port-forward', 'pod/stuck', '8080:80')).toEqual({ out: '', err: 'error: unable to forward port because pod is not running. Current status=Pending\n', code: 1 });
    expect(kubesim('port-forward', 'deploy/web', '--address', '0.0.0.0', '80').err).toContain('kubesim does not simulate listening on 0.0.0.0');
    const pf = portForward('deploy/web', ':81');
    const [, portText] = await pf.waitOut(/Forwarding from 127\.0\.0\.1:(\d+) -> 81\n/);
    await new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: Number(portText), path: '/' }, () => resolve());
      req.on('error', () => resolve());
    });
    expect(await pf.exited).toBe(1);
    expect(pf.err()).toMatch(
      new RegExp(
        `^E\\d{4} [\\d:.]+ +1 portforward\\.go:413\\] "Unhandled Error" err="an error occurred forwarding ${portText} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f-]{36}\\\\": failed to connect to localhost:81 inside namespace .*connect: connection refused "\\nerror: lost connection to pod\\n$`,
      ),
    );
  }, 120_000);
});
