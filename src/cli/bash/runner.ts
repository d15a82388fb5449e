// Runs one command line the way a terminal would: plain kubesim commands (`kubectl ...`, `k ...`, `sudo ...`, node
// tools, `kubesim ...`, `sleep N`) in-process through dispatch, everything else (pipes, `$(...)`, `&&`, variables,
// loops, other programs) in a long-lived bash with the shims. A memory session is saved to a private
// $KUBESIM_HOME before a bash command and reloaded after, so both paths share one cluster.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCluster, saveCluster } from '../../cluster/state/persistence.js';
import type { CommandIO } from '../../kubectl/context.js';
import { nodeCommands } from '../../node/index.js';
import { dispatch, withIO } from '../dispatch.js';
import { debugEnabled, formatUncaught, isExpectedError } from '../guard.js';
import { Session } from '../session.js';
import { BashCoproc } from './coproc.js';
import { Resident, residentWanted } from './resident.js';
import { createShimDir } from './shims.js';
import { parseSimpleCommand, readHeredocBody } from './words.js';

export interface RunOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface RunResult {
  code: number;
  via: 'in-process' | 'bash';
  /** a JavaScript exception escaped a kubesim command: its message (the run goes on) */
  crash?: string;
}

export interface RunnerOptions {
  session: Session;
  /** persistent sessions: their home; memory sessions: created on demand for bash */
  cwd: string;
  env?: Record<string, string | undefined>;
  /** stdout is a terminal (passed to in-process commands) */
  isTTY?: boolean;
  /** never run in-process (every line through bash), for comparison and debugging */
  forceBash?: boolean;
  /** hermetic mode: nothing runs on the host; shell plumbing is interpreted in-process (cli/hermetic) */
  hermetic?: boolean;
  /** the terminal's line reader, for in-process commands that talk to a user (exec -it, run -it) */
  readLine?: (prompt: string, lastStatus?: number) => Promise<string | null>;
}

/** First words that are served in-process (after `sudo`). */
function inProcessArgv(argv: string[]): string[] | undefined {
  let a = argv;
  while (a[0] === 'sudo') a = a.slice(1);
  if (a.length === 0) return undefined;
  if (a[0] === 'kubectl' || a[0] === 'k') return a;
  if (a[0] === 'kubesim') return a.length > 1 ? a.slice(1) : undefined;
  if (nodeCommands().includes(a[0])) return a;
  return undefined;
}

