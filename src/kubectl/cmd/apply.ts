// `kubectl apply -f` (client-side apply, cmd/apply/apply.go): create with the last-applied annotation, or a
// three-way merge → configured / unchanged; every document is tried, errors are printed together at the end.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { LAST_APPLIED, deepEqual, threeWayMerge, withLastApplied } from './apply-config.js';
import { threeWayPatch } from './apply-patch.js';
import { lastAppliedVerbs } from './apply-last-applied.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors, SourcedError } from './printing.js';
import { printWarnings, validationOf } from './validate.js';
import { RECORD_FLAG, recordChangeCause } from './record.js';
import { appliedId, pruneAll, pruneResources, type PruneRun } from './apply-prune.js';
import { cascadeOf } from './delete.js';
import { matches } from '../../cluster/apiserver/labels.js';
import { selectorFlag } from '../selector.js';
import type { ManifestObject } from '../manifests.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'all', type: 'bool' },
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
  { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force', type: 'bool' },
  { name: 'force-conflicts', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'openapi-patch', type: 'bool', default: true },
  { name: 'overwrite', type: 'bool', default: true },
  { name: 'prune', type: 'bool' },
  { name: 'prune-allowlist', type: 'stringArray' },
  RECORD_FLAG,
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'server-side', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'timeout', type: 'string', default: '0s' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
  { name: 'wait', type: 'bool' },
];

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  // validateArgs runs before the filename and dry-run checks (as the v1.32 binary orders them)
  if (args.args.length) throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  const filenames = list(args, 'filename');
  if (filenames.length === 0 && !str(args, 'kustomize')) throw new KubectlError('error: must specify one of -f and -k');
  const dryRun = dryRunOf(ctx, args);
  const validation = validationOf(args);
  if (bool(args, 'force-conflicts') && !bool(args, 'server-side')) throw new KubectlError('error: --force-conflicts only works with --server-side');
  if (bool(args, 'server-side') && dryRun === 'client') {
    throw new KubectlError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  }
  // kubectl.1.32's order: after the two checks above, before reading any file
  if (str(args, 'subresource') && !bool(args, 'server-side')) throw new KubectlError('error: --subresource can only be specified for --server-side');
  if (str(args, 'subresource')) throw new KubectlError('error: kubesim does not simulate apply --server-side --subresource');
  const prune = bool(args, 'prune');
  const selectorText = str(args, 'selector');
  if (bool(args, 'all') && selectorText) throw new KubectlError('error: cannot set --all and --selector at the same time');
  if (prune && !bool(args, 'all') && !selectorText) {
    throw new KubectlError('error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
  }
  if (prune && bool(args, 'server-side')) throw new KubectlError("error: --prune is in alpha and doesn't currently work on objects created by server-side apply");
  const pruneKinds = prune ? pruneResources(ctx, list(args, 'prune-allowlist')) : [];
  const selector = selectorText ? selectorFlag(selectorText) : null;
  const format = outputFormatOf(args, undefined, ctx.cwd);
  const printer = new ObjectPrinter(ctx, format, dryRun);
  const items = readManifestsFor(ctx, filenames, {
    recursive: bool(args, 'recursive'),
    kustomize: str(args, 'kustomize'),
    validate: validation.client,
    strictYaml: validation.directive === 'Strict',
  });
  const warnings: string[] = [];
  // visiting errors come first (GetObjects), then each object's own error
  const errors: unknown[] = items.filter((i) => i.kind === 'error').map((i) => new KubectlError(`error: ${i.message}`));
  // the builder's LabelSelectorParam: only the file's objects the selector matches are applied
  const objects = items.filter((i): i is ManifestObject => i.kind === 'object' && (selector === null || matches(selector, i.object.metadata.labels)));
  if (objects.length === 0 && errors.length === 0) throw new KubectlError('error: no objects passed to apply');
  const serverSide = bool(args, 'server-side');
  const printed: KubeObject[] = [];
  const deferPrint = format.kind === 'yaml' || format.kind === 'json' || format.kind === 'template';

  const pruneRun: PruneRun = { resources: pruneKinds, selector, namespaces: new Set(), applied: new Set(), dryRun, propagationPolicy: cascadeOf(ctx, str(args, 'cascade')) };
  for (const item of objects) {
    const key = resourceKey(item.resource);
    const md = item.object.metadata;
    if (item.resource.namespaced) pruneRun.namespaces.add(md.namespace || ctx.namespace);
    pruneRun.applied.add(appliedId(item.resource, md.namespace || ctx.namespace, md.name ?? ''));
    const emit = (obj: KubeObject, op: string) => {
      if (deferPrint) printed.push(obj);
      else printer.print(item.resource, obj, serverSide ? 'serverside-applied' : op);
    };
    // resource.Info String(): what apply.go names when the GET of the live object fails (e.g. Forbidden)
    const r = item.resource;
    const gv = r.group ? `${r.group}/${r.version}` : `/${r.version}`;
    let verb = `retrieving current configuration of:\nResource: "${gv}, Resource=${r.name}", GroupVersionKind: "${gv}, Kind=${r.kind}"\nName: "${md.name ?? ''}", Namespace: "${r.namespaced ? md.namespace || ctx.namespace : ''}"\nfrom server for:`;
    // ChangeCauseRecorder.Record before the modified configuration (and its last-applied annotation) is made
    recordChangeCause(ctx, item.object);
    if (serverSide) {
      // the whole manifest goes as an apply patch; the API server merges it and keeps the field ownership
      try {
        if (!md.name && md.generateName) throw new KubectlError(`error: from ${md.generateName}: cannot use generate name with apply`);
        const fieldManager = args.changed.has('field-manager') ? str(args, 'field-manager') : 'kubectl';
        const obj = { ...item.object, metadata: { ...md, ...(item.resource.namespaced ? { namespace: md.namespace || ctx.namespace } : {}) } };
        const applied = ctx.api.apply(obj, { fieldManager, force: bool(args, 'force-conflicts'), dryRun: dryRun === 'server', fieldValidation: validation.directive, warnings });
        // kubectl's warning handler prints the response's Warning headers before the command reports the object
        printWarnings(ctx, warnings);
        emit(applied, 'serverside-applied');
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'Conflict' && e.status.details?.causes?.some((c) => c.reason === 'FieldManagerConflict')) errors.push(new KubectlError(`error: ${e.message}\n${CONFLICT_ADVICE}`));
        else if (e instanceof StatusError || e instanceof KubectlError) errors.push(e);
        else throw e;
      } finally {
        printWarnings(ctx, warnings);
      }
      continue;
    }
    try {
      const current = md.name ? ctx.api.tryGet(key, md.namespace, md.name) : undefined;
      verb = 'creating';
      const modified = withLastApplied(item.object);
      if (!current) {
        const created =
          dryRun === 'client' ? modified : ctx.api.create(modified, { dryRun: dryRun === 'server', fieldValidation: validation.directive, warnings });
        printWarnings(ctx, warnings);
        emit(created, 'created');
        continue;
      }
      if (dryRun === 'client') {
        emit(modified, 'configured');
        continue;
      }
      const lastText = current.metadata.annotations?.[LAST_APPLIED];
      if (lastText === undefined && !serverSide) {
        ctx.err(
          `Warning: resource ${item.resource.name}/${md.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
        );
      }
      let original: KubeObject | undefined;
      try {
        original = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
      } catch {
        original = undefined;
      }
      const merged = threeWayMerge(original, modified, current);
      if (deepEqual(merged, current)) {
        emit(current, 'unchanged');
        continue;
      }
      delete merged.metadata.resourceVersion;
      verb = 'applying patch';
      const patch = threeWayPatch(original, modified as unknown as Record<string, unknown>, current);
      const updated = ctx.api.update(merged, { dryRun: dryRun === 'server', fieldValidation: validation.directive, warnings, patch });
      printWarnings(ctx, warnings);
      emit(updated, 'configured');
    } catch (e) {
      if (e instanceof StatusError) errors.push(new SourcedError(e, verb, item.source));
      else throw e;
    } finally {
      printWarnings(ctx, warnings);
    }
  }
  if (deferPrint && printed.length) {
    if (printed.length === 1) printer.print(objects[0].resource, printed[0], '');
    else printer.printList(printed);
  }
  if (prune) pruneAll(ctx, printer, pruneRun, errors);
  return reportErrors(ctx, errors);
}

/** What kubectl's apply adds to the API server's 409 for field manager conflicts (apply.go). */
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

const apply: Verb = { name: 'apply', flags: FLAGS, subcommands: lastAppliedVerbs, run };
export default apply;
