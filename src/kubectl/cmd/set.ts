// `kubectl set image`: change container images in pod templates (cmd/set/set_image.go): NAME=IMAGE pairs or
// `*=IMAGE`, `image updated`, nothing printed when nothing changed, init containers included.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import { splitResourcesAndPairs } from './metamap.js';
import { effectiveOutput, printObject } from './output.js';
import { typedView } from '../printers/typed.js';
import { DRY_RUN_FLAG, dryRunOf, finish, jsonEqual, nameLine, writeBack } from './visit.js';
import { defaultSubCommandRun } from '../subcommand-run.js';
import { checkLocal, LOCAL_RESOURCE_ERROR, podSpecOf, setTargets } from './set-common.js';
import { envVerb } from './set-env.js';
import { resourcesVerb } from './set-resources.js';
import { selectorVerb, serviceAccountVerb, subjectVerb } from './set-more.js';import { RECORD_FLAG, recordChangeCause } from './record.js';


export { podSpecOf };

/** cmdutil.ParsePairs for NAME=IMAGE (in order; the last value of a repeated name wins). */
export function parseImagePairs(pairs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs) {
    if (!p.includes('=')) throw new KubectlError(`error: invalid image format: ${p}`);
    const i = p.indexOf('=');
    const [k, v] = [p.slice(0, i), p.slice(i + 1)];
    if (!k || !v) throw new KubectlError(`error: invalid image format: ${p}`);
    out.set(k, v);
  }
  return out;
}

function setImage(ctx: KubectlContext, args: ParsedArgs): number {
  const { resources, pairs } = splitResourcesAndPairs(args.args, 'image');
  const images = parseImagePairs(pairs);
  const dryRun = dryRunOf(ctx, args);
  const selector = str(args, 'selector');
  const all = bool(args, 'all');
  const filenames = list(args, 'filename');
  const local = bool(args, 'local');
  checkLocal(local, dryRun);
  if (!local && resources.length === 0 && filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  if (local && resources.length) throw new KubectlError(LOCAL_RESOURCE_ERROR);
  // --local never reads or writes the cluster: the -f objects are changed and printed
  const { targets, errors: visitErrors } = setTargets(ctx, resources, { local, selector, all, filenames, recursive: bool(args, 'recursive') });
  const problems: string[] = [];
  if (all && selector) problems.push('cannot set --all and --selector at the same time');
  if (images.size < 1) problems.push('at least one image update is required');
  else if (images.size > 1 && images.has('*')) problems.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (problems.length === 1) throw new KubectlError(`error: ${problems[0]}`);
  if (problems.length > 1) throw new KubectlError(`[${problems.join(', ')}]`);
  const errors: string[] = [...visitErrors];
  const output = effectiveOutput(args);
  for (const { info, obj } of targets) {
    const next = structuredClone(obj);
    const spec = podSpecOf(next);
    if (!spec) {
      errors.push(`error: ${info.name}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${info.kind}\n`);
      continue;
    }
    for (const [name, image] of images) {
      let found = false;
      for (const list of [spec.initContainers ?? [], spec.containers ?? []]) {
        for (const c of list) {
          if (c.name === name || name === '*') {
            c.image = image;
            found = true;
          }
        }
      }
      if (!found) errors.push(`error: unable to find container named ${JSON.stringify(name)}`);
    }
    // ChangeCauseRecorder.Record (for rollout history) before the patch is computed
    recordChangeCause(ctx, next);
    if (jsonEqual(next, obj)) continue;
    // --local decodes the file into its Go type, so the printed object has the type's empty fields
    const result = local ? typedView(next) : writeBack(ctx, next, dryRun);
    if (output && output !== 'name') printObject(ctx, result, output, args);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', 'image updated', dryRun, output));
  }
  return finish(ctx, errors);
}

const image: Verb = {
  name: 'image',
  path: 'kubectl set image',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    RECORD_FLAG,
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  run: setImage,
};

const verb: Verb = {
  name: 'set',
  flags: [],
  subcommands: { env: envVerb, image, resources: resourcesVerb, selector: selectorVerb, serviceaccount: serviceAccountVerb, subject: subjectVerb },
  run: defaultSubCommandRun('set'),
};

export default verb;
