// The one shell interpreter: containers' scripts (`sh -c`, a container's command), `kubectl exec`, the
// interactive container shell and kubesim's hermetic mode all run here. It expands $VAR/${VAR}/$?/$(...), applies
// VAR=x assignments and redirections (>, >>, 2>, 2>&1, <), runs `;` `&&` `||` lists, pipes and `( list )` groups,
// and prints busybox ash's, dash's or bash's messages. What differs by context is configuration: the session's
// `host` (which builtins exist, how other commands run, `cd`) and `files` (where redirections go). In a container
// everything is synchronous; a hermetic host's commands may return promises, and `runLineAsync` awaits them.
// Nothing runs on the host.

import { ShellExit, type CmdIO, type ContainerSession, type ShellHost, readFile, writeFile } from './context.js';
import { STRERROR, type FsErrorCode } from '../../cluster/containerfs/types.js';
import { parseLine, ShellSyntaxError, type AndOr, type Pipeline, type Seg, type SimpleCommand, type Word } from './shell-parse.js';
import { findTool, isUnsimulatedTool, registerTools } from './tools/index.js';
import { shellTool } from './tools/sh.js';

export { parseLine, ShellSyntaxError };
export type { AndOr, Pipeline, Seg, SimpleCommand, Word };

/** One step of the interpreter: yields the promises of asynchronous commands, returns the result. */
type Step<T> = Generator<Promise<unknown>, T, unknown>;

function* settle<T>(v: T | Promise<T>): Step<T> {
  return v instanceof Promise ? ((yield v) as T) : v;
}

/** Runs a step to its end where every command is synchronous (a container). */
function runSync<T>(g: Step<T>): T {
  const r = g.next();
  if (!r.done) throw new Error('an asynchronous command ran in a synchronous shell');
  return r.value;
}

/** Runs a step, awaiting its asynchronous commands in order. */
async function runAsync<T>(g: Step<T>): Promise<T> {
  let r = g.next();
  while (!r.done) {
    let v: unknown;
    try {
      v = await r.value;
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}

/** A redirection target the shell cannot open, in ash's, dash's or bash's words. */
function redirectError(s: ContainerSession, target: string, c: FsErrorCode): string {
  if (s.shell === 'bash') return `bash: ${target}: ${STRERROR[c]}\n`;
  if (s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash')) return `sh: 1: cannot create ${target}: ${c === 'ENOENT' ? 'Directory nonexistent' : STRERROR[c]}\n`;
  return `sh: can't create ${target}: ${c === 'ENOENT' ? 'nonexistent directory' : STRERROR[c]}\n`;
}

function expandVars(text: string, s: ContainerSession): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|\?|\$|#)/g, (m, braced: string | undefined, bare: string | undefined) => {
    if (m === '\\$') return '$';
    const name = braced ?? bare ?? '';
    if (name === '?') return String(s.status);
    if (name === '$') return '1';
    if (name === '#') return '0';
    return s.vars.get(name) ?? '';
  });
}

/** `$(...)`: the command runs in the same shell session, its output captured without trailing newlines. */
function* substitute(command: string, s: ContainerSession): Step<string> {
  const buf: string[] = [];
  const status = s.status;
  try {
    yield* lineStep(command, s, { stdin: '', piped: true, out: (t) => buf.push(t), err: () => {} });
  } catch (e) {
    if (!(e instanceof ShellExit)) throw e;
  }
  s.status = status;
  return buf.join('').replace(/\n+$/, '');
}

/** Expands a word into fields (unquoted expansions split on whitespace). */
function* expandStep(w: Word, s: ContainerSession): Step<string[]> {
  const fields: string[] = [];
  let cur = '';
  let has = false;
  for (const seg of w) {
    if (seg.quote === 'single') {
      cur += seg.text;
      has = true;
    } else if (seg.quote === 'double') {
      cur += expandVars(seg.text, s);
      has = true;
    } else if (seg.quote === 'dsubst') {
      cur += yield* substitute(seg.text, s);
      has = true;
    } else {
      const v = seg.quote === 'subst' ? yield* substitute(seg.text, s) : expandVars(seg.text, s);
      const parts = v.split(/[ \t\n]+/);
      parts.forEach((p, idx) => {
        if (idx > 0) {
          if (has || cur) fields.push(cur);
          cur = '';
          has = false;
        }
        cur += p;
        if (p) has = true;
      });
    }
  }
  if (has || cur) fields.push(cur);
  return fields;
}

