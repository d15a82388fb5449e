// `kubectl create quota`, `create poddisruptionbudget` and `create priorityclass` (create_quota.go,
// create_pdb.go, create_priorityclass.go): the objects they build client-side and their argument errors.

import { parseQuantity, formatQuantity } from '../../cluster/apiserver/quantity.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { selectorFlag } from '../selector.js';
import { nameRequired } from './generators.js';
import type { BatchVerbHooks } from './create-batch.js';

type Obj = Record<string, any>;

function meta(name: string, namespace: string | undefined): Obj {
  const m: Obj = { name };
  if (namespace) m.namespace = namespace;
  m.creationTimestamp = null;
  return m;
}

export function buildQuota(name: string, namespace: string | undefined, hard: string, scopes: string): KubeObject {
  const spec: Obj = {};
  if (hard) {
    const h: Record<string, string> = {};
    for (const kv of hard.split(',')) {
      const eq = kv.indexOf('=');
      if (eq < 0) throw new KubectlError(`error: Invalid argument syntax ${kv}, expected <resource>=<value>`);
      const k = kv.slice(0, eq);
      const v = kv.slice(eq + 1);
      try {
        h[k] = formatQuantity(parseQuantity(v));
      } catch (e) {
        throw new KubectlError(`error: ${(e as Error).message}`);
      }
    }
    spec.hard = Object.fromEntries(Object.entries(h).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  const sc = scopes ? scopes.split(',').filter((s) => s) : [];
  if (sc.length) spec.scopes = sc;
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(name, namespace) as KubeObject['metadata'], spec, status: {} };
}

function intOrString(v: string): number | string {
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export function buildPdb(name: string, namespace: string | undefined, selector: string, minAvailable: string, maxUnavailable: string): KubeObject {
  if (!selector) throw new KubectlError('error: a selector must be specified');
  if (!minAvailable && !maxUnavailable) throw new KubectlError('error: one of min-available or max-unavailable must be specified');
  if (minAvailable && maxUnavailable) throw new KubectlError('error: min-available and max-unavailable cannot be both specified');
  const reqs = selectorFlag(selector) ?? [];
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Obj[] = [];
  for (const r of reqs) {
    if (r.op === '=') matchLabels[r.key] = r.values[0];
    else {
      const operator = { '!=': 'NotIn', in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' }[r.op];
      matchExpressions.push(r.op === 'exists' || r.op === '!' ? { key: r.key, operator } : { key: r.key, operator, values: [...r.values] });
    }
  }
  const sel: Obj = {};
  if (Object.keys(matchLabels).length) sel.matchLabels = matchLabels;
  if (matchExpressions.length) sel.matchExpressions = matchExpressions;
  const spec: Obj = {};
  if (minAvailable) spec.minAvailable = intOrString(minAvailable);
  if (maxUnavailable) spec.maxUnavailable = intOrString(maxUnavailable);
  spec.selector = sel;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(name, namespace) as KubeObject['metadata'],
    spec,
    status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
  };
}

export function buildPriorityClass(name: string, value: number, globalDefault: boolean, description: string, policy: string): KubeObject {
  const pc: Obj = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta(name, undefined), value };
  if (globalDefault) pc.globalDefault = true;
  if (description) pc.description = description;
  pc.preemptionPolicy = policy;
  return pc as KubeObject;
}

export function policyVerbs(h: BatchVerbHooks): Record<string, Verb> {
  const quota: Verb = {
    name: 'quota',
    aliases: ['resourcequota'],
    path: 'kubectl create quota',
    flags: [...h.common, { name: 'hard', type: 'string' }, { name: 'scopes', type: 'string' }],
    run(ctx: KubectlContext, args: ParsedArgs) {
      const name = nameRequired(args.args, 'kubectl create quota');
      h.create(ctx, args, buildQuota(name, h.namespace(ctx), str(args, 'hard'), str(args, 'scopes')), 'failed to create quota');
    },
  };
  const pdbFlags: FlagSpec[] = [...h.common, { name: 'max-unavailable', type: 'string' }, { name: 'min-available', type: 'string' }, { name: 'selector', type: 'string' }];
  const pdb: Verb = {
    name: 'poddisruptionbudget',
    aliases: ['pdb'],
    path: 'kubectl create poddisruptionbudget',
    flags: pdbFlags,
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create poddisruptionbudget');
      h.create(ctx, args, buildPdb(name, h.namespace(ctx), str(args, 'selector'), str(args, 'min-available'), str(args, 'max-unavailable')), 'failed to create poddisruptionbudgets');
    },
  };
  const pc: Verb = {
    name: 'priorityclass',
    aliases: ['pc'],
    path: 'kubectl create priorityclass',
    flags: [
      ...h.common,
      { name: 'description', type: 'string' },
      { name: 'global-default', type: 'bool' },
      { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority' },
      { name: 'value', type: 'int', default: 0 },
    ],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create priorityclass');
      const obj = buildPriorityClass(name, int(args, 'value'), bool(args, 'global-default'), str(args, 'description'), str(args, 'preemption-policy'));
      h.create(ctx, args, obj, 'failed to create priorityclass');
    },
  };
  return { quota, poddisruptionbudget: pdb, priorityclass: pc };
}
