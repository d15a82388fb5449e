// Turning errors into the text kubectl prints (cmdutil.CheckErr): API Status errors, Invalid with causes,
// and plain errors prefixed `error: `.

import { StatusError } from '../cluster/apiserver/errors.js';
import { KubectlError } from './context.js';
import { FlagError } from './flags.js';

/** The stderr text (without trailing newline) for an API error. `source` is the `-f` file if any. */
export function formatStatusError(e: StatusError, source?: { verb: string; file: string }): string {
  const s = e.status;
  if (s.reason === 'Invalid' && s.details?.causes?.length) {
    const kind = s.details.kind ?? '';
    const name = s.details.name ?? '';
    const lines: string[] = [];
    for (const c of s.details.causes) {
      const line = c.field ? `${c.field}: ${c.message}` : c.message;
      if (!lines.includes(line)) lines.push(line);
    }
    // an Invalid error without kind and name (a patch the server could not apply) is "The request is invalid"
    const head = kind || name ? `The ${kind} "${name}" is invalid` : 'The request is invalid';
    if (lines.length === 1) return `${head}: ${lines[0]}`;
    return `${head}: \n${lines.map((l) => `* ${l}`).join('\n')}`;
  }
  const msg = source ? `error when ${source.verb} "${source.file}": ${s.message}` : s.message;
  return s.reason ? `Error from server (${s.reason}): ${msg}` : `Error from server: ${msg}`;
}

/** Text and exit code for any error a verb threw. */
export function formatError(e: unknown, commandPath: string): { text: string; code: number } {
  if (e instanceof KubectlError) return { text: e.message, code: e.code };
  if (e instanceof StatusError) return { text: formatStatusError(e), code: 1 };
  if (e instanceof FlagError) return { text: `error: ${e.message}\nSee '${commandPath} --help' for usage.`, code: 1 };
  const msg = e instanceof Error ? e.message : String(e);
  return { text: msg.startsWith('error: ') ? msg : `error: ${msg}`, code: 1 };
}
