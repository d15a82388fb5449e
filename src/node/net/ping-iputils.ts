// iputils ping (Ubuntu/Debian nodes and images) against the simulated network: `-c N`, `-W`, `-i`, `-q`; replies
// exist when the data plane delivers the echo (pod and node IPs; a ClusterIP in iptables mode never answers).

import { isIPv4Literal, type NetEnv, type ToolResult } from './common.js';

export function runIputilsPing(argv: string[], env: NetEnv): ToolResult {
  let count = 4;
  let quiet = false;
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c') count = Number(argv[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-W' || a === '-i' || a === '-w' || a === '-s' || a === '-t') i++;
    else if (a === '-q') quiet = true;
    else if (a === '-4' || a === '-n') continue;
    else if (a.startsWith('-')) return { stdout: '', stderr: `ping: invalid option -- '${a.slice(1, 2)}'\n`, code: 2 };
    else target = a;
  }
  if (!target) return { stdout: '', stderr: 'ping: usage error: Destination address required\n', code: 1 };
  if (!Number.isInteger(count) || count <= 0) return { stdout: '', stderr: `ping: invalid argument: '${count}': out of range: 1 <= value <= 9223372036854775807\n`, code: 1 };
  const ip = isIPv4Literal(target) ? target : env.resolve(target);
  if (ip === null) return { stdout: '', stderr: `ping: ${target}: Name or service not known\n`, code: 2 };
  const who = ip === target ? ip : `${target} (${ip})`;
  let out = `PING ${target} (${ip}) 56(84) bytes of data.\n`;
  const rtts: number[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const r = env.ping(ip);
    if (!r.ok) continue;
    const base = r.ttl === 64 ? 0.04 : r.ttl === 63 ? 0.07 : 0.11;
    const rtt = Math.round((base + env.random() * base) * 1000) / 1000;
    rtts.push(rtt);
    if (!quiet) out += `64 bytes from ${who}: icmp_seq=${seq} ttl=${r.ttl} time=${rtt.toFixed(3)} ms\n`;
  }
  const received = rtts.length;
  const loss = Math.round(((count - received) * 100) / count);
  const time = count === 1 ? 0 : (count - 1) * 1000 + 1 + Math.floor(env.random() * 60);
  out += `\n--- ${target} ping statistics ---\n${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${time}ms\n`;
  if (received > 0) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(rtts.reduce((a, b) => a + b * b, 0) / received - avg * avg) || 0;
    out += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
  }
  return { stdout: out, stderr: '', code: received > 0 ? 0 : 1 };
}
