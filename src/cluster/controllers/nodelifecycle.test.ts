// Node fault drills: a stopped kubelet makes the node NotReady after the grace period, tainted unreachable; its
// pods leave the endpoints at once and are evicted after their 300 s toleration; starting it heals the node.

import { describe, expect, it } from 'vitest';
import type { Endpoints, KubeObject, Node, Pod } from '../apiserver/types.js';
import { bootstrapCluster } from '../state/bootstrap.js';
import { buildConfig } from '../state/config.js';
import { NODE_MONITOR_GRACE_MS, setNodeStopped } from './nodelifecycle.js';

describe('node lifecycle', () => {
  it('marks a stopped node NotReady, taints it, evicts its pods after the toleration, and heals on start', () => {
    const c = bootstrapCluster(buildConfig({ seed: 2, clock: 'virtual' }));
    const labels = { app: 'web' };
    c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } } } } as KubeObject);
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80 }] } } as KubeObject);
    c.reconcile();
    c.advanceClock(30_000);
    const onW2 = () => c.api.list<Pod>('pods', 'default').filter((p) => p.spec.nodeName === 'kubesim-worker2');
    const victim = onW2()[0];
    expect(victim).toBeDefined();
    setNodeStopped(c.data, 'kubesim-worker2', true, c.clock.nowMs());
    c.reconcile();
    c.advanceClock(NODE_MONITOR_GRACE_MS - 1000);
    const ready = () => c.api.get<Node>('nodes', undefined, 'kubesim-worker2').status?.conditions?.find((x) => x.type === 'Ready');
    expect(ready()?.status).toBe('True');
    c.advanceClock(1000);
    expect(ready()).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker2').spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    const ep = c.api.get<Endpoints>('endpoints', 'default', 'web');
    expect(JSON.stringify(ep.subsets)).toContain('notReadyAddresses');
    c.advanceClock(299_000);
    expect(c.api.get<Pod>('pods', 'default', victim.metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    c.advanceClock(1000);
    const evicted = c.api.get<Pod>('pods', 'default', victim.metadata.name!);
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status?.conditions?.[0]).toMatchObject({ type: 'DisruptionTarget', reason: 'DeletionByTaintManager' });
    // nobody confirms the deletion while the kubelet is down: Terminating until it is back
    c.advanceClock(120_000);
    expect(c.api.tryGet('pods', 'default', victim.metadata.name!)).toBeDefined();
    setNodeStopped(c.data, 'kubesim-worker2', false, c.clock.nowMs());
    c.reconcile();
    c.advanceClock(31_000);
    expect(ready()?.status).toBe('True');
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker2').spec?.taints).toBeUndefined();
    expect(c.api.tryGet('pods', 'default', victim.metadata.name!)).toBeUndefined();
    expect(c.api.list<Pod>('pods', 'default').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
  });

  it('evicts at once a pod that does not tolerate a NoExecute taint added by hand', () => {
    const c = bootstrapCluster(buildConfig({ seed: 2, clock: 'virtual' }));
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'nginx' }] } } as KubeObject);
    c.reconcile();
    c.advanceClock(10_000);
    const n = structuredClone(c.api.get<Node>('nodes', undefined, 'kubesim-worker'));
    n.spec = { ...n.spec, taints: [{ key: 'maintenance', effect: 'NoExecute' }] };
    c.api.update(n);
    c.reconcile();
    expect(c.api.get<Pod>('pods', 'default', 'p').metadata.deletionTimestamp).toBeDefined();
  });
});
