// Cluster DNS entry points: the zone inputs read from the API server, the kube-dns ClusterIP pods are given as
// their nameserver, and re-exports of the record and pod-file modules.

import type { ApiServer } from '../../apiserver/server.js';
import type { EndpointSlice, Service } from '../../apiserver/types.js';
import { ipToString, parseCIDR, type ClusterConfig } from '../../state/config.js';
import type { DnsZoneInputs } from './records.js';

export * from './records.js';
export * from './podfiles.js';

/** What CoreDNS sees right now. */
export function dnsInputs(api: ApiServer, config: ClusterConfig): DnsZoneInputs {
  return {
    services: api.list<Service>('services'),
    endpointSlices: api.list<EndpointSlice>('endpointslices.discovery.k8s.io'),
    namespaces: api.list('namespaces').map((n) => n.metadata.name ?? ''),
    clusterDomain: config.clusterDomain,
  };
}

/** kubelet's clusterDNS setting: fixed at the 10th address of the service CIDR (kubeadm), whatever kube-dns has now. */
export function clusterDNSIP(config: ClusterConfig): string {
  return ipToString((parseCIDR(config.serviceCIDR)!.base + 10) >>> 0);
}
