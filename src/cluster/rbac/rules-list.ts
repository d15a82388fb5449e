// What `kubectl auth can-i --list` prints from a SelfSubjectRulesReview (kubectl's util/rbac BreakdownRule,
// CompactRules, SortableRuleSlice and describe.CombineResourceGroup): one row per resource (and name) with
// its verbs merged, sorted by the rules' Go String() form.

import type { PolicyRule } from './types.js';

export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames?.length) for (const name of rule.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
        else out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}

export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple = !rule.nonResourceURLs?.length && rule.apiGroups?.length === 1 && rule.resources?.length === 1 && (rule.resourceNames?.length ?? 0) <= 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], rule.resourceNames?.length ? rule.resourceNames[0] : null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else simple.set(key, { ...rule, verbs: [...rule.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/** The generated PolicyRule.String() (the sort key of SortableRuleSlice). */
export function ruleString(r: PolicyRule): string {
  const l = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
  return `&PolicyRule{Verbs:${l(r.verbs)},APIGroups:${l(r.apiGroups)},Resources:${l(r.resources)},ResourceNames:${l(r.resourceNames)},NonResourceURLs:${l(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup */
export function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [base, sub] = resources[0].split(/\/(.*)/s);
  let out = base;
  if (groups?.length && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

/** Broken down, compacted and sorted (sort.Stable on SortableRuleSlice), as can-i --list and describe show rules. */
export function displayRules(rules: PolicyRule[]): PolicyRule[] {
  const keyed = compactRules(rules.flatMap(breakdownRule)).map((r) => ({ r, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map(({ r }) => r);
}

/** One rule as a tab-separated row: resource.group, [urls], [names], [verbs] (Go's %v of a []string). */
export function ruleRow(r: PolicyRule): string {
  const l = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
  return `${combineResourceGroup(r.resources, r.apiGroups)}\t${l(r.nonResourceURLs)}\t${l(r.resourceNames)}\t${l(r.verbs)}`;
}

/** The tab-separated lines (header first unless noHeaders) of `auth can-i --list`. */
export function accessListLines(rules: PolicyRule[], noHeaders: boolean): string {
  let text = noHeaders ? '' : 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n';
  for (const r of displayRules(rules)) text += `${ruleRow(r)}\n`;
  return text;
}
