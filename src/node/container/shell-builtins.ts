// The shell's builtins (ash's, dash's and bash's common set): cd, pwd, export, unset, readonly, set, shift, read,
// local, return, break, continue, true, false, :, exit, echo, printf, eval, `.`/source, exec, command, type, let,
// wait and trap. Control flow leaves through the signals below, which the interpreter catches where loops,
// functions and shells end. Messages carry the shell's prefix (`sh: `, `sh: 1: `, `bash: `).

import { ShellExit, type CmdIO, type ContainerSession } from './context.js';
import { ArithError, evalArith } from './shell-arith.js';
import { arithMessage, ifsOf, params } from './shell-expand.js';
import type { Step } from './shell-step.js';
import { formatPrintf, unescape } from './tools/printf.js';
import { testTools } from './tools/test.js';

export class BreakSignal extends Error {
  constructor(readonly n: number) {
    super('break');
  }
}
export class ContinueSignal extends Error {
  constructor(readonly n: number) {
    super('continue');
  }
}
export class ReturnSignal extends Error {
  constructor(readonly code: number) {
    super('return');
  }
}

/** The standard input a shell's commands share: `read` takes a line of it, a program takes the rest. */
export interface Input {
  text: string;
  pos: number;
}
export interface ShellIO extends CmdIO {
  input: Input;
}

/** What builtins ask of the interpreter. */
export interface BuiltinCtx {
  s: ContainerSession;
  io: ShellIO;
  /** the shell's message prefix for this command (`sh: `, `sh: 3: `, `bash: line 3: `) */
  prefix: string;
  /** runs text as shell commands here (eval, .) */
  run(src: string): Step<number>;
  /** runs argv as a command, skipping functions (command, exec) */
  command(argv: string[]): Step<number>;
  /** what `type NAME` says NAME is */
  kindOf(name: string): string | undefined;
  /** the content of a file (for `.`), or undefined */
  readFile(path: string): string | undefined;
}

export type Builtin = (args: string[], c: BuiltinCtx) => number | Step<number>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function exportArgs(args: string[], c: BuiltinCtx, readonly: boolean): number {
  const s = c.s;
  let code = 0;
  for (const a of args) {
    if (a === '-p' || a === '-n' || a === '--') continue;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!NAME.test(name)) {
      c.io.err(`${c.prefix}${readonly ? 'readonly' : 'export'}: ${s.shell === 'bash' ? `\`${a}': not a valid identifier` : `${name}: bad variable name`}\n`);
      code = s.shell === 'bash' ? 1 : 2;
      continue;
    }
    if (eq > 0) setVar(c, name, a.slice(eq + 1));
    if (readonly) (s.readonly ??= new Set()).add(name);
    else s.exported.add(name);
  }
  if (args.length === 0 || args.every((a) => a === '-p')) {
    const names = readonly ? [...(s.readonly ?? [])] : [...s.exported];
    for (const k of names.sort()) {
      const v = s.vars.get(k);
      const word = readonly ? 'readonly' : s.shell === 'bash' ? 'declare -x' : 'export';
      c.io.out(v === undefined ? `${word} ${k}\n` : `${word} ${k}=${s.shell === 'bash' ? JSON.stringify(v) : `'${v.replace(/'/g, `'"'"'`)}'`}\n`);
    }
  }
  return code;
}

/** Sets a variable unless it is readonly; false (after the message) when it is. */
export function setVar(c: { s: ContainerSession; io: CmdIO; prefix: string }, name: string, value: string): boolean {
  if (c.s.readonly?.has(name)) {
    c.io.err(`${c.prefix}${name}: ${c.s.shell === 'bash' ? 'readonly variable' : 'is read only'}\n`);
    return false;
  }
  c.s.vars.set(name, value);
  return true;
}

