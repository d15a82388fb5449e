// `kubectl set resources` (cmd/set/set_resources.go): requests and limits of the pod template's containers
// (`-c` picks them, default all), `resource requirements updated`, nothing printed when nothing changed.

import { parseQuantity } from '../../cluster/apiserver/quantity.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import { printObject } from './output.js';
import { checkLocal, LOCAL_RESOURCE_ERROR, podSpecOf, setTargets } from './set-common.js';
import { DRY_RUN_FLAG, dryRunOf, finish, jsonEqual, nameLine, writeBack } from './visit.js';import { RECORD_FLAG, recordChangeCause } from './record.js';


/** cmdutil's ParseResourceList for `cpu=200m,memory=512Mi`. */
function parseList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const kv of text.split(',')) {
    const i = kv.indexOf('=');
    if (i < 0) throw new KubectlError(`error: Invalid argument syntax ${kv}, expected <resource>=<value>`);
    const v = kv.slice(i + 1);
    try {
      parseQuantity(v);
    } catch (e) {
      throw new KubectlError(`error: ${(e as Error).message}`);
    }
    out[kv.slice(0, i)] = v;
  }
  return out;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

function run(ctx: KubectlContext, args: ParsedArgs): number {
  const limits = parseList(str(args, 'limits'));
  const requests = parseList(str(args, 'requests'));
  const dryRun = dryRunOf(ctx, args);
  const local = bool(args, 'local');
  checkLocal(local, dryRun);
  const filenames = list(args, 'filename');
  if (!local && !args.args.length && !filenames.length) throw new KubectlError(MISSING_RESOURCE_ERROR);
  if (local && args.args.length) throw new KubectlError(LOCAL_RESOURCE_ERROR);
  if (!Object.keys(limits).length && !Object.keys(requests).length) {
    throw new KubectlError('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
  }
  const { targets, errors: visitErrors } = setTargets(ctx, args.args, { local, selector: str(args, 'selector'), all: bool(args, 'all'), filenames, recursive: bool(args, 'recursive') });
  const errors: string[] = [...visitErrors];
  const pattern = str(args, 'containers') || '*';
  const output = str(args, 'output');
  for (const { info, obj } of targets) {
    const next = structuredClone(obj);
    const spec = podSpecOf(next);
    if (!spec) {
      errors.push(`error: ${info.name}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${info.kind}\n`);
      continue;
    }
    let found = false;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if (!globMatch(pattern, c.name)) continue;
      found = true;
      const cc = c as { resources?: { limits?: Record<string, string>; requests?: Record<string, string> } };
      const res = (cc.resources ??= {});
      if (Object.keys(limits).length) res.limits = { ...(res.limits ?? {}), ...limits };
      if (Object.keys(requests).length) res.requests = { ...(res.requests ?? {}), ...requests };
    }
    if (!found) {
      errors.push(`error: unable to find container named ${pattern}`);
      continue;
    }
    recordChangeCause(ctx, next);
    if (jsonEqual(next, obj)) continue;
    const result = local ? next : writeBack(ctx, next, dryRun);
    if (output && output !== 'name') printObject(ctx, result, output);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', 'resource requirements updated', dryRun, output));
  }
  return finish(ctx, errors);
}

export const resourcesVerb: Verb = {
  name: 'resources',
  path: 'kubectl set resources',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'containers', short: 'c', type: 'string', default: '*' },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'limits', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    RECORD_FLAG,
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'requests', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  run,
};
