// `kubectl patch`: strategic (default), JSON merge or JSON patch of named objects, optionally of the status
// subresource; `patched` / `patched (no change)` as cmd/patch/patch.go prints.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { applyPatch, PatchError, type Json, type PatchType } from '../patch/patch.js';
import { effectiveOutput, printObject } from './output.js';
import { DRY_RUN_FLAG, dryRunOf, finish, jsonEqual, nameLine, visitTargets, writeBack } from './visit.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

const PATCH_TYPES: PatchType[] = ['json', 'merge', 'strategic'];

/** yaml.ToJSON of the patch text, with kubectl's error. */
export function parsePatch(text: string): Json {
  try {
    return (yaml.load(text) ?? null) as Json;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new KubectlError(`error: unable to parse ${JSON.stringify(text)}: yaml: ${reason}`);
  }
}

/** Applies a patch to an object as the API server's patch handler would, with its error texts. */
export function patchObject(obj: KubeObject, patch: Json, type: PatchType): KubeObject {
  try {
    return applyPatch(obj as unknown as Json, patch, type) as unknown as KubeObject;
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (type === 'json') throw new KubectlError('The request is invalid: the server rejected our request due to an error in our request');
    throw new KubectlError(`Error from server: ${e.message}`);
  }
}

function run(ctx: KubectlContext, args: ParsedArgs): number {
  const patchText = str(args, 'patch');
  const patchFile = str(args, 'patch-file');
  const typeText = str(args, 'type');
  const dryRun = dryRunOf(ctx, args);
  if (patchText && patchFile) throw new KubectlError('error: cannot specify --patch and --patch-file together');
  if (!patchText && !patchFile) throw new KubectlError('error: must specify --patch or --patch-file containing the contents of the patch');
  const type = typeText.toLowerCase() as PatchType;
  if (!PATCH_TYPES.includes(type)) throw new KubectlError(`error: --type must be one of [${PATCH_TYPES.join(' ')}], not ${JSON.stringify(typeText)}`);
  const subresource = str(args, 'subresource');
  if (subresource && subresource !== 'status') {
    throw new KubectlError(`error: invalid subresource value: "${subresource}". Must be one of [status scale]`);
  }
  let text = patchText;
  if (patchFile) {
    const file = path.resolve(ctx.cwd, patchFile);
    if (!fs.existsSync(file)) throw new KubectlError(`error: unable to read patch file: open ${patchFile}: no such file or directory`);
    text = fs.readFileSync(file, 'utf8');
  }
  const patch = parsePatch(text);
  const output = effectiveOutput(args);
  const { targets, errors } = visitTargets(ctx, args.args, { filenames: list(args, 'filename'), recursive: bool(args, 'recursive') });
  for (const { info, obj } of targets) {
    const patched = patchObject(obj, patch, type);
    const result = writeBack(ctx, patched, dryRun, subresource === 'status');
    const didPatch = !jsonEqual(obj, result);
    if (output && output !== 'name') printObject(ctx, result, output, args);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', didPatch ? 'patched' : 'patched (no change)', dryRun, output));
  }
  return finish(ctx, errors);
}

const verb: Verb = {
  name: 'patch',
  flags: [
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    DRY_RUN_FLAG,
    { name: 'field-manager', type: 'string', default: 'kubectl-patch' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    RECORD_FLAG_UNSIMULATED,
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'type', type: 'string', default: 'strategic' },
  ],
  run: (ctx, args) => {
    if (bool(args, 'local')) throw new KubectlError('error: kubesim does not support kubectl patch --local');
    return run(ctx, args);
  },
};

export default verb;
