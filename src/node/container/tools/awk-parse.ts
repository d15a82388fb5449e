// The awk program reader: tokens (regex literals told from division by what precedes them), then a recursive-descent
// parser to rules of pattern and action with awk's precedence (ternary, assignment, ||, &&, ~, comparison,
// concatenation, additive, multiplicative, unary, postfix). Constructs kubesim does not run are refused by name.

import { posixRegex } from './sed.js';

export class AwkError extends Error {}

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const lastSignificant = () => out[out.length - 1];
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '#') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '\n' || c === ';') {
      out.push({ t: 'op', v: ';' });
      i++;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      const m = /^\d*\.?\d+(?:[eE][-+]?\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[++j];
          v += ({ n: '\n', t: '\t', '\\': '\\', '"': '"', '/': '/' } as Record<string, string>)[e] ?? '\\' + e;
        } else v += src[j];
        j++;
      }
      if (j >= src.length) throw new AwkError('non-terminated string');
      out.push({ t: 'str', v });
      i = j + 1;
    } else if (c === '/' && (!lastSignificant() || (lastSignificant().t === 'op' && !')]'.includes(String(lastSignificant().v))))) {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '/') {
        if (src[j] === '\\' && src[j + 1] === '/') {
          v += '/';
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) throw new AwkError('non-terminated regular expression');
      out.push({ t: 're', v });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const m = /^(\+\+|--|\+=|-=|\*=|\/=|==|!=|<=|>=|&&|\|\||!~|[-+*/%<>=!~(){}$,?:])/.exec(src.slice(i));
      if (!m) throw new AwkError(`syntax error at source line 1: unexpected character '${c}'`);
      out.push({ t: 'op', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: RegExp }
  | { k: 'var'; name: string }
  | { k: 'field'; index: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'assign'; op: string; target: Expr; value: Expr }
  | { k: 'incr'; op: '++' | '--'; target: Expr; prefix: boolean }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr };

export type Stmt =
  | { k: 'print'; args: Expr[]; printf: boolean }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; then: Stmt[]; else: Stmt[] }
  | { k: 'next' };

export interface Rule {
  pattern?: Expr | 'BEGIN' | 'END';
  action?: Stmt[];
}

const FUNCS = new Set(['length', 'toupper', 'tolower', 'substr', 'index', 'int']);

