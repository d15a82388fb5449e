// Printing an object a mutating verb got back (`-o yaml|json|name|jsonpath=...`), as kubectl's PrintFlags do.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext } from '../context.js';
import { KubectlError } from '../context.js';
import { str, type ParsedArgs } from '../flags.js';
import { printTemplate, templateFormatOf, TemplateFlagError, type TemplateFormat } from '../printers/template-printers.js';
import { toJson } from '../printers/json.js';
import { toYaml } from '../printers/yaml.js';

/** json.MarshalIndent(obj, "", "    ") keeping insertion order (typed lists such as cluster-info dump's). */
export function goJsonIndent(v: unknown): string {
  return JSON.stringify(v, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** -o for verbs that print the object they changed; --template alone means go-template, as in PrintFlags. */
export function effectiveOutput(args: ParsedArgs): string {
  const o = str(args, 'output');
  return o === '' && str(args, 'template') !== '' ? 'go-template' : o;
}

export function printObject(ctx: KubectlContext, obj: KubeObject, output: string, args?: ParsedArgs): void {
  // OmitManagedFieldsPrinter: JSON and YAML drop metadata.managedFields unless --show-managed-fields
  const shown = args?.flags['show-managed-fields'] === true || !obj.metadata?.managedFields ? obj : { ...obj, metadata: { ...obj.metadata, managedFields: undefined } };
  if (output === 'yaml') ctx.out(toYaml(shown));
  else if (output === 'json') ctx.out(toJson(shown));
  else {
    let tf: TemplateFormat | undefined;
    try {
      tf = templateFormatOf(output, args ? str(args, 'template') : '', ctx.cwd, ALLOWED);
    } catch (e) {
      if (e instanceof TemplateFlagError) throw new KubectlError(`error: ${e.message}`);
      throw e;
    }
    if (!tf) throw new KubectlError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED.join(',')}`);
    const r = printTemplate(tf, obj, { allowMissing: args?.flags['allow-missing-template-keys'] !== false });
    ctx.out(r.out);
    if (r.error !== undefined) throw new KubectlError(`error: ${r.error}`);
  }
}

const ALLOWED = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];
