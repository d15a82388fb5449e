// The timer queue's promise: advancing the clock steps through every due instant in time order, so one long
// advance leaves exactly the state (bytes) that many short ones leave, whatever runs on the cluster.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../apiserver/types.js';
import { bootstrapCluster } from './bootstrap.js';
import type { Cluster } from './cluster.js';
import { buildConfig } from './config.js';
import { addTimer, popDue, timerQueue } from './timers.js';

function busyCluster(): Cluster {
  const c = bootstrapCluster(buildConfig({ seed: 11, clock: 'virtual' }));
  const create = (o: KubeObject) => c.api.create(o);
  const labels = { app: 'web' };
  create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 }, livenessProbe: { httpGet: { path: '/nope', port: 80 }, initialDelaySeconds: 10 } },
          ],
        },
      },
    },
  });
  create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 2'] }] } });
  create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'registry.example.invalid/x:1' }] } });
  create({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 't', image: 'busybox', command: ['sh', '-c', 'sleep 20; exit 1'] }] } } } } },
  });
  create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'fail', namespace: 'default' },
    spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'f', image: 'busybox', command: ['false'] }] } } },
  });
  c.reconcile();
  return c;
}

const state = (c: Cluster) => JSON.stringify(c.snapshot());

describe('timer queue', () => {
  it('keeps instants sorted and unique, and pops them in order', () => {
    const q = timerQueue({});
    for (const t of [30, 10, 20, 10, 25.5]) addTimer(q, t);
    expect(q.due).toEqual([10, 20, 26, 30]);
    expect([popDue(q, 25), popDue(q, 25), popDue(q, 25)]).toEqual([10, 20, undefined]);
  });

  it('one 5-minute advance leaves the same state as five 1-minute ones', () => {
    const a = busyCluster();
    const b = busyCluster();
    expect(state(a)).toBe(state(b));
    a.advanceClock(300_000);
    for (let i = 0; i < 5; i++) b.advanceClock(60_000);
    expect(state(b)).toBe(state(a));
    // and something did happen: the cron job ran, the crash loop restarted, the failing job gave up
    const pods = a.api.list<KubeObject & { status?: { containerStatuses?: Array<{ restartCount: number }> } }>('pods', 'default');
    expect(pods.find((p) => p.metadata.name === 'crash')!.status!.containerStatuses![0].restartCount).toBeGreaterThan(3);
    expect(a.api.list('jobs.batch', 'default').length).toBeGreaterThan(2);
  });

  it('an advance in odd steps (7 s, 13 s ...) lands on the same state too', () => {
    const a = busyCluster();
    const b = busyCluster();
    a.advanceClock(180_000);
    let left = 180_000;
    for (const s of [7_000, 13_000, 1, 59_999, 30_000]) {
      b.advanceClock(s);
      left -= s;
    }
    b.advanceClock(left);
    expect(state(b)).toBe(state(a));
  });

  it('a ten-year advance over a crash loop converges; longer ones are refused', () => {
    const c = bootstrapCluster(buildConfig({ seed: 11, clock: 'virtual' }));
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 2'] }] } });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'registry.example.invalid/x:1' }] } });
    c.reconcile();
    c.advanceClock(3650 * 86_400_000);
    const crash = c.api.get<KubeObject & { status?: { containerStatuses?: Array<{ restartCount: number; state: Record<string, unknown> }> } }>('pods', 'default', 'crash');
    // about one restart per 5 minutes for ten years
    expect(crash.status!.containerStatuses![0].restartCount).toBeGreaterThan(1_000_000);
    expect(crash.status!.containerStatuses![0].state.waiting ?? crash.status!.containerStatuses![0].state.running).toBeDefined();
    expect(() => c.advanceClock(3661 * 86_400_000)).toThrow(/cannot advance the clock by more than 3660d/);
  }, 120_000);
});
