// `kubectl set serviceaccount|selector|subject` (cmd/set/set_serviceaccount.go, set_selector.go, set_subject.go
// of v1.32): the pod template's serviceAccountName, a Service's selector, and a (Cluster)RoleBinding's subjects.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { parseSelector, SelectorParseError } from '../../cluster/apiserver/labels.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { DRY_RUN_FLAG, dryRunOf } from './dry-run.js';
import { changeEach, checkLocal, LOCAL_RESOURCE_ERROR, objectName, podSpecOf, setTargets } from './set-common.js';
import { finish } from './visit.js';
import { RECORD_FLAG, recordChangeCause } from './record.js';

const PRINT_FLAGS: FlagSpec[] = [
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
];
const FILE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string', unsimulated: true },
  { name: 'recursive', short: 'R', type: 'bool' },
];

// ------------------------------------------------------------------ serviceaccount

function runServiceAccount(ctx: KubectlContext, args: ParsedArgs): number {
  const dryRun = dryRunOf(ctx, args);
  const local = bool(args, 'local');
  checkLocal(local, dryRun);
  if (args.args.length === 0) throw new KubectlError('error: serviceaccount is required');
  const sa = args.args[args.args.length - 1];
  const resources = args.args.slice(0, -1);
  const filenames = list(args, 'filename');
  const { targets, errors } = setTargets(ctx, local ? [] : resources, { local, filenames, recursive: bool(args, 'recursive'), all: bool(args, 'all') });
  const output = str(args, 'output');
  for (const { info, obj } of targets) {
    // set serviceaccount prints every object, changed or not (it does not look at the patch)
    const next = structuredClone(obj);
    const spec = podSpecOf(next) as { serviceAccountName?: string } | undefined;
    if (!spec) {
      errors.push(`error: ${objectName(info, obj.metadata.name ?? '')} the object is not a pod or does not have a pod template: *v1.${obj.kind}`);
      continue;
    }
    spec.serviceAccountName = sa;
    changeEach(ctx, [{ info, obj: next }], { local, dryRun, output, operation: 'serviceaccount updated', always: true }, () => undefined, errors);
  }
  return finish(ctx, errors);
}

export const serviceAccountVerb: Verb = {
  name: 'serviceaccount',
  aliases: ['sa'],
  path: 'kubectl set serviceaccount',
  flags: [{ name: 'all', type: 'bool' }, DRY_RUN_FLAG, { name: 'field-manager', type: 'string', default: 'kubectl-set' }, ...FILE_FLAGS, { name: 'local', type: 'bool' }, ...PRINT_FLAGS, RECORD_FLAG],
  run: runServiceAccount,
};