/** Plans how a command runs: in-process argv (+ stdin) or undefined for bash. */
export function planInProcess(command: string): { argv: string[]; stdin?: string; sleep?: string[] } | undefined {
  const lines = command.split('\n');
  const simple = parseSimpleCommand(lines[0]);
  if (!simple || simple.argv.length === 0) return undefined;
  let stdin: string | undefined;
  if (simple.heredoc) {
    const body = readHeredocBody(lines.slice(1), simple.heredoc);
    if (!body || body.consumed !== lines.length - 1) return undefined;
    if (!simple.heredoc.quoted && /[$`\\]/.test(body.body)) return undefined;
    stdin = body.body;
  } else if (lines.length > 1) {
    return undefined;
  }
  if (simple.argv[0] === 'sleep' && simple.argv.length > 1) return { argv: [], sleep: simple.argv.slice(1) };
  const argv = inProcessArgv(simple.argv);
  if (!argv) return undefined;
  return { argv, stdin };
}

export class CommandRunner {
  private bash: BashCoproc | undefined;
  private shimDir: string | undefined;
  private shareHome: string | undefined;
  private resident: Resident | undefined;
  cwd: string;
  readonly env: Record<string, string | undefined>;

  constructor(private readonly opts: RunnerOptions) {
    this.cwd = opts.cwd;
    this.env = { ...(opts.env ?? process.env) };
  }

  private get persistent(): boolean {
    return this.opts.session.opts.persistent;
  }

  async run(command: string, output: RunOutput): Promise<RunResult> {
    const plan = this.opts.forceBash ? undefined : planInProcess(command);
    if (this.opts.hermetic && !plan?.stdin) return this.runHermetic(command, output);
    if (plan) return this.runInProcess(plan, output);
    return this.runBash(command, output);
  }

  private hermeticShell: import('../hermetic/shell.js').HermeticShell | undefined;

  private async runHermetic(command: string, output: RunOutput): Promise<RunResult> {
    if (!this.hermeticShell) {
      const { HermeticShell } = await import('../hermetic/shell.js');
      this.hermeticShell = new HermeticShell({ session: this.opts.session, cwd: this.cwd, env: this.env, isTTY: this.opts.isTTY });
    }
    try {
      const code = await this.hermeticShell.run(command, output);
      this.cwd = this.hermeticShell.cwd;
      return { code, via: 'in-process' };
    } catch (e) {
      const { text, code } = formatUncaught(e, debugEnabled(this.env));
      output.err(text);
      if (isExpectedError(e)) return { code, via: 'in-process' };
      return { code, via: 'in-process', crash: e instanceof Error && e.stack ? e.stack : String(e) };
    }
  }

  private async runInProcess(plan: { argv: string[]; stdin?: string; sleep?: string[] }, output: RunOutput): Promise<RunResult> {
    const io: CommandIO = {
      out: (t) => output.out(t),
      err: (t) => output.err(t),
      stdin: plan.stdin,
      isTTY: !!this.opts.isTTY,
      env: this.env,
      cwd: this.cwd,
      readLine: this.opts.readLine,
    };
    try {
      if (plan.sleep) {
        for (const d of plan.sleep) {
          const code = await dispatch(['clock', 'advance', d], this.opts.session, withIO(io, { out: () => {} }));
          if (code !== 0) return { code, via: 'in-process' };
        }
        return { code: 0, via: 'in-process' };
      }
      const code = await dispatch(plan.argv, this.opts.session, io);
      return { code, via: 'in-process' };
    } catch (e) {
      const { text, code } = formatUncaught(e, debugEnabled(this.env));
      output.err(text);
      if (isExpectedError(e)) return { code, via: 'in-process' };
      const msg = e instanceof Error ? e.message : String(e);
      return { code, via: 'in-process', crash: e instanceof Error && e.stack ? e.stack : msg };
    }
  }

  private async runBash(command: string, output: RunOutput): Promise<RunResult> {
    let home = this.opts.session.home;
    if (!this.persistent) {
      if (!this.shareHome) this.shareHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-share-'));
      home = this.shareHome;
      await this.opts.session.withCluster((c) => saveCluster(home, c));
    }
    if (!this.shimDir) {
      // the shims' commands are served by this process (a persistent session of the home bash is given)
      if (residentWanted(this.env)) {
        this.resident = new Resident(this.persistent ? this.opts.session : new Session({ home, persistent: true }));
        const address = await this.resident.start();
        this.shimDir = createShimDir({ nodeTools: nodeCommands(), resident: address });
      } else this.shimDir = createShimDir({ nodeTools: nodeCommands() });
    }
    if (!this.bash) {
      this.bash = new BashCoproc({ cwd: this.cwd, env: { ...this.env, KUBESIM_HOME: home }, shimDir: this.shimDir });
    }
    const r = await this.bash.run(command, (chunk) => output.out(chunk));
    this.cwd = r.cwd;
    if (r.exited) {
      this.bash.close();
      this.bash = undefined;
    }
    if (!this.persistent) {
      const c = loadCluster(home);
      if (c) this.opts.session.adopt(c);
    }
    return { code: r.code, via: 'bash' };
  }

  /** Interrupts the command running in bash (Ctrl-C). */
  interrupt(): void {
    this.bash?.interrupt();
  }

  close(): void {
    this.bash?.close();
    this.bash = undefined;
    this.resident?.close();
    this.resident = undefined;
    for (const d of [this.shimDir, this.shareHome]) {
      if (d) fs.rmSync(d, { recursive: true, force: true });
    }
    this.shimDir = undefined;
    this.shareHome = undefined;
  }
}
