// Network commands on a simulated node (`kubesim curl|wget|ping|ip|nslookup [--node NAME]`): they use the node's
// host resolver (cluster Service names do not resolve there, as on a real node), send their traffic through the
// data plane from the node (nat OUTPUT → kube-proxy rules), and show the node's interfaces and routes as a kind
// node (kindnet ptp: one veth per pod, a route per other node's pod CIDR) has them.

import fs from 'node:fs';
import path from 'node:path';
import type { Pod } from '../cluster/apiserver/types.js';
import type { DnsReply, RRType } from '../cluster/network/dns/index.js';
import { podHoldsIP, stableHash } from '../cluster/network/dataplane/topology.js';
import { linkLocalOf, pingIP, sendTcp } from '../cluster/network/request.js';
import { parseCIDR4, parseIPv4, formatIPv4 } from '../cluster/network/iptables/ip.js';
import type { Cluster } from '../cluster/state/cluster.js';
import type { NodeConfig } from '../cluster/state/config.js';
import { ciliumRouting, NODE_MTU, TUNNEL_OVERHEAD } from '../cluster/cilium/network.js';
import type { NodeCommandContext } from './tool-context.js';
import { isIPv4Literal, type NetEnv, type ToolResult } from './net/common.js';
import { runCurl } from './net/curl.js';
import { runIproute2, type Iface, type Route } from './net/iproute2.js';
import { askClusterDns, clusterAddress } from './net/dns-query.js';
import { parseNslookupArgs, runBindNslookup } from './net/nslookup-bind.js';
import { runIputilsPing } from './net/ping-iputils.js';
import { runGnuWget } from './net/wget-gnu.js';
import { runOpenssl } from './net/openssl.js';

function nodeOf(cluster: Cluster, name: string): NodeConfig {
  return cluster.config.nodes.find((n) => n.name === name)!;
}

/** The node's docker network: /16 for kind's 172.x network, else /24. */
function nodeNetwork(n: NodeConfig): { cidr: string; len: number; gateway: string; brd: string } {
  const ip = parseIPv4(n.ip)!;
  const len = n.ip.startsWith('172.') ? 16 : 24;
  const size = 2 ** (32 - len);
  const base = ip - (ip % size);
  return { cidr: `${formatIPv4(base)}/${len}`, len, gateway: formatIPv4(base + 1), brd: formatIPv4(base + size - 1) };
}

/** The host resolver of a node: localhost, the node's own name, the other kind nodes (docker DNS); nothing else. */
export function nodeResolve(cluster: Cluster, name: string): string | null {
  if (isIPv4Literal(name)) return name;
  const n = name.replace(/\.$/, '');
  if (n === 'localhost' || n === 'localhost.localdomain') return '127.0.0.1';
  return cluster.config.nodes.find((x) => x.name === n)?.ip ?? null;
}

export function nodeNetEnv(ctx: NodeCommandContext): NetEnv {
  const { cluster, node } = ctx;
  cluster.touched = true;
  return {
    resolve: (name) => nodeResolve(cluster, name),
    connect: (ip, port, req) => sendTcp(cluster, { kind: 'node', node }, ip, port, req),
    ping: (ip) => pingIP(cluster, { kind: 'node', node }, ip),
    random: () => cluster.rng.float(),
    nowMs: cluster.clock.nowMs(),
    isTTY: ctx.io.isTTY,
    sourceIP: nodeOf(cluster, node).ip,
    readFile: (p) => hostFile(ctx, p),
  };
}

/** The system CA bundle of the node image: the public roots, none of which signs a simulated certificate. */
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * A file a node tool names (curl --cacert tls.crt): read from the working directory the command was typed in,
 * where the lab's `openssl req` wrote it. The node's own system bundle is not the host's: it holds no cluster CA.
 */
export function hostFile(ctx: NodeCommandContext, p: string): string | undefined {
  if (p === SYSTEM_BUNDLE) return '';
  try {
    return fs.readFileSync(path.resolve(ctx.io.cwd, p), 'utf8');
  } catch {
    return undefined;
  }
}

function emit(ctx: NodeCommandContext, r: ToolResult): number {
  if (r.stdout) ctx.io.out(r.stdout);
  if (r.stderr) ctx.io.err(r.stderr);
  return r.code;
}

function hex2(n: number): string {
  return (n & 255).toString(16).padStart(2, '0');
}

function vethName(pod: Pod): string {
  return 'veth' + stableHash((pod.metadata.uid ?? '') + '/veth').toString(16).padStart(8, '0');
}

