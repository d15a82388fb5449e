// The scheduler end to end on a bootstrapped kind cluster (2 CPUs per node): resource fit and the FitError text,
// preemption by priority, topology spread, pod anti-affinity; and the pure pieces (histogram, pickOne).

import { describe, expect, it } from 'vitest';
import type { Event, KubeObject, Pod } from '../../apiserver/types.js';
import { bootstrapCluster } from '../../state/bootstrap.js';
import type { Cluster } from '../../state/cluster.js';
import { applyConfigDocument, buildConfig } from '../../state/config.js';
import { fitErrorMessage } from './fiterror.js';
import { pickOne } from './preemption.js';

function cluster(doc?: Record<string, unknown>): Cluster {
  const c = bootstrapCluster(doc ? applyConfigDocument({ clock: 'virtual', seed: 5, ...doc }) : buildConfig({ seed: 5, clock: 'virtual' }));
  c.reconcile();
  c.advanceClock(30_000);
  return c;
}

function pod(name: string, extra: Record<string, unknown> = {}, requests?: Record<string, string>, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx', ...(requests ? { resources: { requests } } : {}) }], ...extra },
  };
}

function priorityClasses(c: Cluster): void {
  for (const [name, value] of [['low', 10], ['high', 1000]] as const) c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });
}

function create(c: Cluster, o: KubeObject, ms = 10_000): void {
  c.api.create(o);
  c.reconcile();
  c.advanceClock(ms);
}

