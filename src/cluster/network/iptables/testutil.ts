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
