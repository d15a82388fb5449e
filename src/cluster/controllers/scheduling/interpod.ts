// InterPodAffinity (plugins/interpodaffinity): the filter (the pod's required affinity and anti-affinity, and the
// required anti-affinity of pods already running) and the score (preferred terms both ways, and existing pods'
// required affinity at hardPodAffinityWeight 1), over topology domains keyed by node labels.

import { fromLabelSelector, matches, type Selector } from '../../apiserver/labels.js';
import type { LabelSelector, Pod } from '../../apiserver/types.js';
import type { Status } from './status.js';
import type { NodeInfo } from './nodeinfo.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

interface RawTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey?: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

interface Term {
  selector: Selector | null;
  namespaces: Set<string>;
  namespaceSelector: Selector | null;
  topologyKey: string;
}

/** namespace name -> labels, for namespaceSelector */
export type NamespaceLabels = Map<string, Record<string, string>>;

function toTerm(owner: Pod, t: RawTerm): Term {
  let selector = fromLabelSelector(t.labelSelector);
  const labels = owner.metadata.labels ?? {};
  if (selector) {
    for (const k of t.matchLabelKeys ?? []) if (k in labels) selector = [...selector, { key: k, op: 'in', values: [labels[k]] }];
    for (const k of t.mismatchLabelKeys ?? []) if (k in labels) selector = [...selector, { key: k, op: 'notin', values: [labels[k]] }];
  }
  const nsSel = fromLabelSelector(t.namespaceSelector);
  const namespaces = new Set(t.namespaces ?? []);
  if (!namespaces.size && !nsSel) namespaces.add(owner.metadata.namespace!);
  return { selector, namespaces, namespaceSelector: nsSel, topologyKey: t.topologyKey ?? '' };
}

function termMatches(term: Term, pod: Pod, nsLabels: NamespaceLabels): boolean {
  const ns = pod.metadata.namespace!;
  if (!term.namespaces.has(ns) && !(term.namespaceSelector && matches(term.namespaceSelector, nsLabels.get(ns)))) return false;
  return !!term.selector && matches(term.selector, pod.metadata.labels);
}

function affinityOf(pod: Pod): any {
  return (pod.spec.affinity ?? {}) as any;
}

/** Parsed terms per pod object (stored pods are replaced, never changed, so a pod's terms never go stale). */
const parsedTerms = new WeakMap<Pod, Map<string, unknown>>();

