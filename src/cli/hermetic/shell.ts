// Hermetic mode: the bash plumbing of a lab or transcript line interpreted in-process, so nothing runs on the host.
// The line is parsed by the one shell interpreter (node/container/shell.ts: quoting, $VAR, $(...), ;, &&, ||,
// pipes, redirections); kubectl, kubesim and node tools run through dispatch, the text tools labs pipe through
// (grep, awk, sed, head, tail, wc, sort, uniq, cut, tr, echo, printf, cat) are the container tools, and variables
// and `export VAR=$(...)` live in this shell. Any other program is reported as not run, with status 127. File
// operands and `<` read the working directory (as `-f FILE` does); `>` and `>>` write only inside it (and /dev/null).

import fs from 'node:fs';
import path from 'node:path';
import type { CommandIO } from '../../kubectl/context.js';
import type { Container, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import type { CmdIO, ContainerSession } from '../../node/container/context.js';
import { ShellExit } from '../../node/container/context.js';
import type { ImageFacts } from '../../node/container/images.js';
import { expandWord, parseLine, ShellSyntaxError, type AndOr, type Seg, type SimpleCommand, type Word } from '../../node/container/shell.js';
import { basicTools } from '../../node/container/tools/basic.js';
import { grep } from '../../node/container/tools/grep.js';
import type { Tool } from '../../node/container/tools/index.js';
import { textTools } from '../../node/container/tools/text.js';
import { nodeCommands } from '../../node/index.js';
import { dispatch, withIO } from '../dispatch.js';
import type { Session } from '../session.js';

/** The programs hermetic mode interprets besides kubectl, kubesim and the node tools. */
export const HERMETIC_TOOLS = ['grep', 'awk', 'sed', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'echo', 'printf', 'cat', 'true', 'false'];

const TOOLS: Record<string, Tool> = { ...Object.fromEntries(HERMETIC_TOOLS.filter((t) => basicTools[t]).map((t) => [t, basicTools[t]])), ...textTools, grep };

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
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  status = 0;
  cwd: string;
  /** the directory files may be written in (the transcript's scratch directory, the replay's working copy) */
  readonly root: string;

  constructor(private readonly opts: HermeticOptions) {
    this.cwd = opts.cwd;
    this.root = path.resolve(opts.cwd);
    for (const [k, v] of Object.entries(opts.env)) {
      if (v === undefined) continue;
      this.vars.set(k, v);
      this.exported.add(k);
    }
  }

  /** The environment kubectl sees: the exported variables. */
  env(): Record<string, string> {
    const e: Record<string, string> = {};
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) e[k] = v;
    }
    return e;
  }

  /** A container-shell session over this shell's variables, for expansion and the text tools. */
  private pseudo(): ContainerSession {
    const facts: ImageFacts = { family: 'debian', env: [], workdir: this.cwd, tools: new Set(Object.keys(TOOLS)), flavour: 'gnu', sh: 'dash' };
    return {
      cluster: undefined as unknown as Cluster,
      pod: { metadata: { name: 'hermetic' }, spec: { containers: [] } } as unknown as Pod,
      container: { name: 'hermetic' } as Container,
      facts,
      vars: this.vars,
      exported: this.exported,
      cwd: this.cwd,
      tty: false,
      status: this.status,
      shell: 'bash',
      files: { read: (p: string) => this.readFile(p) },
    };
  }

  private readFile(p: string): string | 'ENOENT' | 'EISDIR' {
    const file = path.resolve(this.cwd, p);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isDirectory()) return 'EISDIR';
    if (!st?.isFile()) return 'ENOENT';
    return fs.readFileSync(file, 'utf8');
  }

  /** Runs one line; its exit status. */
  async run(line: string, out: Out): Promise<number> {
    if (/<<|\b(for|while|until|if|case)\b.*\b(do|then|in)\b/s.test(line) && /\n/.test(line)) {
      out.err('kubesim: hermetic mode: heredocs and compound commands (for, while, if, case) were not run\n');
      return (this.status = 127);
    }
    let items: AndOr[];
    try {
      items = parseLine(line);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      out.err(`bash: ${e.message}\n`);
      return (this.status = 2);
    }
    try {
      for (const item of items) {
        if (item.join === '&&' && this.status !== 0) continue;
        if (item.join === '||' && this.status === 0) continue;
        this.status = await this.pipeline(item.pipeline, '', out);
      }
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      this.status = e.code;
    }
    return this.status;
  }

  private async pipeline(cmds: SimpleCommand[], stdin: string, out: Out): Promise<number> {
    let input = stdin;
    let code = 0;
    for (let i = 0; i < cmds.length; i++) {
      if (i === cmds.length - 1) code = await this.simple(cmds[i], input, out, false);
      else {
        const buf: string[] = [];
        code = await this.simple(cmds[i], input, { out: (t) => buf.push(t), err: out.err }, true);
        input = buf.join('');
      }
    }
    return code;
  }

  /** `( list )`: runs the list; `exit` inside ends only the group. */
  private group(list: string, out: Out): Promise<number> {
    return this.run(list, out);
  }

  /** `$(...)`: the command's output without trailing newlines. */
  private async substitute(command: string): Promise<string> {
    const buf: string[] = [];
    const saved = this.status;
    await this.run(command, { out: (t) => buf.push(t), err: () => {} }).catch(() => 0);
    this.status = saved;
    return buf.join('').replace(/\n+$/, '');
  }

  /** Expands words, running their command substitutions first (they may call kubectl, which is asynchronous). */
  private async expand(words: Word[]): Promise<string[][]> {
    const results = new Map<Seg, string>();
    for (const w of words) for (const seg of w) if (seg.quote === 'subst' || seg.quote === 'dsubst') results.set(seg, await this.substitute(seg.text));
    const s = this.pseudo();
    return words.map((w) => expandWord(w, s, (_c, seg) => results.get(seg) ?? ''));
  }

  private async simple(cmd: SimpleCommand, stdin: string, out: Out, piped: boolean): Promise<number> {
    if (cmd.group !== undefined) return this.group(cmd.group, out);
    const assigns: Array<[string, string]> = [];
    const words: Word[] = [];
    for (const w of cmd.words) {
      const first = w[0];
      if (words.length === 0 && first?.quote === 'none' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)) {
        const eq = first.text.indexOf('=');
        const [value] = await this.expand([[{ text: first.text.slice(eq + 1), quote: 'none' }, ...w.slice(1)]]);
        assigns.push([first.text.slice(0, eq), value.join(' ')]);
      } else words.push(w);
    }
    const argv = (await this.expand(words)).flat();
    // redirections: /dev/null and 2>&1 only; reading files with <
    let o = out.out;
    let e = out.err;
    let input = stdin;
    const writes: Array<{ file: string; append: boolean; buf: string[] }> = [];
    for (const r of cmd.redirs) {
      const [target] = (await this.expand([r.target])).map((x) => x.join(' '));
      if (r.op === '>&') e = o;
      else if (r.op === '<') {
        const text = this.readFile(target);
        if (text === 'ENOENT' || text === 'EISDIR') {
          out.err(`bash: ${target}: ${text === 'EISDIR' ? 'Is a directory' : 'No such file or directory'}\n`);
          return 1;
        }
        input = text;
      } else if (target === '/dev/null') {
        if (r.fd === 2) e = () => {};
        else o = () => {};
      } else {
        const file = path.resolve(this.cwd, target);
        const rel = path.relative(this.root, file);
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          out.err(`kubesim: hermetic mode: the redirection to ${target} was not run (files are written only inside ${this.root})\n`);
          return 1;
        }
        const buf: string[] = [];
        writes.push({ file, append: r.op === '>>', buf });
        if (r.fd === 2) e = (t) => void buf.push(t);
        else o = (t) => void buf.push(t);
      }
    }
    const flush = () => {
      for (const w of writes) (w.append ? fs.appendFileSync : fs.writeFileSync)(w.file, w.buf.join(''));
    };
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      flush();
      return 0;
    }
    for (const [k, v] of assigns) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    try {
      return await this.command(argv, input, { out: o, err: e }, piped);
    } finally {
      flush();
    }
  }

  private async command(argv: string[], stdin: string, out: Out, piped: boolean): Promise<number> {
    const name = argv[0];
    switch (name) {
      case 'export':
      case 'unset':
      case 'cd':
      case 'exit':
      case ':':
        return this.builtin(name, argv.slice(1), out);
    }
    let a = argv;
    while (a[0] === 'sudo') a = a.slice(1);
    if (a[0] === 'sleep' && a.length > 1) {
      for (const d of a.slice(1)) {
        const code = await dispatch(['clock', 'advance', /^\d+(\.\d+)?$/.test(d) ? `${d}s` : d], this.opts.session, this.io('', { out: () => {}, err: out.err }));
        if (code !== 0) return code;
      }
      return 0;
    }
    if (a[0] === 'kubectl' || a[0] === 'k' || (a[0] === 'kubesim' && a.length > 1) || nodeCommands().includes(a[0] ?? '')) {
      return dispatch(a, this.opts.session, this.io(stdin, out));
    }
    const tool = TOOLS[name];
    if (tool) {
      const s = this.pseudo();
      const io: CmdIO = { stdin, piped, out: out.out, err: out.err };
      return tool(argv, s, io);
    }
    out.err(`kubesim: hermetic mode: ${name} was not run (only kubectl, kubesim, node tools and ${HERMETIC_TOOLS.join(', ')} run in hermetic mode)\n`);
    return 127;
  }

  private io(stdin: string, out: Out): CommandIO {
    return withIO({ out: out.out, err: out.err, stdin, isTTY: !!this.opts.isTTY, env: this.env(), cwd: this.cwd }, {});
  }

  private builtin(name: string, args: string[], out: Out): number {
    switch (name) {
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0) this.vars.set(a.slice(0, eq), a.slice(eq + 1));
          this.exported.add(eq > 0 ? a.slice(0, eq) : a);
        }
        return 0;
      case 'unset':
        for (const a of args) {
          this.vars.delete(a);
          this.exported.delete(a);
        }
        return 0;
      case 'cd': {
        const target = path.resolve(this.cwd, args[0] ?? this.vars.get('HOME') ?? this.cwd);
        if (!fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
          out.err(`bash: cd: ${args[0]}: No such file or directory\n`);
          return 1;
        }
        this.cwd = target;
        return 0;
      }
      case 'exit':
        throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      default:
        return 0;
    }
  }
}
