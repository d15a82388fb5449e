// ResourceQuota: the registry (hard resource names and scopes validated as validation.go does), the usage of each
// object as the quota evaluators count it (pods: count, compute requests and limits; services: count, node ports,
// load balancers; object counts `count/<resource>.<group>`), scope matching (Terminating, NotTerminating,
// BestEffort, NotBestEffort, PriorityClass), and the admission check with the API server's Forbidden texts.

import { resourceKey, RESOURCES } from '../discovery.js';
import { field, StatusError, type FieldCause } from '../errors.js';
import { addQuantity, cmpQuantity, formatQuantity, parseQuantity, quantityOf, zeroQuantity, type Quantity } from '../quantity.js';
import type { Strategy } from '../registry/strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../registry/validation.js';
import { podRequestsAndLimits } from '../resources.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject, Pod } from '../types.js';

export const QUOTA_KEY = 'resourcequotas';
type Usage = Map<string, Quantity>;

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const COMPUTE = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'ephemeral-storage', 'requests.ephemeral-storage', 'limits.ephemeral-storage'];
const STANDARD = [
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'requests.storage', ...COMPUTE,
];
const POD_SCOPED: Record<string, string[]> = {
  BestEffort: ['pods', 'count/pods'],
  NotBestEffort: ['pods', 'count/pods', ...COMPUTE],
  Terminating: ['pods', 'count/pods', ...COMPUTE],
  NotTerminating: ['pods', 'count/pods', ...COMPUTE],
  PriorityClass: ['pods', 'count/pods', ...COMPUTE],
  CrossNamespacePodAffinity: ['pods', 'count/pods', ...COMPUTE],
};

interface QuotaSpec {
  hard?: Record<string, string>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: Array<{ scopeName: string; operator: string; values?: string[] }> };
}

function isStandard(name: string): boolean {
  return STANDARD.includes(name) || name.startsWith('count/') || name.startsWith('requests.') || name.startsWith('limits.') || name.startsWith('hugepages-');
}

function goSlice(type: string, values: string[]): { toString(): string } {
  return { toString: () => `[]${type}{${values.map((v) => JSON.stringify(v)).join(', ')}}` };
}

function validateQuota(q: KubeObject): FieldCause[] {
  const spec = (q.spec ?? {}) as QuotaSpec;
  const out: FieldCause[] = [];
  for (const [k, v] of Object.entries(spec.hard ?? {})) {
    if (!isStandard(k) && !k.includes('/')) out.push(field.invalid(`spec.hard[${k}]`, k, 'must be a standard resource for quota'));
    try {
      if (parseQuantity(v).nano < 0n) out.push(field.invalid(`spec.hard[${k}]`, v, 'must be greater than or equal to 0'));
    } catch {
      out.push(field.invalid(`spec.hard[${k}]`, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    }
  }
  const scopes = spec.scopes ?? [];
  const value = goSlice('core.ResourceQuotaScope', scopes);
  const raw = { text: value.toString() };
  for (const s of scopes) {
    if (!SCOPES.includes(s)) out.push({ reason: 'FieldValueInvalid', field: 'spec.scopes', message: `spec.scopes: Invalid value: ${raw.text}: unsupported scope` });
    for (const k of Object.keys(spec.hard ?? {}).sort()) {
      if (isStandard(k) && !(POD_SCOPED[s] ?? []).includes(k)) {
        out.push({ reason: 'FieldValueInvalid', field: 'spec.scopes', message: `spec.scopes: Invalid value: ${raw.text}: unsupported scope applied to resource` });
      }
    }
  }
  if ((scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) || (scopes.includes('Terminating') && scopes.includes('NotTerminating'))) {
    out.push({ reason: 'FieldValueInvalid', field: 'spec.scopes', message: `spec.scopes: Invalid value: ${raw.text}: conflicting scopes` });
  }
  return out;
}

export const resourceQuotaStrategy: Strategy = {
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateQuota(obj)]),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateQuota(obj)]),
};

// ---------------------------------------------------------------- usage