function count(args: string[], c: BuiltinCtx, what: string): number | undefined {
  if (args[0] === undefined) return 1;
  if (!/^\d+$/.test(args[0]) || Number(args[0]) < 1) {
    c.io.err(`${c.prefix}${what}: ${c.s.shell === 'bash' ? `${args[0]}: loop count out of range` : `Illegal number: ${args[0]}`}\n`);
    return undefined;
  }
  return Number(args[0]);
}

/** `read [-r] [-p PROMPT] NAME...`: one line of standard input split on IFS; 1 at end of input. */
function read(args: string[], c: BuiltinCtx): number {
  let raw = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-r') raw = true;
    else if (args[i] === '-p') c.io.err(args[++i] ?? '');
    else names.push(args[i]);
  }
  if (names.length === 0) names.push('REPLY');
  const inp = c.io.input;
  let line = '';
  let eof = true;
  while (inp.pos < inp.text.length) {
    const nl = inp.text.indexOf('\n', inp.pos);
    const end = nl < 0 ? inp.text.length : nl;
    let part = inp.text.slice(inp.pos, end);
    inp.pos = nl < 0 ? inp.text.length : nl + 1;
    if (!raw && part.endsWith('\\') && nl >= 0) {
      line += part.slice(0, -1);
      continue;
    }
    if (!raw) part = part.replace(/\\(.)/g, '$1');
    line += part;
    eof = nl < 0;
    break;
  }
  const ifs = ifsOf(c.s);
  const blanks = [...ifs].filter((ch) => ' \t\n'.includes(ch)).join('');
  let rest = line.replace(new RegExp(`^[${blanks.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}]+`), '');
  for (let i = 0; i < names.length; i++) {
    if (i === names.length - 1) {
      setVar(c, names[i], blanks ? rest.replace(new RegExp(`[${blanks.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}]+$`), '') : rest);
      break;
    }
    const m = new RegExp(`[${[...ifs].map((ch) => ch.replace(/[\\\]^-]/g, '\\$&')).join('').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}]+`).exec(rest);
    if (!m || !ifs) {
      setVar(c, names[i], rest);
      rest = '';
      continue;
    }
    setVar(c, names[i], rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return eof ? 1 : 0;
}

function setBuiltin(args: string[], c: BuiltinCtx): number {
  const s = c.s;
  if (args.length === 0) {
    for (const [k, v] of [...s.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) c.io.out(`${k}='${v.replace(/'/g, `'"'"'`)}'\n`);
    return 0;
  }
  const opts = (s.options ??= new Set());
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      s.params = args.slice(i);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const name = args[++i];
      const known: Record<string, string> = { errexit: 'e', xtrace: 'x', nounset: 'u', pipefail: 'pipefail' };
      if (name === undefined) {
        for (const [n, f] of Object.entries(known)) c.io.out(`${n.padEnd(16)}${opts.has(f) ? 'on' : 'off'}\n`);
        continue;
      }
      const flag = known[name];
      if (!flag || (flag === 'pipefail' && s.shell === 'dash')) {
        c.io.err(`${c.prefix}set: ${s.shell === 'bash' ? `${name}: invalid option name` : `Illegal option -o ${name}`}\n`);
        return 2;
      }
      if (a === '-o') opts.add(flag);
      else opts.delete(flag);
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (!'euxfvCnab'.includes(f)) {
          c.io.err(`${c.prefix}set: ${s.shell === 'bash' ? `-${f}: invalid option` : `Illegal option -${f}`}\n`);
          return 2;
        }
        if (a[0] === '-') opts.add(f);
        else opts.delete(f);
      }
      continue;
    }
    break;
  }
  if (i < args.length) s.params = args.slice(i);
  return 0;
}

