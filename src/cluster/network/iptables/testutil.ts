// Small builders for Services and EndpointSlices used by the iptables tests (mirrors upstream makeTestService /
// makeTestEndpointSlice).

import type { EndpointSlice, Service, SliceEndpoint, SlicePort } from '../../apiserver/types.js';
import { defaultKubeProxyConfig, type KubeProxyConfig } from '../../state/config.js';
import type { ProxyInput } from './render.js';

export function makeService(ns: string, name: string, spec: Partial<Service['spec']>, status?: Service['status']): Service {
  const s: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec },
  };
  if (status) s.status = status;
  return s;
}

export function makeSlice(
  ns: string,
  svcName: string,
  n: number,
  endpoints: SliceEndpoint[],
  ports: SlicePort[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svcName}-${n}`, namespace: ns, labels: { 'kubernetes.io/service-name': svcName } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

/** The upstream unit-test proxier: node test-node / 192.168.0.2, cluster CIDR 10.0.0.0/8, nfacct available,
 *  no --random-fully. */
export function upstreamTestConfig(over: Partial<KubeProxyConfig> = {}): KubeProxyConfig {
  const c = defaultKubeProxyConfig('10.0.0.0/8');
  c.iptables = { ...c.iptables, randomFully: false, nfacct: true };
  return { ...c, ...over };
}

export function upstreamInput(services: Service[], slices: EndpointSlice[], config = upstreamTestConfig()): ProxyInput {
  return {
    services,
    endpointSlices: slices,
    node: { name: 'test-node', ip: '192.168.0.2', addresses: ['192.168.0.2', '192.168.1.2'] },
    config,
  };
}

export const p80 = (port = 80, name = 'p80', protocol = 'TCP'): SlicePort => ({ name, port, protocol });

export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^\s*/)![0].length));
  return lines.map((l) => l.slice(ind)).join('\n').replace(/[ \t]+$/, '');
}

/** The Services and EndpointSlices of upstream TestOverallIPTablesRules (proxier_test.go). */
export function overallTestFixture(): { services: Service[]; slices: EndpointSlice[] } {
  const services = [
    makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] }),
    makeService(
      'ns2',
      'svc2',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        clusterIP: '172.30.0.42',
        ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }],
        externalIPs: ['192.168.99.22'],
        healthCheckNodePort: 30000,
      },
      { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    ),
    makeService('ns3', 'svc3', {
      type: 'NodePort',
      clusterIP: '172.30.0.43',
      ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3003 }],
    }),
    makeService('ns4', 'svc4', {
      type: 'NodePort',
      clusterIP: '172.30.0.44',
      externalIPs: ['192.168.99.33'],
      ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }],
    }),
    makeService(
      'ns5',
      'svc5',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        clusterIP: '172.30.0.45',
        ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3002 }],
        healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      },
      { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } },
    ),
    makeService('ns6', 'svc6', {
      type: 'ClusterIP',
      clusterIP: '172.30.0.46',
      ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }],
    }),
  ];
  const slices = [
    makeSlice('ns1', 'svc1', 1, [{ addresses: ['10.180.0.1'] }], [p80()]),
    makeSlice('ns2', 'svc2', 1, [{ addresses: ['10.180.0.2'] }], [p80()]),
    makeSlice('ns3', 'svc3', 1, [{ addresses: ['10.180.0.3'] }], [p80()]),
    makeSlice('ns4', 'svc4', 1, [{ addresses: ['10.180.0.4'] }, { addresses: ['10.180.0.5'], nodeName: 'test-node' }], [p80()]),
    makeSlice('ns5', 'svc5', 1, [{ addresses: ['10.180.0.3'] }], [p80()]),
  ];
  return { services, slices };
}
