// `kubectl describe networkpolicy` (describe.go describeNetworkPolicy / describeNetworkPolicySpec): the pod
// selector, each ingress and egress rule with its ports and peers, the policy types.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { formatLabelSelector } from '../../cluster/apiserver/labels.js';
import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from '../../cluster/apiserver/registry/networkpolicies.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, printAnnotationsMultiline, printLabelsMultiline, stringOrNone } from './helpers.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { parseTime } from './time.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.Time.String() of a UTC metav1.Time: `2024-05-01 10:00:00 +0000 UTC`. */
export function goTimeString(ts: string | null | undefined): string {
  const ms = parseTime(ts);
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 UTC`;
}

function portText(port: NetworkPolicyPort, indent: string): string {
  const proto = port.protocol ?? 'TCP';
  // %s of a nil *intstr.IntOrString
  const p = port.port === undefined || port.port === null ? '<nil>' : String(port.port);
  if (port.endPort === undefined || port.endPort === null) return `${indent}To Port: ${p}/${proto}\n`;
  return `${indent}To Port Range: ${p}-${port.endPort}/${proto}\n`;
}

function printPeers(w: PrefixWriter, peers: NetworkPolicyPeer[], indent: string, title: string): void {
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

type Rule = { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] };

function printRules(w: PrefixWriter, rules: Rule[], dir: 'ingress' | 'egress'): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  rules.forEach((r, i) => {
    const ports = r?.ports ?? [];
    if (ports.length === 0) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    else for (const p of ports) w.write(LEVEL_0, portText(p ?? {}, indent));
    const peers = (dir === 'ingress' ? r?.from : r?.to) ?? [];
    if (peers.length === 0) {
      w.write(LEVEL_0, dir === 'ingress' ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
    } else printPeers(w, peers, indent, dir === 'ingress' ? 'From' : 'To');
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicySpec(w: PrefixWriter, spec: NetworkPolicySpec): void {
  w.write(LEVEL_0, 'Spec:\n');
  w.write(LEVEL_1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  } else w.write(LEVEL_2, `${formatLabelSelector(sel)}\n`);
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(LEVEL_1, 'Allowing ingress traffic:\n');
    printRules(w, spec.ingress ?? [], 'ingress');
  } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(LEVEL_1, 'Allowing egress traffic:\n');
    printRules(w, spec.egress ?? [], 'egress');
  } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
  w.write(LEVEL_1, `Policy Types: ${stringOrNone(types.join(', '))}\n`);
}

export function describeNetworkPolicy(np: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
    describeNetworkPolicySpec(w, ((np as { spec?: NetworkPolicySpec }).spec ?? {}) as NetworkPolicySpec);
  });
}
