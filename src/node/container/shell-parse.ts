// The one shell grammar (POSIX sh, as ash and dash parse it): lists with `;` `&` `&&` `||` and newlines,
// pipelines with `!`, simple commands with assignments and redirections, and the compound commands: `{ ...; }`,
// `( ... )`, if/elif/else, for, while, until, case and function definitions `f() { ...; }`. Like ash and dash the
// top level is parsed one complete command at a time (`Parser.next`), so a script runs up to its first syntax
// error. Errors name the token found and the one expected; the interpreter words them per shell.

import { Incomplete, Lexer, plainText, type Heredoc, type Token, type Word } from './shell-lex.js';

export { Incomplete, plainText };
export type { Heredoc, Seg, Word } from './shell-lex.js';

export interface Redir {
  /** the fd redirected (default: 0 for `<`, 1 for `>`) */
  fd: number;
  op: string;
  target: Word;
  heredoc?: Heredoc;
}

interface Base {
  redirs: Redir[];
  line: number;
}
export type Command =
  | (Base & { t: 'simple'; assigns: Array<{ name: string; value: Word }>; words: Word[] })
  | (Base & { t: 'if'; clauses: Array<{ cond: List; body: List }>; else?: List })
  | (Base & { t: 'for'; name: string; items?: Word[]; body: List })
  | (Base & { t: 'while'; until: boolean; cond: List; body: List })
  | (Base & { t: 'case'; word: Word; items: Array<{ patterns: Word[]; body: List }> })
  | (Base & { t: 'brace'; body: List })
  | (Base & { t: 'subshell'; body: List })
  | (Base & { t: 'func'; name: string; body: Command });

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
}
export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; p: Pipeline }>;
  /** ended by `&` */
  bg: boolean;
}
export type List = AndOr[];

/** A syntax error: the token found (`found`, as the shells name it) and, when one was required, `expecting`. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly found: TokenName,
    readonly expecting: string | undefined,
    readonly line: number,
  ) {
    super(`syntax error: unexpected ${found.name}${expecting ? ` (expecting ${expecting})` : ''}`);
  }
}

/** ash/dash's name of a token (`end of file`, `newline`, `word`, `"done"`) and bash's (`done`, `newline`). */
export interface TokenName {
  name: string;
  bash: string;
  eof: boolean;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', '{', '}', '!', 'in']);
/** Keywords that end a list (ash's and dash's tokendlist). */
const LIST_END = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);

