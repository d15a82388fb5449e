// Scheduler benchmark (issue 10): N pods with a zone spread constraint (DoNotSchedule), a hostname spread
// (ScheduleAnyway) and preferred pod anti-affinity, bound across 100 nodes in one scheduler pass; prints the time
// per pod at several N to show how it grows. Run: node dist/bench/scheduling.js [N...]

import { performance } from 'node:perf_hooks';
import { scheduler } from '../cluster/controllers/scheduler.js';
import type { KubeObject } from '../cluster/apiserver/types.js';
import { Cluster } from '../cluster/state/cluster.js';
import { buildConfig } from '../cluster/state/config.js';

function node(name: string, i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `z${i % 3}` } },
    spec: {},
    status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, capacity: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function benchScheduling(nodes: number, pods: number): { ms: number; bound: number } {
  const c = Cluster.empty(buildConfig({ seed: 1, clock: 'virtual' }));
  c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  for (let i = 0; i < nodes; i++) c.api.create(node(`n${i}`, i));
  const labels = { app: 'web' };
  for (let i = 0; i < pods; i++) {
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', labels },
      spec: {
        containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } },
          { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
        ],
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' } }] } },
      },
    });
  }
  const t0 = performance.now();
  scheduler.sync(c.controllerContext());
  const ms = performance.now() - t0;
  return { ms, bound: c.api.list<KubeObject & { spec: { nodeName?: string } }>('pods').filter((p) => p.spec.nodeName).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [250, 500, 1000]) {
    const { ms, bound } = benchScheduling(100, n);
    console.log(`100 nodes, ${n} pods: ${ms.toFixed(0)} ms, ${(ms / n).toFixed(2)} ms/pod (${bound} bound)`);
  }
}