function cached<T>(pod: Pod, key: string, make: () => T): T {
  let m = parsedTerms.get(pod);
  if (!m) parsedTerms.set(pod, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}

function requiredTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): Term[] {
  return cached(pod, `r${kind}`, () => ((affinityOf(pod)[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as RawTerm[]).map((t) => toTerm(pod, t)));
}

function preferredTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): Array<{ term: Term; weight: number }> {
  return cached(pod, `p${kind}`, () =>
    ((affinityOf(pod)[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Array<{ weight?: number; podAffinityTerm?: RawTerm }>).map((w) => ({
      term: toTerm(pod, w.podAffinityTerm ?? {}),
      weight: w.weight ?? 0,
    })),
  );
}

export interface InterPodState {
  affinity: Term[];
  antiAffinity: Term[];
  /** `key\0value` -> count of pods matching all affinity terms, per term index */
  affinityCounts: Map<string, number>[];
  antiAffinityCounts: Map<string, number>[];
  /** `key\0value` domains where an existing pod's required anti-affinity matches the incoming pod */
  existingAnti: Set<string>;
  /** no pod matches the affinity terms anywhere, and the pod matches its own terms */
  selfAffine: boolean;
}

const pk = (k: string, v: string) => `${k}\0${v}`;

/** PreFilter over every node's pods. */
export function preFilterInterPod(pod: Pod, infos: Iterable<NodeInfo>, nsLabels: NamespaceLabels): InterPodState {
  const affinity = requiredTerms(pod, 'podAffinity');
  const antiAffinity = requiredTerms(pod, 'podAntiAffinity');
  const state: InterPodState = {
    affinity,
    antiAffinity,
    affinityCounts: affinity.map(() => new Map()),
    antiAffinityCounts: antiAffinity.map(() => new Map()),
    existingAnti: new Set(),
    selfAffine: false,
  };
  let anyAffinityMatch = false;
  const incoming = affinity.length > 0 || antiAffinity.length > 0;
  for (const info of infos) {
    const labels = info.node.metadata.labels ?? {};
    for (const p of info.podsWithRequiredAntiAffinity) {
      for (const t of requiredTerms(p, 'podAntiAffinity')) {
        if (t.topologyKey in labels && termMatches(t, pod, nsLabels)) state.existingAnti.add(pk(t.topologyKey, labels[t.topologyKey]));
      }
    }
    if (!incoming) continue;
    for (const p of info.pods) {
      if (affinity.length && affinity.every((t) => termMatches(t, p, nsLabels))) {
        affinity.forEach((t, i) => {
          if (!(t.topologyKey in labels)) return;
          const k = pk(t.topologyKey, labels[t.topologyKey]);
          state.affinityCounts[i].set(k, (state.affinityCounts[i].get(k) ?? 0) + 1);
          anyAffinityMatch = true;
        });
      }
      antiAffinity.forEach((t, i) => {
        if (!(t.topologyKey in labels) || !termMatches(t, p, nsLabels)) return;
        const k = pk(t.topologyKey, labels[t.topologyKey]);
        state.antiAffinityCounts[i].set(k, (state.antiAffinityCounts[i].get(k) ?? 0) + 1);
      });
    }
  }
  state.selfAffine = affinity.length > 0 && !anyAffinityMatch && affinity.every((t) => termMatches(t, pod, nsLabels));
  return state;
}

export function filterInterPodAffinity(_pod: Pod, info: NodeInfo, s: InterPodState): Status | undefined {
  const labels = info.node.metadata.labels ?? {};
  if (s.affinity.length) {
    const ok = s.affinity.every((t, i) => t.topologyKey in labels && (s.affinityCounts[i].get(pk(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0);
    // the first pod of a group that selects itself may go anywhere its terms' topology keys exist
    const first = s.selfAffine && s.affinity.every((t) => t.topologyKey in labels);
    if (!ok && !first) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_AFFINITY], plugin: 'InterPodAffinity' };
  }
  if (s.antiAffinity.some((t, i) => t.topologyKey in labels && (s.antiAffinityCounts[i].get(pk(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0)) {
    return { code: 'Unschedulable', reasons: [ERR_ANTI_AFFINITY], plugin: 'InterPodAffinity' };
  }
  for (const [k, v] of Object.entries(labels)) {
    if (s.existingAnti.size && s.existingAnti.has(pk(k, v))) return { code: 'Unschedulable', reasons: [ERR_EXISTING_ANTI_AFFINITY], plugin: 'InterPodAffinity' };
  }
  return undefined;
}

/** PreScore + Score + NormalizeScore (min-max to 0..100); undefined when nothing has pod affinity. */
export function scoreInterPod(pod: Pod, filtered: NodeInfo[], all: Iterable<NodeInfo>, nsLabels: NamespaceLabels): Map<string, number> | undefined {
  const prefAff = preferredTerms(pod, 'podAffinity');
  const prefAnti = preferredTerms(pod, 'podAntiAffinity');
  const incoming = prefAff.length > 0 || prefAnti.length > 0;
  const domain = new Map<string, number>();
  const add = (key: string, labels: Record<string, string>, w: number) => {
    if (!(key in labels) || w === 0) return;
    const k = pk(key, labels[key]);
    domain.set(k, (domain.get(k) ?? 0) + w);
  };
  let any = false;
  const incomingTerms = [...prefAff.map((t) => ({ ...t, sign: 1 })), ...prefAnti.map((t) => ({ ...t, sign: -1 }))];
  for (const info of all) {
    const labels = info.node.metadata.labels ?? {};
    // the incoming pod's preferred terms: matching pods counted per node, then one domain update per term
    if (incoming && info.pods.length) {
      any = true;
      for (const { term, weight, sign } of incomingTerms) {
        let n = 0;
        for (const p of info.pods) if (termMatches(term, p, nsLabels)) n++;
        if (n) add(term.topologyKey, labels, sign * weight * n);
      }
    }
    for (const p of info.podsWithAffinity) {
      any = true;
      for (const term of requiredTerms(p, 'podAffinity')) if (termMatches(term, pod, nsLabels)) add(term.topologyKey, labels, 1);
      for (const { term, weight } of preferredTerms(p, 'podAffinity')) if (termMatches(term, pod, nsLabels)) add(term.topologyKey, labels, weight);
      for (const { term, weight } of preferredTerms(p, 'podAntiAffinity')) if (termMatches(term, pod, nsLabels)) add(term.topologyKey, labels, -weight);
    }
  }
  if (!any || !domain.size) return undefined;
  const raw = new Map<string, number>();
  for (const info of filtered) {
    let score = 0;
    for (const [k, v] of Object.entries(info.node.metadata.labels ?? {})) score += domain.get(pk(k, v)) ?? 0;
    raw.set(info.name, score);
  }
  const values = [...raw.values()];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const out = new Map<string, number>();
  for (const [name, v] of raw) out.set(name, max - min > 0 ? Math.trunc(100 * ((v - min) / (max - min))) : 0);
  return out;
}
