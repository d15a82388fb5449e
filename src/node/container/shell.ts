// The one shell interpreter: containers' scripts (`sh -c`, a container's command), `kubectl exec`, the
// interactive container shell and kubesim's hermetic mode all run here. It runs what shell-parse.ts parses: lists,
// pipelines, simple commands (expansion: shell-expand.ts; redirections: shell-redir.ts; builtins:
// shell-builtins.ts) and the compound commands (if, for, while, until, case, `{ }`, `( )`, functions), and prints
// busybox ash's, dash's or bash's messages. What differs by context is configuration: the session's `host` (which
// builtins exist, how other commands run, `cd`) and `files` (where redirections go). In a container everything is
// synchronous; a hermetic host's commands may return promises, and `runLineAsync` awaits them (shell-step.ts).
//
// Two things no real shell does, both stated where they happen: `&` runs the command to its end before the next
// one (there is no job control; `wait` has nothing to wait for), and a while/until loop that has run LOOP_LIMIT
// times without the clock moving is interrupted as Ctrl-C would (status 130), so `while true` cannot hang kubesim.
// Nothing runs on the host.

import { ShellExit, type CmdIO, type ContainerSession, type ShellHost } from './context.js';
import { BUILTINS, builtinNames, BreakSignal, ContinueSignal, ReturnSignal, setVar, type BuiltinCtx, type ShellIO } from './shell-builtins.js';
import { ExpandError, expandFields, expandPattern, expandString, type ExpandEnv } from './shell-expand.js';
import { BadSubstitution, Incomplete } from './shell-lex.js';
import { Parser, ShellSyntaxError, type AndOr, type Command, type List, type Pipeline } from './shell-parse.js';
import { prefixOf, redirect } from './shell-redir.js';
import { settle, runAsync, runSync, type Step } from './shell-step.js';
import { absPath, fsOf, readFile } from './context.js';
import { findTool, isUnsimulatedTool, registerTools } from './tools/index.js';
import { shellTool } from './tools/sh.js';
import { syntaxMessage } from './shell-messages.js';

export { ShellSyntaxError };

/** Iterations of a while/until loop during which no time passes before kubesim interrupts it. */
export const LOOP_LIMIT = 1000;

