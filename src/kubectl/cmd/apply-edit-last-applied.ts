// `kubectl apply edit-last-applied` (editor.ApplyEditMode of cmd/util/editor/editoptions.go): the objects'
// last-applied-configuration annotations as YAML (or -o json) in $KUBE_EDITOR/$EDITOR, and each edited
// configuration written back as the annotation, nothing else of the object changed. A file that does not parse is
// reopened with the error on top; the same file twice gives up, keeping a copy.

import * as fs from 'node:fs';
import { kindPrefix, resourceKey } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { formatStatusError } from '../errors.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { GoYamlError, parseYamlDocument } from '../goyaml.js';
import { goJsonCompact } from '../printers/gofmt.js';
import { toJson } from '../printers/json.js';
import { toYaml } from '../printers/yaml.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import { LAST_APPLIED } from './apply-config.js';
import { launch, stripComments, tempFile } from './edit.js';
import { visitTargets, type Target } from './visit.js';

const HEADER =
  "# Please edit the 'last-applied-configuration' annotations below.\n" +
  "# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.\n" +
  '#\n';

/** The header, with the last round's problems (`# configmaps "x" was not valid:` ...) when reopening. */
export function applyEditHeader(problems: string[] = []): string {
  return HEADER + problems.map((l) => `# ${l}`.trimEnd() + '\n').join('') + (problems.length ? '#\n' : '');
}

/** The buffer: one configuration, or several as a v1 List; YAML, or JSON with -o json. */
export function applyEditBuffer(configs: unknown[], json: boolean): string {
  const doc = configs.length === 1 ? configs[0] : { apiVersion: 'v1', items: configs, kind: 'List', metadata: {} };
  return json ? toJson(doc) : toYaml(doc);
}

function parseEdited(content: string): KubeObject[] {
  const doc = content.trim() === '' ? null : (parseYamlDocument(content) as KubeObject | null);
  if (!doc || typeof doc !== 'object') throw new GoYamlError('invalid object to validate');
  if (doc.kind === 'List' && Array.isArray(doc.items)) return doc.items as KubeObject[];
  return [doc];
}

function run(ctx: KubectlContext, args: ParsedArgs): number {
  const output = str(args, 'output');
  if (output !== '' && output !== 'yaml' && output !== 'json') throw new KubectlError(`error: unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,yaml`);
  const filenames = list(args, 'filename');
  if (args.args.length === 0 && filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  // the editor is a program of this machine: not in hermetic mode
  if (ctx.hermetic) throw new KubectlError('error: kubesim does not run an editor in hermetic mode');
  const { targets: all, errors } = visitTargets(ctx, args.args, { filenames, recursive: bool(args, 'recursive') });
  if (errors.length) throw new KubectlError(errors[0]);
  const targets = all.filter((t) => t.obj.metadata.annotations?.[LAST_APPLIED] !== undefined);
  if (targets.length === 0) {
    throw new KubectlError('error: no last-applied-configuration annotation found on resources, to create the annotation, use command `kubectl apply set-last-applied --create-annotation`');
  }
  const configs = targets.map((t) => JSON.parse(t.obj.metadata.annotations![LAST_APPLIED]) as unknown);
  const original = applyEditBuffer(configs, output === 'json');
  let file = tempFile(HEADER + original);
  let failed: string | undefined;
  for (;;) {
    launch(ctx, file);
    const content = stripComments(fs.readFileSync(file, 'utf8'));
    if (failed !== undefined && content === failed) {
      ctx.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
      throw new KubectlError('error: Edit cancelled, no valid changes were saved.');
    }
    if (content === stripComments(original)) {
      fs.rmSync(file, { force: true });
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    let edited: KubeObject[];
    try {
      edited = parseEdited(content);
    } catch (e) {
      if (!(e instanceof GoYamlError)) throw e;
      const first = targets[0];
      const what = `${first.info.name}${first.info.group ? `.${first.info.group}` : ''} ${JSON.stringify(first.obj.metadata.name)}`;
      ctx.err(`error: ${what} is invalid\n`);
      failed = content;
      fs.rmSync(file, { force: true });
      file = tempFile(applyEditHeader([`${what} was not valid:`, `* <nil>: Invalid value: "The edited file failed validation": ${e.message}`]) + content);
      continue;
    }
    return writeBack(ctx, targets, edited, file);
  }
}

/** Each edited configuration becomes its object's annotation (a merge patch of it alone), printed `edited`. */
function writeBack(ctx: KubectlContext, targets: Target[], edited: KubeObject[], file: string): number {
  try {
    for (const e of edited) {
      const md = e.metadata ?? {};
      const t = targets.find((x) => x.obj.kind === e.kind && x.obj.metadata.name === md.name && (!md.namespace || x.obj.metadata.namespace === md.namespace));
      if (!t) {
        const info = ctx.api.resourceOf(e);
        ctx.api.get(resourceKey(info), md.namespace ?? ctx.namespace, md.name ?? '');
        continue;
      }
      const text = goJsonCompact(e) + '\n';
      const next = structuredClone(t.obj);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: text };
      ctx.api.update(next, { patch: { metadata: { annotations: { [LAST_APPLIED]: text } } } });
      ctx.out(`${kindPrefix(t.info)}/${t.obj.metadata.name} edited\n`);
    }
  } catch (err) {
    ctx.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
    if (err instanceof StatusError) throw new KubectlError(formatStatusError(err));
    throw err;
  }
  fs.rmSync(file, { force: true });
  return 0;
}

export const editLastApplied: Verb = {
  name: 'edit-last-applied',
  path: 'kubectl apply edit-last-applied',
  flags: [
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string', unsimulated: true },
    { name: 'output', short: 'o', type: 'string', default: '' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string', unsimulated: true },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'windows-line-endings', type: 'bool', unsimulated: true },
  ],
  run,
};
