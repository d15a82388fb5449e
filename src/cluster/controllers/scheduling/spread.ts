// PodTopologySpread (plugins/podtopologyspread): the DoNotSchedule constraints filter (skew against the emptiest
// eligible domain, minDomains, the missing-label case), and the score over ScheduleAnyway constraints or, for a
// pod without any, the system defaults (zone maxSkew 5, hostname maxSkew 3) over the selector of the Services,
// ReplicaSets, StatefulSets and ReplicationControllers the pod belongs to.

import { fromLabelSelector, matches, type Selector } from '../../apiserver/labels.js';
import type { KubeObject, LabelSelector, Pod } from '../../apiserver/types.js';
import { controllerOf, matchesNodeSelectorAndAffinity, tolerates, type Toleration } from '../util.js';
import type { Status } from './status.js';
import type { NodeInfo } from './nodeinfo.js';

export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
const HOSTNAME = 'kubernetes.io/hostname';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector | null;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

export interface SpreadState {
  constraints: Constraint[];
  /** `key\0value` -> matching pods in that domain */
  pairCount: Map<string, number>;
  /** topology key -> [smallest count among its domains, number of domains] */
  critical: Map<string, { min: number; domains: number }>;
}

/** The objects DefaultSelector looks at. */
export interface SpreadListers {
  services: KubeObject[];
  replicaSets: KubeObject[];
  statefulSets: KubeObject[];
  replicationControllers: KubeObject[];
}

interface RawConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
  matchLabelKeys?: string[];
}

function toConstraint(pod: Pod, c: RawConstraint): Constraint {
  let selector = fromLabelSelector(c.labelSelector);
  if (selector && c.matchLabelKeys?.length) {
    const labels = pod.metadata.labels ?? {};
    selector = [...selector, ...c.matchLabelKeys.filter((k) => k in labels).map((k) => ({ key: k, op: 'in' as const, values: [labels[k]] }))];
  }
  return {
    maxSkew: c.maxSkew ?? 1,
    topologyKey: c.topologyKey ?? '',
    selector,
    minDomains: c.minDomains ?? 1,
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: c.nodeTaintsPolicy === 'Honor',
  };
}

function rawConstraints(pod: Pod): RawConstraint[] {
  return (pod.spec.topologySpreadConstraints ?? []) as RawConstraint[];
}

function countMatching(pods: Pod[], selector: Selector | null, ns: string): number {
  if (!selector) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || p.metadata.namespace !== ns) continue;
    if (matches(selector, p.metadata.labels)) n++;
  }
  return n;
}

function hasKeys(labels: Record<string, string> | undefined, cs: Constraint[]): boolean {
  return cs.every((c) => labels !== undefined && c.topologyKey in labels);
}

function included(pod: Pod, info: NodeInfo, c: Constraint): boolean {
  if (c.honorAffinity && !matchesNodeSelectorAndAffinity(pod, info.node)) return false;
  if (c.honorTaints) {
    const tols = (pod.spec.tolerations ?? []) as Toleration[];
    const taints = info.node.spec?.taints ?? [];
    if (taints.some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tols.some((tol) => tolerates(tol, t)))) return false;
  }
  return true;
}

const pairKey = (key: string, value: string) => `${key}\0${value}`;

/** PreFilter: counts of matching pods per domain for the DoNotSchedule constraints. */
export function preFilterSpread(pod: Pod, infos: Iterable<NodeInfo>): SpreadState {
  const constraints = rawConstraints(pod)
    .filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule')
    .map((c) => toConstraint(pod, c));
  const state: SpreadState = { constraints, pairCount: new Map(), critical: new Map() };
  if (!constraints.length) return state;
  const ns = pod.metadata.namespace!;
  for (const info of infos) {
    const labels = info.node.metadata.labels ?? {};
    if (!hasKeys(labels, constraints)) continue;
    for (const c of constraints) {
      if (!included(pod, info, c)) continue;
      const k = pairKey(c.topologyKey, labels[c.topologyKey]);
      state.pairCount.set(k, (state.pairCount.get(k) ?? 0) + countMatching(info.pods, c.selector, ns));
    }
  }
  for (const c of constraints) {
    let min = Number.MAX_SAFE_INTEGER;
    let domains = 0;
    const prefix = `${c.topologyKey}\0`;
    for (const [k, n] of state.pairCount) {
      if (!k.startsWith(prefix)) continue;
      domains++;
      if (n < min) min = n;
    }
    state.critical.set(c.topologyKey, { min, domains });
  }
  return state;
}

export function filterTopologySpread(pod: Pod, info: NodeInfo, state: SpreadState): Status | undefined {
  if (!state.constraints.length) return undefined;
  const labels = info.node.metadata.labels ?? {};
  for (const c of state.constraints) {
    if (!(c.topologyKey in labels)) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_MISSING_LABEL], plugin: 'PodTopologySpread' };
  }
  for (const c of state.constraints) {
    const value = labels[c.topologyKey];
    const selfMatch = c.selector && matches(c.selector, pod.metadata.labels) ? 1 : 0;
    const crit = state.critical.get(c.topologyKey) ?? { min: Number.MAX_SAFE_INTEGER, domains: 0 };
    const min = crit.domains < c.minDomains ? 0 : crit.min;
    const matchNum = state.pairCount.get(pairKey(c.topologyKey, value)) ?? 0;
    if (matchNum + selfMatch - min > c.maxSkew) return { code: 'Unschedulable', reasons: [ERR_CONSTRAINTS], plugin: 'PodTopologySpread' };
  }
  return undefined;
}

