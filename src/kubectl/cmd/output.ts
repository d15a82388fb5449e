// Printing an object a mutating verb got back (`-o yaml|json|name|jsonpath=...`), as kubectl's PrintFlags do.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext } from '../context.js';
import { KubectlError } from '../context.js';
import { evalJsonPath } from '../printers/jsonpath.js';
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

export function printObject(ctx: KubectlContext, obj: KubeObject, output: string): void {
  if (output === 'yaml') ctx.out(toYaml(obj));
  else if (output === 'json') ctx.out(toJson(obj));
  else if (output.startsWith('jsonpath=')) ctx.out(evalJsonPath(output.slice('jsonpath='.length), obj));
  else {
    throw new KubectlError(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,go-template,go-template-file,template,templatefile,yaml`,
    );
  }
}
