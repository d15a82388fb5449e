// `kubesim nft ...` on a node: the nftables objects kindnetd owns there (its NetworkPolicy table; none on a cluster
// brought up with Cilium or without a CNI). kube-proxy's
// rules live in iptables (see `kubesim iptables-save`); listing them in nft syntax is not simulated.

import { policyState } from '../cluster/network/netpol/enforce.js';
import { NFT_TABLE } from '../cluster/network/netpol/enforce.js';
import { renderPolicyTable } from '../cluster/network/netpol/nft.js';
import type { Cluster } from '../cluster/state/cluster.js';
import { cniOf } from '../cluster/state/config.js';
import type { CommandIO } from './io.js';

export function nftTool(argv: string[], ctx: { cluster: Cluster; node: string; io: CommandIO }): number {
  const args = argv.filter((a) => a !== '-a' && a !== '--handle');
  const table = () => renderPolicyTable(policyState(ctx.cluster).podIPs.get(ctx.node) ?? []);
  const words = args.join(' ');
  // kindnetd programs its table; a cluster brought up with Cilium (or no CNI) has no kindnetd
  const kindnet = cniOf(ctx.cluster.config) === 'kindnet';
  if (words === 'list tables') {
    const backend = ctx.cluster.config.kubeProxy.iptables.backend;
    const ipt = backend === 'nf_tables' ? ['table ip mangle', 'table ip6 mangle', 'table ip nat', 'table ip6 nat', 'table ip filter', 'table ip6 filter'] : [];
    ctx.io.out([...ipt, ...(kindnet ? [`table inet ${NFT_TABLE}`] : [])].map((l) => l + '\n').join(''));
    return 0;
  }
  if (kindnet && words === `list table inet ${NFT_TABLE}`) {
    ctx.io.out(table());
    return 0;
  }
  if (args[0] === 'list' && args[1] === 'table' && args.length === 4) {
    ctx.io.err(`Error: No such file or directory\nlist table ${args[2]} ${args[3]}\n${' '.repeat(11 + args[2].length)}${'^'.repeat(args[3].length)}\n`);
    return 1;
  }
  ctx.io.err(`kubesim: nft ${words}: kubesim simulates only "nft list tables" and "nft list table inet ${NFT_TABLE}" (kube-proxy's rules: kubesim iptables-save)\n`);
  return 1;
}
