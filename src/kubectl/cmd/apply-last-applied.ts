// `kubectl apply view-last-applied|set-last-applied|edit-last-applied` (cmd/apply/apply_*_last_applied.go): the
// last-applied-configuration annotation read as YAML or JSON, set from a file as `apply -f` would record it
// (without changing anything else of the object), or edited in $KUBE_EDITOR and set.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { formatStatusError } from '../errors.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { readManifestsFor, type ManifestObject } from '../manifests.js';
import { goJsonCompact } from '../printers/gofmt.js';
import { toYaml } from '../printers/yaml.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import { LAST_APPLIED } from './apply-config.js';
import { editLastApplied } from './apply-edit-last-applied.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS } from './printing.js';
import { visitTargets } from './visit.js';

/** encoding/json's Indent with prefix "" and indent "  ": key order and the text's trailing whitespace kept. */
export function goJsonIndent(src: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const s = src.replace(/^[ \t\r\n]+/, '');
  const trailing = /[ \t\r\n]*$/.exec(s)![0];
  const body = s.slice(0, s.length - trailing.length);
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      out += c;
      if (c === '\\') out += body[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (j < body.length && ' \t\r\n'.includes(body[j])) j++;
      if (body[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += c + newline();
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
  }
  return out + trailing;
}

/** The annotation text of a live object, or undefined. */
function lastAppliedOf(obj: KubeObject): string | undefined {
  return obj.metadata.annotations?.[LAST_APPLIED];
}

/** view-last-applied: collects every object's annotation first (Complete), then prints them (Run). */
function viewLastApplied(ctx: KubectlContext, args: ParsedArgs): number {
  const filenames = list(args, 'filename');
  if (args.args.length === 0 && filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  const configs: string[] = [];
  if (filenames.length) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive'), validate: false })) {
      if (item.kind === 'error') throw new KubectlError(`error: ${item.message}`);
      const md = item.object.metadata;
      const live = ctx.api.get(resourceKey(item.resource), md.namespace, md.name ?? '');
      const text = lastAppliedOf(live);
      // AddSourceToErr over a nil error: kubectl prints the "<nil>" it formats
      if (text === undefined) throw new KubectlError(`error: error when no last-applied-configuration annotation found on resource: ${md.name}\n ${JSON.stringify(item.source)}: <nil>`);
      configs.push(text);
    }
  } else {
    const { targets, errors } = visitTargets(ctx, args.args, { selector: str(args, 'selector'), all: bool(args, 'all') });
    if (errors.length) throw new KubectlError(errors[0]);
    // without a source the missing annotation's error is nil: the object is skipped silently
    for (const t of targets) {
      const text = lastAppliedOf(t.obj);
      if (text !== undefined) configs.push(text);
    }
  }
  const output = str(args, 'output');
  for (const text of configs) {
    if (output === 'json') ctx.out(goJsonIndent(text));
    else if (output === 'yaml') ctx.out(toYaml(JSON.parse(text)));
    else throw new KubectlError(`error: Unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|json\nSee 'kubectl apply view-last-applied -h' for help and examples`);
  }
  return 0;
}

/** editor.GetApplyPatch: the file's object as the builder encodes it (sorted compact JSON and a newline). */
function appliedText(obj: KubeObject): string {
  return goJsonCompact(obj) + '\n';
}

const stripComments = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');

interface PendingSet {
  item: ManifestObject;
  live: KubeObject;
  text: string;
}

/** Validate of set-last-applied: each object must exist and (without --create-annotation) carry the annotation. */
function pendingSets(ctx: KubectlContext, items: ManifestObject[], createAnnotation: boolean): PendingSet[] {
  const out: PendingSet[] = [];
  for (const item of items) {
    const md = item.object.metadata;
    const text = appliedText(item.object);
    const live = ctx.api.get(resourceKey(item.resource), md.namespace, md.name ?? '');
    const original = lastAppliedOf(live);
    if (original === undefined && !createAnnotation) {
      throw new KubectlError(`error: no last-applied-configuration annotation found on resource: ${md.name}, to create the annotation, run the command with --create-annotation`);
    }
    if (original !== undefined && stripComments(original) === stripComments(text)) ctx.out(`set-last-applied ${md.name}: no changes required.\n`);
    else out.push({ item, live, text });
  }
  return out;
}

/** RunSetLastApplied: a merge patch of the annotation alone, printed `configured`. */
function writeSets(ctx: KubectlContext, args: ParsedArgs, sets: PendingSet[]): void {
  const dryRun = dryRunOf(ctx, args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  for (const s of sets) {
    let result = s.live;
    if (dryRun !== 'client') {
      const next = structuredClone(s.live);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: s.text };
      result = ctx.api.update(next, { dryRun: dryRun === 'server', patch: { metadata: { annotations: { [LAST_APPLIED]: s.text } } } });
    }
    printer.print(s.item.resource, result, 'configured');
  }
}

function fileObjects(ctx: KubectlContext, filenames: string[]): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const item of readManifestsFor(ctx, filenames, { recursive: false, validate: false })) {
    if (item.kind === 'error') throw new KubectlError(`error: ${item.message}`);
    objects.push(item);
  }
  return objects;
}

function setLastApplied(ctx: KubectlContext, args: ParsedArgs): number {
  dryRunOf(ctx, args);
  outputFormatOf(args, undefined, ctx.cwd);
  const filenames = list(args, 'filename');
  if (filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  const sets = pendingSets(ctx, fileObjects(ctx, filenames), bool(args, 'create-annotation'));
  writeSets(ctx, args, sets);
  return 0;
}

function statusText(e: unknown): never {
  if (e instanceof StatusError) throw new KubectlError(formatStatusError(e));
  throw e;
}

const view: Verb = {
  name: 'view-last-applied',
  path: 'kubectl apply view-last-applied',
  readOnly: true,
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string', unsimulated: true },
    { name: 'output', short: 'o', type: 'string', default: 'yaml' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run(ctx, args) {
    try {
      return viewLastApplied(ctx, args);
    } catch (e) {
      return statusText(e);
    }
  },
};

const set: Verb = {
  name: 'set-last-applied',
  path: 'kubectl apply set-last-applied',
  flags: [...PRINT_FLAGS, DRY_RUN_FLAG, { name: 'create-annotation', type: 'bool' }, { name: 'filename', short: 'f', type: 'stringSlice' }],
  run(ctx, args) {
    try {
      return setLastApplied(ctx, args);
    } catch (e) {
      return statusText(e);
    }
  },
};

export const lastAppliedVerbs = { 'edit-last-applied': editLastApplied, 'view-last-applied': view, 'set-last-applied': set };
