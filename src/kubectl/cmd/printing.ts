// What kubesim's core verbs (get/create/apply/delete/expose/scale/run) share: -o parsing, the name printer lines (`deployment.apps/web created (dry
// run)`), -o yaml|json|name|jsonpath printing, and kubectl's aggregate error output (cmdutil.CheckErr).

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { formatStatusError } from '../errors.js';
import type { FlagSpec, ParsedArgs } from '../flags.js';
import { str } from '../flags.js';
import type { DryRun } from './dry-run.js';
export { DRY_RUN_FLAG, dryRunOf, type DryRun } from './dry-run.js';
import { evalJsonPath } from '../printers/jsonpath.js';
import { listOf, toJson } from '../printers/json.js';
import { nameOf } from '../printers/name.js';
import { toYaml } from '../printers/yaml.js';

/** Flags of kubectl's PrintFlags for mutating verbs. */
export const PRINT_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string', default: '' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'show-managed-fields', type: 'bool', default: false },
  { name: 'template', type: 'string', default: '' },
];

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

const GENERIC_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

export interface OutputFormat {
  /** '' for the default success line */
  kind: '' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'jsonpath-as-json';
  template?: string;
}

/** Parses -o for a mutating verb (no wide / custom-columns). */
export function outputFormatOf(args: ParsedArgs, allowed = GENERIC_FORMATS): OutputFormat {
  const o = str(args, 'output');
  if (o === '') return { kind: '' };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const head = eq < 0 ? o : o.slice(0, eq);
  if ((head === 'jsonpath' || head === 'jsonpath-as-json') && eq >= 0) return { kind: head, template: o.slice(eq + 1) };
  if (allowed.includes(head) && head !== 'jsonpath' && head !== 'jsonpath-as-json') {
    throw new KubectlError(`error: kubesim does not support -o ${head}`);
  }
  if (head === 'jsonpath' || head === 'jsonpath-as-json') {
    throw new KubectlError(`error: ${head} template format specified but no template given`);
  }
  throw new KubectlError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
}

/**
 * Prints objects the way PrintObj called once per object does. `state` carries the YAML `---` separator between
 * successive YAML documents of one command.
 */
export class ObjectPrinter {
  private printedYaml = 0;
  constructor(
    private ctx: KubectlContext,
    private format: OutputFormat,
    private dryRun: DryRun = 'none',
  ) {}

  get isDefault(): boolean {
    return this.format.kind === '';
  }

  /** One object: success line (`<kind>/<name> <op>`) or the object in the -o format. */
  print(resource: ResourceInfo, obj: KubeObject, operation: string, opts: { typed?: boolean } = {}): void {
    const f = this.format;
    switch (f.kind) {
      case '':
        this.ctx.out(`${nameOf(resource, obj)} ${operation}${dryRunSuffix(this.dryRun)}\n`);
        return;
      case 'name':
        this.ctx.out(`${nameOf(resource, obj)}\n`);
        return;
      case 'yaml':
        if (this.printedYaml++ > 0) this.ctx.out('---\n');
        this.ctx.out(toYaml(stripManaged(obj)));
        return;
      case 'json':
        this.ctx.out(toJson(stripManaged(obj), { sortKeys: !opts.typed }));
        return;
      case 'jsonpath':
        this.ctx.out(evalJsonPath(f.template ?? '', obj));
        return;
      case 'jsonpath-as-json':
        this.ctx.out(evalJsonPath(f.template ?? '', obj));
        return;
    }
  }

  /** Several objects printed as one v1 List (apply -o yaml with several objects, get). */
  printList(objects: KubeObject[]): void {
    const f = this.format;
    const list = listOf(objects.map(stripManaged));
    if (f.kind === 'yaml') this.ctx.out(toYaml(list));
    else if (f.kind === 'json') this.ctx.out(toJson(list));
    else if (f.kind === 'jsonpath' || f.kind === 'jsonpath-as-json') this.ctx.out(evalJsonPath(f.template ?? '', list));
  }
}

function stripManaged(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return copy;
}

/** An error with the `-f` file it came from (cmdutil.AddSourceToErr). */
export class SourcedError extends Error {
  constructor(
    readonly inner: unknown,
    readonly verb: string,
    readonly file: string,
  ) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

/** How one error reads in a single-error CheckErr (with `error: ` where kubectl adds it). */
function single(e: unknown): string {
  if (e instanceof SourcedError) {
    if (e.inner instanceof StatusError) return formatStatusError(e.inner, { verb: e.verb, file: e.file });
    return single(e.inner);
  }
  if (e instanceof StatusError) return formatStatusError(e);
  if (e instanceof KubectlError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.startsWith('error: ') ? msg : `error: ${msg}`;
}

/** How one error reads inside an aggregate (MultipleErrors: status errors by message, others bare). */
function multiple(e: unknown): string {
  if (e instanceof SourcedError) {
    if (e.inner instanceof StatusError) {
      const s = e.inner.status;
      const msg = `error when ${e.verb} "${e.file}": ${s.message}`;
      return s.reason ? `Error from server (${s.reason}): ${msg}` : `Error from server: ${msg}`;
    }
    return multiple(e.inner);
  }
  if (e instanceof StatusError) {
    const s = e.status;
    return s.reason ? `Error from server (${s.reason}): ${s.message}` : `Error from server: ${s.message}`;
  }
  if (e instanceof KubectlError) return e.message.replace(/^error: /, '');
  return e instanceof Error ? e.message : String(e);
}

/** cmdutil.CheckErr for a list of errors: nothing for none, one formatted error, or one line per error. */
export function formatErrors(errors: unknown[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return single(errors[0]) + '\n';
  return errors.map((e) => multiple(e).replace(/\n?$/, '\n')).join('');
}

/** Prints collected errors to stderr and returns the exit code (0 when there were none). */
export function reportErrors(ctx: KubectlContext, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  ctx.err(formatErrors(errors));
  return 1;
}
