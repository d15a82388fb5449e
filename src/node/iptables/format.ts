// How iptables prints one rule: the canonical `iptables-save` / `-S` text and the `iptables -L` row, per match
// and target extension (libxt_* print/save functions), for the configured iptables version.

import type { AddrMatch, Match, Rule, Target } from '../../cluster/network/iptables/model.js';

/** iptables stores a probability as lround(p * 2^31) and prints the stored fraction with 11 decimals. */
const probText = new Map<number, string>();
export function formatProbability(p: number): string {
  let t = probText.get(p);
  if (t === undefined) {
    const stored = Math.round(p * 2147483648);
    probText.set(p, (t = (stored / 2147483648).toFixed(11)));
  }
  return t;
}

/** xtables_save_string: bare when only [A-Za-z0-9_-] (and non-empty), else double-quoted with `"\'` escaped. */
export function saveString(v: string): string {
  let bare = v.length > 0;
  for (let i = 0; i < v.length && bare; i++) {
    const c = v.charCodeAt(i);
    bare = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
  }
  if (bare) return v;
  if (v.indexOf('"') < 0 && v.indexOf('\\') < 0 && v.indexOf("'") < 0) return '"' + v + '"';
  return '"' + v.replace(/["\\']/g, (c) => '\\' + c) + '"';
}

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

function markText(value: number, mask: number): string {
  return mask >>> 0 === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function saveMatch(m: Match): string {
  switch (m.m) {
    case 'comment':
      return ' -m comment --comment ' + saveString(m.comment);
    case 'proto':
      return ` -m ${m.proto}` + (m.dport !== undefined ? ` --dport ${m.dport}` : '');
    case 'statistic':
      return ` -m statistic --mode random --probability ${formatProbability(m.probability)}`;
    case 'recent':
      return m.set
        ? ` -m recent --set --name ${m.name} --mask 255.255.255.255 --rsource`
        : ' -m recent --rcheck' +
            (m.seconds ? ` --seconds ${m.seconds}` : '') +
            (m.reap ? ' --reap' : '') +
            ` --name ${m.name} --mask 255.255.255.255 --rsource`;
    case 'mark':
      return ' -m mark' + (m.invert ? ' !' : '') + ' --mark ' + markText(m.value, m.mask);
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.srcType) s += (m.invert ? ' !' : '') + ` --src-type ${m.srcType}`;
      if (m.dstType) s += (m.invert ? ' !' : '') + ` --dst-type ${m.dstType}`;
      return s;
    }
    case 'conntrack':
      return ' -m conntrack' + (m.invert ? ' !' : '') + ' --ctstate ' + m.states.join(',');
    case 'nfacct':
      return ` -m nfacct --nfacct-name  ${m.name}`;
    case 'multiport':
      return ` -m multiport --dports ${m.dports.join(',')}`;
  }
}

export function targetName(t: Target | undefined): string {
  if (!t) return '';
  return t.t === 'chain' ? t.chain : t.t;
}

function saveTarget(t: Target | undefined): string {
  if (!t) return '';
  switch (t.t) {
    case 'chain':
      return ` -j ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ` -j ${t.t}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${t.ip}:${t.port}`;
    case 'MASQUERADE':
      return ' -j MASQUERADE' + (t.randomFully ? ' --random-fully' : '');
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${t.op === 'or' ? hex(t.value) : '0x0'}`;
  }
}

function saveAddr(flag: string, a: AddrMatch | undefined): string {
  if (!a) return '';
  return (a.invert ? ' !' : '') + ` ${flag} ${a.cidr}`;
}

/** The rule as `iptables-save` and `iptables -S` print it, after `-A CHAIN` (starts with a space, or empty).
 *  `counters`, when given, is inserted before the target as `-S -v` does (` -c pkts bytes`). */
export function saveRuleBody(r: Rule, counters?: string): string {
  let s = saveAddr('-s', r.src) + saveAddr('-d', r.dst);
  if (r.proto) s += ` -p ${r.proto}`;
  for (const m of r.matches) s += saveMatch(m);
  if (counters) s += counters;
  return s + saveTarget(r.target);
}

// ---------------------------------------------------------------- iptables -L

/** A few /etc/services names iptables prints for ports without `-n`. */
const SERVICES: Record<string, Record<number, string>> = {
  tcp: { 20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 143: 'imap2', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis', 8080: 'http-alt', 9100: 'jetdirect', 27017: 'mongodb' },
  udp: { 53: 'domain', 67: 'bootps', 68: 'bootpc', 123: 'ntp', 161: 'snmp', 443: 'https', 8472: 'otv' },
  sctp: {},
};

export interface ListFormat {
  numeric: boolean;
  /** iptables version, e.g. `1.8.9` */
  version: string;
}

function portText(proto: string, port: number, numeric: boolean): string {
  if (numeric) return String(port);
  return SERVICES[proto]?.[port] ?? String(port);
}

function listMatch(m: Match, f: ListFormat): string {
  switch (m.m) {
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'proto':
      return ` ${m.proto}` + (m.dport !== undefined ? ` dpt:${portText(m.proto, m.dport, f.numeric)}` : '');
    case 'statistic':
      return ` statistic mode random probability ${formatProbability(m.probability)}`;
    case 'recent':
      return (
        ' recent:' +
        (m.set ? ' SET' : ' CHECK') +
        (m.seconds ? ` seconds: ${m.seconds}` : '') +
        (m.reap ? ' reap' : '') +
        ` name: ${m.name} side: source mask: 255.255.255.255`
      );
    case 'mark':
      return ' mark match' + (m.invert ? ' !' : '') + ' ' + markText(m.value, m.mask);
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.invert ? '!' : ''}${m.srcType}`;
      if (m.dstType) s += ` dst-type ${m.invert ? '!' : ''}${m.dstType}`;
      return s;
    }
    case 'conntrack':
      return (m.invert ? ' !' : '') + ' ctstate ' + m.states.join(',');
    case 'nfacct':
      return ` nfacct-name  ${m.name}`;
    case 'multiport':
      return ` multiport dports ${m.dports.join(',')}`;
  }
}

function listTarget(t: Target | undefined): string {
  if (!t) return '';
  switch (t.t) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${t.ip}:${t.port}`;
    case 'MASQUERADE':
      return t.randomFully ? ' random-fully' : '';
    case 'MARK':
      return ` MARK ${t.op} ${hex(t.value)}`;
    default:
      return '';
  }
}

const PROTO_NUM: Record<string, number> = { tcp: 6, udp: 17, sctp: 132 };

function versionTuple(v: string): [number, number, number] {
  const p = v.split('.').map((x) => parseInt(x, 10) || 0);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
}

/** iptables 1.8.9 and 1.8.10 print the protocol number with `-n`. */
export function numericProto(version: string, numeric: boolean): boolean {
  const [a, b, c] = versionTuple(version);
  return numeric && a === 1 && b === 8 && (c === 9 || c === 10);
}

function padEnd(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function padStart(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

/** xtables_print_num in table layout: `%5llu ` / K / M / G / T, or `%8llu ` with -x. */
export function listNum(n: number, exact: boolean): string {
  if (exact) return padStart(String(n), 8) + ' ';
  if (n <= 99999) return padStart(String(n), 5) + ' ';
  for (const unit of ['K', 'M', 'G']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return padStart(String(n), 4) + unit + ' ';
  }
  n = Math.floor((n + 500) / 1000);
  return padStart(String(n), 4) + 'T ';
}

/** xtables_print_num without table layout (chain header counters). */
export function headerNum(n: number, exact: boolean): string {
  if (exact || n <= 99999) return `${n} `;
  for (const unit of ['K', 'M', 'G']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return `${n}${unit} `;
  }
  n = Math.floor((n + 500) / 1000);
  return `${n}T `;
}

export interface RowOptions extends ListFormat {
  verbose: boolean;
  exact: boolean;
  lineNumber?: number;
  packets: number;
  bytes: number;
}

function listAddr(a: AddrMatch | undefined, numeric: boolean): string {
  const inv = a?.invert ? '!' : ' ';
  if (!a || a.cidr === '0.0.0.0/0') return inv + padEnd(numeric ? '0.0.0.0/0' : 'anywhere', 19) + ' ';
  const text = a.cidr.endsWith('/32') ? a.cidr.slice(0, -3) : a.cidr;
  return inv + padEnd(text, 19) + ' ';
}

/** One `iptables -L` rule row (with trailing newline). */
export function listRow(r: Rule, o: RowOptions): string {
  let s = '';
  if (o.lineNumber !== undefined) s += padEnd(String(o.lineNumber), 4) + ' ';
  if (o.verbose) s += listNum(o.packets, o.exact) + listNum(o.bytes, o.exact);
  s += padEnd(targetName(r.target), 9) + ' ';
  s += ' ';
  if (numericProto(o.version, o.numeric)) s += padEnd(String(r.proto ? PROTO_NUM[r.proto] : 0), 4) + ' ';
  else s += padEnd(r.proto ?? 'all', 4) + ' ';
  s += '-- ';
  if (o.verbose) {
    const any = o.numeric ? '*' : 'any';
    s += ' ' + padEnd(any, 6) + ' ' + padEnd(any, 6) + ' ';
  }
  s += listAddr(r.src, o.numeric) + listAddr(r.dst, o.numeric);
  for (const m of r.matches) s += listMatch(m, o);
  s += listTarget(r.target);
  return s + '\n';
}

/** The column header line of `iptables -L` (with trailing newline). */
export function listColumns(o: { verbose: boolean; exact: boolean; lineNumbers: boolean }): string {
  let s = '';
  if (o.lineNumbers) s += padEnd('num', 4) + ' ';
  if (o.verbose) {
    if (o.exact) s += padStart('pkts', 8) + ' ' + padStart('bytes', 10) + ' ';
    else s += padStart('pkts', 5) + ' ' + padStart('bytes', 5) + ' ';
  }
  s += padEnd('target', 9) + ' ';
  s += ' prot ';
  s += 'opt';
  if (o.verbose) s += ' ' + padEnd('in', 6) + ' ' + padEnd('out', 6) + ' ';
  s += ' ' + padEnd('source', 19) + ' ';
  s += ' ' + padEnd('destination', 19) + ' ';
  return s + '\n';
}
