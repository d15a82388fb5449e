// The interactive prompt: `kubesim (NAMESPACE)> ` reading kubectl lines (`kubectl ...`, `k ...`, bare verbs,
// node tools, `sudo`), running them like the one-shot CLI (in-process, or bash with the shims for pipes and
// other shell features), with tab completion, history in $KUBESIM_HOME, heredocs and multi-line commands.
// Without a terminal on stdin it reads one command per line and prints no prompt.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Chalk } from 'chalk';
import { resourceKey } from '../../cluster/apiserver/discovery.js';
import type { CommandIO } from '../../kubectl/context.js';
import { KUBECTL_COMMANDS, implementedVerbs, kubeconfigOf } from '../../kubectl/kubectl.js';
import { nodeCommands } from '../../node/index.js';
import { commandCompleteness } from '../bash/complete.js';
import { CommandRunner } from '../bash/runner.js';
import { BASE_NODE_TOOLS } from '../bash/shims.js';
import { nativeCommands } from '../dispatch.js';
import { replLineToCommand } from './line.js';
import type { Session } from '../session.js';
import { complete } from './complete.js';

export interface ReplOptions {
  session: Session;
  io: CommandIO;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  colour: boolean;
}

const REPL_WORDS = ['exit', 'quit', 'help'];

const HELP = `kubesim shell: type kubectl commands with or without "kubectl"/"k" (get pods, k get svc -A),
node tools (iptables-save, sudo iptables -t nat -L, curl ...), kubesim commands (init, clock advance 30s),
and shell pipelines (get pods -o wide | grep web) which run in bash with kubectl on PATH.
Tab completes verbs, resource types, names, flags and files. Ctrl-C cancels the line, Ctrl-D or "exit" leaves.
`;

function historyFile(session: Session): string {
  return path.join(session.home, 'history');
}

function loadHistory(session: Session): string[] {
  try {
    return fs.readFileSync(historyFile(session), 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

export async function runRepl(opts: ReplOptions): Promise<number> {
  const { session, io } = opts;
  const interactive = !!opts.input.isTTY;
  const chalk = new Chalk({ level: opts.colour ? 1 : 0 });
  // a command that reads the terminal (exec -it, run -it) takes the next typed lines while it runs
  let lineWaiter: ((line: string | null) => void) | undefined;
  const takeWaiter = (): ((line: string | null) => void) | undefined => {
    const w = lineWaiter;
    lineWaiter = undefined;
    return w;
  };
  const readLine = (text: string): Promise<string | null> =>
    new Promise((resolve) => {
      lineWaiter = resolve;
      rl.setPrompt(text);
      rl.prompt();
    });
  const runner = new CommandRunner({
    session,
    cwd: io.cwd,
    env: { ...io.env, KUBESIM_HOME: session.home },
    isTTY: io.isTTY,
    readLine: interactive ? readLine : undefined,
  });
  const namespace = async (): Promise<string> => session.withCluster((c) => kubeconfigOf(c).namespace || 'default', { readOnly: true });
  const prompt = async (): Promise<string> => chalk.cyan('kubesim') + chalk.dim(` (${await namespace()})`) + '> ';
  const commands = [...new Set([...implementedVerbs(), ...KUBECTL_COMMANDS, ...nodeCommands(), ...BASE_NODE_TOOLS, ...nativeCommands().filter((n) => n !== 'shell'), 'kubectl', 'k', 'sudo', ...REPL_WORDS])].sort();

  const rl = readline.createInterface({
    input: opts.input,
    output: interactive ? opts.output : undefined,
    terminal: interactive,
    history: interactive ? loadHistory(session) : [],
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: interactive
      ? (line: string, cb: (err: Error | null, result: [string[], string]) => void): void => {
          complete(line, {
            commands,
            cwd: runner.cwd,
            names: (info, ns) =>
              session.withCluster(async (c) => {
                const n = info.namespaced ? (ns ?? (kubeconfigOf(c).namespace || 'default')) : undefined;
                return c.api.list(resourceKey(info), n).map((o) => o.metadata.name ?? '');
              }, { readOnly: true }),
          }).then(
            (r) => cb(null, r),
            () => cb(null, [[], line]),
          );
        }
      : undefined,
  });

  let pending = '';
  let running = false;
  let exitCode = 0;
  let closed = false;

  const showPrompt = async (): Promise<void> => {
    if (!interactive || closed) return;
    rl.setPrompt(pending ? chalk.dim('> ') : await prompt());
    rl.prompt();
  };

  // Ctrl-D inside such a command ends the command's input, not the shell
  const closeRepl = rl.close.bind(rl);
  rl.close = (): void => {
    const w = takeWaiter();
    if (w) w(null);
    else closeRepl();
  };

  rl.on('SIGINT', () => {
    const w = takeWaiter();
    if (w) {
      const state = rl as unknown as { line: string; cursor: number };
      state.line = '';
      state.cursor = 0;
      opts.output.write('^C\n');
      w('');
      return;
    }
    if (running) {
      runner.interrupt();
      return;
    }
    pending = '';
    // drop the typed text (what node's own REPL does), then a fresh prompt
    const state = rl as unknown as { line: string; cursor: number };
    state.line = '';
    state.cursor = 0;
    opts.output.write('^C\n');
    void showPrompt();
  });

  const appendHistory = (entry: string): void => {
    if (!interactive) return;
    try {
      fs.mkdirSync(session.home, { recursive: true });
      fs.appendFileSync(historyFile(session), entry.split('\n')[0] + '\n');
    } catch {
      // history is best effort
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const text = pending ? `${pending}\n${line}` : line;
    if (commandCompleteness(text) === 'incomplete') {
      pending = text;
      return true;
    }
    pending = '';
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return true;
    appendHistory(trimmed);
    if (trimmed === 'exit' || trimmed === 'quit' || trimmed === 'logout') return false;
    if (trimmed === 'help' || trimmed === '?') {
      io.out(HELP);
      return true;
    }
    running = true;
    try {
      const r = await runner.run(replLineToCommand(text), { out: (t) => io.out(t), err: (t) => io.err(t) });
      exitCode = r.code;
    } finally {
      running = false;
    }
    return true;
  };

  // lines are handled one at a time, in order, even when they arrive together (piped input)
  const queue: string[] = [];
  let draining = false;
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (done = resolve));
  const finish = (): void => {
    if (closed) return;
    closed = true;
    runner.close();
    rl.close();
    if (interactive) opts.output.write('\n');
    done(interactive ? 0 : exitCode);
  };
  let inputEnded = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    while (queue.length) {
      const line = queue.shift()!;
      const goOn = await handle(line);
      if (!goOn) {
        finish();
        return;
      }
      if (!queue.length) await showPrompt();
    }
    draining = false;
    if (inputEnded) finish();
  };
  rl.on('line', (line) => {
    const w = takeWaiter();
    if (w) {
      w(line);
      return;
    }
    queue.push(line);
    void drain();
  });
  rl.on('close', () => {
    inputEnded = true;
    if (!draining && !queue.length) finish();
  });
  if (interactive) io.out(chalk.dim('kubesim shell — kubectl against a simulated cluster. "help" for help, Ctrl-D to exit.\n'));
  await showPrompt();
  return finished;
}