/** A loop interrupted by the guard: ends every shell up to the exec (status 130, as Ctrl-C). */
export class ShellInterrupt extends Error {
  readonly code = 130;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', '{', '}', '!']);

/** A container's shell: its builtins, the image's tools, `cd` without a check (as the tools see paths). */
const CONTAINER_BUILTINS = { ash: builtinNames('ash'), dash: builtinNames('dash'), bash: builtinNames('bash') };
const CONTAINER: ShellHost = {
  builtins: CONTAINER_BUILTINS.ash,
  run: runTool,
  cd(dir, s) {
    const target = dir ?? s.vars.get('HOME') ?? '/';
    s.cwd = target.startsWith('/') ? target : `${s.cwd.replace(/\/$/, '')}/${target}`;
    s.vars.set('PWD', s.cwd);
    return 0;
  },
};

const hostOf = (s: ContainerSession): ShellHost => s.host ?? CONTAINER;
const builtinsOf = (s: ContainerSession): ReadonlySet<string> => s.host?.builtins ?? CONTAINER_BUILTINS[s.shell ?? 'ash'];

function notFound(s: ContainerSession, name: string): string {
  return `${prefixOf(s)}${name}: ${s.shell === 'bash' ? 'command not found' : 'not found'}\n`;
}

/** A container's program: the image's tool, or the shell's or the runtime's not-found message. */
function runTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const name = argv[0];
  const tool = findTool(s, name);
  if (!tool && isUnsimulatedTool(s, name)) {
    // the image has it: saying "not found" would teach something false about the image
    io.err(`kubesim: "${name}" is in this image but kubesim does not simulate it\n`);
    return 1;
  }
  if (!tool) {
    if (s.shell) {
      io.err(notFound(s, name));
      return 127;
    }
    io.err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown\n`);
    return 126;
  }
  return tool(argv, s, io);
}

/** A copy of the session for a subshell, a pipeline's command or `$(...)`: changes stay inside it. */
function subshell(s: ContainerSession): ContainerSession {
  return {
    ...s,
    vars: new Map(s.vars),
    exported: new Set(s.exported),
    funcs: new Map(s.funcs ?? []),
    params: [...(s.params ?? [])],
    options: new Set(s.options ?? []),
    locals: s.locals ? [...s.locals] : undefined,
  };
}

function* inSubshell(s: ContainerSession, run: (c: ContainerSession) => Step<number>): Step<number> {
  const c = subshell(s);
  try {
    return yield* run(c);
  } catch (e) {
    if (e instanceof ShellExit || e instanceof ReturnSignal) return e.code;
    throw e;
  }
}

function expandEnv(s: ContainerSession, io: ShellIO): ExpandEnv & { substStatus?: number } {
  const x: ExpandEnv & { substStatus?: number } = {
    s,
    *subst(cmd) {
      const buf: string[] = [];
      const code = yield* inSubshell(s, (c) => script(cmd, c, { stdin: '', input: { text: '', pos: 0 }, piped: true, out: (t) => buf.push(t), err: io.err }, false));
      x.substStatus = code;
      return buf.join('').replace(/\n+$/, '');
    },
    readdir: s.files || !s.cluster ? undefined : (dir) => {
      try {
        return fsOf(s).readdir(absPath(s, dir));
      } catch {
        return undefined;
      }
    },
  };
  return x;
}

function kindOf(s: ContainerSession, name: string): string | undefined {
  if (KEYWORDS.has(name)) return 'a shell keyword';
  if (s.funcs?.has(name)) return 'a function';
  if (builtinsOf(s).has(name) && s.shell) return 'a shell builtin';
  if (findTool(s, name) || isUnsimulatedTool(s, name)) return `/bin/${name}`;
  return undefined;
}

function* builtin(name: string, args: string[], s: ContainerSession, io: ShellIO): Step<number> {
  if (name === 'cd') return hostOf(s).cd(args[0], s, io);
  const ctx: BuiltinCtx = {
    s,
    io,
    prefix: prefixOf(s),
    run: (src) => script(src, s, io, false),
    command: (argv) => commandStep(argv, s, io, true),
    kindOf: (n) => kindOf(s, n),
    readFile: (p) => (s.files ? ((r) => (r === 'ENOENT' || r === 'EISDIR' ? undefined : r))(s.files.read(p)) : readFile(s, p)),
  };
  const r = BUILTINS[name === 'source' ? '.' : name](args, ctx);
  return typeof r === 'number' ? r : yield* r;
}

/** Runs argv: a function, a builtin, or the host's program (a tool in a container). */
function* commandStep(argv: string[], s: ContainerSession, io: ShellIO, skipFunctions = false): Step<number> {
  const fn = skipFunctions ? undefined : s.funcs?.get(argv[0]);
  if (fn) return yield* callFunction(fn, argv, s, io);
  if (s.shell && builtinsOf(s).has(argv[0]) && (BUILTINS[argv[0]] || argv[0] === 'source')) return yield* builtin(argv[0], argv.slice(1), s, io);
  const stdin = io.input.text.slice(io.input.pos);
  io.input.pos = io.input.text.length;
  return yield* settle(hostOf(s).run(argv, s, { stdin, piped: io.piped, out: io.out, err: io.err }));
}

function* callFunction(body: Command, argv: string[], s: ContainerSession, io: ShellIO): Step<number> {
  const saved = { params: s.params, loopDepth: s.loopDepth };
  s.params = argv.slice(1);
  s.loopDepth = 0;
  const frame = new Map<string, { value: string | undefined; exported: boolean }>();
  (s.locals ??= []).push(frame);
  try {
    return yield* execCommand(body, s, io);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.code;
    throw e;
  } finally {
    s.locals.pop();
    for (const [k, { value, exported }] of frame) {
      if (value === undefined) s.vars.delete(k);
      else s.vars.set(k, value);
      if (exported) s.exported.add(k);
      else s.exported.delete(k);
    }
    s.params = saved.params;
    s.loopDepth = saved.loopDepth;
  }
}

/** Runs argv as a command of a container's shell (builtin or tool); returns its status. */
export function runCommand(argv: string[], s: ContainerSession, io: CmdIO): number {
  return runSync(commandStep(argv, s, { ...io, input: { text: io.stdin, pos: 0 } }));
}

function* simple(cmd: Extract<Command, { t: 'simple' }>, s: ContainerSession, io: ShellIO): Step<number> {
  s.lineno = cmd.line;
  const x = expandEnv(s, io);
  const argv: string[] = [];
  const assigns: Array<[string, string]> = [];
  try {
    for (const a of cmd.assigns) assigns.push([a.name, yield* expandString(a.value, x)]);
    for (const w of cmd.words) argv.push(...(yield* expandFields(w, x)));
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    io.err(`${prefixOf(s)}${e.message}\n`);
    if (!s.interactive) throw new ShellExit(s.shell === 'bash' ? 1 : 2);
    return s.shell === 'bash' ? 1 : 2;
  }
  const r = yield* redirect(cmd.redirs, x, io);
  if ('code' in r) return r.code;
  try {
    if (argv.length === 0) {
      for (const [k, v] of assigns) {
        if (setVar({ s, io, prefix: prefixOf(s) }, k, v)) continue;
        // assigning a readonly variable ends a script of ash or dash
        if (s.shell !== 'bash' && !s.interactive) throw new ShellExit(2);
        return s.shell === 'bash' ? 1 : 2;
      }
      return x.substStatus ?? 0;
    }
    if (s.options?.has('x')) r.io.err(`+ ${[...assigns.map(([k, v]) => `${k}=${v}`), ...argv].join(' ')}\n`);
    const saved = assigns.map(([k]) => [k, s.vars.get(k), s.exported.has(k)] as const);
    for (const [k, v] of assigns) {
      s.vars.set(k, v);
      s.exported.add(k);
    }
    try {
      return yield* commandStep(argv, s, r.io);
    } finally {
      for (const [k, v, ex] of saved) {
        if (v === undefined) s.vars.delete(k);
        else s.vars.set(k, v);
        if (!ex) s.exported.delete(k);
      }
    }
  } finally {
    r.finish();
  }
}

/** The guard's clock: a container's commands never let cluster time pass (its `sleep` returns at once). */
function nowOf(s: ContainerSession): number {
  return s.host?.nowMs?.() ?? 0;
}

/** Runs a loop body; 'break' or 'continue' when it left through them (deeper levels are rethrown). */
function* loopBody(body: List, s: ContainerSession, io: ShellIO): Step<'break' | 'continue' | undefined> {
  try {
    yield* list(body, s, io);
    return undefined;
  } catch (e) {
    if (e instanceof BreakSignal || e instanceof ContinueSignal) {
      if (e.n > 1) throw e instanceof BreakSignal ? new BreakSignal(e.n - 1) : new ContinueSignal(e.n - 1);
      return e instanceof BreakSignal ? 'break' : 'continue';
    }
    throw e;
  }
}

function* condition(l: List, s: ContainerSession, io: ShellIO): Step<number> {
  s.condDepth = (s.condDepth ?? 0) + 1;
  try {
    return yield* list(l, s, io);
  } finally {
    s.condDepth--;
  }
}

function* compound(c: Command, s: ContainerSession, io: ShellIO): Step<number> {
  switch (c.t) {
    case 'simple':
      return yield* simple(c, s, io);
    case 'func':
      (s.funcs ??= new Map()).set(c.name, c.body);
      return 0;
    case 'brace':
      return yield* list(c.body, s, io);
    case 'subshell':
      return yield* inSubshell(s, (sub) => list(c.body, sub, io));
    case 'if': {
      for (const cl of c.clauses) if ((yield* condition(cl.cond, s, io)) === 0) return yield* list(cl.body, s, io);
      return c.else ? yield* list(c.else, s, io) : 0;
    }
    case 'case': {
      s.lineno = c.line;
      const x = expandEnv(s, io);
      const word = yield* expandString(c.word, x);
      for (const item of c.items) {
        for (const p of item.patterns) {
          if (new RegExp(`^(?:${yield* expandPattern(p, x)})$`).test(word)) return item.body.length ? yield* list(item.body, s, io) : 0;
        }
      }
      return 0;
    }
    case 'for': {
      s.lineno = c.line;
      const x = expandEnv(s, io);
      const items: string[] = [];
      if (c.items) for (const w of c.items) items.push(...(yield* expandFields(w, x)));
      else items.push(...(s.params ?? []));
      let code = 0;
      s.loopDepth = (s.loopDepth ?? 0) + 1;
      try {
        for (const item of items) {
          if (!setVar({ s, io, prefix: prefixOf(s) }, c.name, item)) return 1;
          const how = yield* loopBody(c.body, s, io);
          code = s.status;
          if (how === 'break') break;
        }
      } finally {
        s.loopDepth--;
      }
      return code;
    }
    case 'while': {
      let code = 0;
      let spins = 0;
      let last = nowOf(s);
      s.loopDepth = (s.loopDepth ?? 0) + 1;
      try {
        for (;;) {
          const ok = (yield* condition(c.cond, s, io)) === 0;
          if (ok === c.until) break;
          const how = yield* loopBody(c.body, s, io);
          code = s.status;
          if (how === 'break') break;
          const now = nowOf(s);
          if (now !== last) {
            last = now;
            spins = 0;
          } else if (++spins >= LOOP_LIMIT) {
            io.err(`kubesim: interrupted the ${c.until ? 'until' : 'while'} loop of line ${(s.lineBase ?? 0) + c.line} after ${LOOP_LIMIT} iterations in which no time passed (as Ctrl-C would: exit status 130)\n`);
            throw new ShellInterrupt('loop guard');
          }
        }
      } finally {
        s.loopDepth--;
      }
      return code;
    }
  }
}

function* execCommand(c: Command, s: ContainerSession, io: ShellIO): Step<number> {
  if (c.t === 'simple' || c.t === 'func' || c.redirs.length === 0) return yield* compound(c, s, io);
  const r = yield* redirect(c.redirs, expandEnv(s, io), io);
  if ('code' in r) return r.code;
  try {
    return yield* compound(c, s, r.io);
  } finally {
    r.finish();
  }
}

function* pipeline(p: Pipeline, s: ContainerSession, io: ShellIO): Step<number> {
  let code: number;
  if (p.cmds.length === 1) code = yield* execCommand(p.cmds[0], s, io);
  else {
    // each command of a pipeline runs in a subshell, fed the whole output of the one before
    let input = io.input;
    let failed = 0;
    code = 0;
    for (let i = 0; i < p.cmds.length; i++) {
      const last = i === p.cmds.length - 1;
      const buf: string[] = [];
      const cio: ShellIO = last ? { ...io, input, stdin: input.text.slice(input.pos) } : { stdin: input.text.slice(input.pos), input, piped: true, out: (t) => buf.push(t), err: io.err };
      code = yield* inSubshell(s, (sub) => execCommand(p.cmds[i], sub, cio));
      if (code !== 0) failed = code;
      if (!last) {
        const text = buf.join('');
        input = { text, pos: 0 };
      }
    }
    if (s.options?.has('pipefail')) code = failed;
  }
  return p.bang ? (code === 0 ? 1 : 0) : code;
}

function* andOr(ao: AndOr, s: ContainerSession, io: ShellIO): Step<number> {
  const chained = ao.rest.length > 0;
  if (chained) s.condDepth = (s.condDepth ?? 0) + 1;
  let code: number;
  try {
    code = yield* pipeline(ao.first, s, io);
  } finally {
    if (chained) s.condDepth!--;
  }
  s.status = code;
  for (let i = 0; i < ao.rest.length; i++) {
    const r = ao.rest[i];
    if ((r.op === '&&') !== (code === 0)) continue;
    const lastOne = i === ao.rest.length - 1;
    if (!lastOne) s.condDepth = (s.condDepth ?? 0) + 1;
    try {
      code = yield* pipeline(r.p, s, io);
    } finally {
      if (!lastOne) s.condDepth!--;
    }
    s.status = code;
  }
  const lastP = ao.rest.length ? ao.rest[ao.rest.length - 1].p : ao.first;
  if (code !== 0 && s.options?.has('e') && !s.condDepth && !lastP.bang) throw new ShellExit(code);
  return code;
}

function* list(l: List, s: ContainerSession, io: ShellIO): Step<number> {
  // `&`: the command runs to its end here (no job control in a simulated container)
  for (const ao of l) s.status = yield* andOr(ao, s, io);
  return s.status;
}

/** Runs shell source in the session: one complete command at a time, as ash and dash read a script. */
function* script(src: string, s: ContainerSession, io: ShellIO, top: boolean): Step<number> {
  let parser: Parser;
  const report = (e: unknown): number => {
    if (!(e instanceof ShellSyntaxError || e instanceof Incomplete || e instanceof BadSubstitution)) throw e;
    io.err(syntaxMessage(s, e, src));
    if (!s.interactive) throw new ShellExit(2);
    return (s.status = 2);
  };
  try {
    parser = new Parser(src, { heredocAtEof: !s.interactive });
  } catch (e) {
    return report(e);
  }
  for (;;) {
    let l: List | undefined;
    try {
      l = parser.next();
    } catch (e) {
      return report(e);
    }
    if (!l) break;
    try {
      yield* list(l, s, io);
    } catch (e) {
      // `return` outside a function ends ash's and dash's script (bash refused it in the builtin)
      if (top && e instanceof ReturnSignal) throw new ShellExit(e.code);
      throw e;
    }
  }
  return s.status;
}

function topIO(io: CmdIO): ShellIO {
  return { ...io, input: { text: io.stdin, pos: 0 } };
}

/** Runs shell source in the session (`exit` throws ShellExit, the loop guard ShellInterrupt). */
export function runLine(line: string, s: ContainerSession, io: CmdIO): number {
  return runSync(script(line, s, topIO(io), true));
}

/** Runs shell source, awaiting the host's asynchronous commands (hermetic mode). */
export function runLineAsync(line: string, s: ContainerSession, io: CmdIO): Promise<number> {
  return runAsync(script(line, s, topIO(io), true));
}

/** Runs a whole script as a shell does at its end: then the EXIT trap. Returns the exit status. */
export function runScript(src: string, s: ContainerSession, io: CmdIO): number {
  let code: number;
  try {
    code = runLine(src, s, io);
  } catch (e) {
    if (!(e instanceof ShellExit)) throw e;
    code = e.code;
  }
  const trap = s.traps?.get('EXIT');
  if (trap) {
    s.traps!.delete('EXIT');
    s.status = code;
    try {
      runLine(trap, s, io);
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      code = e.code;
    }
  }
  return code;
}

// `sh -c`, `bash SCRIPT`...: a child shell that runs its script here
registerTools(Object.fromEntries(['sh', 'ash', 'dash', 'bash'].map((n) => [n, shellTool(runScript)])));

/** The interactive prompt of the shell in this container. */
export function promptOf(s: ContainerSession): string {
  if (s.shell === 'bash') {
    const home = s.vars.get('HOME') ?? '/root';
    const dir = s.cwd === home ? '~' : s.cwd.startsWith(home + '/') ? '~' + s.cwd.slice(home.length) : s.cwd;
    return `root@${s.vars.get('HOSTNAME') ?? ''}:${dir}# `;
  }
  if (s.shell === 'dash') return '# ';
  const home = s.vars.get('HOME') ?? '/root';
  const dir = s.cwd === home ? '~' : s.cwd;
  return `${dir} # `;
}