function nameOf(t: Token): TokenName {
  switch (t.k) {
    case 'eof':
      return { name: 'end of file', bash: 'end of file', eof: true };
    case 'nl':
      return { name: 'newline', bash: 'newline', eof: false };
    case 'redir':
      return { name: 'redirection', bash: t.op, eof: false };
    case 'op':
      return { name: `"${t.op}"`, bash: t.op, eof: false };
    default: {
      const p = plainText(t.w);
      if (p !== undefined && KEYWORDS.has(p)) return { name: `"${p}"`, bash: p, eof: false };
      return { name: 'word', bash: t.text, eof: false };
    }
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Parser {
  private readonly toks: Token[];
  private p = 0;

  /** Throws Incomplete when the source ends inside a quote, substitution or heredoc. */
  constructor(src: string, opts: { heredocAtEof?: boolean } = {}) {
    this.toks = new Lexer(src, opts.heredocAtEof).tokens();
  }

  private peek(): Token {
    return this.toks[this.p];
  }

  private kw(t: Token = this.peek()): string | undefined {
    return t.k === 'word' ? plainText(t.w) : undefined;
  }

  private isKw(word: string): boolean {
    return this.kw() === word;
  }

  private fail(expecting?: string): never {
    const t = this.peek();
    throw new ShellSyntaxError(nameOf(t), expecting, t.line);
  }

  private expectKw(word: string): void {
    if (!this.isKw(word)) this.fail(`"${word}"`);
    this.p++;
  }

  private newlines(): void {
    while (this.peek().k === 'nl') this.p++;
  }

  /** The next complete command of the top level (up to its newline), or undefined at the end of the source. */
  next(): List | undefined {
    this.newlines();
    if (this.peek().k === 'eof') return undefined;
    const list: List = [];
    for (;;) {
      const ao = this.andOr();
      list.push(ao);
      const t = this.peek();
      if (t.k === 'op' && (t.op === ';' || t.op === '&')) {
        ao.bg = t.op === '&';
        this.p++;
        const n = this.peek();
        if (n.k === 'nl' || n.k === 'eof') {
          if (n.k === 'nl') this.p++;
          return list;
        }
        continue;
      }
      if (t.k === 'nl') {
        this.p++;
        return list;
      }
      if (t.k === 'eof') return list;
      this.fail();
    }
  }

  /** A compound list: at least one and-or, up to a keyword that ends lists, `)` or `;;`. */
  private list(): List {
    this.newlines();
    const list: List = [this.andOr()];
    for (;;) {
      const t = this.peek();
      if (t.k === 'op' && (t.op === ';' || t.op === '&')) {
        list[list.length - 1].bg = t.op === '&';
        this.p++;
      } else if (t.k === 'nl') this.p++;
      else return list;
      this.newlines();
      const n = this.peek();
      const k = this.kw(n);
      if (n.k === 'eof' || (k !== undefined && LIST_END.has(k)) || (n.k === 'op' && (n.op === ')' || n.op === ';;'))) return list;
      list.push(this.andOr());
    }
  }

  private andOr(): AndOr {
    const ao: AndOr = { first: this.pipeline(), rest: [], bg: false };
    for (;;) {
      const t = this.peek();
      if (t.k !== 'op' || (t.op !== '&&' && t.op !== '||')) return ao;
      this.p++;
      this.newlines();
      ao.rest.push({ op: t.op, p: this.pipeline() });
    }
  }

  private pipeline(): Pipeline {
    let bang = false;
    if (this.isKw('!')) {
      bang = true;
      this.p++;
    }
    const cmds = [this.command()];
    while (this.peek().k === 'op' && (this.peek() as { op: string }).op === '|') {
      this.p++;
      this.newlines();
      cmds.push(this.command());
    }
    return { bang, cmds };
  }

  private command(): Command {
    const t = this.peek();
    const line = t.line;
    const k = this.kw(t);
    let c: Command;
    if (t.k === 'op' && t.op === '(') {
      this.p++;
      const body = this.list();
      if (!(this.peek().k === 'op' && (this.peek() as { op: string }).op === ')')) this.fail('")"');
      this.p++;
      c = { t: 'subshell', body, redirs: [], line };
    } else if (k === '{') {
      this.p++;
      const body = this.list();
      this.expectKw('}');
      c = { t: 'brace', body, redirs: [], line };
    } else if (k === 'if') c = this.ifClause(line);
    else if (k === 'while' || k === 'until') {
      this.p++;
      const cond = this.list();
      this.expectKw('do');
      const body = this.list();
      this.expectKw('done');
      c = { t: 'while', until: k === 'until', cond, body, redirs: [], line };
    } else if (k === 'for') c = this.forClause(line);
    else if (k === 'case') c = this.caseClause(line);
    else if (t.k === 'word' && (k === undefined || !KEYWORDS.has(k))) return this.simple();
    else if (t.k === 'redir') return this.simple();
    else this.fail();
    while (this.peek().k === 'redir') c.redirs.push(this.redir());
    return c;
  }

  private ifClause(line: number): Command {
    this.p++;
    const clauses: Array<{ cond: List; body: List }> = [];
    let cond = this.list();
    this.expectKw('then');
    clauses.push({ cond, body: this.list() });
    let elseList: List | undefined;
    for (;;) {
      if (this.isKw('elif')) {
        this.p++;
        cond = this.list();
        this.expectKw('then');
        clauses.push({ cond, body: this.list() });
      } else if (this.isKw('else')) {
        this.p++;
        elseList = this.list();
        this.expectKw('fi');
        break;
      } else {
        this.expectKw('fi');
        break;
      }
    }
    return { t: 'if', clauses, else: elseList, redirs: [], line };
  }

  private forClause(line: number): Command {
    this.p++;
    const nt = this.peek();
    const name = nt.k === 'word' ? plainText(nt.w) : undefined;
    if (name === undefined || !NAME.test(name)) {
      if (nt.k === 'word') throw new ShellSyntaxError({ name: `bad for loop variable`, bash: nt.text, eof: false }, undefined, nt.line);
      this.fail();
    }
    this.p++;
    let items: Word[] | undefined;
    this.newlines();
    if (this.isKw('in')) {
      this.p++;
      items = [];
      while (this.peek().k === 'word') items.push((this.toks[this.p++] as { w: Word }).w);
      const t = this.peek();
      if (t.k === 'op' && t.op === ';') this.p++;
      else if (t.k !== 'nl') this.fail();
    } else if (this.peek().k === 'op' && (this.peek() as { op: string }).op === ';') this.p++;
    this.newlines();
    this.expectKw('do');
    const body = this.list();
    this.expectKw('done');
    return { t: 'for', name, items, body, redirs: [], line };
  }

  private caseClause(line: number): Command {
    this.p++;
    const wt = this.peek();
    if (wt.k !== 'word') this.fail();
    this.p++;
    this.newlines();
    this.expectKw('in');
    const items: Array<{ patterns: Word[]; body: List }> = [];
    for (;;) {
      this.newlines();
      if (this.isKw('esac')) {
        this.p++;
        break;
      }
      if (this.peek().k === 'op' && (this.peek() as { op: string }).op === '(') this.p++;
      const patterns: Word[] = [];
      for (;;) {
        const pt = this.peek();
        if (pt.k !== 'word') this.fail();
        patterns.push(pt.w);
        this.p++;
        const sep = this.peek();
        if (sep.k === 'op' && sep.op === '|') {
          this.p++;
          continue;
        }
        if (sep.k === 'op' && sep.op === ')') {
          this.p++;
          break;
        }
        this.fail('")"');
      }
      this.newlines();
      let body: List = [];
      const n = this.peek();
      if (!(n.k === 'op' && n.op === ';;') && !this.isKw('esac')) body = this.list();
      items.push({ patterns, body });
      const e = this.peek();
      if (e.k === 'op' && e.op === ';;') this.p++;
      else if (this.isKw('esac')) continue;
      else this.fail('";;"');
    }
    return { t: 'case', word: wt.w, items, redirs: [], line };
  }

  private redir(): Redir {
    const t = this.toks[this.p++] as Extract<Token, { k: 'redir' }>;
    const target = this.peek();
    if (target.k !== 'word') this.fail();
    this.p++;
    const fd = t.fd ?? (t.op.startsWith('<') ? 0 : 1);
    return { fd, op: t.op, target: target.w, heredoc: t.heredoc };
  }

  private simple(): Command {
    const line = this.peek().line;
    const c: Extract<Command, { t: 'simple' }> = { t: 'simple', assigns: [], words: [], redirs: [], line };
    for (;;) {
      const t = this.peek();
      if (t.k === 'redir') {
        c.redirs.push(this.redir());
        continue;
      }
      if (t.k !== 'word') break;
      if (c.words.length === 0) {
        const first = t.w[0];
        const m = first?.t === 'lit' && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
        if (m && first?.t === 'lit') {
          const rest = first.text.slice(m[0].length);
          const value: Word = [...(rest ? [{ t: 'lit' as const, text: rest, q: false }] : []), ...t.w.slice(1)];
          c.assigns.push({ name: m[1], value });
          this.p++;
          continue;
        }
      }
      c.words.push(t.w);
      this.p++;
      // NAME() compound-command: a function definition
      if (c.words.length === 1 && c.assigns.length === 0 && c.redirs.length === 0) {
        const a = this.toks[this.p];
        const b = this.toks[this.p + 1];
        if (a?.k === 'op' && a.op === '(' && b?.k === 'op' && b.op === ')') {
          const name = plainText(t.w);
          if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) this.fail();
          this.p += 2;
          this.newlines();
          const body = this.command();
          if (body.t === 'simple') throw new ShellSyntaxError(nameOf(this.toks[this.p - 1]), undefined, body.line);
          return { t: 'func', name, body, redirs: [], line };
        }
      }
    }
    return c;
  }
}

/** Parses a whole script (all its complete commands). */
export function parseScript(src: string): List {
  const p = new Parser(src);
  const out: List = [];
  for (let l = p.next(); l; l = p.next()) out.push(...l);
  return out;
}

/** Whether `src` is complete input: false when a quote, heredoc or compound command is still open. */
export function isComplete(src: string): boolean {
  try {
    parseScript(src);
    return true;
  } catch (e) {
    if (e instanceof Incomplete) return false;
    if (e instanceof ShellSyntaxError) return !e.found.eof;
    throw e;
  }
}
