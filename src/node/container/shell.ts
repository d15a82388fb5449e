// A tiny POSIX-ish shell for commands inside simulated containers: quoting, $VAR/${VAR}/$? expansion, VAR=x
// assignments, `;` `&&` `||` `|`, redirections (>, >>, 2>, 2>&1, <), builtins (cd, export, exit, unset, pwd),
// and the not-found messages of busybox ash, dash and bash. Nothing runs on the host.

import { ShellExit, type CmdIO, type ContainerSession, readFile, writeFile } from './context.js';
import { STRERROR, type FsErrorCode } from '../../cluster/containerfs/types.js';

/** A redirection target the shell cannot open, in ash's, dash's or bash's words. */
function redirectError(s: ContainerSession, target: string, c: FsErrorCode): string {
  if (s.shell === 'bash') return `bash: ${target}: ${STRERROR[c]}\n`;
  if (s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash')) return `sh: 1: cannot create ${target}: ${c === 'ENOENT' ? 'Directory nonexistent' : STRERROR[c]}\n`;
  return `sh: can't create ${target}: ${c === 'ENOENT' ? 'nonexistent directory' : STRERROR[c]}\n`;
}
import { findTool, isUnsimulatedTool } from './tools/index.js';

/** `subst`: a command substitution `$(...)` (`dsubst` inside double quotes: not split into fields) */
export type Seg = { text: string; quote: 'none' | 'single' | 'double' | 'subst' | 'dsubst' };
export type Word = Seg[];

interface Redir {
  fd: 1 | 2 | 0;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  /** `( list )`: the list, run as one command (its output and status are the group's) */
  group?: string;
  redirs: Redir[];
}

export type Pipeline = SimpleCommand[];
export interface AndOr {
  pipeline: Pipeline;
  /** how this item joins the previous one */
  join: ';' | '&&' | '||';
}

export class ShellSyntaxError extends Error {}

/** The end (index of the closing paren) of a `$(` starting at i, skipping quotes and nested parens. */
function substEnd(line: string, i: number): number {
  let depth = 0;
  for (let j = i; j < line.length; j++) {
    const c = line[j];
    if (c === "'") {
      j = line.indexOf("'", j + 1);
      if (j < 0) break;
    } else if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new ShellSyntaxError('unterminated command substitution');
}

/** Splits a command line into tokens: words (with quote info) and operators. */
type Token = { op: string } | { word: Word } | { group: string };

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: Word | null = null;
  const push = (text: string, quote: Seg['quote']): void => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.quote === quote) last.text += text;
    else word.push({ text, quote });
  };
  const endWord = (): void => {
    if (word) out.push({ word });
    word = null;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n') {
      // a newline outside quotes ends a command, as `;` does
      endWord();
      if (out.length && !('op' in out[out.length - 1] && ['&&', '||', '|', ';'].includes((out[out.length - 1] as { op: string }).op))) out.push({ op: ';' });
      i++;
    } else if (c === '#' && !word) {
      break;
    } else if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new ShellSyntaxError('unterminated quoted string');
      push(line.slice(i + 1, j), 'single');
      if (j === i + 1) push('', 'single');
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '$' && line[j + 1] === '(') {
          const end = substEnd(line, j + 1);
          if (text) push(text, 'double');
          push('', 'double');
          word!.push({ text: line.slice(j + 2, end), quote: 'dsubst' });
          text = '';
          j = end + 1;
          continue;
        }
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
          text += line[j + 1] === '$' ? '\\$' : line[j + 1];
          j += 2;
        } else text += line[j++];
      }
      if (j >= line.length) throw new ShellSyntaxError('unterminated quoted string');
      push(text, 'double');
      i = j + 1;
    } else if (c === '(' && !word) {
      // a subshell group `( list )` where a command starts
      const end = substEnd(line, i);
      out.push({ group: line.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '$' && line[i + 1] === '(') {
      const end = substEnd(line, i + 1);
      word ??= [];
      word.push({ text: line.slice(i + 2, end), quote: 'subst' });
      i = end + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      push(line[i + 1], 'single');
      i += 2;
    } else if (/^(2>&1|&&|\|\||>>|2>>|2>|>|<|;|\||&)/.test(line.slice(i))) {
      const m = /^(2>&1|&&|\|\||>>|2>>|2>|>|<|;|\||&)/.exec(line.slice(i))![0];
      // a `2` glued to a word is part of the word (`a2>x` is `a2 > x`)
      if (m.startsWith('2') && word) {
        push('2', 'none');
        i += 1;
        continue;
      }
      endWord();
      out.push({ op: m });
      i += m.length;
    } else {
      push(c, 'none');
      i++;
    }
  }
  endWord();
  return out;
}

