// ping: busybox's (networking/ping.c: `PING x (ip): 56 data bytes`, `seq=0`) and iputils' (`56(84) bytes of data`,
// `icmp_seq=1`, `rtt min/avg/max/mdev`). Each echo request walks the data plane (pingIP): a ClusterIP in
// iptables mode has no ICMP rule, so the packets are lost.

import { pingIP } from '../../../cluster/network/request.js';
import { stableHash } from '../../../cluster/network/dataplane/topology.js';
import { lookupHost, type CmdIO, type ContainerSession } from '../context.js';

function fmtMs(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

export function pingTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  let count = 4;
  let host: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c') count = Number(argv[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (['-W', '-w', '-i', '-s', '-t', '-I'].includes(a)) i++;
    else if (a.startsWith('-')) continue;
    else host = a;
  }
  const busy = s.facts.flavour === 'busybox';
  if (!host) {
    io.err(busy ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n' : 'ping: usage error: Destination address required\n');
    return busy ? 1 : 1;
  }
  const look = lookupHost(s, host);
  if (!look.ok) {
    io.err(busy ? `ping: bad address '${host}'\n` : `ping: ${host}: Name or service not known\n`);
    return busy ? 1 : 2;
  }
  const ip = look.ip;
  io.out(busy ? `PING ${host} (${ip}): 56 data bytes\n` : `PING ${host} (${ip}) 56(84) bytes of data.\n`);
  const times: number[] = [];
  const seed = `${s.pod.metadata.uid}/${ip}/${s.cluster.clock.now().getTime()}`;
  for (let seq = 0; seq < count; seq++) {
    const r = pingIP(s.cluster, { kind: 'pod', pod: s.pod }, ip);
    s.cluster.touched = true;
    if (!r.ok) continue;
    const us = 40 + (stableHash(`${seed}/${seq}`) % 460) + (seq === 0 ? 150 : 0);
    times.push(us);
    io.out(busy ? `64 bytes from ${ip}: seq=${seq} ttl=${r.ttl} time=${fmtMs(us)} ms\n` : `64 bytes from ${ip}: icmp_seq=${seq + 1} ttl=${r.ttl} time=${(us / 1000).toFixed(us >= 1000 ? 2 : 3)} ms\n`);
  }
  const recv = times.length;
  const loss = Math.round(((count - recv) * 100) / Math.max(1, count));
  io.out(`\n--- ${host} ping statistics ---\n`);
  if (busy) {
    io.out(`${count} packets transmitted, ${recv} packets received, ${loss}% packet loss\n`);
    if (recv) {
      const avg = Math.round(times.reduce((a, b) => a + b, 0) / recv);
      io.out(`round-trip min/avg/max = ${fmtMs(Math.min(...times))}/${fmtMs(avg)}/${fmtMs(Math.max(...times))} ms\n`);
    }
  } else {
    io.out(`${count} packets transmitted, ${recv} received, ${loss}% packet loss, time ${Math.max(0, count - 1) * 1001 + (recv ? 2 : 0)}ms\n`);
    if (recv) {
      const ms = times.map((t) => t / 1000);
      const avg = ms.reduce((a, b) => a + b, 0) / recv;
      const mdev = Math.sqrt(ms.reduce((a, b) => a + (b - avg) ** 2, 0) / recv);
      io.out(`rtt min/avg/max/mdev = ${Math.min(...ms).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...ms).toFixed(3)}/${mdev.toFixed(3)} ms\n`);
    }
  }
  return recv ? 0 : 1;
}
