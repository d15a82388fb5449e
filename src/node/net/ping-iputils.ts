// iputils ping (Ubuntu/Debian nodes and GNU images) against the simulated network: `-c N`, `-W`, `-i`, `-q`;
// replies exist when the data plane delivers the echo (pod and node IPs; a ClusterIP in iptables mode never
// answers). The echo loop is shared with busybox's ping, which prints its own format.

import type { NetEnv, ToolIO } from './common.js';

export interface EchoReply {
  /** 0-based sequence of the request */
  seq: number;
  ttl: number;
  /** round-trip time in microseconds */
  us: number;
}

/** Sends `count` echo requests through the data plane; the replies that came back, with their round trips. */
export function echoReplies(env: NetEnv, ip: string, count: number): EchoReply[] {
  const replies: EchoReply[] = [];
  for (let seq = 0; seq < count; seq++) {
    const r = env.ping(ip);
    if (!r.ok) continue;
    // one hop more, a little longer: ~40 µs on the node, ~70 µs to the next node, ~110 µs beyond
    const base = r.ttl === 64 ? 40 : r.ttl === 63 ? 70 : 110;
    replies.push({ seq, ttl: r.ttl, us: Math.round(base + env.random() * base) });
  }
  return replies;
}

/** `time=` as ping_common.c prints it: 3 decimals under 1 ms, 2 under 10 ms, 1 under 100 ms, then none. */
function iputilsTime(us: number): string {
  if (us >= 100000 - 50) return String(Math.round(us / 1000));
  if (us >= 10000 - 5) return (us / 1000).toFixed(1);
  if (us >= 1000) return (us / 1000).toFixed(2);
  return (us / 1000).toFixed(3);
}

/** iputils.c strtol_or_err(str, errmesg, 1, LONG_MAX): the number, or the error printed (exit 1) and undefined. */
function strtolOrErr(str: string | undefined, errmesg: string, io: ToolIO): number | undefined {
  const s = str ?? '';
  const m = /^\s*([+-]?\d+)$/.exec(s);
  if (!m) {
    io.err(`ping: ${errmesg}: '${s}'\n`);
    return undefined;
  }
  const n = Number(m[1]);
  if (n < 1 || n > 9223372036854775807) {
    io.err(`ping: ${errmesg}: '${s}': out of range: 1 <= value <= 9223372036854775807\n`);
    return undefined;
  }
  return n;
}

export function runIputilsPing(argv: string[], env: NetEnv, io: ToolIO): number {
  let count = 4;
  let quiet = false;
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const c = a === '-c' ? argv[++i] : a.startsWith('-c') ? a.slice(2) : undefined;
    if (a === '-c' && c === undefined) {
      io.err("ping: option requires an argument -- 'c'\n");
      return 2;
    }
    if (c !== undefined) {
      const n = strtolOrErr(c, 'invalid argument', io);
      if (n === undefined) return 1;
      count = n;
    } else if (a === '-W' || a === '-i' || a === '-w' || a === '-s' || a === '-t' || a === '-I') i++;
    else if (a === '-q') quiet = true;
    else if (a === '-4' || a === '-n') continue;
    else if (a.startsWith('-')) {
      io.err(`ping: invalid option -- '${a.slice(1, 2)}'\n`);
      return 2;
    } else target = a;
  }
  if (!target) {
    io.err('ping: usage error: Destination address required\n');
    return 1;
  }
  const ip = env.resolve(target);
  if (ip === null) {
    io.err(`ping: ${target}: Name or service not known\n`);
    return 2;
  }
  const who = ip === target ? ip : `${target} (${ip})`;
  let out = `PING ${target} (${ip}) 56(84) bytes of data.\n`;
  const replies = echoReplies(env, ip, count);
  if (!quiet) for (const r of replies) out += `64 bytes from ${who}: icmp_seq=${r.seq + 1} ttl=${r.ttl} time=${iputilsTime(r.us)} ms\n`;
  const received = replies.length;
  // ping_common.c: "%g%% packet loss" of a float
  const loss = Number((((count - received) * 100) / count).toPrecision(6));
  const time = count === 1 ? 0 : (count - 1) * 1000 + 1 + Math.floor(env.random() * 60);
  out += `\n--- ${target} ping statistics ---\n${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${time}ms\n`;
  if (received > 0) {
    const ms = replies.map((r) => r.us / 1000);
    const avg = ms.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(ms.reduce((a, b) => a + b * b, 0) / received - avg * avg) || 0;
    out += `rtt min/avg/max/mdev = ${Math.min(...ms).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...ms).toFixed(3)}/${mdev.toFixed(3)} ms\n`;
  }
  io.out(out);
  return received > 0 ? 0 : 1;
}
