// The one top-level guard every entry point runs under: the errors kubesim expects (a corrupt state file, a lock it
// could not get, a save that failed) print their one-line message and exit 1; anything else is a bug in kubesim,
// reported as `kubesim: internal error: MESSAGE` with where to report it -- the stack only under KUBESIM_DEBUG=1.
// Either way the state on disk is as it was: a command saves only after it finished without throwing.

import { LockTimeoutError, SaveError } from '../cluster/state/state-errors.js';
import { CorruptStateError } from '../cluster/state/state-file.js';

export const REPORT_HINT = 'this is a bug in kubesim: please report it as a kubesim issue, with the command line and the output of KUBESIM_DEBUG=1 kubesim ...';

/** Errors whose message is the whole report (one line, no stack). */
export function isExpectedError(e: unknown): e is Error {
  return e instanceof CorruptStateError || e instanceof LockTimeoutError || e instanceof SaveError;
}

/** What the user sees for an error that escaped a command; `debug` adds the stack. */
export function formatUncaught(e: unknown, debug: boolean): { text: string; code: number } {
  if (isExpectedError(e)) return { text: `${e.message}\n`, code: 1 };
  const msg = e instanceof Error ? e.message || e.name : String(e);
  let text = `kubesim: internal error: ${msg.split('\n')[0]}\n${REPORT_HINT}\n`;
  if (debug && e instanceof Error && e.stack) text += `${e.stack}\n`;
  return { text, code: 2 };
}

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.KUBESIM_DEBUG && env.KUBESIM_DEBUG !== '0';
}

/** Runs an entry point; whatever it throws is printed through formatUncaught and becomes the exit code. */
export async function runGuarded(fn: () => Promise<number>, err: (t: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const { text, code } = formatUncaught(e, debugEnabled(env));
    err(text);
    return code;
  }
}
