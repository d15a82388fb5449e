// nslookup: busybox's (networking/nslookup.c, 1.36: search list only for dot-less names, A then AAAA per domain,
// the transaction-id bug that processes only the first reply and lists the rest as "No answer") here, and bind's
// (netshoot/dnsutils images) through the implementation the nodes use (src/node/net/nslookup-bind.ts).

import { isIPv4, reverseName, type RRType } from '../../../cluster/network/dns/index.js';
import { NSLOOKUP_TYPES, nslookupRecord, parseNslookupArgs, runBindNslookup, type NslookupArgs } from '../../net/nslookup-bind.js';
import { queryDns, resolvConfOf, searchCandidates, type CmdIO, type ContainerSession } from '../context.js';

const BB_USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

function parseArgs(argv: string[], io: CmdIO): NslookupArgs | number {
  const p = parseNslookupArgs(argv.slice(1));
  if (p === 'usage') {
    io.err(BB_USAGE);
    return 1;
  }
  if ('badType' in p) {
    io.err(`nslookup: invalid query type "${p.badType}"\n`);
    return 1;
  }
  return p;
}

export function nslookupTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const p = parseArgs(argv, io);
  if (typeof p === 'number') return p;
  if (s.facts.legacyNslookup) return busyboxLegacy(p, s, io);
  return s.facts.flavour === 'busybox' ? busybox(p, s, io) : bind(p, s, io);
}

/**
 * busybox 1.28's nslookup (networking/nslookup.c before the 1.29 rewrite): the server line, then the name
 * resolved by getaddrinfo (the resolv.conf search walk, ndots) against that server, each address with the name
 * its PTR record gives (`printf("%-10s %s\n")` headers, `Address N: IP NAME`); "can't resolve" when nothing does.
 */
function busyboxLegacy(p: NslookupArgs, s: ContainerSession, io: CmdIO): number {
  const conf = resolvConfOf(s);
  const server = p.server ?? conf.nameservers[0] ?? '127.0.0.1';
  const reverse = (ip: string): string => {
    const r = queryDns(s, server, reverseName(ip), 'PTR');
    const ptr = r?.rcode === 'NOERROR' ? r.answer.find((x) => x.type === 'PTR') : undefined;
    return ptr ? ` ${ptr.value.replace(/\.$/, '')}` : '';
  };
  const header = (h: string, name: string): string => `${h.padEnd(10)} ${name}\n`;
  io.out(header('Server:', server) + `Address 1: ${server}${reverse(server)}\n\n`);
  let addrs: string[] = [];
  if (isIPv4(p.host)) addrs = [p.host];
  else {
    for (const cand of searchCandidates(p.host, conf)) {
      const reply = queryDns(s, server, cand, 'A');
      if (!reply) break;
      const a = reply.rcode === 'NOERROR' ? reply.answer.filter((r) => r.type === 'A') : [];
      if (a.length) {
        addrs = a.map((r) => r.value);
        break;
      }
    }
  }
  if (!addrs.length) {
    io.err(`nslookup: can't resolve '${p.host}'\n`);
    return 1;
  }
  io.out(header('Name:', p.host) + addrs.map((ip, k) => `Address ${k + 1}: ${ip}${reverse(ip)}\n`).join(''));
  return 0;
}

function busybox(p: NslookupArgs, s: ContainerSession, io: CmdIO): number {
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
  } else for (const t of NSLOOKUP_TYPES) if (p.types.includes(t)) addWithSearch(t, p.host);

  for (const server of servers) {
    // every query carries the same transaction id (res_mkquery): the first reply is matched to query #0 and
    // the others are dropped as duplicates, so only query #0 is ever answered. All go out on one socket (one
    // conntrack flow): only the first datagram walks the nat rules, so one walk per server
    const reply = queryDns(s, server, queries[0].name, queries[0].type);
    if (!reply) continue;
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let code = 0;
    if (reply.rcode !== 'NOERROR') {
      out += `** server can't find ${queries[0].name}: ${reply.rcode}\n`;
      code = 1;
    } else {
      if (!reply.authoritative) out += 'Non-authoritative answer:\n';
      for (const r of reply.answer) out += nslookupRecord(r);
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

function bind(p: NslookupArgs, s: ContainerSession, io: CmdIO): number {
  return runBindNslookup(p, { conf: resolvConfOf(s), query: (server, name, type) => queryDns(s, server, name, type) }, io);
}
