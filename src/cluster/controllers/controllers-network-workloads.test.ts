// Controller tests, continued: endpoints and slices, StatefulSets, rollouts of other kinds, DaemonSets, load
// balancers and namespaces.

import { describe, expect, it } from 'vitest';
import type { Deployment, EndpointSlice, Endpoints, KubeObject, Pod, Service, StatefulSet } from '../apiserver/types.js';
import { endpointsController } from './endpoints.js';
import { cluster, settle, deployment, service, pods, rss, events } from './controllers.fixtures.js';

describe('endpoints and endpoint slices', () => {
  it('resolves named target ports per pod and splits ready and not-ready addresses', () => {
    const c = cluster();
    const d = deployment('web', 2, 'nginx');
    d.spec.template.spec.containers[0].ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }];
    c.api.create(d);
    // a pod with the label but without the named port: not an endpoint
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const svc = service('web', { app: 'web' }, [{ port: 80, targetPort: 'http', protocol: 'TCP' }], { clusterIP: '10.96.0.50' });
    svc.metadata.labels = { app: 'web' };
    c.api.create(svc);
    settle(c);
    const ep = c.api.get<Endpoints>('endpoints', 'default', 'web');
    const ps = pods(c).filter((p) => p.metadata.name !== 'stray');
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-06T10:00:03Z' });
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(ep.subsets![0].addresses!.map((a) => a.ip).sort()).toEqual(ps.map((p) => p.status!.podIP!).sort());
    expect(ep.subsets![0].addresses![0].targetRef).toMatchObject({ kind: 'Pod', namespace: 'default' });

    const slices = c.api.list<EndpointSlice>('endpointslices.discovery.k8s.io', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web');
    // the stray pod (no port) lands in a slice of its own with no ports
    expect(slices).toHaveLength(2);
    const main = slices.find((s) => s.ports?.length)!;
    expect(main.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(main.metadata.labels).toEqual({
      app: 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'web',
    });
    expect(main.ports).toEqual([{ name: '', protocol: 'TCP', port: 8080 }]);
    expect(main.endpoints![0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(main.metadata.ownerReferences![0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });

    // a not-ready pod moves to notReadyAddresses
    const p0 = structuredClone(c.api.get<Pod>('pods', 'default', ps[0].metadata.name!));
    p0.status!.conditions = p0.status!.conditions!.map((x) => (x.type === 'Ready' ? { ...x, status: 'False' } : x));
    p0.metadata.resourceVersion = c.store.nextResourceVersion();
    c.store.put('pods', p0);
    // run only the endpoints controller (the kubelet would report the pod ready again)
    endpointsController.sync(c.controllerContext());
    const ep2 = c.api.get<Endpoints>('endpoints', 'default', 'web');
    expect(ep2.subsets![0].notReadyAddresses!.map((a) => a.ip)).toEqual([p0.status!.podIP]);
    expect(ep2.subsets![0].addresses).toHaveLength(1);
  });

  it('keeps a placeholder slice and empty Endpoints for a service without pods', () => {
    const c = cluster();
    c.api.create(service('none', { app: 'none' }, [{ port: 80, targetPort: 80, protocol: 'TCP' }]));
    settle(c);
    const ep = c.api.get<Endpoints>('endpoints', 'default', 'none');
    expect(ep.subsets).toBeUndefined();
    const [s] = c.api.list<EndpointSlice>('endpointslices.discovery.k8s.io', 'default').filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'none');
    expect(s.endpoints).toBeNull();
    expect(s.ports).toBeUndefined();
    c.api.delete('services', 'default', 'none');
    settle(c);
    expect(c.api.tryGet('endpoints', 'default', 'none')).toBeUndefined();
    expect(c.api.list<EndpointSlice>('endpointslices.discovery.k8s.io', 'default').filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'none')).toHaveLength(0);
  });

  it('mirrors hand-written Endpoints of a selector-less service', () => {
    const c = cluster();
    c.api.create(service('ext', undefined, [{ port: 80, targetPort: 80, protocol: 'TCP' }]));
    c.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext' }, subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ port: 80, protocol: 'TCP' }] }] } as KubeObject);
    settle(c);
    const slices = c.api.list<EndpointSlice>('endpointslices.discovery.k8s.io', 'default').filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'ext');
    expect(slices).toHaveLength(1);
    expect(slices[0].metadata.labels!['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    expect(slices[0].endpoints).toEqual([{ addresses: ['192.168.1.10'], conditions: { ready: true } }]);
    expect(slices[0].ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(slices[0].metadata.ownerReferences![0]).toMatchObject({ kind: 'Endpoints', name: 'ext' });
    // the hand-written Endpoints is not touched by the endpoints controller
    expect(c.api.get('endpoints', 'default', 'ext').metadata.annotations).toBeUndefined();
  });
});

describe('statefulset', () => {
  it('creates ordered pods with identity labels and scales down from the top', () => {
    const c = cluster();
    const labels = { app: 'db' };
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KubeObject);
    settle(c);
    const ps = pods(c);
    expect(ps.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    const sts = c.api.get<StatefulSet>('statefulsets.apps', 'default', 'db');
    const rev = sts.status!.updateRevision!;
    expect(rev).toMatch(/^db-[456789bcdf]+$/);
    expect(ps[1].metadata.labels).toEqual({ app: 'db', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': 'db-1' });
    expect(ps[1].spec.hostname).toBe('db-1');
    expect(ps[1].spec.subdomain).toBe('db');
    expect(sts.status).toEqual({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 3 });
    expect(events(c, 'db')).toEqual(['db-0', 'db-1', 'db-2'].map((n) => `Normal SuccessfulCreate statefulset-controller: create Pod ${n} in StatefulSet db successful`));
    c.api.update({ ...sts, spec: { ...sts.spec, replicas: 1 } });
    settle(c);
    expect(pods(c).map((p) => p.metadata.name)).toEqual(['db-0']);
    expect(events(c, 'db').slice(3)).toEqual(['db-2', 'db-1'].map((n) => `Normal SuccessfulDelete statefulset-controller: delete Pod ${n} in StatefulSet db successful`));
  });
});

describe('rollouts of other kinds', () => {
  it('replaces StatefulSet pods from the highest ordinal on a template change, with hostnames in a headless service', () => {
    const c = cluster();
    const labels = { app: 'db' };
    c.api.create(service('db', labels, [{ port: 80, targetPort: 80, protocol: 'TCP' }], { clusterIP: 'None' }));
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
    } as KubeObject);
    settle(c);
    const ep = c.api.get<Endpoints>('endpoints', 'default', 'db');
    expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep.subsets![0].addresses!.map((a) => a.hostname).sort()).toEqual(['db-0', 'db-1']);
    const sts = structuredClone(c.api.get<StatefulSet>('statefulsets.apps', 'default', 'db'));
    const oldRev = sts.status!.updateRevision;
    sts.spec.template.spec.containers[0].image = 'nginx:1.27';
    c.api.update(sts);
    settle(c);
    const after = c.api.get<StatefulSet>('statefulsets.apps', 'default', 'db');
    expect(after.status!.updateRevision).not.toBe(oldRev);
    expect(after.status!.currentRevision).toBe(after.status!.updateRevision);
    expect(pods(c).map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(events(c, 'db').filter((e) => e.includes('delete'))).toEqual(['db-1', 'db-0'].map((n) => `Normal SuccessfulDelete statefulset-controller: delete Pod ${n} in StatefulSet db successful`));
  });

  it('scales the old ReplicaSet to zero before the new one under Recreate', () => {
    const c = cluster();
    c.api.create(deployment('web', 2, 'nginx:1.25', { strategy: { type: 'Recreate' } }));
    settle(c);
    const old = rss(c)[0].metadata.name!;
    const d = structuredClone(c.api.get<Deployment>('deployments.apps', 'default', 'web'));
    d.spec.template.spec.containers[0].image = 'nginx:1.27';
    c.api.update(d);
    settle(c);
    const neu = rss(c).find((r) => r.metadata.name !== old)!;
    expect(events(c, 'web').slice(1)).toEqual([
      `Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${old} from 2 to 0`,
      `Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${neu.metadata.name} from 0 to 2`,
    ]);
  });
});

describe('daemonset', () => {
  it('runs one pod per eligible node, pinned by node affinity, with the daemon tolerations', () => {
    const c = cluster();
    const labels = { app: 'agent' };
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'a', image: 'busybox', command: ['sleep', 'infinity'] }] } } },
    } as KubeObject);
    settle(c);
    // the control plane is tainted and the template has no toleration for it
    const ps = pods(c, 'kube-system');
    expect(ps.map((p) => p.spec.nodeName).sort()).toEqual(['kubesim-worker', 'kubesim-worker2']);
    const p = ps.find((x) => x.spec.nodeName === 'kubesim-worker')!;
    expect(p.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kubesim-worker'] }] }] } },
    });
    expect((p.spec.tolerations as Array<Record<string, string>>).map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(p.metadata.labels!['pod-template-generation']).toBe('1');
    const ds = c.api.get('daemonsets.apps', 'kube-system', 'agent');
    expect(ds.status).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 });
  });
});

