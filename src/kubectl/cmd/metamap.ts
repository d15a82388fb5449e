// The engine behind `kubectl label` and `kubectl annotate` (cmd/label/label.go, cmd/annotate/annotate.go):
// KEY=VAL / KEY- arguments, --overwrite checks, --list, -l/--all selection, and the labeled/unlabeled/not labeled
// and annotated messages.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { DRY_RUN_FLAG, dryRunOf, finish, nameLine, visitTargets, writeBack } from './visit.js';
import { effectiveOutput, printObject } from './output.js';
import { setTargets } from './set-common.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

export type MetaKind = 'label' | 'annotation';

/** cmdutil.GetResourcesAndPairs */
export function splitResourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (isPair) pairs.push(s);
    else if (pairs.length) throw new KubectlError(`error: all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}

const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsValidLabelValue messages. */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}

/** parseLabels / parseAnnotations: updates in argument order and keys to remove. */
export function parsePairs(pairs: string[], kind: MetaKind): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of pairs) {
    if (kind === 'label' && spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) throw new KubectlError(`error: invalid label spec: ${spec}`);
      const errs = labelValueErrors(parts[1]);
      if (errs.length) throw new KubectlError(`error: invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}`);
      set.set(parts[0], parts[1]);
    } else if (kind === 'annotation' && spec.includes('=')) {
      const i = spec.indexOf('=');
      if (i === 0) throw new KubectlError(`error: invalid annotation format: ${spec}`);
      set.set(spec.slice(0, i), spec.slice(i + 1));
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new KubectlError(`error: unknown ${kind} spec: ${spec}`);
    }
  }
  for (const r of remove) {
    if (set.has(r)) throw new KubectlError(`error: can not both modify and remove ${kind === 'label' ? 'a label' : 'an annotation'} in the same command`);
  }
  return { set, remove };
}

/** Checks --overwrite=false conflicts; returns the error text or undefined. */
export function overwriteConflict(current: Record<string, string>, set: Map<string, string>, kind: MetaKind): string | undefined {
  if (kind === 'label') {
    const errs: string[] = [];
    for (const [k, v] of set) if (k in current && current[k] !== v) errs.push(`error: '${k}' already has a value (${current[k]}), and --overwrite is false`);
    return errs.length ? errs.join('\n') : undefined;
  }
  const parts: string[] = [];
  for (const [k, v] of set) {
    if (k === 'kubernetes.io/change-cause') continue;
    if (k in current && current[k] !== v) parts.push(`'${k}' already has a value (${current[k]})`);
  }
  return parts.length ? `error: --overwrite is false but found the following declared annotation(s): ${parts.join('; ')}` : undefined;
}

export function metaFlags(kind: MetaKind): FlagSpec[] {
  return [
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: kind === 'label' ? 'kubectl-label' : 'kubectl-annotate' },
    { name: 'field-selector', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'list', type: 'bool' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'overwrite', type: 'bool' },
    RECORD_FLAG_UNSIMULATED,
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'resource-version', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ];
}

const field = (kind: MetaKind) => (kind === 'label' ? 'labels' : 'annotations');

export function runMetaMap(kind: MetaKind, ctx: KubectlContext, args: ParsedArgs): number {
  const word = kind === 'label' ? 'label' : 'annotation';
  const { resources, pairs } = splitResourcesAndPairs(args.args, word);
  const { set, remove } = parsePairs(pairs, kind);
  const dryRun = dryRunOf(ctx, args);
  const selector = str(args, 'selector');
  const all = bool(args, 'all');
  const listMode = bool(args, 'list');
  const output = effectiveOutput(args);
  if (all && selector) throw new KubectlError('error: cannot set --all and --selector at the same time');
  const filenames = list(args, 'filename');
  if (resources.length < 1 && filenames.length === 0) throw new KubectlError(`error: one or more resources must be specified as <resource> <name> or <resource>/<name>`);
  if (set.size < 1 && remove.length < 1 && !listMode) throw new KubectlError(`error: at least one ${word} update is required`);
  const overwrite = bool(args, 'overwrite');
  // --local: the -f objects as the files have them, changed and printed; the cluster is neither read nor written
  const local = bool(args, 'local');
  if (local && dryRun === 'server') throw new KubectlError('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (local && resources.length) throw new KubectlError('error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set');
  const { targets, errors } = local
    ? setTargets(ctx, [], { local, filenames, recursive: bool(args, 'recursive') })
    : visitTargets(ctx, resources, { selector, fieldSelector: str(args, 'field-selector'), all, allNamespaces: bool(args, 'all-namespaces'), filenames, recursive: bool(args, 'recursive') });
  const one = targets.length + errors.length === 1 && !selector && !all;
  for (const { info, obj } of targets) {
    const current: Record<string, string> = { ...(obj.metadata[field(kind)] ?? {}) };
    if (!overwrite) {
      const conflict = overwriteConflict(current, set, kind);
      if (conflict) {
        errors.push(conflict);
        continue;
      }
    }
    if (kind === 'label' && dryRun === 'none' && !listMode) {
      for (const r of remove) if (!(r in current)) ctx.out(`label ${JSON.stringify(r)} not found.\n`);
    }
    const next: Record<string, string> = { ...current };
    for (const r of remove) delete next[r];
    for (const [k, v] of set) next[k] = v;
    const updated: KubeObject = structuredClone(obj);
    // an unstructured object read with --local keeps the emptied map (`labels: {}`); the API server drops it
    if (Object.keys(next).length || (local && obj.metadata[field(kind)] !== undefined)) updated.metadata[field(kind)] = next;
    else delete updated.metadata[field(kind)];
    const before = JSON.stringify(obj);
    const after = JSON.stringify(updated);
    let msg = 'annotated';
    if (kind === 'label') {
      msg = 'not labeled';
      if (before !== after) msg = !overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
    }
    const result = listMode || local || before === after ? updated : writeBack(ctx, updated, dryRun);
    if (listMode) {
      const labels = result.metadata[field(kind)] ?? {};
      let indent = '';
      if (!one) {
        indent = ' ';
        ctx.err(`Listing ${field(kind)} for ${info.kind}.${info.group}/${obj.metadata.name}:\n`);
      }
      for (const k of Object.keys(labels).sort()) ctx.out(`${indent}${k}=${labels[k]}\n`);
      continue;
    }
    if (output && output !== 'name') printObject(ctx, result, output, args);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', msg, dryRun, output));
  }
  return finish(ctx, errors);
}
