// `kubectl replace -f FILE` (cmd/replace/replace.go): a PUT of each object in the files (the live resourceVersion
// filled in when the file has none, so a stale one is the API server's Conflict and a missing object its NotFound),
// and `replace --force`: delete every object (`deployment.apps "web" deleted`), wait until each is gone (a pod
// through its grace period, on the cluster clock), then create them again (`deployment.apps/web replaced`).

import { kindPrefix, resourceKey } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor, type ManifestObject } from '../manifests.js';
import { LAST_APPLIED, lastAppliedAnnotation } from './apply-config.js';
import { cascadeOf } from './delete.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors, SourcedError } from './printing.js';
import { printWarnings, validationOf } from './validate.js';
import { waitFor } from './waiting.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
  DRY_RUN_FLAG,
  { name: 'field-manager', type: 'string', default: 'kubectl-replace' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'raw', type: 'string', unsimulated: true },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'save-config', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'timeout', type: 'string', default: '0s' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
  { name: 'wait', type: 'bool' },
];

/**
 * util.CreateOrUpdateAnnotation: with --save-config the last-applied annotation is (re)written; otherwise it is
 * rewritten only when the object already carries one.
 */
function withAnnotation(obj: KubeObject, saveConfig: boolean): KubeObject {
  if (!saveConfig && !obj.metadata.annotations?.[LAST_APPLIED]) return obj;
  const copy = structuredClone(obj);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedAnnotation(obj) };
  return copy;
}

function readObjects(ctx: KubectlContext, args: ParsedArgs, validate: boolean, strictYaml: boolean): { objects: ManifestObject[]; errors: unknown[] } {
  const items = readManifestsFor(ctx, list(args, 'filename'), { recursive: bool(args, 'recursive'), validate, strictYaml, kustomize: str(args, 'kustomize') });
  return {
    objects: items.filter((i): i is ManifestObject => i.kind === 'object'),
    errors: items.filter((i) => i.kind === 'error').map((i) => new KubectlError(`error: ${i.message}`)),
  };
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  // Complete: validation directive, dry run, printer, delete options, filenames
  const validation = validationOf(args);
  const dryRun = dryRunOf(ctx, args);
  const format = outputFormatOf(args, undefined, ctx.cwd);
  const cascade = cascadeOf(ctx, str(args, 'cascade'));
  const force = bool(args, 'force');
  if (force && dryRun !== 'none') throw new KubectlError('error: --dry-run can not be used when --force is set');
  const filenames = list(args, 'filename');
  if (filenames.length === 0 && !str(args, 'kustomize')) throw new KubectlError('error: must specify one of -f and -k');
  // Validate
  const gracePeriod = int(args, 'grace-period');
  if (gracePeriod >= 0 && !force) throw new KubectlError('error: --grace-period must have --force specified');
  const timeout = parseDuration(str(args, 'timeout') || '0s');
  if (timeout !== 0 && !force) throw new KubectlError('error: --timeout must have --force specified');
  const subresource = str(args, 'subresource');
  if (subresource === 'scale') throw new KubectlError('error: kubesim does not simulate "kubectl replace --subresource=scale" yet');
  const printer = new ObjectPrinter(ctx, format, dryRun);
  const saveConfig = bool(args, 'save-config');
  if (force) return forceReplace(ctx, args, { printer, validation, cascade, gracePeriod, timeout, saveConfig, output: str(args, 'output') });

  const { objects, errors } = readObjects(ctx, args, validation.client, validation.directive === 'Strict');
  const warnings: string[] = [];
  for (const item of objects) {
    let obj = withAnnotation(item.object, saveConfig);
    if (dryRun === 'client') {
      printer.print(item.resource, obj, 'replaced');
      continue;
    }
    try {
      // Helper.Replace(overwrite=true): a file without a resourceVersion replaces whatever version is live
      const md = obj.metadata;
      if (!md.resourceVersion) {
        const live = ctx.api.tryGet(resourceKey(item.resource), md.namespace, md.name ?? '');
        if (live) obj = { ...obj, metadata: { ...md, resourceVersion: live.metadata.resourceVersion } };
      }
      // the API server serves no other subresource of these kinds (v1.32's kubectl sends the PUT unchecked)
      if (subresource && subresource !== 'status') throw new StatusError('NotFound', 'the server could not find the requested resource');
      const opts = { dryRun: dryRun === 'server', fieldValidation: validation.directive, warnings };
      const result = subresource === 'status' ? ctx.api.updateStatus(obj, opts) : ctx.api.update(obj, opts);
      printWarnings(ctx, warnings);
      printer.print(item.resource, result, 'replaced');
    } catch (e) {
      if (e instanceof StatusError) errors.push(new SourcedError(e, 'replacing', item.source));
      else throw e;
    } finally {
      printWarnings(ctx, warnings);
    }
  }
  return reportErrors(ctx, errors);
}

