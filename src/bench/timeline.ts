// Benchmark section for pods that live in time: a 1,000-pod Deployment started and then rolled out over virtual
// time (total time, timer steps, cost per step), and how long `get -w` in another process takes to print a change.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Deployment } from '../cluster/apiserver/types.js';
import type { Cluster } from '../cluster/state/cluster.js';

type Row = (name: string, value: string, goal?: string) => void;

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kubesim.js');

function settled(c: Cluster, name: string): boolean {
  const d = c.api.get<Deployment>('deployments.apps', 'default', name);
  const s = d.status ?? {};
  const want = d.spec.replicas ?? 1;
  return s.updatedReplicas === want && s.availableReplicas === want && (s.replicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Advances in 10 s slices until the deployment is settled; returns [ms, steps, virtual seconds]. */
function until(c: Cluster, name: string): [number, number, number] {
  const t0 = performance.now();
  const s0 = c.timerSteps;
  const v0 = c.clock.nowMs();
  for (let i = 0; i < 360 && !settled(c, name); i++) c.advanceClock(10_000);
  return [performance.now() - t0, c.timerSteps - s0, (c.clock.nowMs() - v0) / 1000];
}

async function rollout(row: Row): Promise<void> {
  const { bootstrapCluster } = await import('../cluster/state/bootstrap.js');
  const { buildConfig } = await import('../cluster/state/config.js');
  const c = bootstrapCluster(buildConfig({ seed: 3, clock: 'virtual', nodes: 20 }));
  const labels = { app: 'big' };
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'big', namespace: 'default' },
    spec: { replicas: 1000, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
  } as Deployment);
  c.reconcile();
  const [ms1, steps1, v1] = until(c, 'big');
  row('1,000-pod Deployment to Ready over virtual time', `${(ms1 / 1000).toFixed(1)} s, ${steps1} steps`, `${(ms1 / Math.max(1, steps1)).toFixed(1)} ms/step, ${v1} s virtual`);
  const d = structuredClone(c.api.get<Deployment>('deployments.apps', 'default', 'big'));
  d.spec.template.spec.containers[0].image = 'nginx:1.27';
  c.api.update(d);
  c.reconcile();
  const [ms2, steps2, v2] = until(c, 'big');
  row('its rollout to a new image (25% surge/unavailable)', `${(ms2 / 1000).toFixed(1)} s, ${steps2} steps`, `${(ms2 / Math.max(1, steps2)).toFixed(1)} ms/step, ${v2} s virtual`);
}

/** A watcher process prints the change another process made: the time from the write's return to the line. */
async function watchLatency(row: Row): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-watch-'));
  const env = { ...process.env, KUBESIM_HOME: home };
  const run = (args: string[]) =>
    new Promise<void>((resolve) => {
      const p = spawn(process.execPath, [BIN, ...args], { env, stdio: 'ignore' });
      p.on('exit', () => resolve());
    });
  await run(['init', '--clock', 'virtual']);
  const watcher = spawn(process.execPath, [BIN, 'get', 'configmaps', '-w'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let buf = '';
  watcher.stdout.on('data', (d) => (buf += d));
  await new Promise((r) => setTimeout(r, 800));
  const lat: number[] = [];
  for (let i = 0; i < 5; i++) {
    await run(['create', 'configmap', `probe-${i}`]);
    const t0 = performance.now();
    while (!buf.includes(`probe-${i} `) && performance.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 5));
    lat.push(performance.now() - t0);
  }
  watcher.kill('SIGINT');
  fs.rmSync(home, { recursive: true, force: true });
  lat.sort((a, b) => a - b);
  row('get -w in another process prints a change', `median ${lat[2].toFixed(0)} ms, max ${lat[4].toFixed(0)} ms`, 'goal: < 200 ms');
}

export const timeline = [
  { name: 'rollout over virtual time', run: rollout },
  { name: 'watch latency', run: watchLatency },
];
