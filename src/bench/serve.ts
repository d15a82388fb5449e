// Issue 16's benchmark: `kubesim serve` on a 1,000-pod cluster, each figure beside the same work through kubesim's
// in-process kubectl in the same run:
// - LIST pods per second over HTTPS (keep-alive, client certificate) vs in-process `get pods -A -o json`;
// - watch latency from a write to the event, with 100 concurrent watchers (each write a ConfigMap POSTed over
//   HTTPS) vs in-process `create configmap` followed by the `get` that sees it;
// - stock `kubectl.1.32 get pods` end to end against serve vs the `kubesim get pods` process (cold starts).
// The server is a child process (`kubesim serve --port 0`), as a user runs it.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as yaml from 'js-yaml';
import '../cli/commands/index.js';
import { dispatch } from '../cli/dispatch.js';
import { Session } from '../cli/session.js';
import type { KubeObject } from '../cluster/apiserver/types.js';
import { bootstrapCluster } from '../cluster/state/bootstrap.js';
import { buildConfig } from '../cluster/state/config.js';
import { saveCluster } from '../cluster/state/persistence.js';
import { KUBECTL_132 } from '../kubectl/cmd/realkubectl.js';
import { nullIO } from './io.js';

type Row = (name: string, value: string, goal?: string) => void;

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kubesim.js');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function thousandPods(home: string): void {
  const cluster = bootstrapCluster(buildConfig({ seed: 1, nodes: 10, clock: 'virtual' }));
  for (let i = 0; i < 10; i++) {
    const labels = { app: `app${i}` };
    cluster.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app${i}`, namespace: 'default' },
      spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KubeObject);
  }
  cluster.reconcile();
  cluster.advanceClock(60_000);
  saveCluster(home, cluster);
}

interface Client {
  agent: https.Agent;
  port: number;
}

function clientOf(home: string, port: number, sockets: number): Client {
  const kc = yaml.load(fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8')) as any;
  const user = kc.users[0].user;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: sockets,
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
    ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
  });
  return { agent, port };
}

function call(c: Client, method: string, p: string, body?: string): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: c.port, path: p, method, agent: c.agent, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** a watch whose events are reported, by the name of the object, as they arrive */
function watch(c: Client, p: string, onEvent: (name: string) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: c.port, path: p, method: 'GET', agent: c.agent }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const ev = JSON.parse(line) as { type: string; object: KubeObject };
          if (ev.type === 'ADDED') onEvent(ev.object.metadata.name!);
        }
      });
      resolve(() => req.destroy());
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

async function startServe(home: string): Promise<{ port: number; stop: () => void }> {
  const env = { ...process.env, KUBESIM_HOME: home, HOME: home };
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && out.includes('export KUBECONFIG=')) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`kubesim serve exited with ${code}`)));
  });
  return { port, stop: () => void child.kill('SIGINT') };
}

/** in-process `get pods -A -o json`, lists per second (measured before any HTTP client exists: it blocks the loop) */
async function inProcessLists(home: string, n: number): Promise<number> {
  const session = new Session({ home, persistent: true });
  const io = nullIO();
  for (let i = 0; i < 3; i++) await dispatch(['get', 'pods', '-A', '-o', 'json'], session, io);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await dispatch(['get', 'pods', '-A', '-o', 'json'], session, io);
  return n / ((performance.now() - t0) / 1000);
}

async function listFigures(row: Row, inProc: number, c: Client, n: number): Promise<void> {
  for (let i = 0; i < 3; i++) await call(c, 'GET', '/api/v1/pods');
  const t1 = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes = (await call(c, 'GET', '/api/v1/pods')).text.length;
  const overHttp = n / ((performance.now() - t1) / 1000);
  row('in-process `get pods -A -o json`, 1,000 pods', `${inProc.toFixed(1)} lists/s`, 'baseline');
  row('LIST /api/v1/pods over HTTPS (keep-alive), 1,000 pods', `${overHttp.toFixed(1)} lists/s`, `${(overHttp / inProc).toFixed(2)}x in-process; ${(bytes / 1024 / 1024).toFixed(1)} MiB each`);
}

async function watchFigures(c: Client): Promise<{ lat: number[]; last: number[]; watchers: number; writes: number }> {
  const watchers = 100;
  const seen = new Map<string, number[]>();
  const stops: Array<() => void> = [];
  for (let i = 0; i < watchers; i++) {
    stops.push(await watch(c, '/api/v1/namespaces/default/configmaps?watch=true', (name) => (seen.get(name) ?? seen.set(name, []).get(name)!).push(performance.now())));
  }
  const writes = 10;
  const lat: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < writes; i++) {
    const name = `bench-${i}`;
    const t0 = performance.now();
    const r = await call(c, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } }));
    if (r.code !== 201) throw new Error(`POST configmap: ${r.code} ${r.text}`);
    const deadline = t0 + 10_000;
    while ((seen.get(name)?.length ?? 0) < watchers && performance.now() < deadline) await new Promise((res) => setTimeout(res, 1));
    const times = seen.get(name) ?? [];
    lat.push(...times.map((t) => t - t0));
    last.push(Math.max(...times) - t0);
    if (times.length < watchers) throw new Error(`${times.length} of ${watchers} watchers saw ${name}`);
  }
  for (const s of stops) s();
  return { lat, last, watchers, writes };
}

/** the baseline of the watch figure: the same write in process, and the read that sees it */
async function inProcessWrites(home: string, writes: number): Promise<number[]> {
  const session = new Session({ home, persistent: true });
  const io = nullIO();
  const base: number[] = [];
  for (let i = 0; i < writes; i++) {
    const t0 = performance.now();
    await dispatch(['create', 'configmap', `inproc-${i}`, '--from-literal=i=1'], session, io);
    await dispatch(['get', 'configmap', `inproc-${i}`], session, io);
    base.push(performance.now() - t0);
  }
  return base;
}

function kubectlFigures(row: Row, home: string): void {
  const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
  const time = (cmd: string, args: string[]) => {
    const t0 = performance.now();
    execFileSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    return performance.now() - t0;
  };
  const own: number[] = [];
  const real: number[] = [];
  const cache = `--cache-dir=${path.join(home, 'kubectl-cache')}`;
  time(KUBECTL_132!, [cache, 'get', 'pods']); // fills kubectl's discovery cache, as a user's second command finds it
  // interleaved, so machine load falls on both alike
  for (let i = 0; i < 7; i++) {
    own.push(time(process.execPath, [BIN, 'get', 'pods']));
    real.push(time(KUBECTL_132!, [cache, 'get', 'pods']));
  }
  row('`kubesim get pods` (1,000 pods, cold process, median of 7)', `${median(own).toFixed(0)} ms`, 'baseline');
  row('`kubectl.1.32 get pods` against serve (median of 7)', `${median(real).toFixed(0)} ms`, `${(median(real) / median(own)).toFixed(2)}x kubesim get pods`);
}

export async function serveBench(row: Row): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-serve-'));
  thousandPods(home);
  const server = await startServe(home);
  try {
    const n = 10;
    const inProc = await inProcessLists(home, n);
    // a fresh keep-alive agent: a socket left idle while the loop was blocked would have been closed by the server
    const c = clientOf(home, server.port, 128);
    await listFigures(row, inProc, c, n);
    const w = await watchFigures(c);
    c.agent.destroy();
    const base = await inProcessWrites(home, w.writes);
    row('in-process `create configmap` + the `get` that sees it', `${median(base).toFixed(1)} ms median`, 'baseline');
    row(`watch latency, write -> event, ${w.watchers} watchers x ${w.writes} writes`, `${median(w.lat).toFixed(1)} ms median, ${median(w.last).toFixed(1)} ms to the last watcher`, `${(median(w.lat) / median(base)).toFixed(2)}x in-process`);
    if (KUBECTL_132) kubectlFigures(row, home);
    else row('`kubectl.1.32 get pods` against serve', 'skipped', 'no kubectl.1.32 beside kubectl');
  } finally {
    server.stop();
    setTimeout(() => fs.rmSync(home, { recursive: true, force: true }), 500).unref();
  }
}
