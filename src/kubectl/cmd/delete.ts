// `kubectl delete` (cmd/delete/delete.go): names, TYPE/NAME, -f, -l, --all, -A; `kind "name" deleted` lines,
// cascade policies, grace period / --now / --force (with its warning), dry runs, "No resources found".

import { kindPrefix, resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { DRY_RUN_FLAG, dryRunOf, reportErrors, SourcedError } from './printing.js';
import { fieldSelectorFor, selectorFlag } from '../selector.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { waitFor } from './waiting.js';

const FLAGS: FlagSpec[] = [
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
  DRY_RUN_FLAG,
  { name: 'field-selector', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'interactive', short: 'i', type: 'bool', unsimulated: true },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'now', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'raw', type: 'string', unsimulated: true },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'timeout', type: 'string', default: '0s' },
  { name: 'wait', type: 'bool', default: true },
];

type Policy = 'Background' | 'Foreground' | 'Orphan';

/** cmdutil.GetCascadingStrategy */
export function cascadeOf(ctx: KubectlContext, v: string): Policy {
  switch (v) {
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    case 'true':
      ctx.err('warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n');
      return 'Background';
    case 'false':
      ctx.err('warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
      return 'Orphan';
    default:
      throw new KubectlError(`error: invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}

interface Target {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
  source?: string;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const output = str(args, 'output');
  if (output !== '' && output !== 'name') throw new KubectlError(`error: unexpected -o output mode: ${output}. We only support '-o name'`);
  const selectorText = str(args, 'selector');
  const all = bool(args, 'all');
  const fieldSelector = str(args, 'field-selector');
  // DeleteOptions.Validate
  if (all && (selectorText || fieldSelector)) throw new KubectlError("error: setting 'all' parameter but found a non empty selector. ");
  let gracePeriod = int(args, 'grace-period');
  const force = bool(args, 'force');
  if (bool(args, 'now')) {
    if (gracePeriod !== -1) throw new KubectlError('error: --now and --grace-period cannot be specified together');
    gracePeriod = 1;
  }
  if (gracePeriod === 0 && !force) gracePeriod = 1;
  if (force && gracePeriod < 0) gracePeriod = 0;
  const policy = cascadeOf(ctx, str(args, 'cascade'));
  const dryRun = dryRunOf(ctx, args);
  if (gracePeriod === 0 && force) {
    ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  }
  const allNamespaces = bool(args, 'all-namespaces');
  const ignoreNotFound = bool(args, 'ignore-not-found') || all || !!selectorText || !!fieldSelector;
  const filenames = list(args, 'filename');
  const kustomize = str(args, 'kustomize');

  const errors: unknown[] = [];
  const targets: Target[] = [];
  if (filenames.length || kustomize) {
    if (args.args.length) throw new KubectlError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive'), kustomize })) {
      if (item.kind === 'error') errors.push(new KubectlError(`error: ${item.message}`));
      else targets.push({ resource: item.resource, namespace: item.object.metadata.namespace, name: item.object.metadata.name ?? '', source: item.source });
    }
  } else {
    const req = resolveRequest(args.args, { selector: selectorText || fieldSelector, selectAll: all, allNamespaces, served: ctx.api.discovery() });
    if (req.mode === 'names') {
      for (const t of req.targets) targets.push({ resource: t.resource, namespace: t.resource.namespaced ? ctx.namespace : undefined, name: t.name });
    } else {
      let selector = null;
      if (selectorText) selector = selectorFlag(selectorText);
      for (const resource of req.resources) {
        const ns = allNamespaces ? undefined : ctx.namespace;
        let fields;
        try {
          fields = fieldSelectorFor(resource, fieldSelector, selectorText);
        } catch (e) {
          errors.push(e);
          continue;
        }
        for (const obj of ctx.api.list(resourceKey(resource), ns, selector, fields)) {
          targets.push({ resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
        }
      }
    }
  }

  let found = 0;
  const deleted: Array<{ key: string; ns: string | undefined; name: string; uid: string | undefined }> = [];
  let warnClusterScope = ctx.explicitNamespace && !allNamespaces;
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const operation = (gracePeriod === 0 ? 'force deleted' : 'deleted') + suffix;
  for (const t of targets) {
    const key = resourceKey(t.resource);
    if (warnClusterScope && !t.resource.namespaced) {
      ctx.err('warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnClusterScope = false;
    }
    if (dryRun !== 'client') {
      try {
        const gone = ctx.api.delete(key, t.namespace, t.name, { dryRun: dryRun === 'server', propagationPolicy: policy, gracePeriodSeconds: gracePeriod >= 0 ? gracePeriod : undefined });
        if (dryRun !== 'server') deleted.push({ key, ns: t.namespace, name: t.name, uid: gone.metadata.uid });
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'NotFound' && ignoreNotFound) continue;
        errors.push(t.source && e instanceof StatusError ? new SourcedError(e, 'deleting', t.source) : e);
        continue;
      }
    }
    found++;
    if (output === 'name') ctx.out(`${kindPrefix(t.resource)}/${t.name}\n`);
    else ctx.out(`${kindPrefix(t.resource)} "${t.name}" ${operation}\n`);
  }
  // --wait (the default): until every deleted object is gone (a pod within its grace period)
  if (bool(args, 'wait') && deleted.length) {
    const timeout = str(args, 'timeout') ? parseDuration(str(args, 'timeout')) : 0;
    const allGone = () => (deleted.every((d) => ctx.api.tryGet(d.key, d.ns, d.name)?.metadata.uid !== d.uid) ? true : undefined);
    if (!waitFor(ctx.cluster, timeout, allGone)) errors.push(new KubectlError('error: timed out waiting for the condition'));
  }
  if (errors.length) return reportErrors(ctx, errors);
  if (found === 0) ctx.out('No resources found\n');
  return 0;
}

const del: Verb = { name: 'delete', flags: FLAGS, run };
export default del;
