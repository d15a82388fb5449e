// One command line → the right handler: kubesim's own commands (init, clock, replay, test, shell), node tools
// (iptables-save, curl, ...) and kubectl verbs (also behind `kubectl`, `k` and `sudo`). Used in-process by the
// one-shot CLI, the REPL, the replay shims and the transcript runner alike.

import type { CommandIO } from '../kubectl/context.js';
import { isReadOnlyKubectl, runKubectl } from '../kubectl/kubectl.js';
import { isNodeCommand, isReadOnlyNodeCommand, runNodeCommand } from '../node/index.js';
import { HeldOutput } from './held-output.js';
import { withIO } from './io-copy.js';
import type { Lease, Session } from './session.js';

export type NativeHandler = (argv: string[], session: Session, io: CommandIO) => Promise<number>;

/** kubesim's own commands. */
const NATIVE_NAMES = ['init', 'clock', 'replay', 'test', 'shell', 'node', 'serve', 'kubeconfig'];

/**
 * Their handlers, loaded lazily. replay, test and shell run lines through dispatch themselves, so this module does
 * not import them: they are registered (commands/index.ts for the executable; transcript/run.ts registers what
 * transcript lines run in-process), which keeps the imports one way.
 */
const NATIVE: Record<string, () => Promise<NativeHandler>> = {
  init: async () => (await import('./commands/init.js')).runInit,
  clock: async () => (await import('./commands/clock.js')).runClock,
  node: async () => (await import('./commands/node.js')).runNode,
  serve: async () => (await import('./commands/serve.js')).runServe,
  kubeconfig: async () => (await import('./commands/serve.js')).runKubeconfig,
};

export function registerNative(name: 'replay' | 'test' | 'shell', load: () => Promise<NativeHandler>): void {
  NATIVE[name] = load;
}

export function nativeCommands(): string[] {
  return [...NATIVE_NAMES];
}

/** Strips `sudo`, `kubectl` and `k` prefixes. */
export function normaliseArgv(argv: string[]): string[] {
  let a = argv;
  while (a[0] === 'sudo') a = a.slice(1);
  if (a[0] === 'kubesim' && a.length > 1) a = a.slice(1);
  if (a[0] === 'kubectl' || a[0] === 'k') a = a.slice(1);
  return a;
}

export async function dispatch(argvIn: string[], session: Session, io: CommandIO): Promise<number> {
  const lead = argvIn.filter((x) => x !== 'sudo' && x !== 'kubesim')[0];
  const wasKubectl = lead === 'kubectl' || lead === 'k';
  const argv = normaliseArgv(argvIn);
  const name = argv[0];
  if (!wasKubectl && name !== undefined && NATIVE_NAMES.includes(name)) {
    if (!NATIVE[name]) throw new Error(`the ${name} command is not registered (import cli/commands/index.js)`);
    const handler = await NATIVE[name]();
    return handler(argv.slice(1), session, io);
  }
  const command = describeCommand(argvIn);
  if (!wasKubectl && name !== undefined && isNodeCommand(name)) {
    const readOnly = isReadOnlyNodeCommand(name);
    const hold = holdFor(session, io, readOnly);
    return session.withCluster((cluster, lease) => runNodeCommand(argv, cluster, leased(hold?.io ?? io, lease)), { readOnly, command, hold });
  }
  if (argv[0] === 'proxy' && !argv.includes('--help') && !argv.includes('-h')) {
    // kubectl proxy serves HTTP through kubesim serve's layer (cli/serve), which the kubectl layer cannot import
    const { runProxy } = await import('./commands/proxy.js');
    return runProxy(argv.slice(1), session, io);
  }
  const readOnly = await isReadOnlyKubectl(argv);
  const hold = holdFor(session, io, readOnly);
  return session.withCluster(
    (cluster, lease) => runKubectl(argv, cluster, withIO(leased(hold?.io ?? io, lease), { clusterSource: session.clusterSource() })),
    { readOnly, command, hold },
  );
}

/** The command line as a lock holder shows it to waiting writers. */
function describeCommand(argv: string[]): string {
  const text = (argv[0] === 'kubectl' || argv[0] === 'k' || argv[0] === 'kubesim' ? argv : ['kubesim', ...argv]).join(' ');
  return text.length > 100 ? text.slice(0, 97) + '...' : text;
}

/** Mutating commands on a persistent state print only once their changes are saved. */
function holdFor(session: Session, io: CommandIO, readOnly: boolean): HeldOutput | undefined {
  return session.opts.persistent && !readOnly ? new HeldOutput(io) : undefined;
}

/** io whose terminal reads let go of the state lock while a person types (exec -it, run -it, attach). */
function leased(io: CommandIO, lease: Lease): CommandIO {
  const readLine = io.readLine;
  if (!readLine) return io;
  return withIO(io, { readLine: (prompt, status) => lease.pause(() => readLine(prompt, status)) });
}

export { withIO } from './io-copy.js';
