// bind9 `nslookup` (dnsutils on Debian/Ubuntu nodes, netshoot/dnsutils images) against a resolver: libc-style
// search list with ndots, PTR for an address, the Server/Address header with tabs and `#53`, "Non-authoritative
// answer:" blocks (A then AAAA), `** server can't find NAME: NXDOMAIN` (exit 1), a dead server's timeout line.
// The query-type flags are parsed here for busybox's nslookup too, which formats its own output.

import { isIPv4, reverseName, type DnsReply, type ResourceRecord, type ResolvConf, type RRType } from '../../cluster/network/dns/index.js';
import { searchCandidates, type ToolIO } from './common.js';

export const NSLOOKUP_TYPES: RRType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];

export interface NslookupArgs {
  types: RRType[];
  host: string;
  server?: string;
}

/** `[-type=T|-q=T ...] HOST [SERVER]`: the arguments, `{ badType }` for an unknown type, `usage` for the rest. */
export function parseNslookupArgs(args: string[]): NslookupArgs | { badType: string } | 'usage' {
  const types: RRType[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (!a.startsWith('-') || rest.length) {
      rest.push(a);
      continue;
    }
    const [opt, val = ''] = a.slice(1).split('=');
    if (['type', 'querytype', 'q', 'query', 't', 'ty', 'qu'].some((o) => o === opt) || 'querytype'.startsWith(opt) || 'type'.startsWith(opt)) {
      const t = val.toUpperCase() as RRType;
      if (!NSLOOKUP_TYPES.includes(t)) return { badType: val };
      if (!types.includes(t)) types.push(t);
    }
  }
  if (rest.length === 0 || rest.length > 2) return 'usage';
  return { types, host: rest[0], server: rest[1] };
}

/** One record as nslookup prints it (busybox and bind share these lines). */
export function nslookupRecord(r: ResourceRecord): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${r.name}\nAddress: ${r.value}\n`;
    case 'CNAME':
      return `${r.name}\tcanonical name = ${r.value}\n`;
    case 'PTR':
      return `${r.name}\tname = ${r.value}\n`;
    case 'NS':
      return `${r.name}\tnameserver = ${r.value}\n`;
    case 'TXT':
      return `${r.name}\ttext = "${r.value}"\n`;
    case 'SRV':
      return `${r.name}\tservice = ${r.srv!.priority} ${r.srv!.weight} ${r.srv!.port} ${r.value}\n`;
    default:
      return '';
  }
}

export interface BindResolver {
  /** the host's /etc/resolv.conf */
  conf: ResolvConf;
  /** one question to a nameserver; undefined: no reply (server down) */
  query(server: string, name: string, type: RRType): DnsReply | undefined;
}

function answerBlock(reply: DnsReply): string {
  return (reply.authoritative ? '' : 'Non-authoritative answer:\n') + reply.answer.map(nslookupRecord).join('');
}

export function runBindNslookup(p: NslookupArgs, r: BindResolver, io: ToolIO): number {
  const server = p.server ?? r.conf.nameservers[0] ?? '127.0.0.1';
  const header = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const ptr = p.types.length === 0 && isIPv4(p.host);
  const type: RRType = ptr ? 'PTR' : (p.types[0] ?? 'A');
  const names = ptr ? [reverseName(p.host)] : searchCandidates(p.host, r.conf);
  for (const name of names) {
    const reply = r.query(server, name, type);
    if (!reply) {
      io.out(';; connection timed out; no servers could be reached\n\n');
      return 1;
    }
    if (reply.rcode !== 'NOERROR' || reply.answer.length === 0) continue;
    let out = header + answerBlock(reply);
    if (type === 'A' && p.types.length === 0) {
      const six = r.query(server, name, 'AAAA');
      if (six?.answer.length) out += answerBlock(six);
    }
    io.out(out + '\n');
    return 0;
  }
  // an address is looked up as its in-addr.arpa name, and that is the name bind reports
  io.out(`${header}** server can't find ${ptr ? names[0] : p.host}: NXDOMAIN\n\n`);
  return 1;
}