/** Expands a word into fields in a container (its substitutions run synchronously). */
export function expandWord(w: Word, s: ContainerSession): string[] {
  return runSync(expandStep(w, s));
}

function notFound(s: ContainerSession, name: string): string {
  switch (s.shell) {
    case 'bash':
      return `bash: ${name}: command not found\n`;
    case 'dash':
      return `sh: 1: ${name}: not found\n`;
    default:
      return `sh: ${name}: not found\n`;
  }
}

const BUILTINS = new Set(['cd', 'export', 'exit', 'unset', 'pwd', ':', 'true', 'false', 'echo', 'set', 'type']);

/** A container's shell: its builtins, the image's tools, `cd` without a check (as the tools see paths). */
const CONTAINER: ShellHost = {
  builtins: BUILTINS,
  run: runTool,
  cd(dir, s) {
    const target = dir ?? s.vars.get('HOME') ?? '/';
    s.cwd = target.startsWith('/') ? target : `${s.cwd.replace(/\/$/, '')}/${target}`;
    s.vars.set('PWD', s.cwd);
    return 0;
  },
};

const hostOf = (s: ContainerSession): ShellHost => s.host ?? CONTAINER;

function builtin(name: string, args: string[], s: ContainerSession, io: CmdIO): number {
  switch (name) {
    case 'cd':
      return hostOf(s).cd(args[0], s, io);
    case 'export':
      for (const a of args) {
        const eq = a.indexOf('=');
        if (eq > 0) s.vars.set(a.slice(0, eq), a.slice(eq + 1));
        s.exported.add(eq > 0 ? a.slice(0, eq) : a);
      }
      return 0;
    case 'unset':
      for (const a of args) {
        s.vars.delete(a);
        s.exported.delete(a);
      }
      return 0;
    case 'exit':
      throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : s.status);
    case 'pwd':
      io.out(`${s.cwd}\n`);
      return 0;
    case ':':
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'set':
      for (const [k, v] of [...s.vars].sort()) io.out(`${k}='${v}'\n`);
      return 0;
    case 'type':
      for (const a of args) io.out(BUILTINS.has(a) ? `${a} is a shell builtin\n` : findTool(s, a) || isUnsimulatedTool(s, a) ? `${a} is /bin/${a}\n` : `${a}: not found\n`);
      return 0;
    case 'echo': {
      let nl = true;
      let rest = args;
      while (rest[0] === '-n' || rest[0] === '-e') {
        if (rest[0] === '-n') nl = false;
        rest = rest.slice(1);
      }
      io.out(rest.join(' ') + (nl ? '\n' : ''));
      return 0;
    }
  }
  return 127;
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

function commandStep(argv: string[], s: ContainerSession, io: CmdIO): Step<number> {
  const host = hostOf(s);
  if (s.shell && host.builtins.has(argv[0])) return settle(builtin(argv[0], argv.slice(1), s, io));
  return settle(host.run(argv, s, io));
}

/** Runs argv as a command of a container's shell (builtin or tool); returns its status. */
export function runCommand(argv: string[], s: ContainerSession, io: CmdIO): number {
  return runSync(commandStep(argv, s, io));
}

/** `< file`: its content, or an errno code (a container's files answer only ENOENT). */
function readInput(s: ContainerSession, target: string): { text: string } | { error: FsErrorCode } {
  if (s.files) {
    const r = s.files.read(target);
    return r === 'ENOENT' || r === 'EISDIR' ? { error: r } : { text: r };
  }
  const text = readFile(s, target);
  return text === undefined ? { error: 'ENOENT' } : { text };
}

/** Opens `> file` before the command runs (creating or truncating it): an error line and status, or nothing. */
function openOutput(s: ContainerSession, target: string, append: boolean): { text: string; code: number } | undefined {
  const failed = s.files ? s.files.open(target, append) : (writeFile(s, target, '', true) ?? (append ? undefined : writeFile(s, target, '')));
  if (failed === undefined) return undefined;
  if (typeof failed === 'object') return { text: failed.refused, code: 1 };
  return { text: redirectError(s, target, failed), code: s.shell === 'dash' ? 2 : 1 };
}

function writeOutput(s: ContainerSession, target: string, text: string): void {
  if (s.files) s.files.write(target, text);
  else writeFile(s, target, text, true);
}

