// kube-proxy on each node: the rules it would have programmed, derived from the Services and EndpointSlices in
// the API (never stored), plus the per-node rule counters kept in cluster data. The dataplane and the iptables
// tools both read rules through here, so what `iptables-save` shows is what traffic follows.

import type { ApiServer } from '../apiserver/server.js';
import type { EndpointSlice, Pod, Service } from '../apiserver/types.js';
import { addHostportRules } from './iptables/hostport.js';
import type { ClusterConfig } from '../state/config.js';
import { emptyCounters, type IptablesCounters, type IptablesCountersByNode } from './iptables/counters.js';
import type { IptablesRuleset } from './iptables/model.js';
import { renderIptables } from './iptables/render.js';

export function nodeRuleset(api: ApiServer, config: ClusterConfig, nodeName: string): IptablesRuleset {
  const node = config.nodes.find((n) => n.name === nodeName);
  if (!node) throw new Error(`node "${nodeName}" not found`);
  const rs = renderIptables({
    services: api.list<Service>('services'),
    endpointSlices: api.list<EndpointSlice>('endpointslices.discovery.k8s.io'),
    node: { name: node.name, ip: node.ip, addresses: node.addresses },
    config: config.kubeProxy,
  });
  // the CNI's portmap rules for the node's hostPort pods (kindnet chains the portmap plugin)
  addHostportRules(rs, api.list<Pod>('pods').filter((p) => p.spec.nodeName === nodeName && p.status?.phase === 'Running'));
  return rs;
}

/** The counters of one node's rules, created on first use inside `data` (cluster data, persisted). */
export function nodeCounters(data: Record<string, unknown>, nodeName: string): IptablesCounters {
  const all = (data.iptablesCounters ??= {}) as IptablesCountersByNode;
  return (all[nodeName] ??= emptyCounters());
}

/** Read-only view of a node's counters (zeros when no packet has been counted yet). */
export function readNodeCounters(data: Record<string, unknown>, nodeName: string): IptablesCounters {
  return ((data.iptablesCounters as IptablesCountersByNode | undefined) ?? {})[nodeName] ?? emptyCounters();
}