function add(u: Usage, name: string, q: Quantity): void {
  const cur = u.get(name);
  u.set(name, cur ? addQuantity(cur, q) : q);
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The pod evaluator's Usage: nothing for a finished pod. */
export function podUsage(pod: Pod): Usage {
  const u: Usage = new Map();
  if (isTerminal(pod)) return u;
  add(u, 'count/pods', parseQuantity('1'));
  add(u, 'pods', parseQuantity('1'));
  const { reqs, limits } = podRequestsAndLimits(pod);
  for (const [k, q] of reqs) {
    if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') {
      add(u, k, q);
      add(u, `requests.${k}`, q);
    } else if (k.startsWith('hugepages-')) add(u, `requests.${k}`, q);
    else if (k.includes('/')) add(u, `requests.${k}`, q);
  }
  for (const [k, q] of limits) if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') add(u, `limits.${k}`, q);
  return u;
}

function countName(key: string): string {
  return `count/${key}`;
}

/** What one object uses of any quota. */
export function usageOf(key: string, obj: KubeObject): Usage {
  if (key === 'pods') return podUsage(obj as Pod);
  const u: Usage = new Map();
  add(u, countName(key), parseQuantity('1'));
  const one = parseQuantity('1');
  if (['services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'].includes(key)) add(u, key, one);
  if (key === 'services') {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: Array<{ nodePort?: number }> };
    if (spec.type === 'LoadBalancer') add(u, 'services.loadbalancers', one);
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') add(u, 'services.nodeports', parseQuantity(String((spec.ports ?? []).length)));
  }
  if (key === 'persistentvolumeclaims') {
    const storage = (obj.spec as any)?.resources?.requests?.storage;
    if (storage) add(u, 'requests.storage', quantityOf(storage));
  }
  return u;
}

function isBestEffort(pod: Pod): boolean {
  return [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].every((c) => {
    const r = (c.resources ?? {}) as { requests?: object; limits?: object };
    return !Object.keys(r.requests ?? {}).length && !Object.keys(r.limits ?? {}).length;
  });
}

function scopeMatches(scope: string, op: string, values: string[], pod: Pod): boolean {
  const terminating = pod.spec.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds !== null;
  switch (scope) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = pod.spec.priorityClassName;
      if (op === 'Exists') return !!pc;
      if (op === 'DoesNotExist') return !pc;
      if (op === 'In') return !!pc && values.includes(pc);
      if (op === 'NotIn') return !pc || !values.includes(pc);
      return false;
    }
    case 'CrossNamespacePodAffinity': {
      const a = (pod.spec.affinity ?? {}) as any;
      const terms = [a.podAffinity, a.podAntiAffinity].flatMap((x) => [...(x?.requiredDuringSchedulingIgnoredDuringExecution ?? []), ...(x?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w: any) => w.podAffinityTerm)]);
      return terms.some((t: any) => t?.namespaceSelector || t?.namespaces?.length);
    }
  }
  return false;
}

