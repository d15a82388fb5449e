// The CNI portmap plugin's rules (containernetworking/plugins plugins/meta/portmap, as kindnet's CNI config chains
// it): a pod with hostPorts gets a CNI-DN-<hash> chain that DNATs the node's port to the pod, jumped to from
// CNI-HOSTPORT-DNAT (PREROUTING and OUTPUT, local destinations); hairpin and localhost connections are marked and
// masqueraded in CNI-HOSTPORT-MASQ. These are the rules `curl localhost:80` on a kind node follows to reach
// ingress-nginx's controller.

import { createHash } from 'node:crypto';
import type { Pod } from '../../apiserver/types.js';
import type { Chain, IptablesRuleset, Match, Proto, Rule, Table } from './model.js';
import { getChain } from './model.js';

const MARK = 0x2000;
const NET_NAME = 'kindnet';

/** The pod sandbox's container id as the runtime would show it (derived from the pod uid). */
export function sandboxId(pod: Pod): string {
  return createHash('sha256').update(`sandbox/${pod.metadata.uid ?? ''}`).digest('hex');
}

/** portmap's formatChainName: prefix + the first 28 - len(prefix) hex digits of sha512(netName + containerID). */
function chainName(prefix: string, id: string): string {
  const full = `CNI-${prefix}`;
  return full + createHash('sha512').update(NET_NAME + id).digest('hex').slice(0, 28 - full.length);
}

function mk(table: string, chain: string, args: string, parts: Partial<Rule> & { matches?: Match[] }, n = 0): Rule {
  return { id: `${table}:${chain}:${args}${n ? `#${n}` : ''}`, args, matches: parts.matches ?? [], src: parts.src, dst: parts.dst, proto: parts.proto, target: parts.target };
}

interface Mapping {
  proto: Proto;
  hostPort: number;
  containerPort: number;
}

function mappings(pod: Pod): Mapping[] {
  const out: Mapping[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      const proto = (p.protocol ?? 'TCP').toLowerCase() as Proto;
      out.push({ proto, hostPort: p.hostPort, containerPort: p.containerPort });
    }
  }
  return out;
}

/** Adds the portmap chains for the hostPort pods of one node to its nat table. */
export function addHostportRules(rs: IptablesRuleset, pods: Pod[]): void {
  const withPorts = pods.filter((p) => !p.spec.hostNetwork && p.status?.podIP && mappings(p).length);
  if (!withPorts.length) return;
  const nat = rs.tables.find((t) => t.name === 'nat') as Table | undefined;
  if (!nat) return;
  const chain = (name: string): Chain => {
    let c = getChain(nat, name);
    if (!c) {
      c = { name, rules: [] };
      nat.chains.push(c);
    }
    return c;
  };
  const local: Match = { m: 'addrtype', dstType: 'LOCAL' };
  chain('PREROUTING').rules.push(mk('nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT', { matches: [local], target: { t: 'chain', chain: 'CNI-HOSTPORT-DNAT' } }));
  chain('OUTPUT').rules.push(mk('nat', 'OUTPUT', '-m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT', { matches: [local], target: { t: 'chain', chain: 'CNI-HOSTPORT-DNAT' } }));
  chain('POSTROUTING').rules.push(
    mk('nat', 'POSTROUTING', '-m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ', { matches: [{ m: 'comment', comment: 'CNI portfwd requiring masquerade' }], target: { t: 'chain', chain: 'CNI-HOSTPORT-MASQ' } }),
  );
  const dnat = chain('CNI-HOSTPORT-DNAT');
  chain('CNI-HOSTPORT-MASQ').rules.push(mk('nat', 'CNI-HOSTPORT-MASQ', '-m mark --mark 0x2000/0x2000 -j MASQUERADE', { matches: [{ m: 'mark', value: MARK, mask: MARK, invert: false }], target: { t: 'MASQUERADE', randomFully: false } }));
  chain('CNI-HOSTPORT-SETMARK').rules.push(
    mk('nat', 'CNI-HOSTPORT-SETMARK', '-m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000', {
      matches: [{ m: 'comment', comment: 'CNI portfwd masquerade mark' }],
      target: { t: 'MARK', op: 'or', value: MARK },
    }),
  );
  const sorted = [...withPorts].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  for (const pod of sorted) {
    const id = sandboxId(pod);
    const dn = chainName('DN-', id);
    const ip = pod.status!.podIP!;
    const maps = mappings(pod);
    for (const proto of ['tcp', 'udp', 'sctp'] as Proto[]) {
      const ports = maps.filter((m) => m.proto === proto).map((m) => m.hostPort);
      if (!ports.length) continue;
      const comment = `dnat name: "${NET_NAME}" id: "${id}"`;
      dnat.rules.push(
        mk('nat', 'CNI-HOSTPORT-DNAT', `-p ${proto} -m comment --comment "${comment.replace(/"/g, '\\"')}" -m multiport --dports ${ports.join(',')} -j ${dn}`, {
          proto,
          matches: [{ m: 'comment', comment }, { m: 'multiport', dports: ports }],
          target: { t: 'chain', chain: dn },
        }),
      );
    }
    const c = chain(dn);
    for (const m of maps) {
      const proto = { m: 'proto' as const, proto: m.proto, dport: m.hostPort };
      const setmark = { t: 'chain' as const, chain: 'CNI-HOSTPORT-SETMARK' };
      c.rules.push(mk('nat', dn, `-s ${ip}/32 -p ${m.proto} -m ${m.proto} --dport ${m.hostPort} -j CNI-HOSTPORT-SETMARK`, { src: { cidr: `${ip}/32`, invert: false }, proto: m.proto, matches: [proto], target: setmark }));
      c.rules.push(mk('nat', dn, `-s 127.0.0.1/32 -p ${m.proto} -m ${m.proto} --dport ${m.hostPort} -j CNI-HOSTPORT-SETMARK`, { src: { cidr: '127.0.0.1/32', invert: false }, proto: m.proto, matches: [proto], target: setmark }));
      c.rules.push(mk('nat', dn, `-p ${m.proto} -m ${m.proto} --dport ${m.hostPort} -j DNAT --to-destination ${ip}:${m.containerPort}`, { proto: m.proto, matches: [proto], target: { t: 'DNAT', ip, port: m.containerPort } }));
    }
  }
}
