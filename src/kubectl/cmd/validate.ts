// `--validate=strict|warn|ignore` (and the older true/false), as cmdutil.GetValidationDirective reads it: the
// fieldValidation directive kubectl sends with each create/update/patch, and whether the client-side checks
// (apiVersion/kind set) run. Also prints the warnings the API server returns, as kubectl's warning handler does.

import type { FieldValidation } from '../../cluster/apiserver/schema/field-validation.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { str, type ParsedArgs } from '../flags.js';

export interface Validation {
  directive: FieldValidation;
  /** client-side schema checks (validate=strict or warn) */
  client: boolean;
}

/** The --validate flag of a verb; a value kubectl does not know is its `invalid - validate option` error. */
export function validationOf(args: ParsedArgs): Validation {
  const raw = str(args, 'validate');
  switch (raw.toLowerCase()) {
    case 'strict':
    case 'true':
      return { directive: 'Strict', client: true };
    case 'warn':
      return { directive: 'Warn', client: true };
    case 'ignore':
    case 'false':
      return { directive: 'Ignore', client: false };
    default:
      throw new KubectlError(`error: invalid - validate option ${JSON.stringify(raw)}; must be one of: strict (or true), warn, ignore (or false)`);
  }
}

/** Writes the API server's warnings for one request to stderr (`Warning: unknown field "spec.replica"`). */
export function printWarnings(ctx: KubectlContext, warnings: string[]): void {
  for (const w of warnings) ctx.err(`Warning: ${w}\n`);
  warnings.length = 0;
}
