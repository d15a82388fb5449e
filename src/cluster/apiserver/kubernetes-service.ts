// The API server's own `default/kubernetes` Service, Endpoints and EndpointSlice (the master endpoint
// reconciler): created at bootstrap and re-created whenever someone deletes them, as a real apiserver does.

import type { ClusterConfig } from '../state/config.js';
import { ipToString, parseCIDR } from '../state/config.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

export function ensureKubernetesService(api: ApiServer, config: ClusterConfig): void {
  const cp = config.nodes.find((n) => n.role === 'control-plane') ?? config.nodes[0];
  if (!api.tryGet('services', 'default', 'kubernetes')) {
    api.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: ipToString((parseCIDR(config.serviceCIDR)!.base + 1) >>> 0),
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    } as KubeObject);
  }
  if (!api.tryGet('endpoints', 'default', 'kubernetes')) {
    api.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: cp.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
  }
  if (!api.tryGet('endpointslices.discovery.k8s.io', 'default', 'kubernetes')) {
    api.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [cp.ip], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  }
}
