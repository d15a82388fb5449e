// Test fixture: a DataplaneCluster over a bare object store (pods, Services, EndpointSlices written as the
// controllers would leave them), so data-plane tests do not depend on the controllers.

import { ApiServer } from '../../apiserver/server.js';
import { ObjectStore } from '../../apiserver/store.js';
import type { EndpointSlice, KubeObject, Pod, Service } from '../../apiserver/types.js';
import { Clock } from '../../state/clock.js';
import { buildConfig, type ClusterConfig } from '../../state/config.js';
import { Rng } from '../../state/rng.js';
import type { DataplaneCluster } from './cluster-view.js';

export class FixtureCluster implements DataplaneCluster {
  readonly config: ClusterConfig;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly api: ApiServer;
  readonly data: Record<string, unknown> = {};
  touched = false;
  private uid = 0;

  constructor(seed = 7, nodes = 3) {
    this.config = buildConfig({ seed, nodes, clock: 'virtual' });
    this.clock = Clock.create('virtual');
    this.rng = Rng.fromSeed(seed);
    this.api = new ApiServer(new ObjectStore(), this.clock, this.rng, this.config, {});
  }

  put<T extends KubeObject>(resource: string, obj: T): T {
    obj.metadata.uid ??= `uid-${++this.uid}`;
    obj.metadata.creationTimestamp ??= this.clock.timestamp();
    this.api.store.put(resource, obj);
    this.api.store.nextResourceVersion();
    return obj;
  }

  pod(ns: string, name: string, node: string, ip: string, image: string, extra: Partial<Pod['spec']> = {}, labels: Record<string, string> = {}): Pod {
    const t = this.clock.timestamp();
    return this.put('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels },
      spec: { containers: [{ name: image.split('/').pop()!.split(':')[0], image }], nodeName: node, ...extra },
      status: {
        phase: 'Running',
        podIP: ip,
        hostIP: this.config.nodes.find((n) => n.name === node)!.ip,
        startTime: t,
        containerStatuses: (extra.containers ?? [{ name: image.split('/').pop()!.split(':')[0], image }]).map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: t } },
        })),
      },
    } as Pod);
  }

  /** A Service with the slice the EndpointSlice controller would write for `pods` (ready, on their nodes). */
  service(ns: string, name: string, spec: Partial<Service['spec']>, pods: Pod[], targetPort = 80, portName = '', protocol: 'TCP' | 'UDP' = 'TCP'): Service {
    const svc = this.put('services', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec } } as Service);
    this.put('endpointslices.discovery.k8s.io', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: pods.map((p) => ({ addresses: [p.status!.podIP!], conditions: { ready: true, serving: true, terminating: false }, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name! } })),
      ports: [{ name: portName, port: targetPort, protocol }],
    } as EndpointSlice);
    return svc;
  }
}
