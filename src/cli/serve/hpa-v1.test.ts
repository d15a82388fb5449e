import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { hpaFromV1, hpaToV1 } from './hpa-v1.js';

const v2 = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'h', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 4,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ],
  },
  status: {
    currentReplicas: 2,
    desiredReplicas: 3,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } }],
    conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }],
  },
} as unknown as KubeObject;

describe('autoscaling/v1 <-> v2 HorizontalPodAutoscaler conversion', () => {
  it('puts the cpu utilization target in targetCPUUtilizationPercentage and the rest in the alpha annotations', () => {
    const v1 = hpaToV1(v2) as any;
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 });
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } }]);
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/conditions'])).toEqual([{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }]);
  });
  it('round-trips: v1 back to v2 gives the metrics and conditions again, and no annotations', () => {
    const back = hpaFromV1(hpaToV1(v2)) as any;
    expect(back.apiVersion).toBe('autoscaling/v2');
    expect(back.spec).toEqual((v2 as any).spec);
    expect(back.metadata.annotations).toBeUndefined();
    expect(back.status.conditions).toEqual((v2 as any).status.conditions);
    expect(back.status.currentMetrics[0]).toEqual({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } });
  });
  it('a v1 body without a target has no metrics (the v2 defaults give cpu 80%)', () => {
    const b = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 } } as unknown as KubeObject) as any;
    expect(b.spec).toEqual({ scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 });
  });
});
