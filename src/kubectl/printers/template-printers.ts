// kubectl's template printers (cli-runtime printers/template.go, jsonpath.go and the Go-template/JSONPath print
// flags): -o go-template[=|-file=], template[file], jsonpath[-file|-as-json], --template alone, their flag
// errors, and what they print, including the debugging dump a failed go-template writes to stdout.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileTemplate, executeTemplate, TemplateExecError } from './gotemplate/exec.js';
import { TemplateParseError } from './gotemplate/parse.js';
import { fromJson, sprintV } from './gotemplate/values.js';
import { goJsonNumber, goJsonString, goQuote } from './gofmt.js';
import { findResults, parseJsonPath, evalJsonPath } from './jsonpath.js';
import { toJson } from './json.js';

const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];
const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];

export type TemplateKind = 'go-template' | 'jsonpath' | 'jsonpath-as-json';

export interface TemplateFormat {
  kind: TemplateKind;
  template: string;
}

/** An error kubectl prints as `error: <message>` (exit 1). */
export class TemplateFlagError extends Error {}

/**
 * The template printer for `-o <output>` with `--template` (or undefined when the output is not a template
 * format). `output` is '' when only --template was given (go-template then).
 */
export function templateFormatOf(output: string, templateFlag: string, cwd: string, allowed: string[]): TemplateFormat | undefined {
  const fmt = output === '' && templateFlag !== '' ? 'go-template' : output;
  for (const [family, kindOf] of [
    [GO_TEMPLATE_FORMATS, () => 'go-template' as const],
    [JSONPATH_FORMATS, (f: string) => (f === 'jsonpath-as-json' ? ('jsonpath-as-json' as const) : ('jsonpath' as const))],
  ] as const) {
    let format = fmt;
    let value = templateFlag;
    if (value === '') {
      const f = family.find((x) => fmt.startsWith(`${x}=`));
      if (f) {
        value = fmt.slice(f.length + 1);
        format = f;
      }
    }
    if (!family.includes(format)) continue;
    if (value === '') throw new TemplateFlagError('template format specified but no template given');
    if (format.endsWith('file')) {
      try {
        value = fs.readFileSync(path.resolve(cwd, value), 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
        throw new TemplateFlagError(`error reading --template ${value}, ${code === 'EISDIR' ? 'read' : 'open'} ${value}: ${why}`);
      }
    }
    const kind = kindOf(format);
    if (kind === 'go-template') {
      try {
        compileTemplate(value);
      } catch (e) {
        if (e instanceof TemplateParseError) throw new TemplateFlagError(`error parsing template ${value}, ${e.message}`);
        throw e;
      }
    } else {
      try {
        parseJsonPath(value);
      } catch (e) {
        const m = (e as Error).message;
        throw new TemplateFlagError(m.startsWith('error parsing jsonpath') ? m : `error parsing jsonpath ${value}, ${m}`);
      }
    }
    return { kind, template: value };
  }
  if (GO_TEMPLATE_FORMATS.concat(JSONPATH_FORMATS).some((f) => fmt.startsWith(`${f}=`))) {
    throw new TemplateFlagError(`unable to match a printer suitable for the output format "${fmt}", allowed formats are: ${allowed.join(',')}`);
  }
  return undefined;
}

/** json.Marshal: compact, keys in the object's order (typed objects) or sorted (unstructured). */
function compactJson(v: unknown, sortKeys: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => compactJson(x, sortKeys)).join(',')}]`;
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys = keys.sort();
  return `{${keys.map((k) => `${goJsonString(k)}:${compactJson(o[k], sortKeys)}`).join(',')}}`;
}

export interface TemplateResult {
  /** what goes to stdout (for a failed go-template: the partial output and the debugging dump) */
  out: string;
  /** kubectl's error message (after `error: `), when it failed */
  error?: string;
}

/** One object through a go-template printer (GoTemplatePrinter.PrintObj). */
export function printGoTemplate(template: string, obj: unknown, opts: { allowMissing: boolean; typed?: boolean }): TemplateResult {
  const t = compileTemplate(template);
  const data = fromJson(JSON.parse(JSON.stringify(obj ?? null)));
  try {
    return { out: executeTemplate(t, data, { missingKeyError: !opts.allowMissing }) };
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
    const partial = (e as TemplateExecError & { partial?: string }).partial ?? '';
    const out =
      partial +
      `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\traw data was:\n\t\t${compactJson(obj, !opts.typed)}\n` +
      `\tobject given to template engine was:\n\t\t${sprintV(data)}\n\n`;
    return { out, error: `error executing template ${goQuote(template)}: ${e.message}` };
  }
}

/** One object through a JSONPath printer; -o jsonpath-as-json prints each result list as an indented JSON array. */
export function printJsonPath(kind: 'jsonpath' | 'jsonpath-as-json', template: string, obj: unknown, allowMissing: boolean): TemplateResult {
  try {
    if (kind === 'jsonpath') return { out: evalJsonPath(template, obj, { allowMissing }) };
    const lists = findResults(parseJsonPath(template), obj, allowMissing);
    return { out: lists.map((l) => toJson(l)).join('') };
  } catch (e) {
    return { out: '', error: (e as Error).message };
  }
}

export function printTemplate(f: TemplateFormat, obj: unknown, opts: { allowMissing: boolean; typed?: boolean }): TemplateResult {
  return f.kind === 'go-template' ? printGoTemplate(f.template, obj, opts) : printJsonPath(f.kind, f.template, obj, opts.allowMissing);
}
