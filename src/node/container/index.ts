// Running commands inside a simulated container (what the kubelet's exec/attach streams reach): one argv exec'd
// directly, or an interactive shell fed line by line. Everything is a simulation over cluster state.

import type { Container, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { newSession, ShellExit, type CmdIO, type ContainerSession } from './context.js';
import { isComplete } from './shell-parse.js';
import { promptOf, runCommand, runLine, ShellInterrupt } from './shell.js';
import { childShell, shellKind } from './tools/sh.js';

export { newSession, ShellExit };
export type { CmdIO, ContainerSession };

export interface ExecIO {
  stdin: string;
  out(text: string): void;
  err(text: string): void;
  /** a terminal was allocated (-t): affects TERM, prompts and tools that check isatty */
  tty: boolean;
}

/** Runs argv as the exec'd process (no shell unless argv is one); returns its exit status. */
export function execInContainer(cluster: Cluster, pod: Pod, container: Container, argv: string[], io: ExecIO): number {
  const s = newSession(cluster, pod, container, io.tty);
  try {
    return runCommand(argv, s, { stdin: io.stdin, piped: !io.tty, out: io.out, err: io.err });
  } catch (e) {
    if (e instanceof ShellExit || e instanceof ShellInterrupt) return e.code;
    throw e;
  }
}

/** True when argv starts an interactive shell (`sh`, `/bin/bash`, `sh -i`, `bash -l`...) rather than a command. */
export function isInteractiveShell(argv: string[]): boolean {
  const base = argv[0]?.split('/').pop() ?? '';
  if (!['sh', 'ash', 'bash', 'dash', 'zsh'].includes(base)) return false;
  return argv.slice(1).every((a) => a === '-i' || a === '-l' || a === '--login');
}

/**
 * An interactive shell session in a container: feed it lines, read its prompt (PS2 `> ` while a quote, heredoc
 * or compound command is open), see whether it exited.
 */
export class ShellSession {
  readonly session: ContainerSession;
  exited: number | undefined;
  /** lines of a command not complete yet */
  private pending: string[] = [];

  constructor(cluster: Cluster, pod: Pod, container: Container, argv0: string, tty: boolean) {
    const base = newSession(cluster, pod, container, tty);
    const kind = argv0.split('/').pop() === 'zsh' ? 'bash' : shellKind(base, argv0);
    this.session = childShell(base, kind);
    this.session.interactive = true;
  }

  get prompt(): string {
    return this.pending.length ? '> ' : promptOf(this.session);
  }

  /** True while the lines fed so far are an incomplete command (the next prompt is PS2). */
  get continuing(): boolean {
    return this.pending.length > 0;
  }

  /** Runs one line (or several); returns false once the shell has exited. */
  feed(line: string, io: { out(t: string): void; err(t: string): void }): boolean {
    if (this.exited !== undefined) return false;
    this.pending.push(line);
    const src = this.pending.join('\n');
    if (!isComplete(src)) return true;
    this.pending = [];
    return this.run(src, io);
  }

  private run(src: string, io: { out(t: string): void; err(t: string): void }): boolean {
    const s = this.session;
    try {
      runLine(src, s, { stdin: '', piped: !s.tty, out: io.out, err: io.err });
    } catch (e) {
      if (e instanceof ShellInterrupt) s.status = e.code;
      else if (e instanceof ShellExit) {
        this.exited = e.code;
        return false;
      } else throw e;
    } finally {
      s.lineBase = (s.lineBase ?? 0) + src.split('\n').length;
    }
    return true;
  }

  /** End of input (Ctrl-D): an unfinished command is a syntax error; the shell exits with the last status. */
  eof(io?: { out(t: string): void; err(t: string): void }): number {
    if (this.exited === undefined && this.pending.length && io) {
      const src = this.pending.join('\n');
      this.pending = [];
      this.session.interactive = false;
      if (!this.run(src, io)) return this.exited!;
    }
    if (this.exited === undefined) this.exited = this.session.status;
    return this.exited;
  }
}
