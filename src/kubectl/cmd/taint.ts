// `kubectl taint nodes NAME KEY=VAL:EFFECT | KEY:EFFECT- | KEY-` (cmd/taint): parse and validate the taint
// specs as kubectl does (usage errors for a bad effect or spec, duplicates, conflicts), then per node merge them
// (reorganizeTaints), refusing to replace a taint without --overwrite, and print tainted/untainted/modified.

import { StatusError } from '../../cluster/apiserver/errors.js';
import { isQualifiedName, isValidLabelValue } from '../../cluster/apiserver/registry/validation.js';
import type { Node } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { selectorFlag } from '../selector.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS } from './printing.js';
import { reportErrors } from './report.js';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'all', type: 'bool' },
  { name: 'field-manager', type: 'string', default: 'kubectl-taint' },
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
];

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl taint -h' for help and examples`);
}

function validateEffect(effect: string): void {
  if (!EFFECTS.includes(effect)) throw usage(`invalid taint effect: ${effect}, unsupported taint effect`);
}

/** v1.Taint.ToString */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    validateEffect(effect);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw usage(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) throw usage(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else throw usage(`invalid taint spec: ${spec}`);
  const errs = isQualifiedName(key);
  if (errs.length) throw usage(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  return value ? { key, value, effect } : { key, effect };
}

/** parseTaints: specs ending in `-` remove, the others add; NoExecute taints get timeAdded. */
export function parseTaints(specs: string[], nowIso: string): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      let key = spec.slice(0, -1);
      let effect = '';
      if (key.includes(':')) {
        const p = key.split(':');
        key = p[0];
        effect = p[1];
      }
      if (effect) validateEffect(effect);
      remove.push({ key, effect });
      continue;
    }
    const t = parseTaint(spec);
    const id = `${t.key}\0${t.effect}`;
    if (seen.has(id)) throw usage(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
    seen.add(id);
    if (t.effect === 'NoExecute') t.timeAdded = nowIso;
    add.push(t);
  }
  return { add, remove };
}

/** reorganizeTaints: the node's new taints and the operation word. */
export function reorganizeTaints(old: Taint[], overwrite: boolean, add: Taint[], remove: Taint[]): { op: string; taints: Taint[]; errors: string[] } {
  const next = [...add];
  for (const o of old) if (!next.some((t) => t.key === o.key && t.effect === o.effect)) next.push(o);
  const added = old.length !== next.length;
  const errors: string[] = [];
  let taints = next;
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintString(r)}" not found`);
  }
  const op = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { op, taints, errors };
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const resources: string[] = [];
  const specs: string[] = [];
  let metTaint = false;
  for (const a of args.args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) {
      metTaint = true;
      specs.push(a);
    } else if (!metTaint) resources.push(a);
    else throw new KubectlError(`error: all resources must be specified before taint changes: ${a}`);
  }
  const { add, remove } = parseTaints(specs, ctx.cluster.clock.timestamp());
  if (!add.length && !remove.length) throw new KubectlError('error: at least one taint update is required');
  if (!resources.length) throw new KubectlError('error: one or more resources must be specified as <resource> <name>');
  const all = bool(args, 'all');
  const selector = str(args, 'selector');
  // the resource type: `nodes`, `node`, `no`, or TYPE/NAME forms
  const type = resources[0].split('/')[0].toLowerCase();
  const info = RESOURCES.find((r) => r.name === type || r.singular === type || r.shortNames.includes(type));
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${type}"`);
  if (info.name !== 'nodes') throw new KubectlError(`error: invalid resource type ${type}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of add) for (const r of remove) if (a.key === r.key && (!r.effect || a.effect === r.effect)) conflicts.push(`${r.key}=${r.effect}`);
  if (conflicts.length) throw new KubectlError(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  if (all && selector) throw new KubectlError("error: setting 'all' parameter with a non empty selector is prohibited");
  const names = resources[0].includes('/') ? resources.map((r) => r.split('/')[1]) : resources.slice(1);
  if (!all && !selector && !names.length) throw new KubectlError("error: at least one resource name must be specified since 'all' parameter is not set");
  const dryRun = dryRunOf(ctx, args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args), dryRun);
  const errors: unknown[] = [];
  let nodes: Node[] = [];
  if (all || selector) nodes = ctx.api.list<Node>('nodes', undefined, selectorFlag(selector));
  else {
    for (const n of names) {
      const node = ctx.api.tryGet<Node>('nodes', undefined, n);
      if (node) nodes.push(node);
      else errors.push(new StatusError('NotFound', `nodes "${n}" not found`, { name: n, kind: 'nodes' }));
    }
  }
  const overwrite = bool(args, 'overwrite');
  for (const node of nodes) {
    const old = (node.spec?.taints ?? []) as Taint[];
    if (!overwrite) {
      const exists = add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
      if (exists.length) {
        errors.push(new KubectlError(`error: node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`));
        continue;
      }
    }
    const { op, taints, errors: errs } = reorganizeTaints(old, overwrite, add, remove);
    if (errs.length) {
      errors.push(new KubectlError(errs.length === 1 ? `error: ${errs[0]}` : `error: [${errs.join(', ')}]`));
      continue;
    }
    let result = node;
    if (dryRun !== 'client') {
      const next = structuredClone(node);
      next.spec ??= {};
      if (taints.length) next.spec.taints = taints;
      else delete next.spec.taints;
      result = ctx.api.update<Node>(next, { dryRun: dryRun === 'server' });
    }
    printer.print(info, result, op);
  }
  return reportErrors(ctx, errors);
}

const taint: Verb = { name: 'taint', flags: FLAGS, run };
export default taint;