/** Whether the quota applies to the object (its scopes and scopeSelector), and which of its names it tracks. */
export function quotaMatches(quota: KubeObject, key: string, obj: KubeObject): boolean {
  const spec = (quota.spec ?? {}) as QuotaSpec;
  const selectors = [...(spec.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists', values: [] as string[] })), ...(spec.scopeSelector?.matchExpressions ?? [])];
  if (!selectors.length) return true;
  if (key !== 'pods') return false;
  return selectors.every((s) => scopeMatches(s.scopeName, s.operator, s.values ?? [], obj as Pod));
}

function tracked(quota: KubeObject, name: string): boolean {
  const spec = (quota.spec ?? {}) as QuotaSpec;
  const scopes = [...(spec.scopes ?? []), ...(spec.scopeSelector?.matchExpressions ?? []).map((m) => m.scopeName)];
  return scopes.every((s) => (POD_SCOPED[s] ?? []).includes(name));
}

/** status.used as the quota controller computes it: every live object the quota matches, summed per hard name. */
export function quotaUsed(quota: KubeObject, store: ObjectStore): Record<string, string> {
  const hard = ((quota.spec ?? {}) as QuotaSpec).hard ?? {};
  const ns = quota.metadata.namespace;
  const used = new Map<string, Quantity>(Object.keys(hard).map((k) => [k, zeroQuantity(quantityOf(hard[k]).format)]));
  const keys = new Set<string>();
  for (const name of Object.keys(hard)) {
    if (name.startsWith('count/')) {
      const res = name.slice(6);
      const info = RESOURCES.find((r) => resourceKey(r) === res);
      if (info) keys.add(res);
    } else if (name === 'pods' || COMPUTE.includes(name) || name.startsWith('requests.') || name.startsWith('limits.')) keys.add('pods');
    else if (name.startsWith('services')) keys.add('services');
    else if (['configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'].includes(name)) keys.add(name);
  }
  if (Object.keys(hard).some((n) => n === 'requests.storage')) keys.add('persistentvolumeclaims');
  for (const key of keys) {
    for (const obj of store.list(key, ns)) {
      if (!quotaMatches(quota, key, obj)) continue;
      for (const [n, q] of usageOf(key, obj)) if (used.has(n)) used.set(n, addQuantity(used.get(n)!, q));
    }
  }
  return Object.fromEntries([...used].map(([k, q]) => [k, formatQuantity(q)]));
}

const pretty = (m: Map<string, Quantity>) =>
  [...m.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(m.get(k)!)}`)
    .join(',');

/** The pod evaluator's Constraints: with cpu/memory under quota, every container must say its requests/limits. */
function podConstraints(pod: Pod, required: string[]): string | undefined {
  const need = required.filter((r) => ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory'].includes(r));
  if (!need.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    const r = (c.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    const has = new Set<string>();
    for (const k of ['cpu', 'memory']) {
      if (r.requests && k in r.requests) has.add(k).add(`requests.${k}`);
      if (r.limits && k in r.limits) has.add(`limits.${k}`);
    }
    for (const n of need) if (!has.has(n)) missing.set(n, (missing.get(n) ?? new Set()).add(c.name));
  }
  if (!missing.size) return undefined;
  return [...missing.keys()]
    .sort()
    .map((k) => `must specify ${k} for: ${[...missing.get(k)!].sort().join(',')}`)
    .join('; ');
}

/** ResourceQuota admission for a create (old undefined) or an update of obj. Throws Forbidden when over quota. */
export function admitQuota(key: string, obj: KubeObject, old: KubeObject | undefined, store: ObjectStore): void {
  const ns = obj.metadata.namespace;
  if (!ns) return;
  const quotas = store.list(QUOTA_KEY, ns);
  if (!quotas.length) return;
  const info = RESOURCES.find((r) => resourceKey(r) === key)!;
  const forbidden = (msg: string) =>
    new StatusError('Forbidden', `${key} "${obj.metadata.name ?? ''}" is forbidden: ${msg}`, { name: obj.metadata.name, group: info.group, kind: info.name });
  const usage = usageOf(key, obj);
  const prev = old ? usageOf(key, old) : new Map<string, Quantity>();
  for (const q of [...quotas].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    if (!quotaMatches(q, key, obj)) continue;
    const hard = ((q.spec ?? {}) as QuotaSpec).hard ?? {};
    const names = Object.keys(hard).filter((n) => tracked(q, n) && (usage.has(n) || (key === 'pods' && COMPUTE.includes(n))));
    if (key === 'pods') {
      const err = podConstraints(obj as Pod, names);
      if (err) throw forbidden(`failed quota: ${q.metadata.name}: ${err}`);
    }
    const used = quotaUsed(q, store);
    const requested = new Map<string, Quantity>();
    for (const n of names) {
      const delta = (usage.get(n)?.nano ?? 0n) - (old && quotaMatches(q, key, old) ? prev.get(n)?.nano ?? 0n : 0n);
      if (delta > 0n) requested.set(n, { nano: delta, format: usage.get(n)!.format });
    }
    if (!requested.size) continue;
    const exceeded = [...requested.keys()].filter((n) => cmpQuantity(addQuantity(quantityOf(used[n]), requested.get(n)!), quantityOf(hard[n])) > 0);
    if (exceeded.length) {
      const pick = (f: (n: string) => Quantity) => new Map(exceeded.map((n) => [n, f(n)]));
      throw forbidden(
        `exceeded quota: ${q.metadata.name}, requested: ${pretty(pick((n) => requested.get(n)!))}, used: ${pretty(pick((n) => quantityOf(used[n])))}, limited: ${pretty(pick((n) => quantityOf(hard[n])))}`,
      );
    }
  }
}
