// The `kubesim` executable: one command line from argv, run in-process with the persistent session; with no
// arguments it opens the REPL.

import fs from 'node:fs';
import { CorruptStateError, kubesimHome } from '../cluster/state/state-file.js';
import type { CommandIO } from '../kubectl/context.js';
import { dispatch } from './dispatch.js';
import { Session } from './session.js';

/** A reader that closed early (`| head -1`) ends us quietly, as SIGPIPE ends kubectl. */
function quietOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  quietOnBrokenPipe();
  const session = new Session({ home: kubesimHome(), persistent: true });
  try {
    if (argv.length === 0) {
      const { runShell } = await import('./commands/shell.js');
      return await runShell([], session, processIO());
    }
    return await dispatch(argv, session, processIO());
  } catch (e) {
    if (e instanceof CorruptStateError) {
      process.stderr.write(e.message + '\n');
      return 1;
    }
    throw e;
  }
}

let stdinCache: string | undefined | null = null;

/** Standard input, read lazily and fully (only commands that use `-f -` or pipes read it). */
function processStdin(): string | undefined {
  if (stdinCache !== null) return stdinCache;
  stdinCache = undefined;
  if (!process.stdin.isTTY) {
    try {
      stdinCache = fs.readFileSync(0, 'utf8');
    } catch {
      stdinCache = undefined;
    }
  }
  return stdinCache;
}

export function processIO(): CommandIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    get stdin() {
      return processStdin();
    },
    isTTY: !!process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
}
