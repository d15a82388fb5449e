// dig (BIND 9.18, netshoot/dnsutils images): the full answer with header, flags, question and answer sections in
// dig's tab columns, `+short`, `-x`, `@server`, a record type argument; no search list (as dig's default).

import { isIPv4, reverseName, type ResourceRecord, type RRType } from '../../../cluster/network/dns/index.js';
import { queryDns, resolvConfOf, type CmdIO, type ContainerSession } from '../context.js';

const TYPES = ['A', 'AAAA', 'CNAME', 'PTR', 'SRV', 'TXT', 'NS', 'SOA', 'MX', 'ANY'];

/** dig's column layout: name, TTL at col 24, class at 32, type at 40, data at 48 (tab stops of 8). */
function column(line: string, to: number): string {
  const col = line.length;
  if (col >= to) return line + ' ';
  let out = line;
  let c = col;
  while (c < to) {
    out += '\t';
    c = (Math.floor(c / 8) + 1) * 8;
  }
  return out;
}

function rdata(r: ResourceRecord): string {
  if (r.type === 'SRV') return `${r.srv!.priority} ${r.srv!.weight} ${r.srv!.port} ${r.value}.`;
  if (r.type === 'CNAME' || r.type === 'PTR' || r.type === 'NS') return `${r.value}.`;
  if (r.type === 'TXT') return `"${r.value}"`;
  return r.value;
}

function rrLine(r: ResourceRecord): string {
  let l = `${r.name}.`;
  l = column(l, 24) + String(r.ttl);
  l = column(l, 32) + 'IN';
  l = column(l, 40) + r.type;
  l = column(l, 48) + rdata(r);
  return l + '\n';
}

function digDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export function digTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  let server: string | undefined;
  let short = false;
  let type: RRType | undefined;
  let name: string | undefined;
  let reverse = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('@')) server = a.slice(1);
    else if (a === '+short') short = true;
    else if (a.startsWith('+')) continue;
    else if (a === '-x') {
      reverse = true;
      name = argv[++i];
    } else if (a === '-t') type = (argv[++i] ?? '').toUpperCase() as RRType;
    else if (TYPES.includes(a.toUpperCase()) && name !== undefined) type = a.toUpperCase() as RRType;
    else if (name === undefined) name = a;
    else if (TYPES.includes(a.toUpperCase())) type = a.toUpperCase() as RRType;
  }
  const srv = server ?? resolvConfOf(s).nameservers[0] ?? '127.0.0.1';
  const qname = reverse && name && isIPv4(name) ? reverseName(name) : (name ?? '').replace(/\.$/, '') || '';
  const qtype: RRType = reverse ? 'PTR' : type ?? (name ? 'A' : 'NS');
  const reply = qname ? queryDns(s, srv, qname, qtype) : undefined;
  const cmdline = argv.slice(1).join(' ');
  if (!reply) {
    io.out(short ? `;; communications error to ${srv}#53: timed out\n;; communications error to ${srv}#53: timed out\n;; communications error to ${srv}#53: timed out\n\n; <<>> DiG 9.18.28 <<>> ${cmdline}\n;; global options: +cmd\n;; no servers could be reached\n` : `;; communications error to ${srv}#53: timed out\n;; communications error to ${srv}#53: timed out\n;; communications error to ${srv}#53: timed out\n\n; <<>> DiG 9.18.28 <<>> ${cmdline}\n;; global options: +cmd\n;; no servers could be reached\n`);
    return 9;
  }
  if (short) {
    io.out(reply.answer.map((r) => rdata(r) + '\n').join(''));
    return 0;
  }
  const id = (s.cluster.clock.now().getTime() >>> 0) % 65536;
  const flags = reply.authoritative ? 'qr aa rd' : 'qr rd ra';
  let out = `\n; <<>> DiG 9.18.28 <<>> ${cmdline}\n;; global options: +cmd\n;; Got answer:\n`;
  out += `;; ->>HEADER<<- opcode: QUERY, status: ${reply.rcode}, id: ${id}\n`;
  out += `;; flags: ${flags}; QUERY: 1, ANSWER: ${reply.answer.length}, AUTHORITY: 0, ADDITIONAL: 1\n`;
  if (reply.authoritative) out += ';; WARNING: recursion requested but not available\n';
  out += `\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n`;
  out += column(column(`;${qname}.`, 32) + 'IN', 40) + `${qtype}\n`;
  if (reply.answer.length) out += '\n;; ANSWER SECTION:\n' + reply.answer.map(rrLine).join('');
  out += `\n;; Query time: 0 msec\n;; SERVER: ${srv}#53(${srv}) (UDP)\n;; WHEN: ${digDate(s.cluster.clock.now())}\n;; MSG SIZE  rcvd: ${40 + qname.length + reply.answer.length * 16}\n\n`;
  io.out(out);
  return 0;
}
