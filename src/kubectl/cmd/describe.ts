// `kubectl describe` (cmd/describe/describe.go): TYPE [NAME...], TYPE/NAME, -l, -A, -f; a missing single name is
// retried as a name prefix (DescribeMatchingResources); descriptions joined by blank lines.

import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { describeObject, joinDescriptions, type DescribeContext } from '../describe/index.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { reportErrors } from './printing.js';
import { selectorFlag } from '../selector.js';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'chunk-size', type: 'int', default: 500 },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'show-events', type: 'bool', default: true },
];

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const filenames = list(args, 'filename');
  const kustomize = str(args, 'kustomize');
  if (args.args.length === 0 && filenames.length === 0 && !kustomize) {
    throw new KubectlError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const allNamespaces = bool(args, 'all-namespaces');
  const selectorText = str(args, 'selector');
  const dctx: DescribeContext = {
    now: ctx.now(),
    list: (key, ns) => ctx.api.list(key, ns),
    showEvents: bool(args, 'show-events'),
  };
  const infos: Array<{ resource: ResourceInfo; obj: KubeObject }> = [];
  const errors: unknown[] = [];
  let notFoundSingle: StatusError | undefined;
  let req: ReturnType<typeof resolveRequest> | undefined;
  if (filenames.length || kustomize) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive'), kustomize, bareKustomizeErrors: true })) {
      if (item.kind === 'error') {
        errors.push(new KubectlError(`error: ${item.message}`));
        continue;
      }
      try {
        infos.push({ resource: item.resource, obj: ctx.api.get(resourceKey(item.resource), item.object.metadata.namespace, item.object.metadata.name ?? '') });
      } catch (e) {
        if (e instanceof StatusError) errors.push(e);
        else throw e;
      }
    }
  } else {
    req = resolveRequest(args.args, { selector: selectorText, allowEmptySelector: true, allNamespaces, served: ctx.api.discovery() });
    if (req.mode === 'list') {
      const selector = selectorFlag(selectorText);
      for (const resource of req.resources) {
        for (const obj of ctx.api.list(resourceKey(resource), allNamespaces ? undefined : ctx.namespace, selector)) infos.push({ resource, obj });
      }
    } else {
      for (const t of req.targets) {
        try {
          infos.push({ resource: t.resource, obj: ctx.api.get(resourceKey(t.resource), ctx.namespace, t.name) });
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          errors.push(e);
          if (e.reason === 'NotFound') notFoundSingle = e;
        }
      }
    }
  }
  // a single missing name is tried as a prefix of the existing names
  if (req && req.mode === 'names' && args.args.length === 2 && !args.args[0].includes('/') && notFoundSingle && infos.length === 0) {
    const resource = req.targets[0].resource;
    const prefix = args.args[1];
    let out = '';
    for (const obj of ctx.api.list(resourceKey(resource), ctx.namespace)) {
      if ((obj.metadata.name ?? '').startsWith(prefix)) out += `${describeObject(resourceKey(resource), obj, dctx)}\n`;
    }
    if (out) {
      ctx.out(out);
      return 0;
    }
    return reportErrors(ctx, [notFoundSingle]);
  }
  const outputs = infos.map((i) => describeObject(resourceKey(i.resource), i.obj, dctx));
  if (outputs.length) ctx.out(joinDescriptions(outputs));
  if (infos.length === 0 && errors.length === 0) {
    ctx.err(allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
  }
  return reportErrors(ctx, errors);
}

const describe: Verb = { name: 'describe', flags: FLAGS, readOnly: true, run };
export default describe;
