// `ip addr` / `ip link` / `ip route` inside a pod: one model of the pod's network namespace (lo, and eth0@ifN with
// the pod's MAC and its address in the node's pod /24, routes as kindnet's ptp plugin sets them; a /32 routed via
// cilium_host on a node Cilium serves), printed by
// iproute2 (src/node/net/iproute2.ts) in GNU images or in busybox's libiproute formats here.

import { podMac } from '../../../cluster/network/request.js';
import { stableHash } from '../../../cluster/network/dataplane/topology.js';
import { parseCIDR, ipToString } from '../../../cluster/state/config.js';
import { ciliumRouting, NODE_MTU, TUNNEL_OVERHEAD } from '../../../cluster/cilium/network.js';

function ipInCidr(ip: string, cidr: string): boolean {
  const c = parseCIDR(cidr);
  const v = parseCIDR(`${ip}/32`);
  return !!c && !!v && v.base >>> (32 - c.bits) === c.base >>> (32 - c.bits);
}
import { formatAddrLines, runIproute2, type Iface, type Route } from '../../net/iproute2.js';
import type { CmdIO, ContainerSession } from '../context.js';

// a pod's namespace has no IPv6 addresses (reference §7.1's capture of a busybox pod: lo and eth0 carry inet only)
const LO: Iface = {
  index: 1, name: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, qdisc: 'noqueue', state: 'UNKNOWN', qlen: 1000, linkType: 'loopback',
  mac: '00:00:00:00:00:00', brd: '00:00:00:00:00:00', addrs: [{ cidr: '127.0.0.1/8', scope: 'host' }],
};

/** The pod's interfaces and routes (none but lo before it has an address). */
function podNetns(s: ContainerSession): { ifaces: Iface[]; routes: Route[] } {
  const ip = s.pod.status?.podIP;
  if (!ip) return { ifaces: [LO], routes: [] };
  const cilium = s.pod.spec.nodeName ? ciliumRouting(s.cluster.api, s.cluster.config, s.pod.spec.nodeName) : undefined;
  if (cilium && ipInCidr(ip, cilium.podCIDR)) {
    // Cilium's endpoint: a /32 on eth0 (the node's MTU), everything via the cilium_host router with the tunnel MTU
    const eth0: Iface = {
      index: 2,
      name: 'eth0',
      peer: `if${5 + (stableHash(s.pod.metadata.uid ?? '') % 40)}`,
      flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
      mtu: NODE_MTU,
      qdisc: 'noqueue',
      state: 'UP',
      linkType: 'ether',
      mac: podMac(s.pod),
      brd: 'ff:ff:ff:ff:ff:ff',
      linkExtra: 'link-netnsid 0',
      addrs: [{ cidr: `${ip}/32`, scope: 'global' }],
    };
    const routes: Route[] = [
      { dst: 'default', via: cilium.routerIP, dev: 'eth0', mtu: NODE_MTU - TUNNEL_OVERHEAD },
      { dst: cilium.routerIP, dev: 'eth0', scope: 'link' },
    ];
    return { ifaces: [LO, eth0], routes };
  }
  const node = s.cluster.config.nodes.find((n) => n.name === s.pod.spec.nodeName);
  const cidr = parseCIDR(node?.podCIDR ?? `${ip}/24`) ?? parseCIDR(`${ip}/24`)!;
  const size = 2 ** (32 - cidr.bits);
  const gateway = ipToString((cidr.base + 1) >>> 0);
  const eth0: Iface = {
    index: 2,
    name: 'eth0',
    peer: `if${5 + (stableHash(s.pod.metadata.uid ?? '') % 40)}`,
    flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
    mtu: 1500,
    qdisc: 'noqueue',
    state: 'UP',
    linkType: 'ether',
    mac: podMac(s.pod),
    brd: 'ff:ff:ff:ff:ff:ff',
    linkExtra: 'link-netnsid 0',
    addrs: [{ cidr: `${ip}/${cidr.bits}`, brd: ipToString((cidr.base + size - 1) >>> 0), scope: 'global' }],
  };
  const routes: Route[] = [
    { dst: 'default', via: gateway, dev: 'eth0' },
    { dst: `${ipToString(cidr.base)}/${cidr.bits}`, via: gateway, dev: 'eth0', src: ip },
    { dst: gateway, dev: 'eth0', scope: 'link', src: ip },
  ];
  return { ifaces: [LO, eth0], routes };
}

/** busybox ipaddress.c: no state/group (built without IFF_DORMANT), `,M-DOWN` on a veth whose peer is elsewhere. */
function busyboxLink(i: Iface): string {
  return `${i.index}: ${i.name}${i.peer ? '@' + i.peer : ''}: <${i.flags}${i.peer ? ',M-DOWN' : ''}> mtu ${i.mtu} qdisc ${i.qdisc} ${i.qlen ? `qlen ${i.qlen}` : ''}\n    link/${i.linkType} ${i.mac} brd ${i.brd}\n`;
}

/** busybox iproute.c: `via`, `dev`, `scope` (non-universe), then `" src %s "` (a double space), no proto. */
function busyboxRoutes(routes: Route[]): string {
  return routes.map((r) => `${r.dst} ${r.via ? `via ${r.via} ` : ''}dev ${r.dev} ${r.scope ? `scope ${r.scope} ` : ''}${r.src ? ` src ${r.src} ` : ''}\n`).join('');
}

export function ipTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const { ifaces, routes } = podNetns(s);
  if (s.facts.flavour !== 'busybox') return runIproute2(argv.slice(1), ifaces, routes, io);
  const obj = argv.slice(1).filter((a) => !a.startsWith('-'))[0] ?? '';
  if (obj === '') {
    io.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n');
    return 1;
  }
  if ('address'.startsWith(obj)) {
    io.out(ifaces.map((i) => busyboxLink(i) + formatAddrLines(i)).join(''));
    return 0;
  }
  if ('link'.startsWith(obj)) {
    io.out(ifaces.map(busyboxLink).join(''));
    return 0;
  }
  if ('route'.startsWith(obj)) {
    io.out(busyboxRoutes(routes));
    return 0;
  }
  io.err(`ip: unknown command '${obj}'\n`);
  return 1;
}
