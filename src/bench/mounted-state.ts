// Issue 9's benchmark: the state size and load time of a 1,000-pod cluster where every pod mounts a ConfigMap, a
// Secret and its ServiceAccount token, side by side with the same 1,000 pods mounting nothing (no volumes, no token).
// The goal: the container filesystems cost no more than 2x the state without them. Both clusters have run for two
// minutes of cluster time on 12 nodes, so every container has started with its volumes set up (load: median of 5).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../cluster/apiserver/types.js';
import type { Cluster } from '../cluster/state/cluster.js';
import { bootstrapCluster } from '../cluster/state/bootstrap.js';
import { buildConfig } from '../cluster/state/config.js';
import { loadCluster, saveCluster } from '../cluster/state/persistence.js';

type Row = (name: string, value: string, goal?: string) => void;

function podSpec(mounted: boolean): Record<string, unknown> {
  const container: Record<string, unknown> = { name: 'c', image: 'nginx' };
  if (!mounted) return { automountServiceAccountToken: false, containers: [container] };
  container.volumeMounts = [
    { name: 'cfg', mountPath: '/etc/cfg' },
    { name: 'sec', mountPath: '/etc/sec', readOnly: true },
  ];
  return { containers: [container], volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'sec', secret: { secretName: 'sec' } }] };
}

function build(mounted: boolean): Cluster {
  const cluster = bootstrapCluster(buildConfig({ seed: 1, nodes: 12, clock: 'virtual' }));
  cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { color: 'blue', 'app.properties': 'a=1\nb=2\n' } } as KubeObject);
  cluster.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, type: 'Opaque', data: { user: Buffer.from('admin').toString('base64'), pass: Buffer.from('s3cr3t').toString('base64') } } as KubeObject);
  for (let i = 0; i < 10; i++) {
    const labels = { app: `app${i}` };
    cluster.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app${i}`, namespace: 'default' },
      spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(mounted) } },
    } as KubeObject);
  }
  cluster.reconcile();
  cluster.advanceClock(120_000);
  return cluster;
}

function measure(cluster: Cluster): { size: number; saveMs: number; loadMs: number; running: number } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-mounts-'));
  try {
    const t1 = performance.now();
    saveCluster(home, cluster);
    const saveMs = performance.now() - t1;
    const size = fs.statSync(path.join(home, 'cluster.json')).size;
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t2 = performance.now();
      loadCluster(home);
      loads.push(performance.now() - t2);
    }
    loads.sort((a, b) => a - b);
    const running = cluster.api.list<KubeObject>('pods', 'default').filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running').length;
    return { size, saveMs, loadMs: loads[2], running };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

export async function mountedState(row: Row): Promise<void> {
  measure(build(false)); // warm-up: the first load compiles the loader
  const plain = measure(build(false));
  const mounted = measure(build(true));
  row(`1,000 pods mounting nothing (${plain.running} running): state / load`, `${mib(plain.size)} / ${plain.loadMs.toFixed(0)} ms`, 'baseline');
  row(`1,000 pods with ConfigMap+Secret+token (${mounted.running} running)`, `${mib(mounted.size)} / ${mounted.loadMs.toFixed(0)} ms`, `${(mounted.size / plain.size).toFixed(2)}x size, ${(mounted.loadMs / plain.loadMs).toFixed(2)}x load; goal: <= 2x`);
}
