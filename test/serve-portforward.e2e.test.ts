// pods/portforward of `kubesim serve` against stock kubectl: kubectl.1.32 tunnels SPDY/3.1 over WebSocket, kubectl.1.29
// upgrades to SPDY/3.1 directly; both forward a local port to the simulated nginx in the pod (the bytes relayed to
// its server, nothing dialled on the host), and a port nothing listens on gets the kubelet's error and "lost
// connection to pod", as kubesim's own port-forward prints. Skips when kubectl.1.32 is absent. Waits are for output.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL_132 } from '../src/kubectl/cmd/realkubectl.js';
import { startServe, watchOut } from './serve-start.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-pf-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
const children: ChildProcess[] = [];
const KUBECTL_129 = KUBECTL_132 && fs.existsSync(KUBECTL_132.replace(/1\.32$/, '1.29')) ? KUBECTL_132.replace(/1\.32$/, '1.29') : undefined;

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function get(port: number, urlPath: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

let pod = '';

beforeAll(async () => {
  if (!KUBECTL_132) return;
  expect(kubesim('init', '--seed', '7', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx').code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  pod = kubesim('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}').out;
  children.push((await startServe(BIN, env)).server);
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
});

/** starts `kubectl port-forward ARGS`, and the local port it reports */
async function forward(kubectl: string, ...args: string[]): Promise<{ child: ChildProcess; out: (re: RegExp) => Promise<string>; port: number }> {
  const own = kubectl === process.execPath;
  const child = spawn(kubectl, own ? [args[0]!, 'port-forward', ...args.slice(1)] : [`--cache-dir=${path.join(home, 'cache')}`, 'port-forward', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = watchOut(child);
  const port = Number(/Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(await out(/Forwarding from 127\.0\.0\.1:\d+ -> \d+\n/))![1]);
  return { child, out, port };
}

describe.skipIf(!KUBECTL_132)('pods/portforward through kubesim serve', () => {
  it('kubectl.1.32 port-forward (SPDY over WebSocket) reaches the simulated nginx, connection after connection', async () => {
    const f = await forward(KUBECTL_132!, `pod/${pod}`, ':80');
    for (let i = 0; i < 3; i++) {
      const r = await get(f.port, '/');
      expect(r.code).toBe(200);
      expect(r.body).toContain('<title>Welcome to nginx!</title>');
    }
    expect((await get(f.port, '/missing')).code).toBe(404);
    await f.out(/(Handling connection for \d+\n[\s\S]*){4}/);
    f.child.kill('SIGINT');
  }, 60_000);

  it.skipIf(!KUBECTL_129)('kubectl.1.29 port-forward (a plain SPDY/3.1 upgrade) reaches it too, through the Deployment', async () => {
    const f = await forward(KUBECTL_129!, 'deployment/web', ':80');
    const r = await get(f.port, '/');
    expect([r.code, r.body.includes('Welcome to nginx!')]).toEqual([200, true]);
    f.child.kill('SIGINT');
  }, 60_000);

  it("prints the kubelet's dial error and ends, as kubesim port-forward does, for a port nothing listens on", async () => {
    const errorOf = async (cmd: string, pre: string[]) => {
      const f = await forward(cmd, ...pre, `pod/${pod}`, ':81');
      const done = get(f.port, '/').catch(() => undefined);
      const all = await f.out(/error: lost connection to pod\n/);
      await done;
      return /"Unhandled Error" err=("[^\n]*")\n/.exec(all)![1]!.replace(`forwarding ${f.port} -> 81`, 'forwarding LOCAL -> 81');
    };
    const real = await errorOf(KUBECTL_132!, []);
    expect(real).toContain('failed to connect to localhost:81 inside namespace');
    expect(real).toBe(await errorOf(process.execPath, [BIN]));
  }, 60_000);
});