// ---------------------------------------------------------------- scoring

/** helper.DefaultSelector: the merged selectors of the pod's Services and of its RS/SS/RC controller. */
export function defaultSelector(pod: Pod, l: SpreadListers): Selector {
  const ns = pod.metadata.namespace;
  const labels = pod.metadata.labels ?? {};
  const set: Record<string, string> = {};
  for (const s of l.services) {
    const sel = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (s.metadata.namespace !== ns || !sel || !Object.keys(sel).length) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(set, sel);
  }
  const out: Selector = Object.entries(set).map(([key, v]) => ({ key, op: '=' as const, values: [v] }));
  const owner = controllerOf(pod);
  if (!owner) return out;
  const pick = (list: KubeObject[]) => list.find((o) => o.metadata.namespace === ns && o.metadata.name === owner.name);
  if (owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
    const rc = pick(l.replicationControllers);
    const sel = (rc?.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    const merged = { ...set, ...sel };
    return Object.entries(merged).map(([key, v]) => ({ key, op: '=' as const, values: [v] }));
  }
  if ((owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') && owner.apiVersion === 'apps/v1') {
    const o = pick(owner.kind === 'ReplicaSet' ? l.replicaSets : l.statefulSets);
    const sel = fromLabelSelector((o?.spec as { selector?: LabelSelector } | undefined)?.selector);
    if (sel) out.push(...sel);
  }
  return out;
}

/** The constraints the score uses: the pod's ScheduleAnyway ones, or the system defaults. */
export function scoringConstraints(pod: Pod, l: SpreadListers): { constraints: Constraint[]; systemDefaulted: boolean } {
  const raw = rawConstraints(pod);
  if (raw.length) {
    return { constraints: raw.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').map((c) => toConstraint(pod, c)), systemDefaulted: false };
  }
  const selector = defaultSelector(pod, l);
  if (!selector.length) return { constraints: [], systemDefaulted: true };
  const base = { selector, minDomains: 1, honorAffinity: true, honorTaints: false };
  return {
    constraints: [
      { ...base, topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
      { ...base, topologyKey: HOSTNAME, maxSkew: 3 },
    ],
    systemDefaulted: true,
  };
}

/** PreScore + Score + NormalizeScore over the filtered nodes; scores in 0..100, by node name. */
export function scoreTopologySpread(pod: Pod, filtered: NodeInfo[], all: Iterable<NodeInfo>, l: SpreadListers): Map<string, number> | undefined {
  const { constraints, systemDefaulted } = scoringConstraints(pod, l);
  if (!constraints.length) return undefined;
  const requireAll = !systemDefaulted;
  const ns = pod.metadata.namespace!;
  const ignored = new Set<string>();
  const pairCount = new Map<string, number>();
  const size = constraints.map(() => 0);
  for (const info of filtered) {
    const labels = info.node.metadata.labels ?? {};
    if (requireAll && !hasKeys(labels, constraints)) {
      ignored.add(info.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      if (!pairCount.has(k)) {
        pairCount.set(k, 0);
        size[i]++;
      }
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? filtered.length - ignored.size : size[i]) + 2));
  if (constraints.some((c) => c.topologyKey !== HOSTNAME)) {
    for (const info of all) {
      const labels = info.node.metadata.labels ?? {};
      if (requireAll && !hasKeys(labels, constraints)) continue;
      for (const c of constraints) {
        if (c.topologyKey === HOSTNAME || !included(pod, info, c)) continue;
        const k = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
        if (pairCount.has(k)) pairCount.set(k, pairCount.get(k)! + countMatching(info.pods, c.selector, ns));
      }
    }
  }
  const raw = new Map<string, number>();
  for (const info of filtered) {
    if (ignored.has(info.name)) continue;
    const labels = info.node.metadata.labels ?? {};
    let score = 0;
    constraints.forEach((c, i) => {
      if (!(c.topologyKey in labels)) return;
      const cnt = c.topologyKey === HOSTNAME ? countMatching(info.pods, c.selector, ns) : pairCount.get(pairKey(c.topologyKey, labels[c.topologyKey])) ?? 0;
      score += cnt * weights[i] + (c.maxSkew - 1);
    });
    raw.set(info.name, Math.round(score));
  }
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const v of raw.values()) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Map<string, number>();
  for (const info of filtered) {
    const v = raw.get(info.name);
    if (v === undefined) out.set(info.name, 0);
    else if (max === 0) out.set(info.name, 100);
    else out.set(info.name, Math.trunc((100 * (max + min - v)) / max));
  }
  return out;
}
