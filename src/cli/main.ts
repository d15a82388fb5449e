// The `kubesim` executable: one command line from argv, run in-process with the persistent session; with no
// arguments it opens the REPL.

import fs from 'node:fs';
import type readline from 'node:readline';
import { kubesimHome } from '../cluster/state/state-file.js';
import type { CommandIO } from '../kubectl/context.js';
import './commands/index.js';
import { dispatch } from './dispatch.js';
import { debugEnabled, formatUncaught, runGuarded } from './guard.js';
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
  const err = (t: string) => void process.stderr.write(t);
  // a failure outside the command's own promise (a stream callback): the same one-line report, and out
  process.on('uncaughtException', (e) => {
    const { text, code } = formatUncaught(e, debugEnabled());
    err(text);
    process.exit(code);
  });
  try {
    return await runGuarded(async () => {
      if (argv.length === 0) {
        const { runShell } = await import('./commands/shell.js');
        return await runShell([], session, processIO());
      }
      return await dispatch(argv, session, processIO());
    }, err);
  } finally {
    closeTerminal();
  }
}

let terminal: readline.Interface | undefined;
let terminalClosed = false;

/**
 * One line typed at the terminal (exec -it, run -it, attach -it): a node:readline line editor on stdin that shows
 * `prompt`; null at Ctrl-D. Ctrl-C goes to the remote shell as it does through a real TTY: `^C`, then an empty
 * line (a fresh prompt).
 */
async function terminalReadLine(prompt: string): Promise<string | null> {
  if (terminalClosed) return null;
  if (!terminal) {
    // loaded here, not at start-up: only commands that talk to a person need it (a cold `get pods` does not)
    const { createInterface } = await import('node:readline');
    if (terminalClosed) return null;
    terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true, historySize: 100 });
    terminal.on('close', () => {
      terminalClosed = true;
      const w = waiting;
      waiting = undefined;
      w?.(null);
    });
    terminal.on('SIGINT', () => {
      const t = terminal as unknown as { line: string; cursor: number };
      t.line = '';
      t.cursor = 0;
      process.stdout.write('^C\n');
      const w = waiting;
      waiting = undefined;
      w?.('');
    });
    terminal.on('line', (line) => {
      const w = waiting;
      waiting = undefined;
      if (w) w(line);
      else typedAhead.push(line);
    });
  }
  if (typedAhead.length) {
    process.stdout.write(prompt + typedAhead[0] + '\n');
    return Promise.resolve(typedAhead.shift()!);
  }
  return new Promise((resolve) => {
    waiting = resolve;
    terminal!.setPrompt(prompt);
    terminal!.prompt();
  });
}
let waiting: ((line: string | null) => void) | undefined;
const typedAhead: string[] = [];

function closeTerminal(): void {
  if (terminal && !terminalClosed) terminal.close();
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
    readLine: process.stdin.isTTY ? terminalReadLine : undefined,
  };
}
