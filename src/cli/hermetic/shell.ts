// Hermetic mode: the bash plumbing of a lab or transcript line run by the one shell interpreter
// (node/container/shell.ts), configured so that nothing runs on the host. Its host configuration: the builtins are
// export, unset, cd, exit and `:`; kubectl, kubesim and node tools run through dispatch (asynchronously); the text
// tools labs pipe through (grep, awk, sed, head, tail, wc, sort, uniq, cut, tr, echo, printf, cat) are the
// container tools in their GNU flavour; `sleep` advances the cluster clock; any other program is reported as not
// run, with status 127. File operands and `<` read the working directory (as `-f FILE` does); `>` and `>>` write
// only inside it (and /dev/null).

import fs from 'node:fs';
import path from 'node:path';
import type { CommandIO } from '../../kubectl/context.js';
import type { Container, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { ShellExit, type CmdIO, type ContainerSession, type ShellFiles, type ShellHost } from '../../node/container/context.js';
import { runLineAsync, ShellInterrupt } from '../../node/container/shell.js';
import { findTool } from '../../node/container/tools/index.js';
import { nodeCommands } from '../../node/index.js';
import { dispatch, withIO } from '../dispatch.js';
import type { Session } from '../session.js';

/** The programs hermetic mode interprets besides kubectl, kubesim and the node tools. */
export const HERMETIC_TOOLS = ['grep', 'awk', 'sed', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'echo', 'printf', 'cat', 'true', 'false'];

/** bash's builtins that act on the shell itself; echo, printf, true and false run as the GNU tools */
const BUILTINS = new Set(['export', 'unset', 'cd', 'exit', ':', 'set', 'shift', 'read', 'local', 'return', 'break', 'continue', 'eval', 'readonly', 'wait', 'trap', 'command', 'type', 'let', 'test', '[']);

export interface HermeticOptions {
  session: Session;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY?: boolean;
}

interface Out {
  out(t: string): void;
  err(t: string): void;
}

export class HermeticShell {
  /** the shell's state, as the interpreter and the text tools see it */
  private readonly s: ContainerSession;
  /** commands run that let cluster time pass (sleep, clock advance, kubectl wait, rollout status): the loop guard's clock */
  private waits = 0;
  /** the directory files may be written in (the transcript's scratch directory, the replay's working copy) */
  readonly root: string;

  constructor(private readonly opts: HermeticOptions) {
    this.root = path.resolve(opts.cwd);
    const vars = new Map<string, string>();
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) vars.set(k, v);
    this.s = {
      cluster: undefined as unknown as Cluster,
      pod: { metadata: { name: 'hermetic' }, spec: { containers: [] } } as unknown as Pod,
      container: { name: 'hermetic' } as Container,
      facts: { family: 'debian', env: [], workdir: opts.cwd, tools: new Set(HERMETIC_TOOLS), flavour: 'gnu', sh: 'dash' },
      vars,
      exported: new Set(vars.keys()),
      cwd: opts.cwd,
      tty: false,
      status: 0,
      shell: 'bash',
      interactive: true,
      files: this.files(),
      host: this.host(),
    };
  }

  get cwd(): string {
    return this.s.cwd;
  }

  get vars(): Map<string, string> {
    return this.s.vars;
  }

  get status(): number {
    return this.s.status;
  }

  /** The environment kubectl sees: the exported variables. */
  env(): Record<string, string> {
    const e: Record<string, string> = {};
    for (const k of this.s.exported) {
      const v = this.s.vars.get(k);
      if (v !== undefined) e[k] = v;
    }
    return e;
  }

  /** Runs one line; its exit status. */
  async run(line: string, out: Out): Promise<number> {
    try {
      return await runLineAsync(line, this.s, { stdin: '', piped: false, out: out.out, err: out.err });
    } catch (e) {
      if (!(e instanceof ShellExit || e instanceof ShellInterrupt)) throw e;
      return (this.s.status = e.code);
    }
  }

  /** The host's working directory: read anywhere below cwd, written only inside the root. */
  private files(): ShellFiles {
    const outside = (target: string): boolean => {
      const rel = path.relative(this.root, path.resolve(this.s.cwd, target));
      return rel.startsWith('..') || path.isAbsolute(rel);
    };
    return {
      read: (p) => {
        const file = path.resolve(this.s.cwd, p);
        const st = fs.statSync(file, { throwIfNoEntry: false });
        if (st?.isDirectory()) return 'EISDIR';
        if (!st?.isFile()) return 'ENOENT';
        return fs.readFileSync(file, 'utf8');
      },
      open: (target, append) => {
        if (target === '/dev/null') return undefined;
        if (outside(target)) return { refused: `kubesim: hermetic mode: the redirection to ${target} was not run (files are written only inside ${this.root})\n` };
        (append ? fs.appendFileSync : fs.writeFileSync)(path.resolve(this.s.cwd, target), '');
        return undefined;
      },
      write: (target, text) => {
        if (target !== '/dev/null') fs.appendFileSync(path.resolve(this.s.cwd, target), text);
      },
    };
  }

  private host(): ShellHost {
    return {
      builtins: BUILTINS,
      run: (argv, s, io) => this.command(argv, s, io),
      nowMs: () => this.waits,
      cd: (dir, s, io) => {
        const target = path.resolve(s.cwd, dir ?? s.vars.get('HOME') ?? s.cwd);
        if (!fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
          io.err(`bash: cd: ${dir}: No such file or directory\n`);
          return 1;
        }
        s.cwd = target;
        return 0;
      },
    };
  }

  private async command(argv: string[], s: ContainerSession, io: CmdIO): Promise<number> {
    const name = argv[0];
    let a = argv;
    while (a[0] === 'sudo') a = a.slice(1);
    if (a[0] === 'sleep' || a.includes('wait') || (a.includes('rollout') && a.includes('status')) || (a.includes('clock') && a.includes('advance'))) this.waits++;
    if (a[0] === 'sleep' && a.length > 1) {
      for (const d of a.slice(1)) {
        const code = await dispatch(['clock', 'advance', /^\d+(\.\d+)?$/.test(d) ? `${d}s` : d], this.opts.session, this.io('', { out: () => {}, err: io.err }));
        if (code !== 0) return code;
      }
      return 0;
    }
    if (a[0] === 'kubectl' || a[0] === 'k' || (a[0] === 'kubesim' && a.length > 1) || nodeCommands().includes(a[0] ?? '')) {
      return dispatch(a, this.opts.session, this.io(io.stdin, io));
    }
    const tool = findTool(s, name);
    if (tool) return tool(argv, s, io);
    io.err(`kubesim: hermetic mode: ${name} was not run (only kubectl, kubesim, node tools and ${HERMETIC_TOOLS.join(', ')} run in hermetic mode)\n`);
    return 127;
  }

  private io(stdin: string, out: Out): CommandIO {
    return withIO({ out: out.out, err: out.err, stdin, isTTY: !!this.opts.isTTY, env: this.env(), cwd: this.s.cwd, hermetic: true }, {});
  }
}
