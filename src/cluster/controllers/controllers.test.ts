// Scenario tests for the controllers: a small kind-like cluster built through the API, reconciled to a fixed
// point, then checked object by object (names, IPs, statuses, events) for a fixed seed.

import { describe, expect, it } from 'vitest';
import type { Deployment, Event, Node, Pod, ReplicaSet } from '../apiserver/types.js';
import { computeHash, safeEncodeString } from './util.js';
import { appendContainerLog } from '../network/logs.js';
import { cluster, settle, deployment, service, pods, rss, events } from './controllers.fixtures.js';

describe('pod-template-hash', () => {
  it('safe-encodes the decimal digits of the hash as apimachinery does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
  it('is stable, depends on the collision count and only uses the digit alphabet', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
    expect(computeHash(t)).toBe(computeHash(JSON.parse(JSON.stringify(t))));
    expect(computeHash(t)).not.toBe(computeHash(t, 1));
    expect(computeHash(t)).toMatch(/^[456789bcdf]{1,10}$/);
  });
});

describe('deployment -> replicaset -> pods', () => {
  it('creates the ReplicaSet, pods spread over the workers with sequential host-local IPs, and the events', () => {
    const c = cluster();
    c.api.create(deployment('web', 3, 'httpd'));
    settle(c);
    const [rs] = rss(c);
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: c.api.get('deployments.apps', 'default', 'web').metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });

    const ps = pods(c);
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.status?.phase).toBe('Running');
    }
    // fewest pods, then node name: worker, worker2, worker
    const placement = ps.map((p) => `${p.spec.nodeName} ${p.status?.podIP} ${p.status?.hostIP}`).sort();
    expect(placement).toEqual(['kubesim-worker 10.244.1.2 172.18.0.3', 'kubesim-worker 10.244.1.3 172.18.0.3', 'kubesim-worker2 10.244.2.2 172.18.0.4']);

    const d = c.api.get<Deployment>('deployments.apps', 'default', 'web');
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: '2025-01-06T10:00:03Z', lastTransitionTime: '2025-01-06T10:00:03Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: '2025-01-06T10:00:03Z',
          lastTransitionTime: '2025-01-06T10:00:00Z',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "web-${hash}" has successfully progressed.`,
        },
      ],
    });
    expect(events(c, 'web')).toEqual([`Normal ScalingReplicaSet deployment-controller: Scaled up replica set web-${hash} from 0 to 3`]);
    expect(events(c, rs.metadata.name!).sort()).toEqual(ps.map((p) => `Normal SuccessfulCreate replicaset-controller: Created pod: ${p.metadata.name}`).sort());
  });

  it('gives pods kubelet statuses, conditions and the scheduler/kubelet events', () => {
    const c = cluster();
    c.api.create(deployment('web', 1, 'httpd'));
    settle(c);
    const [p] = pods(c);
    const st = p.status!;
    expect(st.conditions!.map((x) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    // seen at 10:00:00, the sandbox and the image a moment later
    expect(st.conditions!.every((x) => x.lastProbeTime === null && /^2025-01-06T10:00:0\dZ$/.test(x.lastTransitionTime ?? ''))).toBe(true);
    expect(st.startTime).toBe('2025-01-06T10:00:00Z');
    expect(st.hostIPs).toEqual([{ ip: '172.18.0.3' }]);
    expect(st.podIPs).toEqual([{ ip: '10.244.1.2' }]);
    expect(st.qosClass).toBe('BestEffort');
    const cs = st.containerStatuses![0];
    expect(cs.image).toBe('docker.io/library/httpd:latest');
    expect(cs.imageID).toMatch(/^docker\.io\/library\/httpd@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs).toMatchObject({ name: 'httpd', ready: true, restartCount: 0, started: true, lastState: {} });
    expect(cs.state.running?.startedAt).toMatch(/^2025-01-06T10:00:0\dZ$/);
    const ev = events(c, p.metadata.name!);
    expect(ev[0]).toBe(`Normal Scheduled default-scheduler: Successfully assigned default/${p.metadata.name} to kubesim-worker`);
    expect(ev[1]).toBe('Normal Pulling kubelet/kubesim-worker: Pulling image "httpd"');
    expect(ev[2]).toMatch(/^Normal Pulled kubelet\/kubesim-worker: Successfully pulled image "httpd" in (\d+(\.\d+)?s|\d+ms) \(\1 including waiting\)\. Image size: 58198591 bytes\.$/);
    expect(ev.slice(3)).toEqual(['Normal Created kubelet/kubesim-worker: Created container: httpd', 'Normal Started kubelet/kubesim-worker: Started container httpd']);
    const started = c.api.list<Event>('events', 'default').find((e) => e.reason === 'Started')!;
    expect(started.involvedObject.fieldPath).toBe('spec.containers{httpd}');
  });

  it('scales up and down with from/to events, deleting the newest pods', () => {
    const c = cluster();
    c.api.create(deployment('web', 2, 'nginx'));
    settle(c);
    const rsName = rss(c)[0].metadata.name!;
    const d = c.api.get<Deployment>('deployments.apps', 'default', 'web');
    c.api.update({ ...d, spec: { ...d.spec, replicas: 4 } });
    settle(c);
    expect(pods(c)).toHaveLength(4);
    const d2 = c.api.get<Deployment>('deployments.apps', 'default', 'web');
    c.api.update({ ...d2, spec: { ...d2.spec, replicas: 1 } });
    settle(c);
    expect(pods(c)).toHaveLength(1);
    expect(events(c, 'web')).toEqual([
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${rsName} from 0 to 2`,
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${rsName} from 2 to 4`,
      `Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${rsName} from 4 to 1`,
    ]);
    expect(events(c, rsName).filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(3);
    const rs = rss(c)[0];
    expect(rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('1');
    expect(rs.metadata.annotations!['deployment.kubernetes.io/max-replicas']).toBe('2');
  });

  it('replaces a deleted pod and never reuses an IP that is still in use', () => {
    const c = cluster();
    c.api.create(deployment('web', 3, 'httpd'));
    settle(c);
    const before = pods(c);
    const victim = before.find((p) => p.status?.podIP === '10.244.1.2')!;
    c.api.delete('pods', 'default', victim.metadata.name!);
    settle(c);
    const after = pods(c);
    expect(after).toHaveLength(3);
    const fresh = after.find((p) => !before.some((b) => b.metadata.name === p.metadata.name))!;
    // the victim still counted on its node while Terminating, so the replacement went to worker2; host-local
    // continues after the last reserved address there
    expect(`${fresh.spec.nodeName} ${fresh.status?.podIP}`).toBe('kubesim-worker2 10.244.2.3');
  });

  it('rolls out a new template with maxSurge/maxUnavailable, keeps the old RS at 0, and rolls back by revision', () => {
    const c = cluster();
    c.api.create(deployment('web', 3, 'nginx:1.25'));
    settle(c);
    const old = rss(c)[0].metadata.name!;
    const d = c.api.get<Deployment>('deployments.apps', 'default', 'web');
    const next = structuredClone(d);
    next.spec.template.spec.containers[0].image = 'nginx:1.27';
    c.api.update(next);
    settle(c);
    const all = rss(c);
    expect(all).toHaveLength(2);
    const neu = all.find((r) => r.metadata.name !== old)!;
    expect(neu.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(neu.spec.replicas).toBe(3);
    expect(all.find((r) => r.metadata.name === old)!.spec.replicas).toBe(0);
    expect(pods(c).every((p) => p.metadata.name!.startsWith(neu.metadata.name!))).toBe(true);
    // 25% of 3: surge 1, unavailable 0 -> one up, one down at a time
    expect(events(c, 'web')).toEqual([
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${old} from 0 to 3`,
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${neu.metadata.name} from 0 to 1`,
      `Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${old} from 3 to 2`,
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${neu.metadata.name} from 1 to 2`,
      `Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${old} from 2 to 1`,
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${neu.metadata.name} from 2 to 3`,
      `Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${old} from 1 to 0`,
    ]);
    const dep = c.api.get<Deployment>('deployments.apps', 'default', 'web');
    expect(dep.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(dep.status?.conditions?.[1].message).toBe(`ReplicaSet "${neu.metadata.name}" has successfully progressed.`);

    // rollback: the old template again -> the old RS becomes revision 3 with revision-history 1
    const back = structuredClone(dep);
    back.spec.template.spec.containers[0].image = 'nginx:1.25';
    c.api.update(back);
    settle(c);
    const oldRS = c.api.get<ReplicaSet>('replicasets.apps', 'default', old);
    expect(oldRS.spec.replicas).toBe(3);
    expect(oldRS.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(oldRS.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(rss(c)).toHaveLength(2);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const c = cluster();
    c.api.create(deployment('web', 1, 'nginx:1.20', { revisionHistoryLimit: 1 }));
    settle(c);
    for (const tag of ['1.21', '1.22', '1.23']) {
      const d = structuredClone(c.api.get<Deployment>('deployments.apps', 'default', 'web'));
      d.spec.template.spec.containers[0].image = `nginx:${tag}`;
      c.api.update(d);
      settle(c);
    }
    const revs = rss(c).map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
    expect(revs).toEqual(['3', '4']);
  });

  it('cascades deletion through the garbage collector', () => {
    const c = cluster();
    c.api.create(deployment('web', 2, 'nginx'));
    settle(c);
    c.api.delete('deployments.apps', 'default', 'web');
    settle(c);
    expect(rss(c)).toHaveLength(0);
    expect(pods(c)).toHaveLength(0);
  });

  it('settles: a second reconcile writes nothing', () => {
    const c = cluster();
    c.api.create(deployment('web', 3, 'nginx'));
    c.api.create(service('web', { app: 'web' }, [{ port: 80, targetPort: 80, protocol: 'TCP' }]));
    settle(c);
    const rv = c.store.resourceVersion;
    settle(c);
    expect(c.store.resourceVersion).toBe(rv);
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const c = cluster();
      c.api.create(deployment('web', 3, 'httpd'));
      settle(c);
      return JSON.stringify(c.store.snapshot());
    };
    expect(run()).toBe(run());
  });
});

describe('scheduler', () => {
  it('reports Unschedulable with the FitError message and a FailedScheduling event', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }], nodeSelector: { disk: 'ssd' } } });
    settle(c);
    const p = c.api.get<Pod>('pods', 'default', 'p');
    const msg =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";
    expect(p.status).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2025-01-06T10:00:00Z', reason: 'Unschedulable', message: msg }],
    });
    expect(events(c, 'p')).toEqual([`Warning FailedScheduling default-scheduler: ${msg}`]);
    // a matching label makes it schedulable on the next reconcile
    const n = structuredClone(c.api.get<Node>('nodes', undefined, 'kubesim-worker2'));
    n.metadata.labels!.disk = 'ssd';
    c.api.update(n);
    settle(c);
    expect(c.api.get<Pod>('pods', 'default', 'p').spec.nodeName).toBe('kubesim-worker2');
  });

  it('uses the control-plane node when it is the only node (kind has no taint then)', () => {
    const c = cluster({ nodes: 1 });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    settle(c);
    const p = c.api.get<Pod>('pods', 'default', 'p');
    expect(`${p.spec.nodeName} ${p.status?.podIP}`).toBe('kubesim-control-plane 10.244.0.2');
  });
});

describe('kubelet', () => {
  it('runs a busybox pod with restartPolicy Never to Completed/Succeeded', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { restartPolicy: 'Never', containers: [{ name: 'b', image: 'busybox' }] } });
    settle(c);
    const p = c.api.get<Pod>('pods', 'default', 'b');
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(p.status?.conditions?.find((x) => x.type === 'PodReadyToStartContainers')?.status).toBe('False');
  });

  it('keeps `sleep 3600` running until the clock passes it', () => {
    const c = cluster();
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 's' },
      spec: { restartPolicy: 'Never', containers: [{ name: 's', image: 'busybox', command: ['sleep', '3600'] }] },
    });
    settle(c);
    expect(c.api.get<Pod>('pods', 'default', 's').status?.phase).toBe('Running');
    c.advanceClock(3_600_000);
    const p = c.api.get<Pod>('pods', 'default', 's');
    expect(p.status?.phase).toBe('Succeeded');
    const started = Date.parse(p.status!.containerStatuses![0].state.terminated!.startedAt!);
    expect(p.status?.containerStatuses?.[0].state.terminated?.finishedAt).toBe(new Date(started + 3_600_000).toISOString().replace('.000Z', 'Z'));
  });

  it('puts a finishing container under restartPolicy Always into CrashLoopBackOff over time', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { containers: [{ name: 'b', image: 'busybox' }] } });
    c.reconcile();
    // step until the first exit (busybox's sh ends at once)
    let p = c.api.get<Pod>('pods', 'default', 'b');
    for (let i = 0; i < 100 && !p.status?.containerStatuses?.[0]?.state.terminated; i++) {
      c.advanceClock(100);
      p = c.api.get<Pod>('pods', 'default', 'b');
    }
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.containerStatuses?.[0].state.terminated?.reason).toBe('Completed');
    c.advanceClock(5000);
    p = c.api.get<Pod>('pods', 'default', 'b');
    const cs = p.status!.containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.state.waiting).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=b pod=b_default(${p.metadata.uid})` });
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]' });
    expect(events(c, 'b').at(-1)).toBe(`Warning BackOff kubelet/kubesim-worker: Back-off restarting failed container b in pod b_default(${p.metadata.uid})`);
  });

  it('gives hostNetwork pods the node IP and removes pods marked for deletion', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'h' }, spec: { hostNetwork: true, nodeName: 'kubesim-worker2', containers: [{ name: 'c', image: 'nginx' }] } });
    settle(c);
    const p = c.api.get<Pod>('pods', 'default', 'h');
    expect(p.status?.podIP).toBe('172.18.0.4');
    expect(p.status?.conditions?.map((x) => x.type)).toContain('PodScheduled');
    const marked = structuredClone(p);
    marked.metadata.deletionTimestamp = '2025-01-06T10:00:00Z';
    c.store.put('pods', marked);
    settle(c);
    expect(c.api.tryGet('pods', 'default', 'h')).toBeUndefined();
  });

  it('garbage-collects the env snapshots and logs of deleted pods, keeping those of live ones', () => {
    const c = cluster();
    for (const name of ['a', 'b']) c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    settle(c);
    const [a, b] = ['a', 'b'].map((n) => c.api.get<Pod>('pods', 'default', n));
    appendContainerLog(c.data, a, 'c', 0, 'a line');
    appendContainerLog(c.data, b, 'c', 0, 'b line');
    expect(Object.keys(c.data.containerEnv as object).sort()).toEqual([a.metadata.uid, b.metadata.uid].sort());
    c.api.delete('pods', 'default', 'a');
    settle(c);
    expect(Object.keys(c.data.containerEnv as object)).toEqual([b.metadata.uid]);
    expect(Object.keys(c.data.containerLogs as object)).toEqual(['default/b/c']);
  });
});