function vethMac(pod: Pod): string {
  const h = stableHash((pod.metadata.uid ?? '') + '/host-mac');
  const g = stableHash((pod.metadata.uid ?? '') + '/host-mac2');
  return [0x02 | ((h >>> 24) & 0xfc), h >>> 16, h >>> 8, h, g >>> 8, g].map(hex2).join(':');
}

function netnsName(pod: Pod): string {
  const h = (s: string) => stableHash((pod.metadata.uid ?? '') + s).toString(16).padStart(8, '0');
  return `cni-${h('a')}-${h('b').slice(0, 4)}-${h('c').slice(0, 4)}-${h('d').slice(0, 4)}-${h('e')}${h('f').slice(0, 4)}`;
}

/** Pods with their own network namespace on the node, in creation order (veth creation order). */
function localPods(cluster: Cluster, node: string): Pod[] {
  return cluster.api
    .list<Pod>('pods')
    .filter((p) => p.spec.nodeName === node && !p.spec.hostNetwork && podHoldsIP(p))
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export function nodeInterfaces(cluster: Cluster, node: string): Iface[] {
  const n = nodeOf(cluster, node);
  const idx = cluster.config.nodes.indexOf(n);
  const net = nodeNetwork(n);
  const ipn = parseIPv4(n.ip)!;
  const mac = ['02', '42', hex2(ipn >>> 24), hex2(ipn >>> 16), hex2(ipn >>> 8), hex2(ipn)].join(':');
  const gw = formatIPv4(parseCIDR4(n.podCIDR)!.base + 1);
  const ifaces: Iface[] = [
    { index: 1, name: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, qdisc: 'noqueue', state: 'UNKNOWN', qlen: 1000, linkType: 'loopback', mac: '00:00:00:00:00:00', brd: '00:00:00:00:00:00', addrs: [{ cidr: '127.0.0.1/8', scope: 'host' }, { cidr: '::1/128', scope: 'host' }] },
  ];
  let index = 3; // lo, eth0 (created by docker before any pod), then one veth per pod
  for (const pod of localPods(cluster, node)) {
    ifaces.push({
      index: index++,
      name: vethName(pod),
      peer: 'if2',
      flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
      mtu: 65535,
      qdisc: 'noqueue',
      state: 'UP',
      linkType: 'ether',
      mac: vethMac(pod),
      brd: 'ff:ff:ff:ff:ff:ff',
      linkExtra: `link-netns ${netnsName(pod)}`,
      addrs: [{ cidr: `${gw}/32`, scope: 'global' }, { cidr: `${linkLocalOf(vethMac(pod))}/64`, scope: 'link' }],
    });
  }
  const eth0: Iface = {
    index: 2,
    name: 'eth0',
    peer: `if${5 + idx * 2}`,
    flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
    mtu: 65535,
    qdisc: 'noqueue',
    state: 'UP',
    linkType: 'ether',
    mac,
    brd: 'ff:ff:ff:ff:ff:ff',
    linkExtra: 'link-netnsid 0',
    addrs: [
      ...[...new Set([n.ip, ...n.addresses])].map((a) => ({ cidr: `${a}/${net.len}`, brd: net.brd, scope: 'global' as const })),
      { cidr: `${linkLocalOf(mac)}/64`, scope: 'link' as const },
    ],
  };
  return [ifaces[0], eth0, ...ifaces.slice(1)];
}

export function nodeRoutes(cluster: Cluster, node: string): Route[] {
  const n = nodeOf(cluster, node);
  const net = nodeNetwork(n);
  const cilium = ciliumRouting(cluster.api, cluster.config, node);
  if (cilium) {
    // Cilium's tunnel mode: every pod CIDR through cilium_host (the remote ones with the tunnel's MTU), no per-pod routes
    const r = cilium.routerIP;
    const key = (cidr: string) => parseCIDR4(cidr)!;
    const list: Array<Route & { key: number; len: number }> = [
      { dst: cilium.podCIDR, via: r, dev: 'cilium_host', src: r, key: key(cilium.podCIDR).base, len: key(cilium.podCIDR).len },
      { dst: r, dev: 'cilium_host', scope: 'link', key: parseIPv4(r)!, len: 32 },
      ...cilium.remoteCIDRs.map((c) => ({ dst: c, via: r, dev: 'cilium_host', src: r, mtu: NODE_MTU - TUNNEL_OVERHEAD, key: key(c).base, len: key(c).len })),
    ];
    const nc = parseCIDR4(net.cidr)!;
    list.push({ dst: net.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: n.ip, key: nc.base, len: nc.len });
    list.sort((a, b) => a.key - b.key || a.len - b.len);
    return [{ dst: 'default', via: net.gateway, dev: 'eth0' }, ...list.map(({ key: _k, len: _l, ...x }) => x)];
  }
  const routes: Array<Route & { key: number; len: number }> = [];
  for (const other of cluster.config.nodes) {
    if (other.name === node) continue;
    const c = parseCIDR4(other.podCIDR)!;
    routes.push({ dst: other.podCIDR, via: other.ip, dev: 'eth0', key: c.base, len: c.len });
  }
  for (const pod of localPods(cluster, node)) {
    const ip = parseIPv4(pod.status!.podIP!)!;
    routes.push({ dst: pod.status!.podIP!, dev: vethName(pod), scope: 'host', key: ip, len: 32 });
  }
  const nc = parseCIDR4(net.cidr)!;
  routes.push({ dst: net.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: n.ip, key: nc.base, len: nc.len });
  routes.sort((a, b) => a.key - b.key || a.len - b.len);
  return [{ dst: 'default', via: net.gateway, dev: 'eth0' }, ...routes.map(({ key: _k, len: _l, ...r }) => r)];
}

export function curlTool(argv: string[], ctx: NodeCommandContext): number {
  return runCurl(argv, nodeNetEnv(ctx), ctx.io);
}

export function wgetTool(argv: string[], ctx: NodeCommandContext): number {
  return emit(ctx, runGnuWget(argv, nodeNetEnv(ctx)));
}

export function pingTool(argv: string[], ctx: NodeCommandContext): number {
  return runIputilsPing(argv, nodeNetEnv(ctx), ctx.io);
}

export function ipTool(argv: string[], ctx: NodeCommandContext): number {
  return runIproute2(argv, nodeInterfaces(ctx.cluster, ctx.node), nodeRoutes(ctx.cluster, ctx.node), ctx.io);
}

export function nslookupTool(argv: string[], ctx: NodeCommandContext): number {
  const parsed = parseNslookupArgs(argv);
  // an unknown -type is not an error here: the question is asked for A records
  const p = parsed === 'usage' ? null : 'badType' in parsed ? parseNslookupArgs(argv.filter((a) => !a.startsWith('-'))) : parsed;
  if (!p || p === 'usage' || 'badType' in p) return 1;
  const conf = { nameservers: [nodeNetwork(nodeOf(ctx.cluster, ctx.node)).gateway], searches: [], options: ['ndots:0'] };
  // `nslookup NAME 10.96.0.10` asks that server through the node's rules; the default server is docker's DNS
  const query = (server: string, name: string, type: RRType) =>
    clusterAddress(ctx.cluster, server) ? askClusterDns(ctx.cluster, { kind: 'node', node: ctx.node }, server, name, type) : nodeDnsReply(ctx.cluster, name, type);
  ctx.cluster.touched = true;
  return runBindNslookup(p, { conf, query }, ctx.io);
}

/** What docker's embedded DNS answers a kind node: the kind nodes' names (and localhost); nothing else. */
function nodeDnsReply(cluster: Cluster, name: string, type: RRType): DnsReply {
  const ip = isIPv4Literal(name) ? null : nodeResolve(cluster, name);
  if (!ip) return { rcode: 'NXDOMAIN', authoritative: false, answer: [], extra: [] };
  return { rcode: 'NOERROR', authoritative: false, answer: type === 'A' ? [{ name, type: 'A', ttl: 600, value: ip }] : [], extra: [] };
}

/**
 * openssl on the node, and for the lab's workstation lines (`openssl req -x509 ... -keyout tls.key -out tls.crt`):
 * files are read and written in the working directory, certificates are dated on the cluster clock and keyed from
 * the cluster's RNG (a host openssl would date them on this machine's clock, which a virtual cluster clock does not
 * share), s_client connects from the node through the data path.
 */
export function opensslTool(argv: string[], ctx: NodeCommandContext): number {
  const cluster = ctx.cluster;
  return runOpenssl(
    argv,
    {
      net: nodeNetEnv(ctx),
      readFile: (p) => hostFile(ctx, p),
      writeFile: (p, c) => {
        try {
          fs.writeFileSync(path.resolve(ctx.io.cwd, p), c);
          return undefined;
        } catch (e) {
          return (e as NodeJS.ErrnoException).code === 'EACCES' ? 'Permission denied' : 'No such file or directory';
        }
      },
      stdin: ctx.io.stdin,
      keyLabel: () => `${cluster.config.seed}/${cluster.rng.hex(16)}`,
    },
    ctx.io,
  );
}