interface ForceOptions {
  printer: ObjectPrinter;
  validation: ReturnType<typeof validationOf>;
  cascade: ReturnType<typeof cascadeOf>;
  gracePeriod: number;
  timeout: number;
  saveConfig: boolean;
  output: string;
}

/** forceReplace: DeleteResult (not-found ignored), a poll until each object is gone, then Create of each. */
function forceReplace(ctx: KubectlContext, args: ParsedArgs, o: ForceOptions): number {
  const first = readObjects(ctx, args, false, false);
  if (first.errors.length) return reportErrors(ctx, first.errors.slice(0, 1));
  // --grace-period=0 becomes 1 (and a wait): replace never force-deletes without the kubelet's confirmation
  const grace = o.gracePeriod === 0 ? 1 : o.gracePeriod;
  const gone: Array<{ key: string; ns: string | undefined; name: string; uid: string | undefined }> = [];
  for (const item of first.objects) {
    const key = resourceKey(item.resource);
    const md = item.object.metadata;
    try {
      const deleted = ctx.api.delete(key, md.namespace, md.name ?? '', { propagationPolicy: o.cascade, gracePeriodSeconds: grace >= 0 ? grace : undefined });
      gone.push({ key, ns: md.namespace, name: md.name ?? '', uid: deleted.metadata.uid });
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === 'NotFound')) return reportErrors(ctx, [e]);
    }
    ctx.out(o.output === 'name' ? `${kindPrefix(item.resource)}/${md.name}\n` : `${kindPrefix(item.resource)} "${md.name}" deleted\n`);
  }
  // wait.PollImmediate until every deleted object is NotFound (5 minutes unless --timeout)
  const allGone = () => (gone.every((d) => ctx.api.tryGet(d.key, d.ns, d.name)?.metadata.uid !== d.uid) ? true : undefined);
  if (gone.length && !waitFor(ctx.cluster, o.timeout || 5 * 60_000, allGone)) throw new KubectlError('error: context deadline exceeded');

  const second = readObjects(ctx, args, o.validation.client, o.validation.directive === 'Strict');
  if (second.errors.length) return reportErrors(ctx, second.errors.slice(0, 1));
  const warnings: string[] = [];
  let count = 0;
  for (const item of second.objects) {
    const obj = structuredClone(withAnnotation(item.object, o.saveConfig));
    delete obj.metadata.resourceVersion;
    try {
      const created = ctx.api.create(obj, { fieldValidation: o.validation.directive, warnings });
      printWarnings(ctx, warnings);
      count++;
      o.printer.print(item.resource, created, 'replaced');
    } catch (e) {
      if (e instanceof StatusError) return reportErrors(ctx, [e]);
      throw e;
    } finally {
      printWarnings(ctx, warnings);
    }
  }
  if (count === 0) throw new KubectlError('error: no objects passed to replace');
  return 0;
}

const replace: Verb = { name: 'replace', flags: FLAGS, run };
export default replace;
