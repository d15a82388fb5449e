// ping inside a container: busybox's (networking/ping.c: `PING x (ip): 56 data bytes`, `seq=0`, integer loss and
// average) here, iputils' through the implementation the nodes use. Both send their echo requests through the
// data plane (a ClusterIP in iptables mode has no ICMP rule, so the packets are lost).

import { echoReplies, runIputilsPing } from '../../net/ping-iputils.js';
import type { CmdIO, ContainerSession } from '../context.js';
import { containerNetEnv } from './net-env.js';

/** `%u.%03u` of microseconds */
function fmtMs(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

const BUSYBOX_USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n';

export function pingTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const env = containerNetEnv(s, io);
  if (s.facts.flavour !== 'busybox') return runIputilsPing(argv.slice(1), env, io);
  let count = 4;
  let host: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const c = a === '-c' ? argv[++i] : a.startsWith('-c') ? a.slice(2) : undefined;
    if (a === '-c' && c === undefined) {
      io.err(`ping: option requires an argument -- 'c'\n${BUSYBOX_USAGE}`);
      return 1;
    }
    if (c !== undefined) {
      // getopt32's `c:+` (xatoi_positive): decimal digits only, else bb_error_msg_and_die
      if (!/^\d+$/.test(c)) {
        io.err(`ping: invalid number '${c}'\n`);
        return 1;
      }
      count = Number(c);
    }
    else if (['-W', '-w', '-i', '-s', '-t', '-I'].includes(a)) i++;
    else if (a.startsWith('-')) continue;
    else host = a;
  }
  if (!host) {
    io.err(BUSYBOX_USAGE);
    return 1;
  }
  const ip = env.resolve(host);
  if (ip === null) {
    io.err(`ping: bad address '${host}'\n`);
    return 1;
  }
  io.out(`PING ${host} (${ip}): 56 data bytes\n`);
  const replies = echoReplies(env, ip, count);
  for (const r of replies) io.out(`64 bytes from ${ip}: seq=${r.seq} ttl=${r.ttl} time=${fmtMs(r.us)} ms\n`);
  const recv = replies.length;
  const loss = Math.floor(((count - recv) * 100) / Math.max(1, count));
  io.out(`\n--- ${host} ping statistics ---\n${count} packets transmitted, ${recv} packets received, ${loss}% packet loss\n`);
  if (recv) {
    const times = replies.map((r) => r.us);
    const avg = Math.floor(times.reduce((a, b) => a + b, 0) / recv);
    io.out(`round-trip min/avg/max = ${fmtMs(Math.min(...times))}/${fmtMs(avg)}/${fmtMs(Math.max(...times))} ms\n`);
  }
  return recv ? 0 : 1;
}
