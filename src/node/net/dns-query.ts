// One DNS question to a nameserver from a pod or a node, as a datagram through the data path: the first datagram
// of the flow walks the sender's node's kube-proxy rules (the kube-dns KUBE-SVC/KUBE-SEP counters move and the
// rules pick the CoreDNS pod), and the answer is CoreDNS's only if the datagram reached a CoreDNS pod.

import type { Pod } from '../../cluster/apiserver/types.js';
import { clusterDNSIP, dnsInputs, resolve, type DnsReply, type RRType } from '../../cluster/network/dns/index.js';
import { parseImage } from '../../cluster/network/images/index.js';
import { sendUdp } from '../../cluster/network/request.js';
import type { RequestSource } from '../../cluster/network/request-types.js';
import type { Cluster } from '../../cluster/state/cluster.js';

/** An address inside the cluster (kube-dns, a Service's ClusterIP, a pod's IP) rather than the node's upstream resolver. */
export function clusterAddress(cluster: Cluster, ip: string): boolean {
  if (ip === clusterDNSIP(cluster.config)) return true;
  if (cluster.api.list('services').some((x) => x.spec?.clusterIP === ip)) return true;
  return cluster.api.list<Pod>('pods').some((p) => p.status?.podIP === ip);
}

/**
 * Size of a DNS query datagram as the iptables counters see it: IP (20) + UDP (8) headers, DNS header (12), the
 * QNAME in wire form (one length byte per label plus the root byte: name length + 2) and QTYPE/QCLASS (4). No
 * EDNS record: busybox, musl and glibc's res_mkquery send none.
 */
export function dnsQueryBytes(name: string): number {
  return 20 + 8 + 12 + name.replace(/\.$/, '').length + 2 + 4;
}

/**
 * Asks `server` (a cluster address) on a new UDP socket; undefined when no answer comes back (ICMP port
 * unreachable from a REJECT rule or a closed port, a dropped datagram, or a server that is not CoreDNS).
 */
export function askClusterDns(cluster: Cluster, from: RequestSource, server: string, name: string, type: RRType): DnsReply | undefined {
  const sent = sendUdp(cluster, from, server, 53, dnsQueryBytes(name));
  if (!sent.ok) return undefined;
  const c = sent.served.pod.spec.containers.find((x) => x.name === sent.served.container);
  if (!parseImage(c?.image ?? '').repo.endsWith('coredns')) return undefined;
  return resolve(dnsInputs(cluster.api, cluster.config), name, type);
}
