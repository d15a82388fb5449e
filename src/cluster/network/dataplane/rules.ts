// The node's kube-proxy ruleset compiled for packet evaluation (addresses as integer ranges, chains by name),
// cached per node and re-rendered only when the API store's resourceVersion moves: one render serves every packet.

import { nodeRuleset } from '../proxy.js';
import { parseCIDR4, parseIPv4 } from '../iptables/ip.js';
import type { IptablesRuleset, Match, Proto, Target, TableName } from '../iptables/model.js';
import type { DataplaneCluster } from './cluster-view.js';

export interface CompiledAddr {
  base: number;
  size: number;
  invert: boolean;
}

export interface CompiledRule {
  id: string;
  /** `-A CHAIN args` as iptables-save prints it (for the route trace) */
  text: string;
  src?: CompiledAddr;
  dst?: CompiledAddr;
  proto?: Proto;
  dport?: number;
  /** extension matches that need evaluation (comment/nfacct/proto dropped) */
  matches: Match[];
  target?: Target;
  /** DNAT destination as an integer */
  dnatIP?: number;
}

export interface CompiledChain {
  name: string;
  builtin: boolean;
  policy?: 'ACCEPT' | 'DROP';
  rules: CompiledRule[];
}

export type CompiledTable = Map<string, CompiledChain>;

export interface CompiledRuleset {
  tables: Partial<Record<TableName, CompiledTable>>;
}

function addr(a: { cidr: string; invert: boolean } | undefined): CompiledAddr | undefined {
  if (!a) return undefined;
  const c = parseCIDR4(a.cidr);
  if (!c) return undefined;
  return { base: c.base, size: 2 ** (32 - c.len), invert: a.invert };
}

export function compileRuleset(rs: IptablesRuleset): CompiledRuleset {
  const out: CompiledRuleset = { tables: {} };
  for (const t of rs.tables) {
    const table: CompiledTable = new Map();
    for (const c of t.chains) {
      table.set(c.name, {
        name: c.name,
        builtin: c.policy !== undefined,
        policy: c.policy,
        rules: c.rules.map((r) => {
          let dport: number | undefined;
          const matches: Match[] = [];
          for (const m of r.matches) {
            if (m.m === 'proto') dport = m.dport;
            else if (m.m !== 'comment' && m.m !== 'nfacct') matches.push(m);
          }
          const dnatIP = r.target?.t === 'DNAT' ? (parseIPv4(r.target.ip) ?? undefined) : undefined;
          return { id: r.id, text: `-A ${c.name} ${r.args}`, src: addr(r.src), dst: addr(r.dst), proto: r.proto, dport, matches, target: r.target, dnatIP };
        }),
      });
    }
    out.tables[t.name] = table;
  }
  return out;
}

interface CacheEntry {
  rv: number;
  rulesets: Map<string, CompiledRuleset>;
}
const cache = new WeakMap<object, CacheEntry>();

/** The compiled ruleset of `node`, rendered once per store resourceVersion. */
export function compiledRuleset(cluster: DataplaneCluster, node: string): CompiledRuleset {
  const store = cluster.api.store;
  let entry = cache.get(store);
  if (!entry || entry.rv !== store.resourceVersion) {
    entry = { rv: store.resourceVersion, rulesets: new Map() };
    cache.set(store, entry);
  }
  let rs = entry.rulesets.get(node);
  if (!rs) {
    rs = compileRuleset(nodeRuleset(cluster.api, cluster.config, node));
    entry.rulesets.set(node, rs);
  }
  return rs;
}
