// `kubectl scale` (cmd/scale/scale.go): --replicas for deployments, replica sets, stateful sets and replication
// controllers by TYPE NAME, TYPE/NAME, -f, -l or --all, with the --current-replicas / --resource-version preconditions.

import { crdVersionOf } from '../../cluster/apiserver/crd/served.js';
import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { clone } from '../../cluster/apiserver/server.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { requiredFlagsError } from './generators.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors, SourcedError } from './printing.js';
import { selectorFlag } from '../selector.js';
import { RECORD_FLAG, recordChangeCause } from './record.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'all', type: 'bool' },
  { name: 'current-replicas', type: 'int', default: -1 },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  RECORD_FLAG,
  { name: 'replicas', type: 'int', default: 0 },
  { name: 'resource-version', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'timeout', type: 'string', default: '0s' },
];

const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (!args.changed.has('replicas')) throw requiredFlagsError(ctx.now(), ['replicas']);
  const replicas = int(args, 'replicas');
  if (replicas < 0) throw new KubectlError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const dryRun = dryRunOf(ctx, args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  const selectorText = str(args, 'selector');
  const all = bool(args, 'all');
  const filenames = list(args, 'filename');
  const targets: Array<{ resource: ResourceInfo; namespace?: string; name: string; source?: string }> = [];
  const errors: unknown[] = [];
  if (filenames.length) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive') })) {
      if (item.kind === 'error') errors.push(new KubectlError(`error: ${item.message}`));
      else targets.push({ resource: item.resource, namespace: item.object.metadata.namespace, name: item.object.metadata.name ?? '', source: item.source });
    }
  } else {
    const req = resolveRequest(args.args, { selector: selectorText, selectAll: all, served: ctx.api.discovery() });
    if (req.mode === 'names') for (const t of req.targets) targets.push({ resource: t.resource, namespace: ctx.namespace, name: t.name });
    else {
      const selector = selectorFlag(selectorText);
      for (const resource of req.resources) {
        for (const o of ctx.api.list(resourceKey(resource), ctx.namespace, selector)) targets.push({ resource, namespace: o.metadata.namespace, name: o.metadata.name ?? '' });
      }
    }
  }
  const current = int(args, 'current-replicas');
  const rv = str(args, 'resource-version');
  for (const t of targets) {
    const key = resourceKey(t.resource);
    try {
      const obj = ctx.api.get(key, t.namespace, t.name) as KubeObject & { spec?: { replicas?: number } };
      // a custom resource scales through its CRD's scale subresource (specReplicasPath)
      const scalePath = t.resource.crd ? crdVersionOf(ctx.api.store, t.resource)?.subresources?.scale?.specReplicasPath : undefined;
      if (!SCALABLE.has(key) && !scalePath) throw new StatusError('NotFound', 'the server could not find the requested resource');
      const actual = scalePath ? Number(readPath(obj, scalePath) ?? 0) : (obj.spec?.replicas ?? 1);
      if (current !== -1 && current !== actual) throw new KubectlError(`error: Expected replicas to be ${current}, was ${actual}`);
      if (rv && rv !== obj.metadata.resourceVersion) throw new KubectlError(`error: Expected resourceVersion to be ${rv}, was ${obj.metadata.resourceVersion}`);
      let result: KubeObject = obj;
      if (dryRun !== 'client') {
        const next = clone(obj) as KubeObject & { spec: { replicas?: number } };
        if (scalePath) writePath(next, scalePath, replicas);
        else next.spec.replicas = replicas;
        result = ctx.api.update(next, { dryRun: dryRun === 'server', subresource: 'scale' });
        // --record: MakeRecordMergePatch, a second patch with the change-cause annotation
        if (ctx.changeCause && dryRun === 'none') {
          const annotated = structuredClone(result);
          recordChangeCause(ctx, annotated);
          result = ctx.api.update(annotated);
        }
      }
      printer.print(t.resource, result, 'scaled');
    } catch (e) {
      if (e instanceof StatusError && t.source) errors.push(new SourcedError(e, 'scaling', t.source));
      else if (e instanceof StatusError || e instanceof KubectlError) errors.push(e);
      else throw e;
    }
  }
  return reportErrors(ctx, errors);
}

/** A scale subresource's `.spec.replicas`-style path, read and written. */
function readPath(obj: unknown, path: string): unknown {
  let cur = obj as Record<string, unknown> | undefined;
  for (const seg of path.replace(/^\./, '').split('.')) cur = cur && typeof cur === 'object' ? (cur[seg] as Record<string, unknown>) : undefined;
  return cur;
}

function writePath(obj: unknown, path: string, value: number): void {
  const segs = path.replace(/^\./, '').split('.');
  let cur = obj as Record<string, unknown>;
  for (const seg of segs.slice(0, -1)) cur = (cur[seg] ??= {}) as Record<string, unknown>;
  cur[segs[segs.length - 1]] = value;
}

const scale: Verb = { name: 'scale', flags: FLAGS, run };
export default scale;
