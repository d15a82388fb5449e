// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets, as its rules, the rules of every ClusterRole its selectors match (by name order, each
// rule once), and keeps them as those roles change.

import { fromLabelSelector, matches } from '../apiserver/labels.js';
import { jsonEqual } from '../apiserver/jsonequal.js';
import type { Controller } from '../controllers/controller.js';
import type { PolicyRule, RoleObject } from './types.js';

const KEY = 'clusterroles.rbac.authorization.k8s.io';

/** The rules an aggregated ClusterRole should have, from the roles it selects (never itself). */
export function aggregatedRules(target: RoleObject, all: RoleObject[]): PolicyRule[] {
  const selectors = (target.aggregationRule?.clusterRoleSelectors ?? []).map((s) => fromLabelSelector(s as never));
  const chosen = all
    .filter((o) => o.metadata.name !== target.metadata.name)
    .filter((o) => selectors.some((sel) => sel !== null && matches(sel, o.metadata.labels)))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const rules: PolicyRule[] = [];
  for (const o of chosen) {
    for (const rule of o.rules ?? []) if (!rules.some((x) => jsonEqual(x, rule))) rules.push(rule);
  }
  return rules;
}

export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation',
  reads: [KEY],
  sync(ctx) {
    const all = ctx.api.list<RoleObject>(KEY);
    for (const target of all) {
      if (!target.aggregationRule) continue;
      const current = ctx.api.list<RoleObject>(KEY);
      const rules = aggregatedRules(target, current);
      const fresh = current.find((o) => o.metadata.name === target.metadata.name)!;
      if (jsonEqual(fresh.rules ?? [], rules)) continue;
      ctx.api.update({ ...fresh, rules } as RoleObject);
    }
  },
};
