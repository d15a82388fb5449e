// kubectl's error reporting (cmdutil.CheckErr): one error in full, several one per line, with the `-f` source
// named where kubectl names it. Kept apart from the printers so that reading verbs load it cheaply.

import { StatusError } from '../../cluster/apiserver/errors.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { formatStatusError } from '../errors.js';

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
