// `iptables -L` (with -n, -v, -x, --line-numbers) and `iptables -S` listings of one table of a node ruleset.

import {
  chainsInPrintOrder,
  countReferences,
  getChain,
  isTableName,
  type Chain,
  type IptablesRuleset,
  type Table,
} from '../../cluster/network/iptables/model.js';
import { tableOrEmpty } from './save.js';
import { policyCount, ruleCount, type IptablesCounters } from '../../cluster/network/iptables/counters.js';
import { headerNum, listColumns, listRow, saveRuleBody } from './format.js';

export interface ListArgs {
  chain?: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** iptables version (the `-n` protocol column differs in 1.8.9/1.8.10) */
  version: string;
  counters?: IptablesCounters;
}

/** Resolve `-t TABLE` (default filter); a valid table the node has not created is empty. Throws on a bad name. */
function resolveTable(rs: IptablesRuleset, name: string | undefined): Table {
  const t = name ?? 'filter';
  if (!isTableName(t)) throw new Error(`no such table: ${t}`);
  return tableOrEmpty(rs, t);
}

/** `iptables [-t TABLE] -L [CHAIN] ...` of a node ruleset; null when the chain does not exist. */
export function iptablesList(rs: IptablesRuleset, args: ListArgs & { table?: string }): string | null {
  return listTable(resolveTable(rs, args.table), args);
}

/** `iptables [-t TABLE] -S [CHAIN]` of a node ruleset; null when the chain does not exist. */
export function iptablesListRules(rs: IptablesRuleset, args: ListRulesArgs & { table?: string }): string | null {
  return listTableRules(resolveTable(rs, args.table), args);
}

/** The chain named on the command line, or all of them in print order; null when it does not exist. */
function selectedChains(table: Table, chain: string | undefined): Chain[] | null {
  if (chain === undefined) return chainsInPrintOrder(table);
  const c = getChain(table, chain);
  return c ? [c] : null;
}

/** `-L` listing of one table; null when the chain does not exist. */
export function listTable(table: Table, args: ListArgs): string | null {
  const chains = selectedChains(table, args.chain);
  if (!chains) return null;
  const refs = countReferences(table);
  const columns = listColumns({ verbose: args.verbose, exact: args.exact, lineNumbers: args.lineNumbers });
  const out: string[] = [];
  chains.forEach((c, i) => {
    if (i > 0) out.push('\n');
    if (c.policy) {
      let h = `Chain ${c.name} (policy ${c.policy}`;
      if (args.verbose) {
        const pc = policyCount(args.counters, table.name, c.name);
        h += ` ${headerNum(pc.packets, args.exact)}packets, ${headerNum(pc.bytes, args.exact)}bytes`;
      }
      out.push(h + ')\n');
    } else out.push(`Chain ${c.name} (${refs.get(c.name) ?? 0} references)\n`);
    out.push(columns);
    c.rules.forEach((r, n) => {
      const rc = ruleCount(args.counters, r.id);
      out.push(
        listRow(r, {
          numeric: args.numeric,
          version: args.version,
          verbose: args.verbose,
          exact: args.exact,
          lineNumber: args.lineNumbers ? n + 1 : undefined,
          packets: rc.packets,
          bytes: rc.bytes,
        }),
      );
    });
  });
  return out.join('');
}

export interface ListRulesArgs {
  chain?: string;
  verbose?: boolean;
  counters?: IptablesCounters;
}

/** `-S` listing of one table; null when the chain does not exist. */
export function listTableRules(table: Table, args: ListRulesArgs): string | null {
  const chains = selectedChains(table, args.chain);
  if (!chains) return null;
  const out: string[] = [];
  for (const c of chains) {
    if (c.policy) {
      const pc = policyCount(args.counters, table.name, c.name);
      out.push(`-P ${c.name} ${c.policy}` + (args.verbose ? ` -c ${pc.packets} ${pc.bytes}` : ''));
    } else out.push(`-N ${c.name}`);
  }
  for (const c of chains) {
    for (const r of c.rules) {
      const rc = ruleCount(args.counters, r.id);
      out.push(`-A ${c.name}` + saveRuleBody(r, args.verbose ? ` -c ${rc.packets} ${rc.bytes}` : undefined));
    }
  }
  return out.join('\n') + '\n';
}
