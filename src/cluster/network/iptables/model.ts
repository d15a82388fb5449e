// Structured model of an iptables ruleset (tables → chains → rules) as kube-proxy and kubelet leave it in the
// kernel: every rule keeps kube-proxy's restore-syntax text and structured matches a dataplane can evaluate.

export type TableName = 'mangle' | 'security' | 'raw' | 'filter' | 'nat';
export type Proto = 'tcp' | 'udp' | 'sctp';

/** An address match: canonical `a.b.c.d/len` (hosts are `/32`). */
export interface AddrMatch {
  cidr: string;
  invert: boolean;
}

export type Match =
  | { m: 'comment'; comment: string }
  /** `-m tcp` (udp, sctp): the protocol match module, with its optional `--dport`. */
  | { m: 'proto'; proto: Proto; dport?: number }
  /** `-m statistic --mode random --probability P`; `probability` is kube-proxy's value (10 decimals). */
  | { m: 'statistic'; probability: number }
  /** `-m recent`: `set` (--set) or check (--rcheck [--seconds N] [--reap]); always --rsource, full mask. */
  | { m: 'recent'; set: boolean; name: string; seconds?: number; reap?: boolean }
  | { m: 'mark'; value: number; mask: number; invert: boolean }
  | { m: 'addrtype'; srcType?: string; dstType?: string; invert?: boolean }
  /** states in kernel print order (INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT) */
  | { m: 'conntrack'; states: string[]; invert: boolean }
  | { m: 'nfacct'; name: string }
  /** `-m multiport --dports a,b` (the CNI portmap plugin's rules) */
  | { m: 'multiport'; dports: number[] };

export type Target =
  /** jump to a user-defined chain */
  | { t: 'chain'; chain: string }
  | { t: 'ACCEPT' }
  | { t: 'DROP' }
  | { t: 'RETURN' }
  | { t: 'REJECT'; with: string }
  | { t: 'DNAT'; ip: string; port: number }
  | { t: 'MASQUERADE'; randomFully: boolean }
  | { t: 'MARK'; op: 'or' | 'xor'; value: number };

export interface Rule {
  /** stable identity (`table:chain:args`, `#n` appended for repeats): counters are keyed by it */
  id: string;
  /** kube-proxy's arguments after `-A CHAIN`, restore syntax (e.g. `-m comment --comment "x" -m tcp -p tcp ...`) */
  args: string;
  src?: AddrMatch;
  dst?: AddrMatch;
  proto?: Proto;
  /** matches in the order they were given (the order iptables keeps and prints) */
  matches: Match[];
  /** absent for a rule without `-j` (KUBE-FW's "other traffic ..." rule) */
  target?: Target;
}

export interface Chain {
  name: string;
  /** built-in chains have a policy and policy counters */
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
}

export interface Table {
  name: TableName;
  /** chains in creation order (built-ins first); printers sort user chains as iptables does. Look chains up by
   *  name with getChain(). */
  chains: Chain[];
}

export interface IptablesRuleset {
  family: 'ipv4';
  /** tables present on the node, in iptables-save order */
  tables: Table[];
}

/** Hook order of built-in chains per table. */
export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
  raw: ['PREROUTING', 'OUTPUT'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/** Order iptables-save prints tables in. */
export const TABLE_ORDER: TableName[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

export function isTableName(s: string): s is TableName {
  return (TABLE_ORDER as string[]).includes(s);
}

const chainIndex = new WeakMap<Table, { n: number; byName: Map<string, Chain> }>();

/** The chain `name` of `table` (indexed lazily; the index is rebuilt if chains were added since). */
export function getChain(table: Table, name: string): Chain | undefined {
  let idx = chainIndex.get(table);
  if (!idx || idx.n !== table.chains.length) {
    idx = { n: table.chains.length, byName: new Map(table.chains.map((c) => [c.name, c])) };
    chainIndex.set(table, idx);
  }
  return idx.byName.get(name);
}

export function findTable(rs: IptablesRuleset, name: string): Table | undefined {
  return rs.tables.find((t) => t.name === name);
}

/** strcmp order (byte order), as iptables sorts user-defined chains. */
export function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Chains of a table in the order iptables prints them: built-ins in hook order, then user chains sorted. */
export function chainsInPrintOrder(table: Table): Chain[] {
  // the built-ins by name (the last of a name, as getChain's index has it), without indexing every chain
  const names = BUILTIN_CHAINS[table.name];
  const found = new Map<string, Chain>();
  for (const c of table.chains) if (names.includes(c.name)) found.set(c.name, c);
  const builtins: Chain[] = [];
  for (const name of names) {
    const c = found.get(name);
    if (c) builtins.push(c);
  }
  const users = table.chains
    .filter((c) => c.policy === undefined)
    .sort((a, b) => strcmp(a.name, b.name));
  return builtins.concat(users);
}

/** Number of rules in the table that jump to `chain` (the `(N references)` of `iptables -L`). */
export function countReferences(table: Table): Map<string, number> {
  const refs = new Map<string, number>();
  for (const c of table.chains) {
    for (const r of c.rules) {
      if (r.target?.t === 'chain') refs.set(r.target.chain, (refs.get(r.target.chain) ?? 0) + 1);
    }
  }
  return refs;
}
