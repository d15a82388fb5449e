// `ip addr` / `ip link` / `ip route` inside a pod (busybox libiproute formats; iproute2 adds state/group): lo and
// eth0@ifN with the pod's MAC and its address in the node's pod /24, routes as kindnet's ptp plugin sets them.

import { podMac } from '../../../cluster/network/request.js';
import { stableHash } from '../../../cluster/network/dataplane/topology.js';
import { parseCIDR, ipToString } from '../../../cluster/state/config.js';
import type { CmdIO, ContainerSession } from '../context.js';

interface PodNet {
  ip: string;
  prefix: number;
  brd: string;
  gateway: string;
  network: string;
  mac: string;
  peer: number;
}

function podNet(s: ContainerSession): PodNet | undefined {
  const ip = s.pod.status?.podIP;
  if (!ip) return undefined;
  const node = s.cluster.config.nodes.find((n) => n.name === s.pod.spec.nodeName);
  const cidr = parseCIDR(node?.podCIDR ?? `${ip}/24`) ?? parseCIDR(`${ip}/24`)!;
  const size = 2 ** (32 - cidr.bits);
  return {
    ip,
    prefix: cidr.bits,
    brd: ipToString((cidr.base + size - 1) >>> 0),
    gateway: ipToString((cidr.base + 1) >>> 0),
    network: `${ipToString(cidr.base)}/${cidr.bits}`,
    mac: podMac(s.pod),
    peer: 5 + (stableHash(s.pod.metadata.uid ?? '') % 40),
  };
}

function addr(s: ContainerSession, io: CmdIO, withAddrs: boolean, only4: boolean): number {
  const n = podNet(s);
  const gnu = s.facts.flavour === 'gnu';
  let out = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue ${gnu ? 'state UNKNOWN group default ' : ''}qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n`;
  if (withAddrs) {
    out += '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n';
    if (gnu && !only4) out += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
  }
  if (n) {
    out += `2: eth0@if${n.peer}: <BROADCAST,MULTICAST,UP,LOWER_UP${gnu ? '' : ',M-DOWN'}> mtu 1500 qdisc noqueue ${gnu ? 'state UP group default ' : ''}\n`;
    out += `    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff${gnu ? ` link-netnsid 0` : ''}\n`;
    if (withAddrs) {
      out += `    inet ${n.ip}/${n.prefix} brd ${n.brd} scope global eth0\n       valid_lft forever preferred_lft forever\n`;
    }
  }
  io.out(out);
  return 0;
}

function route(s: ContainerSession, io: CmdIO): number {
  const n = podNet(s);
  if (!n) return 0;
  io.out(`default via ${n.gateway} dev eth0 \n${n.network} via ${n.gateway} dev eth0  src ${n.ip} \n${n.gateway} dev eth0 scope link  src ${n.ip} \n`);
  return 0;
}

export function ipTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const args = argv.slice(1);
  const only4 = args.includes('-4');
  const rest = args.filter((a) => !a.startsWith('-'));
  const obj = rest[0] ?? '';
  if (obj === '') {
    io.err(s.facts.flavour === 'busybox' ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n' : 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n');
    return s.facts.flavour === 'busybox' ? 1 : 255;
  }
  if ('address'.startsWith(obj)) return addr(s, io, true, only4);
  if ('link'.startsWith(obj)) return addr(s, io, false, only4);
  if ('route'.startsWith(obj)) return route(s, io);
  io.err(s.facts.flavour === 'busybox' ? `ip: unknown command '${obj}'\n` : `Object "${obj}" is unknown, try "ip help".\n`);
  return 1;
}
