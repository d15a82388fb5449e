// The HPA walkthrough in miniature: php-apache (hpa-example, 200m request) behind a Service, an HPA at 50% CPU,
// a busybox wget loop through the Service; replicas climb, then fall 5 minutes after the load stops. Also the
// metrics-less and request-less failures, and the behavior module on its own.

import { describe, expect, it } from 'vitest';
import type { Event, KubeObject } from '../apiserver/types.js';
import { bootstrapCluster } from '../state/bootstrap.js';
import type { Cluster } from '../state/cluster.js';
import { applyConfigDocument } from '../state/config.js';
import { behaviorOf, stabilize } from './podautoscaler-behavior.js';

function walkthrough(metricsServer = true, requests = true): Cluster {
  const c = bootstrapCluster(applyConfigDocument({ seed: 8, clock: 'virtual', metricsServer }));
  const labels = { run: 'php-apache' };
  const resources = requests ? { limits: { cpu: '500m' }, requests: { cpu: '200m' } } : {};
  c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php-apache', namespace: 'default' }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources }] } } } } as KubeObject);
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache', namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80 }] } } as KubeObject);
  c.reconcile();
  c.advanceClock(60_000);
  c.api.create({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  } as KubeObject);
  c.reconcile();
  c.advanceClock(30_000);
  return c;
}

const replicas = (c: Cluster) => (c.api.get<KubeObject>('deployments.apps', 'default', 'php-apache').spec as { replicas: number }).replicas;
const hpaEvents = (c: Cluster) => c.api.list<Event>('events', 'default').filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler').map((e) => `${e.reason}: ${e.message}`);

describe('horizontal pod autoscaler', () => {
  it('scales php-apache up under a wget loop through the Service and back down after the stabilization window', () => {
    const c = walkthrough();
    const hpa = () => c.api.get<KubeObject>('horizontalpodautoscalers.autoscaling', 'default', 'php-apache').status as any;
    expect(hpa().currentMetrics[0].resource.current.averageUtilization).toBe(0);
    expect(replicas(c)).toBe(1);
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'load-generator', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'load-generator', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'] }] } } as KubeObject);
    c.reconcile();
    c.advanceClock(120_000);
    const peak = replicas(c);
    expect(peak).toBeGreaterThan(3);
    expect(hpaEvents(c)[0]).toMatch(/^SuccessfulRescale: New size: \d+; reason: cpu resource utilization \(percentage of request\) above target$/);
    c.api.delete('pods', 'default', 'load-generator', { gracePeriodSeconds: 0 });
    c.reconcile();
    c.advanceClock(240_000);
    expect(replicas(c)).toBe(peak);
    expect(hpa().conditions[0]).toMatchObject({ type: 'AbleToScale', reason: 'ScaleDownStabilized' });
    c.advanceClock(90_000);
    expect(replicas(c)).toBe(1);
    expect(hpaEvents(c).at(-1)).toBe('SuccessfulRescale: New size: 1; reason: All metrics below target');
  });

  it('reports FailedGetResourceMetric without metrics-server and without requests', () => {
    const none = walkthrough(false);
    expect(hpaEvents(none)[0]).toBe('FailedGetResourceMetric: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
    const bare = walkthrough(true, false);
    expect(hpaEvents(bare)[0]).toMatch(/^FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in container php-apache of Pod php-apache-\w+-\w+$/);
  });

  it('limits a scale-up by the default policies and stabilizes a scale-down', () => {
    const st = { recs: [], ups: [], downs: [] };
    const b = behaviorOf(undefined);
    expect(stabilize(st, 0, 1, 20, 1, 30, b)).toEqual({ replicas: 5, reason: 'ReadyForNewScale', limitedReason: 'ScaleUpLimit' });
    expect(stabilize(st, 15_000, 5, 2, 1, 30, b)).toMatchObject({ replicas: 5, reason: 'ScaleDownStabilized' });
    expect(stabilize(st, 400_000, 5, 2, 1, 30, b)).toMatchObject({ replicas: 2 });
  });
});