function* simpleStep(cmd: SimpleCommand, s: ContainerSession, io: CmdIO): Step<number> {
  if (cmd.group !== undefined) {
    try {
      return yield* lineStep(cmd.group, s, io);
    } catch (e) {
      if (e instanceof ShellExit) return e.code;
      throw e;
    }
  }
  const argv: string[] = [];
  const assigns: Array<[string, string]> = [];
  for (const w of cmd.words) {
    const first = w[0];
    if (argv.length === 0 && first?.quote === 'none' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)) {
      const eq = first.text.indexOf('=');
      const value = (yield* expandStep([{ text: first.text.slice(eq + 1), quote: 'none' }, ...w.slice(1)], s)).join(' ');
      assigns.push([first.text.slice(0, eq), value]);
      continue;
    }
    argv.push(...(yield* expandStep(w, s)));
  }
  // redirections
  let out = io.out;
  let err = io.err;
  let stdin = io.stdin;
  let piped = io.piped;
  const files: Array<{ path: string; buf: string[] }> = [];
  for (const r of cmd.redirs) {
    const target = (yield* expandStep(r.target, s)).join(' ');
    if (r.op === '<') {
      const r = readInput(s, target);
      if ('error' in r) {
        io.err(s.shell === 'bash' ? `bash: ${target}: ${STRERROR[r.error]}\n` : `sh: can't open '${target}': ${STRERROR[r.error]}\n`);
        return 1;
      }
      stdin = r.text;
    } else if (r.op === '>&') {
      err = out;
    } else {
      const failed = openOutput(s, target, r.op === '>>');
      if (failed) {
        io.err(failed.text);
        return failed.code;
      }
      const f = { path: target, buf: [] as string[] };
      files.push(f);
      if (r.fd === 1) {
        out = (t) => f.buf.push(t);
        piped = true;
      } else err = (t) => f.buf.push(t);
    }
  }
  let code: number;
  try {
    if (argv.length === 0) {
      for (const [k, v] of assigns) s.vars.set(k, v);
      code = 0;
    } else {
      const saved = assigns.map(([k]) => [k, s.vars.get(k), s.exported.has(k)] as const);
      for (const [k, v] of assigns) {
        s.vars.set(k, v);
        s.exported.add(k);
      }
      try {
        code = yield* commandStep(argv, s, { stdin, piped, out, err });
      } finally {
        for (const [k, v, ex] of saved) {
          if (v === undefined) s.vars.delete(k);
          else s.vars.set(k, v);
          if (!ex) s.exported.delete(k);
        }
      }
    }
  } finally {
    for (const f of files) if (f.buf.length) writeOutput(s, f.path, f.buf.join(''));
  }
  return code;
}

function* pipelineStep(p: Pipeline, s: ContainerSession, io: CmdIO): Step<number> {
  let input = io.stdin;
  let code = 0;
  for (let i = 0; i < p.length; i++) {
    const last = i === p.length - 1;
    if (last) code = yield* simpleStep(p[i], s, { ...io, stdin: input });
    else {
      const buf: string[] = [];
      try {
        code = yield* simpleStep(p[i], s, { stdin: input, piped: true, out: (t) => buf.push(t), err: io.err });
      } catch (e) {
        if (!(e instanceof ShellExit)) throw e;
      }
      input = buf.join('');
    }
  }
  return code;
}

function* lineStep(line: string, s: ContainerSession, io: CmdIO): Step<number> {
  let items: AndOr[];
  try {
    items = parseLine(line);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    io.err(s.shell === 'bash' ? `bash: ${e.message}\n` : `sh: ${e.message}\n`);
    s.status = 2;
    return 2;
  }
  for (const item of items) {
    if (item.join === '&&' && s.status !== 0) continue;
    if (item.join === '||' && s.status === 0) continue;
    s.status = yield* pipelineStep(item.pipeline, s, io);
  }
  return s.status;
}

/** Runs one command line in the shell session; `exit` throws ShellExit. Every command must be synchronous. */
export function runLine(line: string, s: ContainerSession, io: CmdIO): number {
  return runSync(lineStep(line, s, io));
}

/** Runs one command line, awaiting the host's asynchronous commands (hermetic mode); `exit` throws ShellExit. */
export function runLineAsync(line: string, s: ContainerSession, io: CmdIO): Promise<number> {
  return runAsync(lineStep(line, s, io));
}

// `sh -c`, `bash SCRIPT`...: a child shell that runs its lines here
registerTools(Object.fromEntries(['sh', 'ash', 'dash', 'bash'].map((n) => [n, shellTool(runLine)])));

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
