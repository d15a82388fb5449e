// kube-proxy's own part of a node ruleset as restore text in the upstream test-normalised form
// (proxier_test.go sortIPTablesRules): what upstream unit tests compare against.

import { getChain, type Chain, type IptablesRuleset, type Rule } from './model.js';

export interface PayloadOptions {
  /** whether kube-proxy writes KUBE-FIREWALL (IPv4 && localhostNodePorts) */
  includeFirewall: boolean;
}

const FILTER_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'];
const NAT_FIXED = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
const PER_SERVICE = /^KUBE-(SVC|SVL|EXT|FW|SEP)-/;

function commentOf(r: Rule): string {
  for (const m of r.matches) if (m.m === 'comment') return m.comment;
  return '';
}

function serviceNameOf(r: Rule): string {
  return commentOf(r).split(' ')[0]!.split(':')[0]!;
}

function chainOrder(a: string, b: string): number {
  const rank = (n: string) => (n === 'KUBE-NODEPORTS' ? 0 : n === 'KUBE-SERVICES' ? 1 : n.startsWith('KUBE-') ? 2 : 3);
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalised restore payload (filter then nat), ending with a newline after the last COMMIT. */
export function kubeProxyNormalisedPayload(rs: IptablesRuleset, opts: PayloadOptions): string {
  const out: string[] = [];
  for (const tname of ['filter', 'nat'] as const) {
    const table = rs.tables.find((t) => t.name === tname);
    if (!table) continue;
    const names =
      tname === 'filter'
        ? [...FILTER_CHAINS, ...(opts.includeFirewall ? ['KUBE-FIREWALL'] : [])]
        : [...NAT_FIXED, ...table.chains.map((c) => c.name).filter((n) => PER_SERVICE.test(n))];
    const chains: Chain[] = names.map((n) => getChain(table, n)).filter((c): c is Chain => !!c);
    chains.sort((a, b) => chainOrder(a.name, b.name));
    out.push(`*${tname}`);
    for (const c of chains) out.push(`:${c.name} - [0:0]`);
    for (const c of chains) {
      let rules = c.rules;
      if (c.name === 'KUBE-NODEPORTS' || c.name === 'KUBE-SERVICES') {
        rules = [...rules].sort((x, y) => {
          if (tname === 'nat' && c.name === 'KUBE-SERVICES') {
            const lx = commentOf(x).includes('must be the last rule');
            const ly = commentOf(y).includes('must be the last rule');
            if (lx !== ly) return lx ? 1 : -1;
          }
          const a = serviceNameOf(x);
          const b = serviceNameOf(y);
          return a < b ? -1 : a > b ? 1 : 0;
        });
      }
      for (const r of rules) out.push(`-A ${c.name} ${r.args}`.trimEnd());
    }
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}
