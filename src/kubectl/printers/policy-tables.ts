// Table printers (printers.go) for the scheduling and admission kinds: PodDisruptionBudget, PriorityClass,
// ResourceQuota and LimitRange.

import { formatQuantity, quantityOf } from '../../cluster/apiserver/quantity.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { translateTimestampSince } from './duration.js';

interface Column {
  name: string;
  priority: 0 | 1;
  isName?: boolean;
}

export interface PolicyPrinter {
  columns: Column[];
  row: (obj: any, now: Date) => string[];
}

const NAME: Column = { name: 'Name', priority: 0, isName: true };
const AGE: Column = { name: 'Age', priority: 0 };
const c = (name: string): Column => ({ name, priority: 0 });
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata?.creationTimestamp, now);

/** intstr.String(). */
const intOrString = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

/** resource names in SortableResourceNames order (plain string order). */
const sorted = (o: Record<string, unknown> | undefined) => Object.keys(o ?? {}).sort();

export function quotaColumns(q: any): [string, string] {
  const hard = q.status?.hard ?? {};
  const used = q.status?.used ?? {};
  const req: string[] = [];
  const lim: string[] = [];
  for (const name of sorted(hard)) {
    const pieces = name.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? lim : req;
    target.push(`${name}: ${formatQuantity(quantityOf(used[name] ?? '0'))}/${formatQuantity(quantityOf(hard[name]))}`);
  }
  return [req.join(', '), lim.join(', ')];
}

export const POLICY_PRINTERS: Record<string, PolicyPrinter> = {
  'poddisruptionbudgets.policy': {
    columns: [NAME, c('Min Available'), c('Max Unavailable'), c('Allowed Disruptions'), AGE],
    row: (o, now) => [o.metadata.name, intOrString(o.spec?.minAvailable), intOrString(o.spec?.maxUnavailable), String(o.status?.disruptionsAllowed ?? 0), age(o, now)],
  },
  'priorityclasses.scheduling.k8s.io': {
    columns: [NAME, c('Value'), c('Global-Default'), AGE, c('PreemptionPolicy')],
    row: (o, now) => [o.metadata.name, String(o.value ?? 0), String(o.globalDefault ?? false), age(o, now), o.preemptionPolicy ?? ''],
  },
  resourcequotas: {
    columns: [NAME, AGE, c('Request'), c('Limit')],
    row: (o, now) => [o.metadata.name, age(o, now), ...quotaColumns(o)],
  },
  limitranges: {
    columns: [NAME, c('Created At')],
    row: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
  },
};
