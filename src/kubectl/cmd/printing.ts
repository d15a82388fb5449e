// What kubesim's core verbs (get/create/apply/delete/expose/scale/run) share: -o parsing, the name printer lines (`deployment.apps/web created (dry
// run)`), -o yaml|json|name|jsonpath printing, and kubectl's aggregate error output (cmdutil.CheckErr).

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext } from '../context.js';
import type { FlagSpec, ParsedArgs } from '../flags.js';
import { str } from '../flags.js';
import type { DryRun } from './dry-run.js';
export { DRY_RUN_FLAG, dryRunOf, type DryRun } from './dry-run.js';
import { printTemplate, templateFormatOf, TemplateFlagError, type TemplateFormat } from '../printers/template-printers.js';
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
  kind: '' | 'yaml' | 'json' | 'name' | 'template';
  /** -o go-template|template|jsonpath|jsonpath-as-json (and their -file forms), or --template alone */
  template?: TemplateFormat;
  allowMissing?: boolean;
  /** --show-managed-fields: JSON and YAML keep metadata.managedFields (OmitManagedFieldsPrinter otherwise) */
  showManagedFields?: boolean;
}

/** Parses -o (and --template) for a mutating verb (no wide / custom-columns). */
export function outputFormatOf(args: ParsedArgs, allowed = GENERIC_FORMATS, cwd = process.cwd()): OutputFormat {
  const o = str(args, 'output');
  const templateFlag = str(args, 'template');
  if (o === 'yaml' || o === 'json') return { kind: o, showManagedFields: args.flags['show-managed-fields'] === true };
  if (o === 'name') return { kind: o };
  if (o === '' && templateFlag === '') return { kind: '' };
  let tf: TemplateFormat | undefined;
  try {
    tf = templateFormatOf(o, templateFlag, cwd, allowed);
  } catch (e) {
    if (e instanceof TemplateFlagError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
  if (tf) return { kind: 'template', template: tf, allowMissing: args.flags['allow-missing-template-keys'] !== false };
  throw new KubectlError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
}

/** Prints one object through a template printer: its output, then kubectl's error (stderr, exit 1) on failure. */
export function printWithTemplate(ctx: KubectlContext, f: OutputFormat, obj: unknown, typed = false): void {
  const r = printTemplate(f.template!, obj, { allowMissing: f.allowMissing !== false, typed });
  ctx.out(r.out);
  if (r.error !== undefined) throw new KubectlError(`error: ${r.error}`);
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
        this.ctx.out(toYaml(f.showManagedFields ? obj : stripManaged(obj)));
        return;
      case 'json':
        this.ctx.out(toJson(f.showManagedFields ? obj : stripManaged(obj), { sortKeys: !opts.typed }));
        return;
      case 'template':
        printWithTemplate(this.ctx, f, obj, opts.typed);
        return;
    }
  }

  /** Several objects printed as one v1 List (apply -o yaml with several objects, get). */
  printList(objects: KubeObject[]): void {
    const f = this.format;
    const list = listOf(f.kind === 'template' || f.showManagedFields ? objects : objects.map(stripManaged));
    if (f.kind === 'yaml') this.ctx.out(toYaml(list));
    else if (f.kind === 'json') this.ctx.out(toJson(list));
    else if (f.kind === 'template') printWithTemplate(this.ctx, f, list);
  }
}

/** kubectl's OmitManagedFieldsPrinter: JSON and YAML output drop metadata.managedFields. */
export function stripManaged(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return copy;
}

export { SourcedError, formatErrors, reportErrors } from './report.js';
