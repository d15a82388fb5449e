// One command line → the right handler: kubesim's own commands (init, clock, replay, test, shell), node tools
// (iptables-save, curl, ...) and kubectl verbs (also behind `kubectl`, `k` and `sudo`). Used in-process by the
// one-shot CLI, the REPL, the replay shims and the transcript runner alike.

import type { CommandIO } from '../kubectl/context.js';
import { isReadOnlyKubectl, runKubectl } from '../kubectl/kubectl.js';
import { isNodeCommand, isReadOnlyNodeCommand, runNodeCommand } from '../node/index.js';
import type { Session } from './session.js';

export type NativeHandler = (argv: string[], session: Session, io: CommandIO) => Promise<number>;

/** kubesim's own commands, loaded lazily. */
const NATIVE: Record<string, () => Promise<NativeHandler>> = {
  init: async () => (await import('./commands/init.js')).runInit,
  clock: async () => (await import('./commands/clock.js')).runClock,
  replay: async () => (await import('./commands/replay.js')).runReplay,
  test: async () => (await import('./commands/test.js')).runTest,
  shell: async () => (await import('./commands/shell.js')).runShell,
};

export function nativeCommands(): string[] {
  return Object.keys(NATIVE);
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
  if (!wasKubectl && name !== undefined && NATIVE[name]) {
    const handler = await NATIVE[name]();
    return handler(argv.slice(1), session, io);
  }
  if (!wasKubectl && name !== undefined && isNodeCommand(name)) {
    return session.withCluster((cluster) => runNodeCommand(argv, cluster, io), { readOnly: isReadOnlyNodeCommand(name) });
  }
  const readOnly = await isReadOnlyKubectl(argv);
  return session.withCluster((cluster) => runKubectl(argv, cluster, withIO(io, { clusterSource: session.clusterSource() })), { readOnly });
}

/**
 * A copy of io with extra fields that keeps its accessors as accessors: spreading would call the lazy `stdin`
 * getter and read the whole of standard input, so a `kubectl get` inside `$(...)` in a pipeline would swallow the
 * pipe meant for the next command (real kubectl never reads it).
 */
export function withIO(io: CommandIO, extra: Partial<CommandIO>): CommandIO {
  const copy = Object.create(null) as CommandIO;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(io));
  return Object.assign(copy, extra);
}