describe('load balancer and namespaces', () => {
  it('assigns the lowest free pool address with the service-controller events', () => {
    const c = cluster({ pool: '172.18.255.200-172.18.255.250' });
    c.api.create(service('lb1', { app: 'x' }, [{ port: 80, targetPort: 80, protocol: 'TCP' }], { type: 'LoadBalancer' }));
    c.api.create(service('lb2', { app: 'x' }, [{ port: 80, targetPort: 80, protocol: 'TCP' }], { type: 'LoadBalancer' }));
    settle(c);
    expect(c.api.get<Service>('services', 'default', 'lb1').status?.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    expect(c.api.get<Service>('services', 'default', 'lb2').status?.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.201', ipMode: 'VIP' }] });
    expect(events(c, 'lb1')).toEqual(['Normal EnsuringLoadBalancer service-controller: Ensuring load balancer', 'Normal EnsuredLoadBalancer service-controller: Ensured load balancer']);
  });

  it('leaves LoadBalancer services pending without a pool', () => {
    const c = cluster();
    c.api.create(service('lb', { app: 'x' }, [{ port: 80, targetPort: 80, protocol: 'TCP' }], { type: 'LoadBalancer' }));
    settle(c);
    expect(c.api.get<Service>('services', 'default', 'lb').status).toEqual({ loadBalancer: {} });
  });

  it('empties and removes a terminating namespace', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    c.api.create({ ...deployment('web', 2, 'nginx'), metadata: { name: 'web', namespace: 'dev', labels: { app: 'web' } } });
    settle(c);
    expect(pods(c, 'dev')).toHaveLength(2);
    c.api.delete('namespaces', undefined, 'dev');
    settle(c);
    expect(c.api.tryGet('namespaces', undefined, 'dev')).toBeUndefined();
    expect(pods(c, 'dev')).toHaveLength(0);
  });
});
