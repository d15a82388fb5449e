// The default profile's Score plugins with their v1.32 weights: TaintToleration 3, NodeAffinity 2,
// NodeResourcesFit (LeastAllocated over cpu and memory) 1, NodeResourcesBalancedAllocation 1, PodTopologySpread 2,
// InterPodAffinity 2. (ImageLocality, weight 1, is left out: kubesim's nodes do not publish status.images.)
// selectHost takes the highest total; the real scheduler breaks a tie at random, kubesim takes the first node in
// list order, so the same commands place pods the same way.

import type { Pod } from '../../apiserver/types.js';
import { tolerates, type Taint, type Toleration } from '../util.js';
import { scoreInterPod, type NamespaceLabels } from './interpod.js';
import { type NodeInfo, podResources } from './nodeinfo.js';
import { scoreTopologySpread, type SpreadListers } from './spread.js';

const MAX = 100;

/** helper.DefaultNormalizeScore. */
export function defaultNormalize(scores: Map<string, number>, reverse: boolean): void {
  let max = 0;
  for (const v of scores.values()) if (v > max) max = v;
  for (const [k, v] of scores) {
    if (max === 0) scores.set(k, reverse ? MAX : v);
    else {
      const s = Math.trunc((MAX * v) / max);
      scores.set(k, reverse ? MAX - s : s);
    }
  }
}

function taintScore(pod: Pod, filtered: NodeInfo[]): Map<string, number> {
  const tols = ((pod.spec.tolerations ?? []) as Toleration[]).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  const out = new Map<string, number>();
  for (const info of filtered) {
    const taints = (info.node.spec?.taints ?? []) as Taint[];
    out.set(info.name, taints.filter((t) => t.effect === 'PreferNoSchedule' && !tols.some((tol) => tolerates(tol, t))).length);
  }
  defaultNormalize(out, true);
  return out;
}

interface PreferredTerm {
  weight?: number;
  preference?: { matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>; matchFields?: Array<{ key: string; operator: string; values?: string[] }> };
}

function requirementOK(op: string, values: string[], v: string | undefined): boolean {
  switch (op) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(values[0]);
  }
  return false;
}

function nodeAffinityScore(pod: Pod, filtered: NodeInfo[]): Map<string, number> | undefined {
  const terms = ((pod.spec.affinity as any)?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as PreferredTerm[];
  if (!terms.length) return undefined;
  const out = new Map<string, number>();
  for (const info of filtered) {
    const labels = info.node.metadata.labels ?? {};
    let score = 0;
    for (const t of terms) {
      const exprs = t.preference?.matchExpressions ?? [];
      const fields = t.preference?.matchFields ?? [];
      if (!exprs.length && !fields.length) continue;
      const ok =
        exprs.every((r) => requirementOK(r.operator, r.values ?? [], labels[r.key])) &&
        fields.every((r) => requirementOK(r.operator, r.values ?? [], r.key === 'metadata.name' ? info.name : undefined));
      if (ok) score += t.weight ?? 0;
    }
    out.set(info.name, score);
  }
  defaultNormalize(out, false);
  return out;
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX) / capacity);
}

/** NodeResourcesFit's LeastAllocated over cpu and memory (weights 1), with the non-zero default requests. */
function leastAllocatedScore(pod: Pod, info: NodeInfo): number {
  const { nonZero } = podResources(pod);
  const a = info.allocatable;
  let sum = 0;
  let weights = 0;
  if (a.milliCPU) {
    sum += leastRequested(info.nonZeroRequested.milliCPU + nonZero.milliCPU, a.milliCPU);
    weights++;
  }
  if (a.memory) {
    sum += leastRequested(info.nonZeroRequested.memory + nonZero.memory, a.memory);
    weights++;
  }
  return weights ? Math.trunc(sum / weights) : 0;
}

/** NodeResourcesBalancedAllocation (skipped for a pod that requests nothing). */
function balancedScore(pod: Pod, info: NodeInfo): number {
  const { req } = podResources(pod);
  const a = info.allocatable;
  const fractions: number[] = [];
  if (a.milliCPU) fractions.push(Math.min(1, (info.requested.milliCPU + req.milliCPU) / a.milliCPU));
  if (a.memory) fractions.push(Math.min(1, (info.requested.memory + req.memory) / a.memory));
  const std = fractions.length === 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
  return Math.trunc((1 - std) * MAX);
}

export interface ScoreContext {
  all: NodeInfo[];
  listers: SpreadListers;
  nsLabels: NamespaceLabels;
}

/** Weighted totals per feasible node. */
export function scoreNodes(pod: Pod, filtered: NodeInfo[], ctx: ScoreContext): Map<string, number> {
  const total = new Map<string, number>(filtered.map((i) => [i.name, 0]));
  const addAll = (scores: Map<string, number> | undefined, weight: number) => {
    if (!scores) return;
    for (const [k, v] of scores) total.set(k, (total.get(k) ?? 0) + v * weight);
  };
  addAll(taintScore(pod, filtered), 3);
  addAll(nodeAffinityScore(pod, filtered), 2);
  addAll(new Map(filtered.map((i) => [i.name, leastAllocatedScore(pod, i)])), 1);
  const { req } = podResources(pod);
  if (req.milliCPU || req.memory) addAll(new Map(filtered.map((i) => [i.name, balancedScore(pod, i)])), 1);
  addAll(scoreTopologySpread(pod, filtered, ctx.all, ctx.listers), 2);
  addAll(scoreInterPod(pod, filtered, ctx.all, ctx.nsLabels), 2);
  return total;
}

/** The highest-scoring node; the first in list order on a tie. */
export function selectHost(filtered: NodeInfo[], scores: Map<string, number>): NodeInfo | undefined {
  let best: NodeInfo | undefined;
  let bestScore = -Infinity;
  for (const info of filtered) {
    const s = scores.get(info.name) ?? 0;
    if (s > bestScore) {
      best = info;
      bestScore = s;
    }
  }
  return best;
}
