// `kubectl edit`: writes the object as YAML to a temp file, runs $KUBE_EDITOR / $EDITOR (default vi) through the
// shell, reads the file back and applies the change (cmd/util/editor/editoptions.go): `edited`, `Edit cancelled,
// no changes made.`, `Edit cancelled, saved file was empty.`, and a second editor round showing the error.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { formatStatusError } from '../errors.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { toYaml } from '../printers/yaml.js';
import { stripManaged } from './printing.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import { effectiveOutput, printObject } from './output.js';
import { finish, jsonEqual, nameLine, visitTargets, type Target } from './visit.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

/** Lines starting with `#` dropped (editor.stripComments). */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
}

/** The YAML kubectl puts in the editor for one object (or a v1 List for several). */
export function editBuffer(objects: KubeObject[], errorLines: string[] = []): string {
  const doc = objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects, metadata: {} };
  return editHeader(errorLines) + toYaml(doc);
}

/** The comment block on top of the file; errors of the last attempt are listed when reopening. */
export function editHeader(errorLines: string[] = []): string {
  let head = HEADER;
  if (errorLines.length) head += errorLines.flatMap((l) => l.split('\n')).map((l) => `# ${l}`.trimEnd() + '\n').join('') + '#\n';
  return head;
}

let seq = 0;
export function tempFile(content: string): string {
  for (;;) {
    const file = path.join(os.tmpdir(), `kubectl-edit-${process.pid}${String(++seq).padStart(4, '0')}.yaml`);
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** editor.NewDefaultEditor: KUBE_EDITOR, then EDITOR, else vi; launched through `sh -c` with the file path. */
export function editorCommand(env: Record<string, string | undefined>): string {
  return env.KUBE_EDITOR || env.EDITOR || 'vi';
}

export function launch(ctx: KubectlContext, file: string): void {
  const editor = editorCommand(ctx.env);
  const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
  const r = spawnSync('sh', ['-c', `${editor} ${quoted}`], { stdio: 'inherit', cwd: ctx.cwd, env: { ...process.env, ...ctx.env } as NodeJS.ProcessEnv });
  if (r.error) throw new KubectlError(`error: there was a problem with the editor "${editor}"`);
  if (r.status !== 0) throw new KubectlError(`error: there was a problem with the editor "${editor}"`);
}

function parseEdited(text: string): KubeObject[] {
  const doc = yaml.load(text) as KubeObject | null;
  if (!doc || typeof doc !== 'object') throw new Error('Object \'Kind\' is missing in edited file');
  if (doc.kind === 'List' && Array.isArray(doc.items)) return doc.items as KubeObject[];
  return [doc];
}

function apply(ctx: KubectlContext, targets: Target[], edited: KubeObject[], output: string): string[] {
  const errs: string[] = [];
  for (const e of edited) {
    const t = targets.find(
      (x) => x.obj.kind === e.kind && x.obj.metadata.name === e.metadata?.name && (x.obj.metadata.namespace ?? '') === (e.metadata?.namespace ?? x.obj.metadata.namespace ?? ''),
    );
    if (!t) {
      errs.push('error: At least one of apiVersion, kind and name was changed');
      continue;
    }
    if (jsonEqual(stripManaged(e), stripManaged(t.obj))) continue;
    try {
      const result = ctx.api.update(e);
      if (output && output !== 'name') printObject(ctx, result, output);
      else ctx.out(nameLine(t.info, t.obj.metadata.name ?? '', 'edited', 'none', output));
    } catch (err) {
      if (err instanceof StatusError) errs.push(formatStatusError(err));
      else throw err;
    }
  }
  return errs;
}

function run(ctx: KubectlContext, args: ParsedArgs): number {
  const filenames = list(args, 'filename');
  if (args.args.length === 0 && filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  const { targets, errors } = visitTargets(ctx, args.args, { filenames, recursive: bool(args, 'recursive') });
  if (errors.length) return finish(ctx, errors);
  // the editor shows objects through OmitManagedFieldsPrinter unless --show-managed-fields
  const objects = targets.map((t) => (bool(args, 'show-managed-fields') ? t.obj : stripManaged(t.obj)));
  const original = editBuffer(objects);
  const output = effectiveOutput(args);
  let file = tempFile(original);
  let previous: string | undefined;
  for (;;) {
    launch(ctx, file);
    const text = fs.readFileSync(file, 'utf8');
    const content = stripComments(text);
    if (content.trim() === '') {
      fs.rmSync(file, { force: true });
      ctx.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    if (previous === undefined && content === stripComments(original)) {
      fs.rmSync(file, { force: true });
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    if (previous !== undefined && content === previous) {
      ctx.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
      throw new KubectlError('error: Edit cancelled, no valid changes were saved.');
    }
    let problems: string[];
    try {
      problems = apply(ctx, targets, parseEdited(content), output);
    } catch (e) {
      problems = [`error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`];
    }
    if (problems.length === 0) {
      fs.rmSync(file, { force: true });
      return 0;
    }
    previous = content;
    fs.rmSync(file, { force: true });
    file = tempFile(editHeader(problems) + content.replace(/^\n+/, ''));
  }
}

const verb: Verb = {
  name: 'edit',
  flags: [
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'field-manager', type: 'string', default: 'kubectl-edit' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'output-patch', type: 'bool' },
    RECORD_FLAG_UNSIMULATED,
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'save-config', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'windows-line-endings', type: 'bool' },
  ],
  run,
};

export default verb;
