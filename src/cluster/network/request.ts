// The request API of the data plane: one call sends a TCP connection (carrying one HTTP request) from a pod or a
// node to an address, walks it through the node's kube-proxy rules, delivers it to whatever listens there and
// returns what the client sees. exec'd container commands and node tools (curl, wget) all go through here.

import type { Pod } from '../apiserver/types.js';
import type { Cluster } from '../state/cluster.js';
import { sendPacket, sendPing, sendUdpPacket } from './dataplane/send.js';

export type { HttpRequest, RequestSource, SendResult, ServedBy, TlsClientHello, TlsServerHello } from './request-types.js';
import type { HttpRequest, RequestSource, SendResult } from './request-types.js';

/** The parts of a Cluster the data plane uses (a full Cluster fits). */
export type { DataplaneCluster } from './dataplane/cluster-view.js';
import type { DataplaneCluster } from './dataplane/cluster-view.js';

/**
 * Sends one TCP connection from `src` to dstIP:dstPort carrying `req`: the SYN walks the rules of the node where it
 * starts (and of the node it arrives on), rule counters and affinity tables are updated, the serving container
 * answers as its image does and writes its access-log line. Mutates cluster.data and sets cluster.touched.
 */
export function sendTcp(cluster: DataplaneCluster, src: RequestSource, dstIP: string, dstPort: number, req: HttpRequest): SendResult {
  return sendPacket(cluster, src, dstIP, dstPort, req);
}

export type PingResult = { ok: true; ttl: number; route: string[] } | { ok: false; error: 'refused' | 'timeout' | 'unreachable' | 'reset'; route: string[] };

/**
 * One ICMP echo request from `src` to dstIP, walked through the same rules (a ClusterIP in iptables mode has no
 * rule for ICMP, so it is lost: timeout). On success, `ttl` is the reply's TTL as ping prints it.
 */
export function pingIP(cluster: DataplaneCluster, src: RequestSource, dstIP: string): PingResult {
  return sendPing(cluster, src, dstIP);
}

export type UdpResult = ReturnType<typeof sendUdpPacket>;

/**
 * One UDP datagram from `src` to dstIP:dstPort (a DNS query to the kube-dns ClusterIP: about 70-90 bytes), walked
 * through the same rules so the kube-dns KUBE-SVC/KUBE-SEP counters move; says which pod (CoreDNS) received it.
 * 'refused' = ICMP port unreachable (nothing listens / REJECT), 'timeout' = dropped or nobody owns the address.
 */
export function sendUdp(cluster: DataplaneCluster, src: RequestSource, dstIP: string, dstPort: number, bytes = 80): UdpResult {
  return sendUdpPacket(cluster, src, dstIP, dstPort, bytes);
}

export { tracing } from './dataplane/send.js';
export { podMac, linkLocalOf } from './dataplane/topology.js';
