// iproute2 `ip addr` / `ip link` / `ip route` (Debian/Ubuntu nodes and GNU images) over an interface and route
// model of a network namespace: link lines with flags, `group default`, qlen, link/ether lines, inet/inet6 lines
// with `valid_lft forever preferred_lft forever`. Busybox's ip formats the same model its own way (container).

import type { ToolIO } from './common.js';

export interface IfAddr {
  /** `10.244.1.1/32` or `fe80::1/64` */
  cidr: string;
  brd?: string;
  scope: 'host' | 'global' | 'link';
  /** IPv4 lines end with the interface label; `nodad` etc. flags before it */
  flags?: string;
}

export interface Iface {
  index: number;
  name: string;
  /** `@ifN` peer suffix */
  peer?: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: string;
  qlen?: number;
  linkType: 'loopback' | 'ether';
  mac: string;
  brd: string;
  /** trailing link info (`link-netnsid 0`, `link-netns cni-...`) */
  linkExtra?: string;
  addrs: IfAddr[];
}

export interface Route {
  /** `default`, `10.244.1.0/24`, `10.244.1.2` */
  dst: string;
  via?: string;
  dev: string;
  proto?: string;
  scope?: string;
  src?: string;
  /** the route's MTU metric (Cilium's tunnel routes) */
  mtu?: number;
}

/** The address lines of an interface (ipaddress.c; busybox prints them alike): IPv4 ones end with the label. */
export function formatAddrLines(i: Iface): string {
  let out = '';
  for (const a of i.addrs) {
    if (a.cidr.includes(':')) out += `    inet6 ${a.cidr} scope ${a.scope} ${a.flags ? a.flags + ' ' : ''}\n`;
    else out += `    inet ${a.cidr} ${a.brd ? `brd ${a.brd} ` : ''}scope ${a.scope} ${a.flags ? a.flags + ' ' : ''}${i.name}\n`;
    out += '       valid_lft forever preferred_lft forever\n';
  }
  return out;
}

function linkLines(i: Iface, mode: string): string {
  return (
    `${i.index}: ${i.name}${i.peer ? '@' + i.peer : ''}: <${i.flags}> mtu ${i.mtu} qdisc ${i.qdisc} state ${i.state} ${mode}group default ${i.qlen ? `qlen ${i.qlen}` : ''}\n` +
    `    link/${i.linkType} ${i.mac} brd ${i.brd}${i.linkExtra ? ' ' + i.linkExtra : ''}\n`
  );
}

export function formatIpAddr(ifaces: Iface[], only?: string): string {
  return ifaces
    .filter((i) => !only || i.name === only)
    .map((i) => linkLines(i, '') + formatAddrLines(i))
    .join('');
}

export function formatIpRoute(routes: Route[]): string {
  return routes
    .map((r) => [r.dst, r.via && `via ${r.via}`, `dev ${r.dev}`, r.proto && `proto ${r.proto}`, r.scope && `scope ${r.scope}`, r.src && `src ${r.src}`, r.mtu && `mtu ${r.mtu}`].filter(Boolean).join(' ') + ' \n')
    .join('');
}

/** `ip a`, `ip addr [show [dev] X]`, `ip link`, `ip route [show]`, `ip r`, `ip -4 a`. */
export function runIproute2(argv: string[], ifaces: Iface[], routes: Route[], io: ToolIO): number {
  const args = argv.filter((a) => a !== '-4' && a !== '-c' && a !== '--color=never');
  const family4 = argv.includes('-4');
  const obj = args[0] ?? '';
  const rest = args.slice(1).filter((a) => a !== 'show' && a !== 'list' && a !== 'dev');
  if (obj === '') {
    io.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n');
    return 255;
  }
  if ('address'.startsWith(obj) || obj === 'addr') {
    const list = family4 ? ifaces.map((i) => ({ ...i, addrs: i.addrs.filter((a) => !a.cidr.includes(':')) })) : ifaces;
    if (rest[0] && !ifaces.some((i) => i.name === rest[0])) {
      io.err(`Device "${rest[0]}" does not exist.\n`);
      return 1;
    }
    io.out(formatIpAddr(list, rest[0]));
    return 0;
  }
  if ('route'.startsWith(obj)) {
    io.out(formatIpRoute(routes));
    return 0;
  }
  if ('link'.startsWith(obj)) {
    io.out(ifaces.map((i) => linkLines(i, 'mode DEFAULT ')).join(''));
    return 0;
  }
  io.err(`Object "${obj}" is unknown, try "ip help".\n`);
  return 1;
}
