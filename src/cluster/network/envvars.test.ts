import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../apiserver/types.js';
import { containerServiceEnv, fromServices, makeEnvVariableName, recordContainerStart, servicesForPod } from './envvars.js';

const svc = (ns: string, name: string, ip: string, ports: Service['spec']['ports'], created = '2025-01-06T10:00:00Z'): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, creationTimestamp: created },
  spec: { clusterIP: ip, ports },
});
const pod = (ns = 'default', extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'client', namespace: ns, uid: 'u1' },
  spec: { containers: [{ name: 'client' }], ...extra },
  status: { phase: 'Running', containerStatuses: [{ name: 'client', image: 'busybox', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-06T10:05:00Z' } } }] },
});

describe('service env vars (pkg/kubelet/envvars)', () => {
  it('matches envvars_test.go for abc-123 with two named ports', () => {
    const env = fromServices([svc('default', 'abc-123', '5.6.7.8', [{ name: 'u-d-p', port: 8081, protocol: 'UDP' }, { name: 't-c-p', port: 8081, protocol: 'TCP' }])]);
    expect(env.map((e) => `${e.name}=${e.value}`)).toEqual([
      'ABC_123_SERVICE_HOST=5.6.7.8',
      'ABC_123_SERVICE_PORT=8081',
      'ABC_123_SERVICE_PORT_U_D_P=8081',
      'ABC_123_SERVICE_PORT_T_C_P=8081',
      'ABC_123_PORT=udp://5.6.7.8:8081',
      'ABC_123_PORT_8081_UDP=udp://5.6.7.8:8081',
      'ABC_123_PORT_8081_UDP_PROTO=udp',
      'ABC_123_PORT_8081_UDP_PORT=8081',
      'ABC_123_PORT_8081_UDP_ADDR=5.6.7.8',
      'ABC_123_PORT_8081_TCP=tcp://5.6.7.8:8081',
      'ABC_123_PORT_8081_TCP_PROTO=tcp',
      'ABC_123_PORT_8081_TCP_PORT=8081',
      'ABC_123_PORT_8081_TCP_ADDR=5.6.7.8',
    ]);
  });
  it('unnamed first port, named second; IPv6 in brackets; headless skipped', () => {
    const env = fromServices([
      svc('default', 'q-u-u-x', '9.8.7.6', [{ port: 8082 }, { name: '8083', port: 8083 }]),
      svc('default', 'none', 'None', [{ port: 80 }]),
      svc('default', 'v6', '2001:db8::', [{ port: 8084, protocol: 'UDP' }]),
    ]);
    expect(env.filter((e) => e.name.startsWith('Q_U_U_X_SERVICE')).map((e) => `${e.name}=${e.value}`)).toEqual([
      'Q_U_U_X_SERVICE_HOST=9.8.7.6',
      'Q_U_U_X_SERVICE_PORT=8082',
      'Q_U_U_X_SERVICE_PORT_8083=8083',
    ]);
    expect(env.some((e) => e.name.startsWith('NONE_'))).toBe(false);
    expect(env.find((e) => e.name === 'V6_PORT')?.value).toBe('udp://[2001:db8::]:8084');
    expect(makeEnvVariableName('my-svc')).toBe('MY_SVC');
  });
  it('kubernetes gives exactly 8 variables; other namespaces and enableServiceLinks', () => {
    const all = [
      svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
      svc('default', 'website', '10.96.5.5', [{ port: 80, protocol: 'TCP' }]),
      svc('other', 'db', '10.96.7.7', [{ port: 5432, protocol: 'TCP' }]),
    ];
    expect(fromServices(servicesForPod(pod('default'), all).filter((s) => s.metadata.name === 'kubernetes')).map((e) => `${e.name}=${e.value}`)).toEqual([
      'KUBERNETES_SERVICE_HOST=10.96.0.1',
      'KUBERNETES_SERVICE_PORT=443',
      'KUBERNETES_SERVICE_PORT_HTTPS=443',
      'KUBERNETES_PORT=tcp://10.96.0.1:443',
      'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
      'KUBERNETES_PORT_443_TCP_PROTO=tcp',
      'KUBERNETES_PORT_443_TCP_PORT=443',
      'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
    ]);
    expect(servicesForPod(pod('default'), all).map((s) => s.metadata.name)).toEqual(['kubernetes', 'website']);
    expect(servicesForPod(pod('other'), all).map((s) => s.metadata.name)).toEqual(['db', 'kubernetes']);
    expect(servicesForPod(pod('default', { enableServiceLinks: false }), all).map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });
  it('snapshots at container start: later services are missing, recreated ones stay stale', () => {
    const data: Record<string, unknown> = {};
    const before = [svc('default', 'deploy1', '10.100.200.199', [{ port: 80, protocol: 'TCP' }])];
    const p = pod();
    recordContainerStart(data, p, 'client', before, '2025-01-06T10:05:00Z');
    const after = [svc('default', 'deploy1', '10.96.121.165', [{ port: 80, protocol: 'TCP' }]), svc('default', 'late', '10.96.1.2', [{ port: 80 }])];
    const env = containerServiceEnv(data, p, 'client', after);
    expect(env.find((e) => e.name === 'DEPLOY1_SERVICE_HOST')?.value).toBe('10.100.200.199');
    expect(env.some((e) => e.name.startsWith('LATE_'))).toBe(false);
    // no snapshot: services created after the container started are left out
    const lazy = containerServiceEnv({}, p, 'client', [svc('default', 'late', '10.96.1.2', [{ port: 80 }], '2025-01-06T10:06:00Z'), ...before]);
    expect(lazy.map((e) => e.name)).toContain('DEPLOY1_SERVICE_HOST');
    expect(lazy.some((e) => e.name.startsWith('LATE_'))).toBe(false);
  });
});
