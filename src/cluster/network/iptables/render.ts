// kube-proxy v1.32 iptables mode, as a pure function: Services + EndpointSlices + node + proxy settings → the
// ruleset the node's kernel holds (kube-proxy's chains and rules plus kubelet's chains and the jump rules).
//
// Deterministic order (real kube-proxy iterates service ports in random Go map order): service ports sorted by
// `namespace/name` (one string, strcmp), then in the order of the Service's spec.ports; endpoints by `ip:port`;
// externalIPs in spec order; load-balancer IPs in status order; source ranges in spec order.

import type { EndpointSlice, Service, ServicePort } from '../../apiserver/types.js';
import type { KubeProxyConfig } from '../../state/config.js';
import { rule, type RuleBuilder } from './builder.js';
import { categorize, endpointsForPort, indexSlices, type ProxyEndpoint } from './endpoints.js';
import { endpointChainName, servicePortHash } from './hash.js';
import { canonicalIPv4, cidrContains, formatCIDR4, parseCIDR4, parseIPv4 } from './ip.js';
import type { Chain, IptablesRuleset, Proto, Rule, Table, TableName } from './model.js';

export interface ProxyNode {
  name: string;
  /** primary (InternalIP) address */
  ip: string;
  /** every IPv4 address on the node's interfaces, in interface order */
  addresses: string[];
}

export interface ProxyInput {
  services: Service[];
  endpointSlices: EndpointSlice[];
  node: ProxyNode;
  config: KubeProxyConfig;
}

/** kube-proxy drops per-endpoint comments when the node has more endpoints than this. */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

const DEFAULT_AFFINITY_SECONDS = 10800;

interface ChainState {
  chain: Chain;
  /** `table:chain:`, the start of every rule identity in the chain */
  prefix: string;
  /** identities given so far (only kept for chains with rules that may repeat) */
  seen?: Set<string>;
}

class TableBuilder {
  readonly table: Table;
  private byName = new Map<string, ChainState>();
  constructor(name: TableName, builtins: string[]) {
    this.table = { name, chains: [] };
    for (const b of builtins) this.push({ name: b, policy: 'ACCEPT', rules: [] });
  }
  private push(c: Chain): ChainState {
    this.table.chains.push(c);
    // join(): one flat string rather than a rope of three pieces per chain
    const st: ChainState = { chain: c, prefix: [this.table.name, c.name, ''].join(':') };
    this.byName.set(c.name, st);
    return st;
  }
  /** The chain `name` (created if new) as a handle `add` takes without looking the name up again. */
  state(name: string): ChainState {
    return this.byName.get(name) ?? this.push({ name, rules: [] });
  }
  chain(name: string): Chain {
    return this.state(name).chain;
  }
  /** Append a rule. `unique` promises the rule text cannot repeat in this chain (per-endpoint rules), which
   *  skips the duplicate check that gives a repeated rule the identity `…#2`. */
  add(chain: string | ChainState, b: RuleBuilder, unique = false): Rule {
    const st = typeof chain === 'string' ? this.state(chain) : chain;
    let r: Rule;
    if (unique) {
      // the identity (prefix + arguments) is made when first read
      r = b.build(st.prefix, true);
    } else {
      const args = b.args;
      let id = st.prefix + args;
      const seen = st.seen ?? (st.seen = new Set());
      if (seen.has(id)) {
        let n = 2;
        while (seen.has(`${id}#${n}`)) n++;
        id = `${id}#${n}`;
      }
      seen.add(id);
      r = b.build(id, false, args);
    }
    const c = st.chain;
    // Most chains hold a handful of rules: keep their arrays exact-size (push would reserve 16 more slots).
    if (c.rules.length < 8) c.rules = c.rules.concat(r);
    else c.rules.push(r);
    return r;
  }
}

interface PortEntry {
  svc: Service;
  port: ServicePort;
  spn: string;
  proto: Proto;
  clusterIP: string;
  eps: ProxyEndpoint[];
}

function protoOf(p: ServicePort): Proto | null {
  const s = (p.protocol ?? 'TCP').toLowerCase();
  return s === 'tcp' || s === 'udp' || s === 'sctp' ? s : null;
}

