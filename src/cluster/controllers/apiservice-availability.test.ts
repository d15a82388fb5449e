import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../apiserver/types.js';
import { APISERVICE_KEY } from './apiservice-availability.js';
import { cluster, deployment, service, settle } from './controllers.fixtures.js';

const metricsApiService = (port?: number): KubeObject =>
  ({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.k8s.io' },
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'default', ...(port ? { port } : {}) } },
  }) as KubeObject;

const available = (c: ReturnType<typeof cluster>) => {
  const s = c.api.get<KubeObject>(APISERVICE_KEY, undefined, 'v1beta1.metrics.k8s.io');
  const cond = ((s.status as any)?.conditions ?? []).find((x: any) => x.type === 'Available');
  return [cond?.status, cond?.reason, cond?.message];
};

describe('APIService availability (kube-aggregator available_controller)', () => {
  it('walks ServiceNotFound, MissingEndpoints, FailedDiscoveryCheck and Passed as the backend appears', () => {
    const c = cluster();
    c.api.create(metricsApiService());
    c.reconcile();
    expect(available(c)).toEqual(['False', 'ServiceNotFound', 'service/metrics-server in "default" is not present']);
    c.api.create(service('metrics-server', { app: 'metrics-server' }, [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' as never }]));
    c.reconcile();
    expect(available(c)).toEqual(['False', 'MissingEndpoints', 'endpoints for service/metrics-server in "default" have no addresses with port name "https"']);
    // a pod that is ready behind the Service but does not serve metrics.k8s.io fails the discovery check
    const nginx = deployment('metrics-server', 1, 'nginx');
    (nginx.spec.template.spec.containers[0] as any).ports = [{ name: 'https', containerPort: 443 }];
    c.api.create(nginx);
    settle(c);
    const [st, reason, msg] = available(c);
    expect([st, reason]).toEqual(['False', 'FailedDiscoveryCheck']);
    expect(msg).toMatch(/^failing or missing response from https:\/\/10\.\d+\.\d+\.\d+:443\/apis\/metrics\.k8s\.io\/v1beta1: bad status from .*: 404$/);
    // metrics-server itself behind the Service passes
    c.api.delete('deployments.apps', 'default', 'metrics-server');
    const ms = deployment('metrics-server', 1, 'registry.k8s.io/metrics-server/metrics-server:v0.7.2');
    (ms.spec.template.spec.containers[0] as any).ports = [{ name: 'https', containerPort: 10250 }];
    (ms.spec.template.spec.containers[0] as any).args = ['--secure-port=10250', '--kubelet-insecure-tls'];
    c.api.create(ms);
    settle(c, 120_000);
    expect(available(c)).toEqual(['True', 'Passed', 'all checks passed']);
  });

  it('reports a Service that does not listen on the APIService port', () => {
    const c = cluster();
    c.api.create(service('metrics-server', { app: 'm' }, [{ name: 'https', port: 443, protocol: 'TCP' }]));
    c.api.create(metricsApiService(8443));
    c.reconcile();
    expect(available(c)).toEqual(['False', 'ServicePortError', 'service/metrics-server in "default" is not listening on port 8443']);
  });

  it('refuses APIServices kubesim has no aggregated server for, and validates as ValidateAPIService', () => {
    const c = cluster();
    const other = metricsApiService();
    other.metadata.name = 'v1beta1.custom.metrics.k8s.io';
    (other.spec as any).group = 'custom.metrics.k8s.io';
    expect(() => c.api.create(other)).toThrow(/kubesim does not simulate aggregated API servers other than metrics-server/);
    const bad = metricsApiService();
    bad.metadata.name = 'wrong';
    expect(() => c.api.create(bad)).toThrow(/metadata.name: Invalid value: "wrong": must be `spec.version\+"."\+spec.group`: "v1beta1.metrics.k8s.io"/);
    expect(c.api.list(APISERVICE_KEY)).toEqual([]);
  });
});