const get = (c: Cluster, name: string) => c.api.tryGet<Pod>('pods', 'default', name);
const eventsOf = (c: Cluster, name: string) =>
  c.api
    .list<Event>('events', 'default')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.reason} ${e.message}${(e.count ?? 1) > 1 ? ` x${e.count}` : ''}`);

describe('scheduler', () => {
  it('keeps a pod that asks for more CPU than any node has Pending with the FitError text', () => {
    const c = cluster();
    create(c, pod('big', {}, { cpu: '64' }));
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..';
    expect(get(c, 'big')!.status?.conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(eventsOf(c, 'big')).toEqual([`FailedScheduling ${msg}`]);
    // nothing changes: the unschedulable queue is flushed every 5 minutes, each attempt failing the same way
    c.advanceClock(10 * 60_000);
    expect(eventsOf(c, 'big')).toEqual([`FailedScheduling ${msg} x3`]);
  });

  it('fills a node by requests and sends the next pod to the other one', () => {
    const c = cluster();
    create(c, pod('a', {}, { cpu: '1500m' }));
    create(c, pod('b', {}, { cpu: '1500m' }));
    create(c, pod('x', {}, { cpu: '1' }));
    expect([get(c, 'a')!.spec.nodeName, get(c, 'b')!.spec.nodeName].sort()).toEqual(['kubesim-worker', 'kubesim-worker2']);
    expect(get(c, 'x')!.spec.nodeName).toBeUndefined();
    // the pod retries when the cluster changes: deleting a fills its room
    c.api.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.reconcile();
    c.advanceClock(10_000);
    expect(get(c, 'x')!.spec.nodeName).toBe(get(c, 'b')!.spec.nodeName === 'kubesim-worker' ? 'kubesim-worker2' : 'kubesim-worker');
  });

  it('preempts lower-priority pods for a higher-priority one and binds it once they are gone', () => {
    const c = cluster({ nodes: [{ name: 'only', ip: '10.0.0.2' }] });
    priorityClasses(c);
    create(c, pod('low', { priorityClassName: 'low' }, { cpu: '1500m' }));
    expect(get(c, 'low')!.spec.nodeName).toBe('only');
    create(c, pod('high', { priorityClassName: 'high' }, { cpu: '1500m' }), 0);
    const high = get(c, 'high')!;
    expect(high.status?.nominatedNodeName).toBe('only');
    expect(eventsOf(c, 'high')[0]).toBe('FailedScheduling 0/1 nodes are available: 1 Insufficient cpu.');
    const low = get(c, 'low')!;
    expect(low.metadata.deletionTimestamp).toBeDefined();
    expect(low.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    expect(eventsOf(c, 'low')).toContain(`Preempted Preempted by pod ${high.metadata.uid} on node only`);
    c.advanceClock(40_000);
    expect(get(c, 'low')).toBeUndefined();
    expect(get(c, 'high')!.spec.nodeName).toBe('only');
  });

  it('does not preempt for a pod with preemptionPolicy Never', () => {
    const c = cluster({ nodes: [{ name: 'only', ip: '10.0.0.2' }] });
    priorityClasses(c);
    c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 1000, preemptionPolicy: 'Never' });
    create(c, pod('low', { priorityClassName: 'low' }, { cpu: '1500m' }));
    create(c, pod('high', { priorityClassName: 'polite' }, { cpu: '1500m' }));
    expect(get(c, 'low')!.metadata.deletionTimestamp).toBeUndefined();
    expect(eventsOf(c, 'high')).toEqual(['FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..']);
  });

  it('counts the tainted control plane as an empty domain unless nodeTaintsPolicy is Honor', () => {
    const c = cluster();
    const labels = { app: 's' };
    const constraint = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } };
    for (const n of ['s1', 's2', 's3']) create(c, pod(n, { topologySpreadConstraints: [constraint] }, undefined, labels));
    expect(get(c, 's3')!.spec.nodeName).toBeUndefined();
    expect(eventsOf(c, 's3')[0]).toBe(
      "FailedScheduling 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    );
  });

  it('spreads by a DoNotSchedule topology constraint and reports the skew', () => {
    const c = cluster();
    const labels = { app: 's' };
    const constraint = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels }, nodeTaintsPolicy: 'Honor' };
    const spread = { topologySpreadConstraints: [constraint] };
    for (const n of ['s1', 's2', 's3', 's4']) create(c, pod(n, spread, undefined, labels));
    const nodes = ['s1', 's2', 's3', 's4'].map((n) => get(c, n)!.spec.nodeName);
    expect(nodes.filter((n) => n === 'kubesim-worker')).toHaveLength(2);
    expect(nodes.filter((n) => n === 'kubesim-worker2')).toHaveLength(2);
    // pods that may only go to worker, counting worker2 as a domain too (nodeAffinityPolicy Ignore): the second makes the skew 2
    const pinned = { topologySpreadConstraints: [{ ...constraint, nodeAffinityPolicy: 'Ignore' }], nodeSelector: { 'kubernetes.io/hostname': 'kubesim-worker' } };
    create(c, pod('s5', pinned, undefined, labels));
    expect(get(c, 's5')!.spec.nodeName).toBe('kubesim-worker');
    create(c, pod('s6', pinned, undefined, labels));
    expect(eventsOf(c, 's6')[0]).toBe(
      "FailedScheduling 0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
    );
  });

  it('honours required pod anti-affinity and the anti-affinity of pods already running', () => {
    const c = cluster();
    const labels = { app: 'db' };
    const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' }] } } };
    for (const n of ['d1', 'd2', 'd3']) create(c, pod(n, anti, undefined, labels));
    expect(new Set([get(c, 'd1')!.spec.nodeName, get(c, 'd2')!.spec.nodeName]).size).toBe(2);
    expect(eventsOf(c, 'd3')[0]).toContain("2 node(s) didn't match pod anti-affinity rules");
    // a pod without rules, but matched by the running pods' anti-affinity
    create(c, pod('plain', {}, undefined, labels));
    expect(eventsOf(c, 'plain')[0]).toContain("2 node(s) didn't satisfy existing pods anti-affinity rules");
  });

  it('follows required pod affinity to the node of the pod it names', () => {
    const c = cluster();
    create(c, pod('cache', {}, undefined, { app: 'cache' }));
    const where = get(c, 'cache')!.spec.nodeName;
    const aff = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' }] } } };
    for (const n of ['w1', 'w2', 'w3']) create(c, pod(n, aff));
    for (const n of ['w1', 'w2', 'w3']) expect(get(c, n)!.spec.nodeName).toBe(where);
  });

  it("scores a plain pod toward the node of a running pod whose preferred affinity selects it (the symmetric term)", () => {
    // the scorer walks only the pods with affinity on each node (NodeInfo.podsWithAffinity): the plain pods
    // placed first must not hide the one pod that has it
    const c = cluster();
    for (const n of ['f1', 'f2', 'f3', 'f4']) create(c, pod(n));
    const likesWeb = { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } }] } } };
    create(c, pod('fan', likesWeb));
    const where = get(c, 'fan')!.spec.nodeName;
    for (const n of ['web1', 'web2']) create(c, pod(n, {}, undefined, { app: 'web' }));
    for (const n of ['web1', 'web2']) expect(get(c, n)!.spec.nodeName).toBe(where);
  });

  it('uses node capacity from the cluster config', () => {
    const c = cluster({ nodeCapacity: { cpu: 8 }, nodes: [{ name: 'cp', ip: '10.0.0.2' }, { name: 'w', ip: '10.0.0.3', role: 'worker', allocatable: { pods: 3 } }] });
    create(c, pod('p6', {}, { cpu: '6' }));
    expect(get(c, 'p6')!.spec.nodeName).toBe('w');
    for (const n of ['q1', 'q2']) create(c, pod(n));
    // the worker holds kube-proxy and p6: one more pod fits, then Too many pods
    expect(eventsOf(c, 'q2')[0]).toMatch(/^FailedScheduling 0\/2 nodes are available: 1 Too many pods, 1 node\(s\) had untolerated taint/);
  });
});

describe('scheduler pieces', () => {
  it('counts every reason of every node in the sorted histogram', () => {
    const s = (reasons: string[]) => ({ code: 'Unschedulable' as const, reasons, plugin: 'x' });
    expect(fitErrorMessage(3, [s(['Insufficient cpu', 'Insufficient memory']), s(['Insufficient cpu']), s(['Too many pods'])])).toBe(
      '0/3 nodes are available: 1 Insufficient memory, 1 Too many pods, 2 Insufficient cpu.',
    );
  });

  it('picks the preemption node with the fewest PDB violations, then the lowest victim priority', () => {
    const v = (name: string, priority: number): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [], priority } });
    expect(pickOne([{ node: 'a', victims: [v('x', 5)], pdbViolations: 1 }, { node: 'b', victims: [v('y', 50)], pdbViolations: 0 }]).node).toBe('b');
    expect(pickOne([{ node: 'a', victims: [v('x', 50)], pdbViolations: 0 }, { node: 'b', victims: [v('y', 5), v('z', 1)], pdbViolations: 0 }]).node).toBe('b');
    expect(pickOne([{ node: 'a', victims: [v('x', 5), v('w', 1)], pdbViolations: 0 }, { node: 'b', victims: [v('y', 5)], pdbViolations: 0 }]).node).toBe('b');
  });
});
