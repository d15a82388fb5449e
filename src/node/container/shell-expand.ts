// Word expansion, in the POSIX order: tilde, parameters ($VAR ${VAR} ${#VAR} ${VAR:-x} ${VAR:=x} ${VAR:+x}
// ${VAR:?x} ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p}, $? $# $@ "$@" $* $0 $1.. $$ $!), command substitution
// ($(...) and backquotes, run by the interpreter through `subst`), arithmetic ($((...))), then field splitting
// on IFS of what was unquoted, and pathname expansion (* ? [...]) over the container's files when it has them.
// Quote removal is the lexer's: a word arrives as segments that know whether they were quoted.

import type { ContainerSession } from './context.js';
import { ArithError, evalArith } from './shell-arith.js';
import { Lexer, type Word } from './shell-lex.js';
import type { Step } from './shell-step.js';

export interface ExpandEnv {
  s: ContainerSession;
  /** runs `$(cmd)`: its output with trailing newlines removed */
  subst(cmd: string): Step<string>;
  /** the names in directory `dir` (for pathname expansion), or undefined when it cannot be listed */
  readdir?(dir: string): string[] | undefined;
}

/** An expansion that stops the command (`${X:?msg}`, `set -u`, a bad `$((...))`): the shell's message. */
export class ExpandError extends Error {
  constructor(
    message: string,
    readonly kind: 'param' | 'arith' | 'unset',
  ) {
    super(message);
  }
}

/** A piece of an expanded word: text, whether it is split and globbed, and `break` for "$@" field ends. */
type Piece = { text: string; split: boolean; glob?: boolean } | { brk: true; none?: boolean };

export function params(s: ContainerSession): string[] {
  return s.params ?? [];
}

function special(name: string, s: ContainerSession): string | undefined {
  switch (name) {
    case '?':
      return String(s.status);
    case '#':
      return String(params(s).length);
    case '$':
      return '1';
    case '!':
      return '';
    case '0':
      return s.arg0 ?? (s.shell === 'bash' ? 'bash' : 'sh');
    case '-':
      return [...(s.options ?? [])].filter((o) => o.length === 1).join('');
    case '@':
    case '*':
      return params(s).join(' ');
  }
  if (/^[0-9]+$/.test(name)) return params(s)[Number(name) - 1];
  return s.vars.get(name);
}

export function ifsOf(s: ContainerSession): string {
  return s.vars.get('IFS') ?? ' \t\n';
}

/** Splits text on IFS: IFS blanks collapse and are trimmed, other IFS characters each end a field. */
export function splitFields(text: string, ifs: string): string[] {
  if (ifs === '') return text === '' ? [] : [text];
  const blanks = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  const others = [...ifs].filter((c) => !blanks.includes(c)).join('');
  const esc = (x: string): string => x.replace(/[\\\]^-]/g, '\\$&');
  const b = blanks ? `[${esc(blanks)}]` : '';
  let t = text;
  if (b) t = t.replace(new RegExp(`^${b}+|${b}+$`, 'g'), '');
  if (t === '') return [];
  const sep = others ? new RegExp(`${b ? `${b}*` : ''}[${esc(others)}]${b ? `${b}*` : ''}|${b ? `${b}+` : '(?!)'}`) : new RegExp(`${b}+`);
  return t.split(sep);
}