export class Parser {
  i = 0;
  constructor(private toks: Tok[]) {}
  peek(v?: string): boolean {
    const t = this.toks[this.i];
    return !!t && (v === undefined || (t.t === 'op' && t.v === v) || (t.t === 'id' && t.v === v));
  }
  take(v: string): void {
    if (!this.peek(v)) throw new AwkError(`syntax error at source line 1: expected '${v}'`);
    this.i++;
  }
  skipSemis(): void {
    while (this.peek(';')) this.i++;
  }
  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipSemis();
    while (this.i < this.toks.length) {
      const r: Rule = {};
      if (this.peek('BEGIN') || this.peek('END')) r.pattern = (this.toks[this.i++] as { v: 'BEGIN' | 'END' }).v;
      else if (!this.peek('{')) r.pattern = this.expr();
      if (this.peek('{')) r.action = this.block();
      rules.push(r);
      this.skipSemis();
    }
    return rules;
  }
  block(): Stmt[] {
    this.take('{');
    const out: Stmt[] = [];
    this.skipSemis();
    while (!this.peek('}')) {
      if (this.i >= this.toks.length) throw new AwkError("syntax error at source line 1: missing '}'");
      out.push(this.stmt());
      this.skipSemis();
    }
    this.take('}');
    return out;
  }
  stmt(): Stmt {
    if (this.peek('print') || this.peek('printf')) {
      const printf = (this.toks[this.i++] as { v: string }).v === 'printf';
      const args: Expr[] = [];
      const paren = this.peek('(');
      if (!this.peek(';') && !this.peek('}')) {
        args.push(this.expr(paren));
        while (this.peek(',')) {
          this.i++;
          args.push(this.expr(paren));
        }
      }
      if (this.peek('>')) throw new AwkError('output redirection is not simulated');
      return { k: 'print', args, printf };
    }
    if (this.peek('if')) {
      this.i++;
      this.take('(');
      const c = this.expr();
      this.take(')');
      this.skipSemis();
      const then = this.peek('{') ? this.block() : [this.stmt()];
      const save = this.i;
      this.skipSemis();
      let els: Stmt[] = [];
      if (this.peek('else')) {
        this.i++;
        this.skipSemis();
        els = this.peek('{') ? this.block() : [this.stmt()];
      } else this.i = save;
      return { k: 'if', c, then, else: els };
    }
    if (this.peek('next')) {
      this.i++;
      return { k: 'next' };
    }
    for (const kw of ['while', 'for', 'do', 'getline', 'function', 'delete', 'exit', 'split', 'gsub', 'sub', 'printf >']) {
      if (this.peek(kw)) throw new AwkError(`'${kw}' is not simulated`);
    }
    return { k: 'expr', e: this.expr() };
  }
  expr(noGt = false): Expr {
    return this.ternary(noGt);
  }
  ternary(noGt: boolean): Expr {
    const c = this.assignment(noGt);
    if (!this.peek('?')) return c;
    this.i++;
    const a = this.ternary(noGt);
    this.take(':');
    return { k: 'cond', c, a, b: this.ternary(noGt) };
  }
  assignment(noGt: boolean): Expr {
    const left = this.or(noGt);
    const t = this.toks[this.i];
    if (t?.t === 'op' && ['=', '+=', '-=', '*=', '/='].includes(t.v) && (left.k === 'var' || left.k === 'field')) {
      this.i++;
      return { k: 'assign', op: t.v, target: left, value: this.assignment(noGt) };
    }
    return left;
  }
  or(noGt: boolean): Expr {
    let a = this.and(noGt);
    while (this.peek('||')) {
      this.i++;
      a = { k: 'bin', op: '||', a, b: this.and(noGt) };
    }
    return a;
  }
  and(noGt: boolean): Expr {
    let a = this.match(noGt);
    while (this.peek('&&')) {
      this.i++;
      a = { k: 'bin', op: '&&', a, b: this.match(noGt) };
    }
    return a;
  }
  match(noGt: boolean): Expr {
    let a = this.compare(noGt);
    while (this.peek('~') || this.peek('!~')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: this.compare(noGt) };
    }
    return a;
  }
  compare(noGt: boolean): Expr {
    const a = this.concat(noGt);
    const t = this.toks[this.i];
    if (t?.t === 'op' && ['==', '!=', '<', '<=', '>=', ...(noGt ? [] : ['>'])].includes(t.v)) {
      this.i++;
      return { k: 'bin', op: t.v, a, b: this.concat(noGt) };
    }
    return a;
  }
  concat(noGt: boolean): Expr {
    let a = this.additive();
    for (;;) {
      const t = this.toks[this.i];
      if (!t || (t.t === 'op' && !['$', '(', '!', '-', '++', '--'].includes(t.v)) || (t.t === 'id' && ['in', 'else'].includes(t.v))) break;
      if (t.t === 'op' && (t.v === '-' || t.v === '!')) break;
      a = { k: 'bin', op: 'concat', a, b: this.additive() };
    }
    void noGt;
    return a;
  }
  additive(): Expr {
    let a = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: this.term() };
    }
    return a;
  }
  term(): Expr {
    let a = this.unary();
    while (this.peek('*') || this.peek('/') || this.peek('%')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: this.unary() };
    }
    return a;
  }
  unary(): Expr {
    if (this.peek('!')) {
      this.i++;
      return { k: 'not', a: this.unary() };
    }
    if (this.peek('-')) {
      this.i++;
      return { k: 'neg', a: this.unary() };
    }
    if (this.peek('+')) {
      this.i++;
      return this.unary();
    }
    if (this.peek('++') || this.peek('--')) {
      const op = (this.toks[this.i++] as { v: '++' | '--' }).v;
      return { k: 'incr', op, target: this.primary(), prefix: true };
    }
    const p = this.primary();
    if ((this.peek('++') || this.peek('--')) && (p.k === 'var' || p.k === 'field')) {
      const op = (this.toks[this.i++] as { v: '++' | '--' }).v;
      return { k: 'incr', op, target: p, prefix: false };
    }
    return p;
  }
  primary(): Expr {
    const t = this.toks[this.i++];
    if (!t) throw new AwkError('syntax error at source line 1: unexpected end of program');
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 're') return { k: 're', v: new RegExp(posixRegex(t.v, true)) };
    if (t.t === 'op' && t.v === '$') return { k: 'field', index: this.primary() };
    if (t.t === 'op' && t.v === '(') {
      const e = this.expr();
      this.take(')');
      return e;
    }
    if (t.t === 'id') {
      if (this.peek('(') && FUNCS.has(t.v)) {
        this.i++;
        const args: Expr[] = [];
        if (!this.peek(')')) {
          args.push(this.expr());
          while (this.peek(',')) {
            this.i++;
            args.push(this.expr());
          }
        }
        this.take(')');
        return { k: 'call', name: t.v, args };
      }
      if (t.v === 'length') return { k: 'call', name: 'length', args: [] };
      if (this.peek('(') || this.peek('[')) throw new AwkError(`'${t.v}(...)' is not simulated`);
      return { k: 'var', name: t.v };
    }
    throw new AwkError(`syntax error at source line 1: unexpected '${t.v}'`);
  }
}

