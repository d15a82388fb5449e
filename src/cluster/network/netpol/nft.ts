// The nftables table kindnetd programs on every node for NetworkPolicy (kube-network-policies syncNFTablesRules
// with kindnetd's config: table name kindnet-network-policies, queue 102, fail-open `bypass`), as `nft list table`
// prints it. Pure renderer: takes the node's local policy-selected pod IPs.

import { formatIPv4 } from '../iptables/ip.js';
import { NFQUEUE_ID, NFT_TABLE } from './enforce.js';

export function renderPolicyTable(podIPs: Iterable<number>): string {
  const ips = [...podIPs].sort((a, b) => a - b).map(formatIPv4);
  const q = `queue flags bypass to ${NFQUEUE_ID}`;
  const lines = [
    `table inet ${NFT_TABLE} {`,
    '\tcomment "rules for kubernetes NetworkPolicy"',
    '\tset podips-v4 {',
    '\t\ttype ipv4_addr',
    '\t\tcomment "Local V4 Pod IPs with Network Policies"',
    ...(ips.length ? [`\t\telements = { ${ips.join(', ')} }`] : []),
    '\t}',
    '',
    '\tset podips-v6 {',
    '\t\ttype ipv6_addr',
    '\t\tcomment "Local V6 Pod IPs with Network Policies"',
    '\t}',
    '',
    '\tchain postrouting {',
    '\t\ttype filter hook postrouting priority filter - 5; policy accept;',
    '\t\tct state established,related accept',
    `\t\tip saddr @podips-v4 ${q} comment "process IPv4 traffic with network policy enforcement"`,
    `\t\tip daddr @podips-v4 ${q} comment "process IPv4 traffic with network policy enforcement"`,
    `\t\tip6 saddr @podips-v6 ${q} comment "process IPv6 traffic with network policy enforcement"`,
    `\t\tip6 daddr @podips-v6 ${q} comment "process IPv6 traffic with network policy enforcement"`,
    '\t}',
    '}',
  ];
  return lines.join('\n') + '\n';
}