function echo(args: string[], c: BuiltinCtx): number {
  // dash's echo knows only -n and always reads escapes; ash's and bash's take -n, -e and -E
  let nl = true;
  let esc = c.s.shell === 'dash';
  let rest = args;
  while (rest.length && (c.s.shell === 'dash' ? rest[0] === '-n' : /^-[neE]+$/.test(rest[0]))) {
    for (const f of rest[0].slice(1)) {
      if (f === 'n') nl = false;
      else esc = f === 'e';
    }
    rest = rest.slice(1);
  }
  let text = rest.join(' ');
  if (esc) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      nl = false;
    }
    text = unescape(text.replace(/\\0([0-7]{1,3})/g, (_m, o: string) => `\\0${o}`));
  }
  c.io.out(text + (nl ? '\n' : ''));
  return 0;
}

function printf(args: string[], c: BuiltinCtx): number {
  if (args.length === 0) {
    c.io.err(c.s.shell === 'bash' ? `${c.prefix}printf: usage: printf [-v var] format [arguments]\n` : c.s.shell === 'dash' ? `${c.prefix}printf: usage: printf format [arg ...]\n` : 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: printf FORMAT [ARG]...\n');
    return c.s.shell === 'bash' ? 2 : 1;
  }
  c.io.out(formatPrintf(args[0], args.slice(1)));
  return 0;
}

export const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  cd: () => 0, // the interpreter routes cd to its host
  pwd: (_a, c) => {
    c.io.out(`${c.s.cwd}\n`);
    return 0;
  },
  echo,
  printf,
  test: (args, c) => testTools.test(['test', ...args], c.s, c.io),
  '[': (args, c) => testTools['['](['[', ...args], c.s, c.io),
  export: (a, c) => exportArgs(a, c, false),
  readonly: (a, c) => exportArgs(a, c, true),
  unset: (args, c) => {
    const fn = args[0] === '-f';
    for (const a of args) {
      if (a === '-f' || a === '-v') continue;
      if (fn) c.s.funcs?.delete(a);
      else if (c.s.readonly?.has(a)) {
        c.io.err(`${c.prefix}unset: ${a}: ${c.s.shell === 'bash' ? 'cannot unset: readonly variable' : 'is read only'}\n`);
        return c.s.shell === 'bash' ? 1 : 2;
      } else {
        c.s.vars.delete(a);
        c.s.exported.delete(a);
      }
    }
    return 0;
  },
  set: setBuiltin,
  shift: (args, c) => {
    const n = args[0] === undefined ? 1 : Number(args[0]);
    const ps = params(c.s);
    if (!Number.isInteger(n) || n < 0 || n > ps.length) {
      if (c.s.shell === 'bash') return 1;
      c.io.err(`${c.prefix}shift: ${Number.isInteger(n) ? "can't shift that many" : `Illegal number: ${args[0]}`}\n`);
      // an error of a special builtin ends a script of ash or dash
      if (!c.s.interactive) throw new ShellExit(2);
      return 2;
    }
    c.s.params = ps.slice(n);
    return 0;
  },
  read,
  local: (args, c) => {
    const frame = c.s.locals?.[c.s.locals.length - 1];
    if (!frame) {
      c.io.err(`${c.prefix}local: ${c.s.shell === 'bash' ? 'can only be used in a function' : 'not in a function'}\n`);
      return c.s.shell === 'bash' ? 1 : 2;
    }
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (!frame.has(name)) frame.set(name, { value: c.s.vars.get(name), exported: c.s.exported.has(name) });
      if (eq > 0) setVar(c, name, a.slice(eq + 1));
    }
    return 0;
  },
  return: (args, c) => {
    if (!c.s.locals?.length && c.s.shell === 'bash') {
      c.io.err(`${c.prefix}return: can only \`return' from a function or sourced script\n`);
      return 1;
    }
    throw new ReturnSignal(args[0] !== undefined ? Number(args[0]) & 255 : c.s.status);
  },
  break: (args, c) => {
    const n = count(args, c, 'break');
    if (n === undefined) return 1;
    if (!c.s.loopDepth) {
      if (c.s.shell === 'bash') c.io.err(`${c.prefix}break: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    throw new BreakSignal(n);
  },
  continue: (args, c) => {
    const n = count(args, c, 'continue');
    if (n === undefined) return 1;
    if (!c.s.loopDepth) {
      if (c.s.shell === 'bash') c.io.err(`${c.prefix}continue: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    throw new ContinueSignal(n);
  },
  exit: (args, c) => {
    if (args[0] !== undefined && !/^\d+$/.test(args[0])) {
      c.io.err(`${c.prefix}exit: ${c.s.shell === 'bash' ? `${args[0]}: numeric argument required` : `Illegal number: ${args[0]}`}\n`);
      throw new ShellExit(2);
    }
    throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : c.s.status);
  },
  eval: (args, c) => c.run(args.join(' ')),
  '.': (args, c) => {
    const file = args[0];
    if (file === undefined) {
      c.io.err(`${c.prefix}.: ${c.s.shell === 'bash' ? 'filename argument required' : 'missing argument'}\n`);
      return 2;
    }
    const text = c.readFile(file);
    if (text === undefined) {
      c.io.err(`${c.prefix}${c.s.shell === 'bash' ? `${file}: No such file or directory` : `.: can't open ${file}`}\n`);
      return c.s.shell === 'bash' ? 1 : 2;
    }
    return c.run(text);
  },
  exec: function* (args, c) {
    if (args.length === 0) return 0;
    throw new ShellExit(yield* c.command(args));
  },
  command: function* (args, c) {
    if (args[0] === '-v' || args[0] === '-V') {
      let code = 0;
      for (const a of args.slice(1)) {
        const k = c.kindOf(a);
        if (!k) code = 1;
        else c.io.out(args[0] === '-v' ? (k.startsWith('/') ? `${k}\n` : `${a}\n`) : `${a} is ${k}\n`);
      }
      return code;
    }
    return args.length ? yield* c.command(args) : 0;
  },
  type: (args, c) => {
    let code = 0;
    for (const a of args) {
      const k = c.kindOf(a);
      if (k) c.io.out(`${a} is ${k}\n`);
      else {
        if (c.s.shell === 'bash') {
          c.io.err(`${c.prefix}type: ${a}: not found\n`);
          code = 1;
        } else {
          // ash and dash: describe_command prints on stdout and returns 127
          c.io.out(`${a}: not found\n`);
          code = 127;
        }
      }
    }
    return code;
  },
  let: (args, c) => {
    let v = 0;
    for (const a of args) {
      try {
        v = evalArith(a, { get: (n) => c.s.vars.get(n), set: (n, x) => void setVar(c, n, x) });
      } catch (e) {
        if (!(e instanceof ArithError)) throw e;
        c.io.err(`${c.prefix}let: ${arithMessage(c.s, a, e.message)}\n`);
        return c.s.shell === 'bash' ? 1 : 2;
      }
    }
    return v === 0 ? 1 : 0;
  },
  // background jobs run to completion where they start (see the interpreter): nothing is left to wait for
  wait: () => 0,
  trap: (args, c) => {
    if (args.length === 0) {
      for (const [sig, action] of c.s.traps ?? []) c.io.out(`trap -- '${action}' ${sig}\n`);
      return 0;
    }
    const [action, ...sigs] = args;
    for (const sig of sigs) {
      const name = sig.replace(/^SIG/, '') === '0' ? 'EXIT' : sig.replace(/^SIG/, '');
      if (action === '-' || action === '') (c.s.traps ??= new Map()).delete(name);
      else (c.s.traps ??= new Map()).set(name, action);
    }
    return 0;
  },
};

/** The builtins each shell has (ash and bash: `let` and `source`; dash neither). */
export function builtinNames(kind: ContainerSession['shell']): Set<string> {
  const names = new Set(Object.keys(BUILTINS));
  if (kind === 'dash') names.delete('let');
  if (kind !== 'dash') names.add('source');
  return names;
}
