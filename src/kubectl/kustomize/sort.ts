// SortOrderTransformer: kustomize's default "legacy" order (kinds of defaultOrderFirst first, webhooks last, the
// rest by group_version_kind, ties by id string) or `sortOptions.order: fifo` (as accumulated).

import { gvkOf, gvkString, isMap, KustomizeError, nameOf, namespaceOf, type Gvk, type Res } from './resource.js';

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function gvkSortString(g: Gvk): string {
  return [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
}

function idSortString(r: Res): string {
  return [gvkString(gvkOf(r.obj)), namespaceOf(r.obj) || '~X', nameOf(r.obj) || '~N'].join('|');
}

/** Go string comparison (bytes) */
const less = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;

export function sortResources(list: Res[], sortOptions: unknown): Res[] {
  let first = ORDER_FIRST;
  let last = ORDER_LAST;
  if (isMap(sortOptions)) {
    const order = sortOptions.order;
    if (order === 'fifo') {
      if (sortOptions.legacySortOptions) throw new KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
      return list;
    }
    if (order !== 'legacy') throw new KustomizeError(`the field 'sortOptions.order' must be one of [fifo, legacy]`);
    const lo = sortOptions.legacySortOptions;
    if (isMap(lo)) {
      first = Array.isArray(lo.orderFirst) ? (lo.orderFirst as string[]) : [];
      last = Array.isArray(lo.orderLast) ? (lo.orderLast as string[]) : [];
    }
  }
  const rank = new Map<string, number>();
  first.forEach((k, i) => rank.set(k, -first.length + i));
  last.forEach((k, i) => rank.set(k, 1 + i));
  const cmp = (a: Res, b: Res): number => {
    const ga = gvkOf(a.obj);
    const gb = gvkOf(b.obj);
    const sameG = ga.group === gb.group && ga.version === gb.version && ga.kind === gb.kind;
    if (!sameG) {
      const ia = rank.get(ga.kind) ?? 0;
      const ib = rank.get(gb.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      const sa = gvkSortString(ga);
      const sb = gvkSortString(gb);
      if (ga.kind === 'Namespace' && gb.kind === 'Namespace' && (ga.group === '' || gb.group === '')) return less(sb, sa) ? -1 : less(sa, sb) ? 1 : 0;
      return less(sa, sb) ? -1 : less(sb, sa) ? 1 : 0;
    }
    const sa = idSortString(a);
    const sb = idSortString(b);
    return less(sa, sb) ? -1 : less(sb, sa) ? 1 : 0;
  };
  return [...list].sort(cmp);
}