// ------------------------------------------------------------------ selector

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** metav1.ParseToLabelSelector, keeping only what a Service selector can hold (matchLabels). */
export function serviceSelector(text: string): Record<string, string> {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new KubectlError(`error: couldn't parse the selector string "${text}": ${e.message}`);
    throw e;
  }
  const out: Record<string, string> = {};
  const exprs: string[] = [];
  const opName = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' } as const;
  for (const r of reqs) {
    const name = r.key.includes('/') ? r.key.slice(r.key.indexOf('/') + 1) : r.key;
    if (!NAME_PART.test(name)) {
      throw new KubectlError(
        `error: couldn't parse the selector string "${text}": unable to parse requirement: <nil>: Invalid value: ${JSON.stringify(r.key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      );
    }
    if (r.op === '=') out[r.key] = r.values[0];
    else if (r.op === '!=') throw new KubectlError('error: "!=" is not a valid label selector operator');
    else exprs.push(`{${r.key} ${opName[r.op]} [${r.values.join(' ')}]}`);
  }
  if (exprs.length) throw new KubectlError(`error: match expression [${exprs.join(' ')}] not supported on this object`);
  return out;
}

function runSelector(ctx: KubectlContext, args: ParsedArgs): number {
  const dryRun = dryRunOf(ctx, args);
  const local = bool(args, 'local');
  checkLocal(local, dryRun);
  const filenames = list(args, 'filename');
  if (args.args.length === 0) throw new KubectlError('error: one selector is required');
  const resources = args.args.slice(0, -1);
  if (local && resources.length) throw new KubectlError(LOCAL_RESOURCE_ERROR);
  const selector = serviceSelector(args.args[args.args.length - 1]);
  const { targets, errors } = setTargets(ctx, resources, { local, filenames, recursive: bool(args, 'recursive'), all: bool(args, 'all') });
  const rv = str(args, 'resource-version');
  for (const { obj } of targets) {
    if (obj.kind !== 'Service') throw new KubectlError('error: setting a selector is only supported for Services');
  }
  changeEach(ctx, targets, { local, dryRun, output: str(args, 'output'), operation: 'selector updated', always: true }, (obj: KubeObject) => {
    obj.spec = { ...(obj.spec ?? {}), selector };
    if (rv) obj.metadata.resourceVersion = rv;
  }, errors);
  return finish(ctx, errors);
}

export const selectorVerb: Verb = {
  name: 'selector',
  path: 'kubectl set selector',
  flags: [
    { name: 'all', type: 'bool' },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    ...FILE_FLAGS.filter((f) => f.name !== 'kustomize'),
    { name: 'local', type: 'bool' },
    ...PRINT_FLAGS,
    RECORD_FLAG,
    { name: 'resource-version', type: 'string' },
  ],
  run: runSelector,
};

// ------------------------------------------------------------------ subject

interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

const sameSubject = (a: Subject, b: Subject) => a.kind === b.kind && (a.apiGroup ?? '') === (b.apiGroup ?? '') && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

function runSubject(ctx: KubectlContext, args: ParsedArgs): number {
  const dryRun = dryRunOf(ctx, args);
  const local = bool(args, 'local');
  const selector = str(args, 'selector');
  const all = bool(args, 'all');
  if (local && args.args.length) throw new KubectlError(LOCAL_RESOURCE_ERROR);
  const { targets, errors } = setTargets(ctx, args.args, { local, filenames: list(args, 'filename'), recursive: bool(args, 'recursive'), selector, all });
  if (all && selector) throw new KubectlError('error: cannot set --all and --selector at the same time');
  const users = [...new Set(list(args, 'user'))].sort();
  const groups = [...new Set(list(args, 'group'))].sort();
  const sas = [...new Set(list(args, 'serviceaccount'))].sort();
  if (!users.length && !groups.length && !sas.length) throw new KubectlError('error: you must specify at least one value of user, group or serviceaccount');
  for (const sa of list(args, 'serviceaccount')) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || tokens[1] === '') throw new KubectlError('error: serviceaccount must be <namespace>:<name>');
    if (tokens[0] === '' && targets.some((t) => t.obj.kind === 'ClusterRoleBinding')) {
      throw new KubectlError('error: serviceaccount must be <namespace>:<name>, namespace must be specified');
    }
  }
  const rbac = 'rbac.authorization.k8s.io';
  const subjects: Subject[] = [
    ...users.map((name) => ({ kind: 'User', apiGroup: rbac, name })),
    ...groups.map((name) => ({ kind: 'Group', apiGroup: rbac, name })),
    ...sas.map((sa) => {
      const [ns, name] = sa.split(':');
      return { kind: 'ServiceAccount', name, namespace: ns || ctx.namespace };
    }),
  ];
  changeEach(ctx, targets, { local, dryRun, output: str(args, 'output'), operation: 'subjects updated' }, (obj, info) => {
    if (obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') {
      return `error: ${objectName(info, obj.metadata.name ?? '')}\n setting subjects is only supported for RoleBinding/ClusterRoleBinding`;
    }
    const existing = ((obj as { subjects?: Subject[] }).subjects ?? []) as Subject[];
    const added = subjects.filter((s) => !existing.some((e) => sameSubject(e, s)));
    if (added.length) (obj as { subjects?: Subject[] }).subjects = [...existing, ...added];
  }, errors);
  return finish(ctx, errors);
}

export const subjectVerb: Verb = {
  name: 'subject',
  path: 'kubectl set subject',
  flags: [
    { name: 'all', type: 'bool' },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    ...FILE_FLAGS,
    { name: 'group', type: 'stringArray' },
    { name: 'local', type: 'bool' },
    ...PRINT_FLAGS,
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'serviceaccount', type: 'stringArray' },
    { name: 'user', type: 'stringArray' },
  ],
  run: runSubject,
};
