// Netfilter in miniature: a packet traverses a node's hook (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING)
// through each table's built-in chain in priority order, rule by rule with iptables' match semantics; every
// matching rule and every policy fall-through bumps its counter. DNAT/MASQUERADE/MARK change the packet.

import { countPolicy, countRule, type IptablesCounters } from '../iptables/counters.js';
import type { Match, Proto, TableName } from '../iptables/model.js';
import { formatIPv4 } from '../iptables/ip.js';
import type { CompiledAddr, CompiledRule, CompiledRuleset, CompiledTable } from './rules.js';

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export interface Packet {
  src: number;
  dst: number;
  sport: number;
  dport: number;
  proto: Proto | 'icmp';
  /** skb mark (node-local: cleared when the packet leaves the node) */
  mark: number;
  /** the connection has been DNATed (conntrack status DNAT) */
  dnat: boolean;
  /** MASQUERADE chosen in POSTROUTING: the source is rewritten to the outgoing address */
  masquerade: boolean;
  /** size of the counted (first) packet */
  bytes: number;
}

/** `recent` module lists of one node: list name → source IP → last seen (ms). */
export type RecentTables = Record<string, Record<string, number>>;

export interface WalkContext {
  node: string;
  rules: CompiledRuleset;
  counters: IptablesCounters;
  recent: RecentTables;
  isLocal(ip: number): boolean;
  random(): number;
  nowMs: number;
  /** trace of matched rules, or null to skip tracing */
  route: string[] | null;
  /**
   * The CNI's nftables filter chain on the postrouting hook at priority filter - 5 (kindnet's network policy
   * table): between mangle and nat's SNAT. Absent when no policy applies on the node.
   */
  postroutingFilter?: (pkt: Packet) => Verdict;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT';

/** Table order on a hook (raw -300, mangle -150, nat DNAT -100, filter 0, security 50, nat SNAT 100). */
const HOOK_TABLES: Record<Hook, TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'security', 'nat'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

/** Runs the packet through every table's built-in chain for `hook`; stops at the first DROP/REJECT. */
export function traverseHook(ctx: WalkContext, hook: Hook, pkt: Packet): Verdict {
  for (const t of HOOK_TABLES[hook]) {
    if (hook === 'POSTROUTING' && t === 'nat' && ctx.postroutingFilter) {
      const v = ctx.postroutingFilter(pkt);
      if (v !== 'ACCEPT') return v;
    }
    const table = ctx.rules.tables[t];
    if (!table) continue;
    const chain = table.get(hook);
    if (!chain) continue;
    const v = walkChain(ctx, t, table, hook, pkt, 0);
    const verdict = v === 'RETURN' ? policy(ctx, t, hook, pkt) : v;
    if (verdict !== 'ACCEPT') return verdict;
  }
  return 'ACCEPT';
}

function policy(ctx: WalkContext, table: TableName, chain: string, pkt: Packet): Verdict {
  countPolicy(ctx.counters, table, chain, pkt.bytes);
  return ctx.rules.tables[table]?.get(chain)?.policy === 'DROP' ? 'DROP' : 'ACCEPT';
}

function inAddr(a: CompiledAddr, ip: number): boolean {
  const inside = ip >= a.base && ip < a.base + a.size;
  return inside !== a.invert;
}

function matchExt(ctx: WalkContext, m: Match, pkt: Packet): boolean {
  switch (m.m) {
    case 'statistic':
      return ctx.random() < m.probability;
    case 'multiport':
      return m.dports.includes(pkt.dport);
    case 'mark':
      return ((pkt.mark & m.mask) === m.value) !== m.invert;
    case 'addrtype': {
      let ok = true;
      if (m.srcType === 'LOCAL') ok = ctx.isLocal(pkt.src);
      if (ok && m.dstType === 'LOCAL') ok = ctx.isLocal(pkt.dst);
      return ok !== !!m.invert;
    }
    case 'conntrack': {
      // the first packet of a connection: NEW, plus DNAT once the nat table rewrote its destination
      const hit = m.states.includes('NEW') || (pkt.dnat && m.states.includes('DNAT'));
      return hit !== m.invert;
    }
    case 'recent': {
      const list = (ctx.recent[m.name] ??= {});
      const key = formatIPv4(pkt.src);
      if (m.set) {
        list[key] = ctx.nowMs;
        return true;
      }
      const seen = list[key];
      if (seen === undefined) return false;
      const fresh = m.seconds === undefined || ctx.nowMs - seen <= m.seconds * 1000;
      if (!fresh && m.reap) delete list[key]; // --rcheck does not refresh the timestamp; --reap purges
      return fresh;
    }
    default:
      return true;
  }
}

function ruleMatches(ctx: WalkContext, r: CompiledRule, pkt: Packet): boolean {
  if (r.proto !== undefined && r.proto !== pkt.proto) return false;
  if (r.src && !inAddr(r.src, pkt.src)) return false;
  if (r.dst && !inAddr(r.dst, pkt.dst)) return false;
  if (r.dport !== undefined && r.dport !== pkt.dport) return false;
  for (const m of r.matches) if (!matchExt(ctx, m, pkt)) return false;
  return true;
}

const MAX_DEPTH = 32;

/** Walks one chain; 'RETURN' means the packet fell off its end (or hit RETURN). */
function walkChain(ctx: WalkContext, tname: TableName, table: CompiledTable, name: string, pkt: Packet, depth: number): Verdict | 'RETURN' {
  const chain = table.get(name);
  if (!chain || depth > MAX_DEPTH) return 'RETURN';
  for (const r of chain.rules) {
    if (!ruleMatches(ctx, r, pkt)) continue;
    countRule(ctx.counters, r.id, pkt.bytes);
    if (ctx.route) ctx.route.push(`${ctx.node} ${tname}: ${r.text}`);
    const t = r.target;
    if (!t) continue;
    switch (t.t) {
      case 'chain': {
        const v = walkChain(ctx, tname, table, t.chain, pkt, depth + 1);
        if (v !== 'RETURN') return v;
        break;
      }
      case 'ACCEPT':
        return 'ACCEPT';
      case 'DROP':
        return 'DROP';
      case 'REJECT':
        return 'REJECT';
      case 'RETURN':
        return 'RETURN';
      case 'DNAT': {
        pkt.dst = r.dnatIP ?? pkt.dst;
        pkt.dport = t.port;
        pkt.dnat = true;
        return 'ACCEPT';
      }
      case 'MASQUERADE':
        pkt.masquerade = true;
        return 'ACCEPT';
      case 'MARK':
        pkt.mark = t.op === 'or' ? (pkt.mark | t.value) >>> 0 : (pkt.mark ^ t.value) >>> 0;
        break;
    }
  }
  return 'RETURN';
}