function ipv4ClusterIP(svc: Service): string | null {
  const spec = svc.spec;
  if (!spec) return null;
  if (spec.type === 'ExternalName') return null;
  const cands = [spec.clusterIP, ...(spec.clusterIPs ?? [])];
  for (const c of cands) {
    if (!c || c === 'None') continue;
    const ip = canonicalIPv4(c);
    if (ip) return ip;
  }
  return null;
}

function markHex(bit: number): { value: number; hex: string } {
  const value = 2 ** bit;
  return { value, hex: '0x' + value.toString(16) };
}

/** Render the node's iptables ruleset (IPv4). */
export function renderIptables(input: ProxyInput): IptablesRuleset {
  const { config, node } = input;
  const mark = markHex(config.masqueradeBit);
  const nodeIP = parseIPv4(node.ip);
  const clusterCIDR = config.clusterCIDR ? parseCIDR4(config.clusterCIDR) : null;
  const localCIDR = clusterCIDR ? formatCIDR4(clusterCIDR) : null;
  const nodePortCIDRs = config.nodePortAddresses ? config.nodePortAddresses.map(parseCIDR4).filter((c) => c !== null) : null;
  const npMatchAll = !nodePortCIDRs || nodePortCIDRs.some((c) => c!.len === 0);
  // kube-proxy turns localhost NodePorts off when --nodeport-addresses excludes 127.0.0.1.
  const loopback = parseIPv4('127.0.0.1')!;
  const localhostNodePorts =
    config.localhostNodePorts && (npMatchAll || nodePortCIDRs!.some((c) => cidrContains(c!, loopback)));
  const nfacct = config.iptables.nfacct;

  const mangle = new TableBuilder('mangle', ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
  const filter = new TableBuilder('filter', ['INPUT', 'FORWARD', 'OUTPUT']);
  const nat = new TableBuilder('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);

  // kubelet: hint and canary chains, KUBE-FIREWALL with its localnet rule and the INPUT/OUTPUT jumps.
  mangle.chain('KUBE-IPTABLES-HINT');
  for (const t of [mangle, filter, nat]) t.chain('KUBE-KUBELET-CANARY');
  // kube-proxy's monitor canaries.
  for (const t of [mangle, filter, nat]) t.chain('KUBE-PROXY-CANARY');

  // Jump rules from built-in chains, as left by kubelet + kube-proxy's prepends (section 1.3 of the reference).
  filter.add('INPUT', rule().conntrack(['NEW']).comment('kubernetes load balancer firewall').jump('KUBE-PROXY-FIREWALL'));
  filter.add('INPUT', rule().comment('kubernetes health check service ports').jump('KUBE-NODEPORTS'));
  filter.add('INPUT', rule().conntrack(['NEW']).comment('kubernetes externally-visible service portals').jump('KUBE-EXTERNAL-SERVICES'));
  filter.add('INPUT', rule().jump('KUBE-FIREWALL'));
  filter.add('FORWARD', rule().conntrack(['NEW']).comment('kubernetes load balancer firewall').jump('KUBE-PROXY-FIREWALL'));
  filter.add('FORWARD', rule().comment('kubernetes forwarding rules').jump('KUBE-FORWARD'));
  filter.add('FORWARD', rule().conntrack(['NEW']).comment('kubernetes service portals').jump('KUBE-SERVICES'));
  filter.add('FORWARD', rule().conntrack(['NEW']).comment('kubernetes externally-visible service portals').jump('KUBE-EXTERNAL-SERVICES'));
  filter.add('OUTPUT', rule().conntrack(['NEW']).comment('kubernetes load balancer firewall').jump('KUBE-PROXY-FIREWALL'));
  filter.add('OUTPUT', rule().conntrack(['NEW']).comment('kubernetes service portals').jump('KUBE-SERVICES'));
  filter.add('OUTPUT', rule().jump('KUBE-FIREWALL'));
  nat.add('PREROUTING', rule().comment('kubernetes service portals').jump('KUBE-SERVICES'));
  nat.add('OUTPUT', rule().comment('kubernetes service portals').jump('KUBE-SERVICES'));
  nat.add('POSTROUTING', rule().comment('kubernetes postrouting rules').jump('KUBE-POSTROUTING'));

  // kube-proxy's fixed chains, in its declaration order.
  for (const n of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL'])
    filter.chain(n);
  for (const n of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.chain(n);

  // Same rule from kubelet and (IPv4 && localhostNodePorts) kube-proxy.
  filter.add(
    'KUBE-FIREWALL',
    rule()
      .comment('block incoming localnet connections')
      .d('127.0.0.0/8')
      .s('127.0.0.0/8', true)
      .conntrack(['RELATED', 'ESTABLISHED', 'DNAT'], true)
      .jump('DROP'),
  );

  nat.add('KUBE-POSTROUTING', rule().mark(mark.value, mark.value, true, mark.hex).jump('RETURN'));
  nat.add('KUBE-POSTROUTING', rule().markTarget('xor', mark.value, mark.hex));
  nat.add('KUBE-POSTROUTING', rule().comment('kubernetes service traffic requiring SNAT').masquerade(config.iptables.randomFully));
  nat.add('KUBE-MARK-MASQ', rule().markTarget('or', mark.value, mark.hex));

  // Service ports in the documented order.
  const slicesBySvc = indexSlices(input.endpointSlices);
  const services = input.services
    .map((s) => ({ s, key: `${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const entries: PortEntry[] = [];
  let totalEndpoints = 0;
  for (const { s, key } of services) {
    const clusterIP = ipv4ClusterIP(s);
    if (!clusterIP) continue;
    const slices = slicesBySvc.get(key);
    for (const port of s.spec.ports ?? []) {
      const proto = protoOf(port);
      if (!proto) continue;
      const spn = port.name ? `${key}:${port.name}` : key;
      const eps = endpointsForPort(slices, port, node.name);
      totalEndpoints += eps.length;
      entries.push({ svc: s, port, spn, proto, clusterIP, eps });
    }
  }
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const svcComment = (b: RuleBuilder, text: string, quoted: boolean) => (largeCluster ? b : b.comment(text, quoted));

  for (const e of entries) {
    const { svc, port, spn, proto, clusterIP } = e;
    const spec = svc.spec;
    const h = servicePortHash(spn, proto);
    const svcChain = ['KUBE-SVC-', h].join('');
    const svlChain = ['KUBE-SVL-', h].join('');
    const extChain = ['KUBE-EXT-', h].join('');
    const fwChain = ['KUBE-FW-', h].join('');
    const type = spec.type ?? 'ClusterIP';
    const nodePort = type === 'NodePort' || type === 'LoadBalancer' ? (port.nodePort ?? 0) : 0;
    const externalIPs = (spec.externalIPs ?? []).map((x) => canonicalIPv4(x)).filter((x): x is string => !!x);
    const lbIPs =
      type === 'LoadBalancer'
        ? (svc.status?.loadBalancer?.ingress ?? [])
            .filter((i) => i.ip && i.ipMode !== 'Proxy')
            .map((i) => canonicalIPv4(i.ip!))
            .filter((x): x is string => !!x)
        : [];
    const sourceRanges = (spec.loadBalancerSourceRanges ?? []).map((r) => parseCIDR4(r)).filter((r) => r !== null);
    const externallyAccessible = nodePort !== 0 || lbIPs.length > 0 || externalIPs.length > 0;
    const externalPolicyLocal =
      spec.externalTrafficPolicy === 'Local' &&
      (type === 'NodePort' || type === 'LoadBalancer' || externalIPs.length > 0);
    const internalPolicyLocal = spec.internalTrafficPolicy === 'Local';
    const hcNodePort = type === 'LoadBalancer' && externalPolicyLocal ? (spec.healthCheckNodePort ?? 0) : 0;
    const affinity = spec.sessionAffinity === 'ClientIP';
    const affinitySeconds = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;

    const usesCluster = !internalPolicyLocal || externallyAccessible;
    const usesLocal = internalPolicyLocal || (externalPolicyLocal && externallyAccessible);
    const cat = categorize(e.eps, usesCluster, usesLocal);
    const hasEndpoints = cat.hasAnyEndpoints;
    const hasInternalEndpoints = hasEndpoints && !(internalPolicyLocal && cat.localEndpoints.length === 0);
    const hasExternalEndpoints = hasEndpoints && !(externalPolicyLocal && cat.localEndpoints.length === 0);
    const internalChain = internalPolicyLocal ? svlChain : svcChain;
    const externalPolicyChain = externalPolicyLocal ? svlChain : svcChain;
    const usesExternalChain = hasEndpoints && externallyAccessible;
    const usesFWChain = hasEndpoints && lbIPs.length > 0 && sourceRanges.length > 0;
    const lbTarget = usesFWChain ? fwChain : extChain;
    const usesSVC = usesCluster && cat.clusterEndpoints.length > 0;
    const usesSVL = usesLocal && cat.localEndpoints.length > 0;
    const noEpTarget = hasEndpoints ? 'DROP' : 'REJECT';
    const noEpComment = hasEndpoints ? `${spn} has no local endpoints` : `${spn} has no endpoints`;
    const noEp = (b: RuleBuilder) => (noEpTarget === 'REJECT' ? b.reject() : b.jump('DROP'));

    const sepChains = new Map<string, ChainState>();
    const sepOf = (ep: ProxyEndpoint) => {
      let st = sepChains.get(ep.str);
      if (st === undefined) sepChains.set(ep.str, (st = nat.state(endpointChainName(spn, proto, ep.str))));
      return st;
    };
    // Declare this service's nat chains in kube-proxy's order (EXT, FW, SVC, SVL, SEP).
    if (usesExternalChain) nat.chain(extChain);
    if (usesFWChain) nat.chain(fwChain);
    if (usesSVC) nat.chain(svcChain);
    if (usesSVL) nat.chain(svlChain);
    for (const ep of cat.allReachable) sepOf(ep);

    // 1. cluster IP
    if (hasInternalEndpoints) {
      nat.add('KUBE-SERVICES', rule().comment(`${spn} cluster IP`).protocol(proto).d(clusterIP).dport(port.port).jump(internalChain));
    } else {
      filter.add('KUBE-SERVICES', noEp(rule().comment(noEpComment).protocol(proto).d(clusterIP).dport(port.port)));
    }
    // 2. external IPs
    for (const eip of externalIPs) {
      if (hasEndpoints)
        nat.add('KUBE-SERVICES', rule().comment(`${spn} external IP`).protocol(proto).d(eip).dport(port.port).jump(extChain));
      if (!hasExternalEndpoints)
        filter.add('KUBE-EXTERNAL-SERVICES', noEp(rule().comment(noEpComment).protocol(proto).d(eip).dport(port.port)));
    }
    // 3. load-balancer IPs
    for (const lbip of lbIPs) {
      if (hasEndpoints)
        nat.add('KUBE-SERVICES', rule().comment(`${spn} loadbalancer IP`).protocol(proto).d(lbip).dport(port.port).jump(lbTarget));
      if (usesFWChain)
        filter.add(
          'KUBE-PROXY-FIREWALL',
          rule().comment(`${spn} traffic not accepted by ${fwChain}`).protocol(proto).d(lbip).dport(port.port).jump('DROP'),
        );
    }
    if (!hasExternalEndpoints) {
      for (const lbip of lbIPs)
        filter.add('KUBE-EXTERNAL-SERVICES', noEp(rule().comment(noEpComment).protocol(proto).d(lbip).dport(port.port)));
    }
    // 4. NodePort
    if (nodePort !== 0) {
      if (hasEndpoints) {
        if (localhostNodePorts && nfacct)
          nat.add(
            'KUBE-NODEPORTS',
            rule().comment(spn, false).protocol(proto).d('127.0.0.0/8').dport(nodePort).nfacct('localhost_nps_accepted_pkts').jump(extChain),
          );
        nat.add('KUBE-NODEPORTS', rule().comment(spn, false).protocol(proto).dport(nodePort).jump(extChain));
      }
      if (!hasExternalEndpoints)
        filter.add(
          'KUBE-EXTERNAL-SERVICES',
          noEp(rule().comment(noEpComment).addrtype('dst', 'LOCAL').protocol(proto).dport(nodePort)),
        );
    }
    // 5. health-check node port
    if (hcNodePort !== 0)
      filter.add('KUBE-NODEPORTS', rule().comment(`${spn} health check node port`).protocol('tcp').dport(hcNodePort).jump('ACCEPT'));

    // 6. masquerade off-cluster traffic to the cluster IP
    if (hasInternalEndpoints) {
      const b = rule().comment(`${spn} cluster IP`).protocol(proto).d(clusterIP).dport(port.port);
      if (config.masqueradeAll) nat.add(internalChain, b.jump('KUBE-MARK-MASQ'), true);
      else if (localCIDR) nat.add(internalChain, b.s(localCIDR, true).jump('KUBE-MARK-MASQ'), true);
    }
    // 7. KUBE-EXT
    if (usesExternalChain) {
      if (!externalPolicyLocal) {
        nat.add(extChain, rule().comment(`masquerade traffic for ${spn} external destinations`).jump('KUBE-MARK-MASQ'), true);
      } else {
        if (localCIDR)
          nat.add(extChain, rule().comment(`pod traffic for ${spn} external destinations`).s(localCIDR).jump(svcChain));
        nat.add(
          extChain,
          rule().comment(`masquerade LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump('KUBE-MARK-MASQ'),
        );
        nat.add(
          extChain,
          rule().comment(`route LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump(svcChain),
        );
      }
      if (hasExternalEndpoints) nat.add(extChain, rule().jump(externalPolicyChain), true);
    }
    // 8. KUBE-FW
    if (usesFWChain) {
      let allowFromNode = false;
      for (const r of sourceRanges) {
        nat.add(fwChain, rule().comment(`${spn} loadbalancer IP`).s(formatCIDR4(r!)).jump(extChain));
        if (nodeIP !== null && cidrContains(r!, nodeIP)) allowFromNode = true;
      }
      if (allowFromNode)
        for (const lbip of lbIPs) nat.add(fwChain, rule().comment(`${spn} loadbalancer IP`).s(lbip).jump(extChain));
      nat.add(fwChain, rule().comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`));
    }
    if (!hasEndpoints) continue;
    // 10. KUBE-SVC / KUBE-SVL
    const writeLB = (chainName: string, eps: ProxyEndpoint[]) => {
      const chain = nat.state(chainName);
      if (affinity) {
        for (const ep of eps) {
          const sep = sepOf(ep).chain.name;
          nat.add(chain, svcComment(rule(), `${spn} -> ${ep.str}`, true).recentCheck(sep, affinitySeconds).jump(sep), true);
        }
      }
      const n = eps.length;
      for (let i = 0; i < n; i++) {
        const ep = eps[i]!;
        const b = svcComment(rule(), `${spn} -> ${ep.str}`, true);
        if (i < n - 1) b.statistic(n - i);
        nat.add(chain, b.jump(sepOf(ep).chain.name), true);
      }
    };
    if (usesSVC) writeLB(svcChain, cat.clusterEndpoints);
    if (usesSVL) writeLB(svlChain, cat.localEndpoints);
    // 11. KUBE-SEP
    for (const ep of cat.allReachable) {
      const sep = sepOf(ep);
      nat.add(sep, svcComment(rule(), spn, false).s(ep.ip).jump('KUBE-MARK-MASQ'), true);
      const b = svcComment(rule(), spn, false);
      if (affinity) b.recentSet(sep.chain.name);
      nat.add(sep, b.protocol(proto).dnat(ep.ip, ep.port), true);
    }
  }

  // Last rule of nat KUBE-SERVICES: NodePorts.
  const npComment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';
  if (npMatchAll) {
    const b = rule().comment(npComment).addrtype('dst', 'LOCAL');
    if (!localhostNodePorts) b.d('127.0.0.0/8', true);
    nat.add('KUBE-SERVICES', b.jump('KUBE-NODEPORTS'));
  } else {
    const addrs = node.addresses.length > 0 ? node.addresses : [node.ip];
    for (const a of addrs) {
      const ip = parseIPv4(a);
      if (ip === null) continue;
      if (!nodePortCIDRs!.some((c) => cidrContains(c!, ip))) continue;
      if (!localhostNodePorts && Math.floor(ip / 16777216) === 127) continue;
      nat.add('KUBE-SERVICES', rule().comment(npComment).d(canonicalIPv4(a)!).jump('KUBE-NODEPORTS'));
    }
  }

  // filter KUBE-FORWARD, written after the service rules.
  if (!config.iptables.conntrackTCPBeLiberal) {
    const b = rule().conntrack(['INVALID']);
    if (nfacct) b.nfacct('ct_state_invalid_dropped_pkts');
    filter.add('KUBE-FORWARD', b.jump('DROP'));
  }
  filter.add('KUBE-FORWARD', rule().comment('kubernetes forwarding rules').mark(mark.value, mark.value, false, mark.hex).jump('ACCEPT'));
  filter.add('KUBE-FORWARD', rule().comment('kubernetes forwarding conntrack rule').conntrack(['RELATED', 'ESTABLISHED']).jump('ACCEPT'));

  return { family: 'ipv4', tables: [mangle.table, filter.table, nat.table] };
}