/** A glob pattern (unquoted text) as a regular expression source. */
export function globSource(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = text.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let cls = text.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function* paramValue(seg: Extract<Word[number], { t: 'param' }>, x: ExpandEnv): Step<string> {
  const s = x.s;
  const v = special(seg.name, s);
  const unsetCheck = (): void => {
    if (v === undefined && s.options?.has('u') && seg.name !== '@' && seg.name !== '*') throw new ExpandError(s.shell === 'bash' ? `${seg.name}: unbound variable` : `${seg.name}: parameter not set`, 'unset');
  };
  const arg = function* (): Step<string> {
    return seg.arg ? yield* expandString(seg.arg, x) : '';
  };
  const colon = seg.op.startsWith(':');
  const missing = v === undefined || (colon && v === '');
  switch (seg.op) {
    case '':
      unsetCheck();
      return v ?? '';
    case 'len':
      unsetCheck();
      return String([...(v ?? '')].length);
    case ':-':
    case '-':
      return missing ? yield* arg() : v!;
    case ':=':
    case '=': {
      if (!missing) return v!;
      const d = yield* arg();
      if (/^[0-9]/.test(seg.name) || !/^[A-Za-z_]/.test(seg.name)) throw new ExpandError(`${seg.name}: bad variable name`, 'param');
      s.vars.set(seg.name, d);
      return d;
    }
    case ':+':
    case '+':
      return missing ? '' : yield* arg();
    case ':?':
    case '?': {
      if (!missing) return v!;
      const msg = yield* arg();
      throw new ExpandError(`${seg.name}: ${msg || (s.shell === 'bash' ? 'parameter null or not set' : 'parameter not set')}`, 'param');
    }
  }
  // ${X#p} ${X##p} ${X%p} ${X%%p}
  unsetCheck();
  const val = v ?? '';
  const pat = seg.arg ? yield* expandPattern(seg.arg, x) : '';
  const longest = seg.op === '##' || seg.op === '%%';
  if (seg.op.startsWith('#')) {
    const re = new RegExp(`^(?:${pat})`);
    for (let n = longest ? val.length : 0; longest ? n >= 0 : n <= val.length; n += longest ? -1 : 1) {
      const m = re.exec(val.slice(0, n));
      if (m && m[0].length === n) return val.slice(n);
    }
    return val;
  }
  const re = new RegExp(`(?:${pat})$`);
  for (let n = longest ? 0 : val.length; longest ? n <= val.length : n >= 0; n += longest ? 1 : -1) {
    const m = re.exec(val.slice(n));
    if (m && m.index === 0) return val.slice(0, n);
  }
  return val;
}

/** The text of `$((expr))`: its $-expansions first, then the arithmetic. */
function* arith(expr: string, x: ExpandEnv): Step<string> {
  const text = yield* expandString(new Lexer(expr).double(''), x);
  try {
    return String(evalArith(text, { get: (n) => x.s.vars.get(n), set: (n, v) => void x.s.vars.set(n, v) }, { power: x.s.shell !== 'dash' }));
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    throw new ExpandError(arithMessage(x.s, text, e.message), 'arith');
  }
}

export function arithMessage(s: ContainerSession, text: string, msg: string): string {
  if (s.shell === 'bash') return `${text.trim()}: ${msg}`;
  if (s.shell === 'dash') {
    const what = msg === 'division by zero' ? 'division by zero' : /invalid arithmetic operator/.test(msg) ? 'expecting EOF' : /missing '\)'/.test(msg) ? "expecting ')'" : 'expecting primary';
    return `arithmetic expression: ${what}: "${text}"`;
  }
  return msg === 'division by zero' ? 'divide by zero' : 'arithmetic syntax error';
}

function* pieces(w: Word, x: ExpandEnv): Step<Piece[]> {
  const out: Piece[] = [];
  for (const seg of w) {
    switch (seg.t) {
      case 'lit':
        out.push({ text: seg.text, split: false, glob: !seg.q && /[*?[]/.test(seg.text) });
        break;
      case 'tilde':
        out.push({ text: x.s.vars.get('HOME') ?? '/root', split: false });
        break;
      case 'param':
        if (seg.name === '@' && seg.op === '' && seg.q) {
          const ps = params(x.s);
          ps.forEach((p, i) => {
            if (i > 0) out.push({ brk: true });
            out.push({ text: p, split: false });
          });
          if (ps.length === 0) out.push({ brk: true, none: true });
        } else if (seg.name === '*' && seg.op === '' && seg.q) out.push({ text: params(x.s).join(ifsOf(x.s).slice(0, 1)), split: false });
        else if ((seg.name === '@' || seg.name === '*') && seg.op === '' && !seg.q) {
          params(x.s).forEach((p, i) => {
            if (i > 0) out.push({ brk: true });
            out.push({ text: p, split: true });
          });
        } else out.push({ text: yield* paramValue(seg, x), split: !seg.q });
        break;
      case 'subst':
        out.push({ text: yield* x.subst(seg.cmd), split: !seg.q });
        break;
      case 'arith':
        out.push({ text: yield* arith(seg.expr, x), split: !seg.q });
        break;
    }
  }
  return out;
}

/** Expands a word into fields (unquoted expansions split on IFS, unquoted patterns matched against files). */
export function* expandFields(w: Word, x: ExpandEnv): Step<string[]> {
  const ps = yield* pieces(w, x);
  const ifs = ifsOf(x.s);
  const fields: Array<{ text: string; glob: string }> = [];
  let cur: { text: string; glob: string } | null = null;
  for (const p of ps) {
    if ('brk' in p) {
      if (cur) fields.push(cur);
      cur = null;
      continue;
    }
    const globbed = p.glob === true;
    if (!p.split) {
      cur ??= { text: '', glob: '' };
      cur.text += p.text;
      cur.glob += globbed ? globSource(p.text) : escapeRe(p.text);
      continue;
    }
    const parts = p.text === '' ? [] : splitFields(p.text, ifs);
    const leading = p.text !== '' && ifs.includes(p.text[0]);
    const trailing = p.text !== '' && ifs.includes(p.text[p.text.length - 1]);
    if (parts.length === 0) {
      if (p.text !== '' && cur) {
        fields.push(cur);
        cur = null;
      }
      continue;
    }
    parts.forEach((part, i) => {
      if (i > 0 || leading) {
        if (cur) fields.push(cur);
        cur = null;
      }
      cur ??= { text: '', glob: '' };
      cur.text += part;
      cur.glob += globSource(part);
    });
    if (trailing) {
      if (cur) fields.push(cur);
      cur = null;
    }
  }
  if (cur) fields.push(cur);
  const out: string[] = [];
  for (const f of fields) {
    const matches = f.glob !== escapeRe(f.text) ? glob(f.glob, f.text, x) : undefined;
    if (matches?.length) out.push(...matches);
    else out.push(f.text);
  }
  return out;
}

/** Pathname expansion of one field: the sorted matching paths, or undefined when there are none. */
function glob(re: string, text: string, x: ExpandEnv): string[] | undefined {
  if (!x.readdir) return undefined;
  const abs = text.startsWith('/');
  const parts = (abs ? text.slice(1) : text).split('/');
  // the regular expression of each path component (a component without a pattern is matched as text)
  const reParts = splitRe(re, abs);
  if (reParts.length !== parts.length) return undefined;
  let bases: string[] = [abs ? '/' : ''];
  for (let i = 0; i < parts.length; i++) {
    const literal = reParts[i] === escapeRe(parts[i]);
    const next: string[] = [];
    for (const b of bases) {
      if (literal) {
        next.push(b + parts[i] + (i < parts.length - 1 ? '/' : ''));
        continue;
      }
      const dir = b === '' ? x.s.cwd : b;
      const names = x.readdir(dir);
      if (!names) continue;
      const m = new RegExp(`^${reParts[i]}$`);
      for (const n of names.sort()) if (m.test(n) && (!n.startsWith('.') || parts[i].startsWith('.'))) next.push(b + n + (i < parts.length - 1 ? '/' : ''));
    }
    bases = next;
  }
  return bases.length ? bases : undefined;
}

/** The regular expression of a field split at its unescaped `/`s. */
function splitRe(re: string, abs: boolean): string[] {
  const out: string[] = [];
  let cur = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      if (re[i + 1] === '/' && !inClass) {
        out.push(cur);
        cur = '';
        i++;
        continue;
      }
      cur += c + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    cur += c;
  }
  out.push(cur);
  return abs ? out.slice(1) : out;
}

/** Expands a word into one string, without field splitting or globbing (assignments, redirections, case). */
export function* expandString(w: Word, x: ExpandEnv): Step<string> {
  const ps = yield* pieces(w, x);
  let out = '';
  let first = true;
  for (const p of ps) {
    if ('brk' in p) {
      if (!p.none && !first) out += ' ';
      continue;
    }
    out += p.text;
    first = false;
  }
  return out;
}

/** A word as a pattern (case items, ${X#p}): quoted parts match literally, the rest is a glob. */
export function* expandPattern(w: Word, x: ExpandEnv): Step<string> {
  let out = '';
  for (const seg of w) {
    if (seg.t === 'lit') out += seg.q ? escapeRe(seg.text) : globSource(seg.text);
    else {
      const text = yield* expandString([seg], x);
      out += seg.t !== 'tilde' && seg.q ? escapeRe(text) : globSource(text);
    }
  }
  return out;
}
