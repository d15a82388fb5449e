// `npm run bench`: prints speed and memory figures side by side (not a test: the goals are read, not asserted).
// Cold CLI start against `node -e 0`, in-process command throughput, init time, state size/load for 1,000 pods,
// iptables rendering at 1k and 10k services, lab replay and transcript throughput, simulated requests.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import '../cli/commands/index.js';
import { dispatch } from '../cli/dispatch.js';
import { Session } from '../cli/session.js';
import { bootstrapCluster } from '../cluster/state/bootstrap.js';
import { buildConfig } from '../cluster/state/config.js';
import { loadCluster, saveCluster } from '../cluster/state/persistence.js';
import { nullIO } from './io.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function row(name: string, value: string, goal = ''): void {
  console.log(`${name.padEnd(58)} ${value.padEnd(22)} ${goal}`);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function coldStart(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-'));
  const env = { ...process.env, KUBESIM_HOME: home };
  execFileSync(process.execPath, [BIN, 'init', '--seed', '1'], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [BIN, 'create', 'deployment', 'web', '--image=nginx', '--replicas=3'], { env, stdio: 'ignore' });
  // interleaved, so machine load from other processes falls on the floor and the commands alike
  const cmds: Array<[string, string[]]> = [
    ['`node -e 0`', ['-e', '0']],
    ['`kubesim get pods`', [BIN, 'get', 'pods']],
    ['`kubesim get svc`', [BIN, 'get', 'svc']],
    ['`kubesim iptables-save`', [BIN, 'iptables-save']],
  ];
  const times: number[][] = cmds.map(() => []);
  for (let i = 0; i < 15; i++) cmds.forEach(([, args], j) => times[j].push(timeProcess(args, env, 1)));
  const floor = median(times[0]);
  row('cold `node -e 0` (median of 15)', `${floor.toFixed(1)} ms`);
  for (let j = 1; j < cmds.length; j++) {
    const t = median(times[j]);
    row(`cold ${cmds[j][0]} (median of 15)`, `${t.toFixed(1)} ms  (${(t / floor).toFixed(2)}x)`, 'goal: <= 1.25x node -e 0');
  }
}

async function initTime(): Promise<void> {
  const t0 = performance.now();
  bootstrapCluster(buildConfig({ seed: 1 }));
  row('init (bootstrap a 3-node cluster, in process)', `${(performance.now() - t0).toFixed(1)} ms`);
}

async function throughput(): Promise<void> {
  const session = new Session({ home: os.tmpdir(), persistent: false, defaultConfig: () => buildConfig({ seed: 1, clock: 'virtual' }) });
  const io = nullIO();
  await dispatch(['create', 'deployment', 'web', '--image=nginx', '--replicas=100'], session, io);
  await dispatch(['expose', 'deployment', 'web', '--port=80'], session, io);
  const cmds = [['get', 'pods'], ['get', 'svc'], ['get', 'deploy', 'web'], ['get', 'pods', '-o', 'wide'], ['get', 'ep', 'web']];
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await dispatch(cmds[i % cmds.length], session, io);
  const s = (performance.now() - t0) / 1000;
  row('in-process commands on a 100-pod cluster (get mix)', `${Math.round(n / s)} cmd/s`, 'goal: >= 2,000 cmd/s');
  const m = 200;
  const t1 = performance.now();
  for (let i = 0; i < m; i++) await dispatch(['scale', 'deployment', 'web', `--replicas=${100 + (i % 2)}`], session, io);
  row('in-process mutating commands (scale 100<->101, reconcile)', `${Math.round(m / ((performance.now() - t1) / 1000))} cmd/s`, 'goal: >= 1,000 cmd/s');
}

async function bigState(): Promise<void> {
  const cluster = bootstrapCluster(buildConfig({ seed: 1, nodes: 4 }));
  for (let i = 0; i < 10; i++) {
    cluster.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app${i}`, namespace: 'default' },
      spec: { replicas: 100, selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  }
  const t0 = performance.now();
  cluster.reconcile();
  const reconcileMs = performance.now() - t0;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-'));
  const t1 = performance.now();
  saveCluster(home, cluster);
  const saveMs = performance.now() - t1;
  const size = fs.statSync(path.join(home, 'cluster.json')).size;
  const t2 = performance.now();
  loadCluster(home);
  const loadMs = performance.now() - t2;
  row('1,000-pod cluster: reconcile from 10 new deployments', `${reconcileMs.toFixed(0)} ms`, 'goal: <= 50 ms');
  row('1,000-pod cluster: state size', mb(size));
  row('1,000-pod cluster: save / load', `${saveMs.toFixed(0)} ms / ${loadMs.toFixed(0)} ms`, 'goal: each <= 50 ms');
}

async function main(): Promise<void> {
  console.log(`kubesim benchmark on ${os.cpus().length} cores, node ${process.version}`);
  // `npm run bench -- NAME...`: only the sections named
  const only = process.argv.slice(2);
  if (only.length) {
    const { sections } = await import('./sections.js');
    for (const s of sections) if (only.includes(s.name)) await s.run(row);
    return;
  }
  await coldStart();
  await initTime();
  await throughput();
  await bigState();
  const extra = await import('./sections.js');
  for (const s of extra.sections) await s.run(row);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