/** Parses one command line. */
export function parseLine(line: string): AndOr[] {
  const toks = tokenize(line);
  const items: AndOr[] = [];
  let join: AndOr['join'] = ';';
  let pipeline: Pipeline = [];
  let cmd: SimpleCommand = { words: [], redirs: [] };
  const endCmd = (): void => {
    if (cmd.words.length === 0 && cmd.redirs.length === 0 && cmd.group === undefined) throw new ShellSyntaxError('syntax error');
    pipeline.push(cmd);
    cmd = { words: [], redirs: [] };
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if ('word' in t) {
      cmd.words.push(t.word);
      continue;
    }
    if ('group' in t) {
      if (cmd.words.length || cmd.group !== undefined) throw new ShellSyntaxError('syntax error near unexpected token `(\'');
      cmd.group = t.group;
      continue;
    }
    switch (t.op) {
      case '>':
      case '>>':
      case '2>':
      case '2>>':
      case '<': {
        const next = toks[++i];
        if (!next || !('word' in next)) throw new ShellSyntaxError(`syntax error: unexpected ${next ? ('op' in next ? next.op : '(') : 'newline'}`);
        const fd = t.op.startsWith('2') ? 2 : t.op === '<' ? 0 : 1;
        cmd.redirs.push({ fd, op: t.op.endsWith('>>') ? '>>' : t.op === '<' ? '<' : '>', target: next.word });
        break;
      }
      case '2>&1':
        cmd.redirs.push({ fd: 2, op: '>&', target: [{ text: '1', quote: 'none' }] });
        break;
      case '|':
        endCmd();
        break;
      case '&&':
      case '||':
      case ';':
      case '&':
        endCmd();
        items.push({ pipeline, join });
        pipeline = [];
        join = t.op === '&' ? ';' : (t.op as AndOr['join']);
        break;
    }
  }
  if (cmd.words.length || cmd.redirs.length || cmd.group !== undefined) endCmd();
  if (pipeline.length) items.push({ pipeline, join });
  else if (items.length && join !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  return items;
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

/** The output of a command substitution (trailing newlines removed, as shells do). */
export type Substitute = (command: string, seg: Seg) => string;

/** `$(...)` inside a container: the command runs in the same shell session, its output captured. */
function substituteInContainer(s: ContainerSession): Substitute {
  return (command) => {
    const buf: string[] = [];
    const status = s.status;
    try {
      runLine(command, s, { stdin: '', piped: true, out: (t) => buf.push(t), err: () => {} });
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
    }
    s.status = status;
    return buf.join('').replace(/\n+$/, '');
  };
}

/** Expands a word into fields (unquoted expansions split on whitespace). */
export function expandWord(w: Word, s: ContainerSession, substitute: Substitute = substituteInContainer(s)): string[] {
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
      cur += substitute(seg.text, seg);
      has = true;
    } else {
      const v = seg.quote === 'subst' ? substitute(seg.text, seg) : expandVars(seg.text, s);
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

function builtin(name: string, args: string[], s: ContainerSession, io: CmdIO): number {
  switch (name) {
    case 'cd': {
      const target = args[0] ?? s.vars.get('HOME') ?? '/';
      s.cwd = target.startsWith('/') ? target : `${s.cwd.replace(/\/$/, '')}/${target}`;
      s.vars.set('PWD', s.cwd);
      return 0;
    }
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

/** Runs argv as a command of the shell (builtin or tool); returns its status. */
export function runCommand(argv: string[], s: ContainerSession, io: CmdIO): number {
  const name = argv[0];
  if (s.shell && BUILTINS.has(name)) return builtin(name, argv.slice(1), s, io);
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

function runSimple(cmd: SimpleCommand, s: ContainerSession, io: CmdIO): number {
  if (cmd.group !== undefined) {
    try {
      return runLine(cmd.group, s, io);
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
      const value = expandWord([{ text: first.text.slice(eq + 1), quote: 'none' }, ...w.slice(1)], s).join(' ');
      assigns.push([first.text.slice(0, eq), value]);
      continue;
    }
    argv.push(...expandWord(w, s));
  }
  // redirections
  let out = io.out;
  let err = io.err;
  let stdin = io.stdin;
  let piped = io.piped;
  const files: Array<{ path: string; append: boolean; buf: string[] }> = [];
  for (const r of cmd.redirs) {
    const target = expandWord(r.target, s).join(' ');
    if (r.op === '<') {
      const content = readFile(s, target);
      if (content === undefined) {
        io.err(s.shell === 'bash' ? `bash: ${target}: No such file or directory\n` : `sh: can't open '${target}': No such file or directory\n`);
        return 1;
      }
      stdin = content;
    } else if (r.op === '>&') {
      err = out;
    } else {
      const f = { path: target, append: r.op === '>>', buf: [] as string[] };
      // the shell opens (creates or truncates) the file before the command runs
      const failed = writeFile(s, target, '', true) ?? (f.append ? undefined : writeFile(s, target, ''));
      if (failed) {
        io.err(redirectError(s, target, failed));
        return s.shell === 'dash' ? 2 : 1;
      }
      f.append = true;
      files.push(f);
      if (r.fd === 1) {
        out = (t) => f.buf.push(t);
        piped = true;
      } else err = (t) => f.buf.push(t);
    }
  }
  let code: number;
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
      code = runCommand(argv, s, { stdin, piped, out, err });
    } finally {
      for (const [k, v, ex] of saved) {
        if (v === undefined) s.vars.delete(k);
        else s.vars.set(k, v);
        if (!ex) s.exported.delete(k);
      }
    }
  }
  for (const f of files) if (f.buf.length) writeFile(s, f.path, f.buf.join(''), true);
  return code;
}

function runPipeline(p: Pipeline, s: ContainerSession, io: CmdIO): number {
  let input = io.stdin;
  let code = 0;
  for (let i = 0; i < p.length; i++) {
    const last = i === p.length - 1;
    if (last) code = runSimple(p[i], s, { ...io, stdin: input });
    else {
      const buf: string[] = [];
      try {
        code = runSimple(p[i], s, { stdin: input, piped: true, out: (t) => buf.push(t), err: io.err });
      } catch (e) {
        if (!(e instanceof ShellExit)) throw e;
      }
      input = buf.join('');
    }
  }
  return code;
}

/** Runs one command line in the shell session; `exit` throws ShellExit. */
export function runLine(line: string, s: ContainerSession, io: CmdIO): number {
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
    s.status = runPipeline(item.pipeline, s, io);
  }
  return s.status;
}

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
