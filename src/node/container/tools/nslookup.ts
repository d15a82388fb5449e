// nslookup: busybox's (networking/nslookup.c, 1.36: search list only for dot-less names, A then AAAA per domain,
// the transaction-id bug that processes only the first reply and lists the rest as "No answer") and bind's
// (netshoot/dnsutils images: libc-style search with ndots, `Address:\t10.96.0.10#53`).

import { isIPv4, reverseName, type DnsReply, type ResourceRecord, type RRType } from '../../../cluster/network/dns/index.js';
import { queryDns, resolvConfOf, searchCandidates, type CmdIO, type ContainerSession } from '../context.js';

const TYPES: RRType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];

const BB_USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

function rrText(r: ResourceRecord): string {
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

interface Parsed {
  types: RRType[];
  host: string;
  server?: string;
}

function parseArgs(argv: string[], io: CmdIO): Parsed | number {
  const types: RRType[] = [];
  const rest: string[] = [];
  for (const a of argv.slice(1)) {
    if (!a.startsWith('-') || rest.length) {
      rest.push(a);
      continue;
    }
    const [opt, val = ''] = a.slice(1).split('=');
    if (['type', 'querytype', 'q', 'query', 't', 'ty', 'qu'].some((o) => o === opt) || 'querytype'.startsWith(opt) || 'type'.startsWith(opt)) {
      const t = val.toUpperCase() as RRType;
      if (!TYPES.includes(t)) {
        io.err(`nslookup: invalid query type "${val}"\n`);
        return 1;
      }
      if (!types.includes(t)) types.push(t);
    }
  }
  if (rest.length === 0 || rest.length > 2) {
    io.err(BB_USAGE);
    return 1;
  }
  return { types, host: rest[0], server: rest[1] };
}

export function nslookupTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const p = parseArgs(argv, io);
  if (typeof p === 'number') return p;
  return s.facts.flavour === 'busybox' ? busybox(p, s, io) : bind(p, s, io);
}

function busybox(p: Parsed, s: ContainerSession, io: CmdIO): number {
  const conf = resolvConfOf(s);
  const servers = p.server ? [p.server] : conf.nameservers.length ? conf.nameservers : ['127.0.0.1'];
  const queries: Array<{ name: string; type: RRType }> = [];
  const addWithSearch = (type: RRType, name: string): void => {
    if (type === 'PTR' || !conf.searches.length || name.includes('.')) queries.push({ name, type });
    else for (const d of conf.searches) queries.push({ name: `${name}.${d}`, type });
  };
  if (p.types.length === 0) {
    if (isIPv4(p.host)) queries.push({ name: reverseName(p.host), type: 'PTR' });
    else {
      addWithSearch('A', p.host);
      addWithSearch('AAAA', p.host);
    }
  } else for (const t of TYPES) if (p.types.includes(t)) addWithSearch(t, p.host);

  for (const server of servers) {
    // every query carries the same transaction id (res_mkquery): the first reply is matched to query #0 and
    // the others are dropped as duplicates, so only query #0 is ever answered
    const reply = queryDns(s, server, queries[0].name, queries[0].type);
    if (!reply) continue;
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let code = 0;
    if (reply.rcode !== 'NOERROR') {
      out += `** server can't find ${queries[0].name}: ${reply.rcode}\n`;
      code = 1;
    } else {
      if (!reply.authoritative) out += 'Non-authoritative answer:\n';
      for (const r of reply.answer) out += rrText(r);
    }
    out += '\n';
    const unanswered = queries.slice(1);
    for (const q of unanswered) out += `*** Can't find ${q.name}: No answer\n`;
    if (unanswered.length) out += '\n';
    io.out(out);
    return code;
  }
  io.out(';; connection timed out; no servers could be reached\n\n');
  return 1;
}

function bindAnswer(reply: DnsReply): string {
  let out = reply.authoritative ? '' : 'Non-authoritative answer:\n';
  for (const r of reply.answer) out += rrText(r);
  return out;
}

function bind(p: Parsed, s: ContainerSession, io: CmdIO): number {
  const conf = resolvConfOf(s);
  const server = p.server ?? conf.nameservers[0] ?? '127.0.0.1';
  const header = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const ptr = p.types.length === 0 && isIPv4(p.host);
  const type: RRType = ptr ? 'PTR' : p.types[0] ?? 'A';
  const names = ptr ? [reverseName(p.host)] : searchCandidates(p.host, conf);
  for (const name of names) {
    const reply = queryDns(s, server, name, type);
    if (!reply) {
      io.out(';; connection timed out; no servers could be reached\n\n');
      return 1;
    }
    if (reply.rcode !== 'NOERROR' || reply.answer.length === 0) continue;
    let out = header + bindAnswer(reply);
    if (type === 'A' && p.types.length === 0) {
      const six = queryDns(s, server, name, 'AAAA');
      if (six?.answer.length) out += bindAnswer(six);
    }
    io.out(out + '\n');
    return 0;
  }
  io.out(`${header}** server can't find ${p.host}: NXDOMAIN\n\n`);
  return 1;
}
