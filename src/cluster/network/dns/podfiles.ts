// The DNS files kubelet gives a pod: /etc/resolv.conf (pkg/kubelet/network/dns, written by containerd in the
// order search, nameserver, options) and the kubelet-managed /etc/hosts (kubelet_pods.go managedHostsFileContent).

import type { Pod } from '../../apiserver/types.js';

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export interface NodeDnsFacts {
  /** the node's own /etc/resolv.conf (kind nodes: docker's embedded DNS, no search domains) */
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** A kind node's resolv.conf as the pods with dnsPolicy Default see it. */
export const KIND_NODE_DNS: NodeDnsFacts = { nameservers: ['172.18.0.1'], searches: [], options: ['ndots:0'] };

const MAX_SEARCH = 32;

function dedupe(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}

/** Merges pod dnsConfig options into a base list (pod values win; `name` or `name:value`). */
function mergeOptions(base: string[], extra: Array<{ name: string; value?: string }>): string[] {
  const out = new Map<string, string>();
  for (const o of base) out.set(o.split(':')[0], o);
  for (const o of extra) out.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...out.values()];
}

/** kubelet's GetPodDNS: the resolver configuration of a pod. */
export function podResolvConf(pod: Pod, clusterDNS: string[], clusterDomain: string, node: NodeDnsFacts = KIND_NODE_DNS): ResolvConf {
  let policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.spec.hostNetwork) policy = 'Default';
  const dnsConfig = (pod.spec.dnsConfig ?? {}) as { nameservers?: string[]; searches?: string[]; options?: Array<{ name: string; value?: string }> };
  let conf: ResolvConf;
  if (policy === 'None') conf = { nameservers: [], searches: [], options: [] };
  else if (policy === 'Default') conf = { nameservers: [...node.nameservers], searches: [...node.searches], options: [...node.options] };
  else {
    const ns = pod.metadata.namespace ?? 'default';
    conf = {
      nameservers: [...clusterDNS],
      searches: dedupe([`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...node.searches]),
      options: ['ndots:5'],
    };
  }
  conf.nameservers = dedupe([...conf.nameservers, ...(dnsConfig.nameservers ?? [])]);
  conf.searches = dedupe([...conf.searches, ...(dnsConfig.searches ?? [])]).slice(0, MAX_SEARCH);
  conf.options = mergeOptions(conf.options, dnsConfig.options ?? []);
  return conf;
}

/** The file containerd writes: `search`, `nameserver` lines, `options`. */
export function renderResolvConf(conf: ResolvConf): string {
  let out = '';
  if (conf.searches.length) out += `search ${conf.searches.join(' ')}\n`;
  for (const ns of conf.nameservers) out += `nameserver ${ns}\n`;
  if (conf.options.length) out += `options ${conf.options.join(' ')}\n`;
  return out;
}

/** ndots from the options (default 1 as in resolv.conf(5)). */
export function ndotsOf(conf: ResolvConf): number {
  const o = conf.options.find((x) => x.startsWith('ndots:'));
  return o ? Math.min(15, Number(o.slice(6)) || 0) : 1;
}

/** The pod's hostname as kubelet sets it (spec.hostname or the pod name, truncated to 63). */
export function podHostname(pod: Pod): string {
  // a hostNetwork pod shares the node's UTS namespace: its hostname is the node's (a kind node's is its name)
  if (pod.spec.hostNetwork && pod.spec.nodeName) return pod.spec.nodeName;
  return (pod.spec.hostname || pod.metadata.name || '').slice(0, 63).replace(/[-.]+$/, '');
}

/** Node /etc/hosts shown to hostNetwork pods (a kind node's). */
export function nodeHostsFile(nodeName: string, nodeIP: string): string {
  return (
    '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n' +
    `ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${nodeIP}\t${nodeName}\n`
  );
}

/** kubelet's managedHostsFileContent. */
export function podHostsFile(pod: Pod, clusterDomain: string, nodeHosts?: string): string {
  const aliases = (pod.spec.hostAliases ?? []) as Array<{ ip: string; hostnames?: string[] }>;
  let out: string;
  if (pod.spec.hostNetwork) {
    out = '# Kubernetes-managed hosts file (host network).\n' + (nodeHosts ?? '');
  } else {
    out =
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
      'fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
    const hostname = podHostname(pod);
    for (const ip of (pod.status?.podIPs ?? []).map((p) => p.ip).concat(pod.status?.podIPs?.length ? [] : pod.status?.podIP ? [pod.status.podIP] : [])) {
      if (pod.spec.subdomain) out += `${ip}\t${hostname}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${clusterDomain}\t${hostname}\n`;
      else out += `${ip}\t${hostname}\n`;
    }
  }
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}
