// awk as labs use it: `awk '{print $2}'`, -F SEP, -v VAR=VALUE, patterns (/RE/, expressions such as NR==2,
// $1=="web", $3 ~ /x/, NR>1), BEGIN and END, print and printf, variables, assignments (= += -= ++ --), arithmetic,
// string concatenation, comparisons, && || !, if/else, length(), toupper(), tolower(), substr(), index(), split()
// is not there. A program beyond this is refused with a message rather than answered wrongly.

import type { CmdIO, ContainerSession } from '../context.js';
import { inputs } from './basic.js';
import { posixRegex } from './sed.js';
import { AwkError, Parser, tokenize, type Expr, type Rule, type Stmt } from './awk-parse.js';
import { formatPrintf } from './printf.js';

type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

type Val = string | number;
const num = (v: Val): number => (typeof v === 'number' ? v : parseFloat(v) || 0);
const str = (v: Val): string => (typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
const looksNumeric = (v: Val) => typeof v === 'number' || /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v);

class Next extends Error {}

class Machine {
  vars = new Map<string, Val>();
  fields: string[] = [];
  constructor(
    private fs: string,
    private out: (t: string) => void,
  ) {}
  setRecord(line: string): void {
    const f = this.fs === ' ' ? line.trim().split(/[ \t]+/).filter(Boolean) : line.split(this.fs.length === 1 ? this.fs : new RegExp(this.fs));
    this.fields = [line, ...(line === '' ? [] : f)];
    this.vars.set('NF', this.fields.length - 1);
  }
  getField(i: number): string {
    return this.fields[i] ?? '';
  }
  setField(i: number, v: string): void {
    if (i === 0) return this.setRecord(v);
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    this.fields[0] = this.fields.slice(1).join(str(this.vars.get('OFS') ?? ' '));
    this.vars.set('NF', this.fields.length - 1);
  }
  get(e: Expr): Val {
    if (e.k === 'var') return this.vars.get(e.name) ?? '';
    if (e.k === 'field') return this.getField(Math.trunc(num(this.eval(e.index))));
    throw new AwkError('assignment to a non-variable');
  }
  set(e: Expr, v: Val): void {
    if (e.k === 'var') this.vars.set(e.name, v);
    else if (e.k === 'field') this.setField(Math.trunc(num(this.eval(e.index))), str(v));
  }
  eval(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return e.v.test(this.fields[0] ?? '') ? 1 : 0;
      case 'var':
      case 'field':
        return this.get(e);
      case 'not':
        return this.truthy(this.eval(e.a)) ? 0 : 1;
      case 'neg':
        return -num(this.eval(e.a));
      case 'cond':
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'assign': {
        const v = this.eval(e.value);
        const cur = num(this.get(e.target));
        const nv = e.op === '=' ? v : e.op === '+=' ? cur + num(v) : e.op === '-=' ? cur - num(v) : e.op === '*=' ? cur * num(v) : cur / num(v);
        this.set(e.target, nv);
        return nv;
      }
      case 'incr': {
        const cur = num(this.get(e.target));
        const nv = e.op === '++' ? cur + 1 : cur - 1;
        this.set(e.target, nv);
        return e.prefix ? nv : cur;
      }
      case 'call': {
        const a = e.args.map((x) => this.eval(x));
        switch (e.name) {
          case 'length':
            return str(a.length ? a[0] : this.fields[0] ?? '').length;
          case 'toupper':
            return str(a[0] ?? '').toUpperCase();
          case 'tolower':
            return str(a[0] ?? '').toLowerCase();
          case 'int':
            return Math.trunc(num(a[0] ?? 0));
          case 'index':
            return str(a[0] ?? '').indexOf(str(a[1] ?? '')) + 1;
          default: {
            const s = str(a[0] ?? '');
            const from = Math.max(1, Math.trunc(num(a[1] ?? 1)));
            return a.length > 2 ? s.substr(from - 1, Math.max(0, Math.trunc(num(a[2])) - (from - Math.trunc(num(a[1] ?? 1))))) : s.slice(from - 1);
          }
        }
      }
      case 'bin': {
        if (e.op === '&&') return this.truthy(this.eval(e.a)) && this.truthy(this.eval(e.b)) ? 1 : 0;
        if (e.op === '||') return this.truthy(this.eval(e.a)) || this.truthy(this.eval(e.b)) ? 1 : 0;
        if (e.op === '~' || e.op === '!~') {
          const re = e.b.k === 're' ? e.b.v : new RegExp(posixRegex(str(this.eval(e.b)), true));
          const hit = re.test(str(this.eval(e.a)));
          return hit === (e.op === '~') ? 1 : 0;
        }
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        switch (e.op) {
          case 'concat':
            return str(a) + str(b);
          case '+':
            return num(a) + num(b);
          case '-':
            return num(a) - num(b);
          case '*':
            return num(a) * num(b);
          case '/':
            if (num(b) === 0) throw new AwkError('division by zero');
            return num(a) / num(b);
          case '%':
            return num(a) % num(b);
        }
        const numeric = looksNumeric(a) && looksNumeric(b) && !(e.a.k === 'str' || e.b.k === 'str');
        const cmp = numeric ? num(a) - num(b) : str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
        const r = { '==': cmp === 0, '!=': cmp !== 0, '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[e.op];
        return r ? 1 : 0;
      }
    }
  }
  truthy(v: Val): boolean {
    return typeof v === 'number' ? v !== 0 : looksNumeric(v) ? num(v) !== 0 : v !== '';
  }
  run(stmts: Stmt[]): void {
    for (const st of stmts) {
      if (st.k === 'next') throw new Next();
      if (st.k === 'expr') this.eval(st.e);
      else if (st.k === 'if') this.run(this.truthy(this.eval(st.c)) ? st.then : st.else);
      else if (st.printf) {
        const [f, ...rest] = st.args.map((a) => this.eval(a));
        this.out(formatPrintf(str(f ?? ''), rest.map(str)));
      } else {
        const ofs = str(this.vars.get('OFS') ?? ' ');
        this.out((st.args.length ? st.args.map((a) => str(this.eval(a))).join(ofs) : this.fields[0] ?? '') + str(this.vars.get('ORS') ?? '\n'));
      }
    }
  }
}

export const awk: Tool = (argv, s, io) => {
  let fs = ' ';
  let program: string | undefined;
  const assigns: Array<[string, string]> = [];
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-F') fs = argv[++i] ?? ' ';
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (a === '-v') {
      const [k, ...v] = (argv[++i] ?? '').split('=');
      assigns.push([k, v.join('=')]);
    } else if (a === '-f') {
      io.err('kubesim: awk: -f (program files) is not simulated\n');
      return 2;
    } else if (program === undefined) program = a;
    else files.push(a);
  }
  if (program === undefined) {
    io.err('usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n');
    return 2;
  }
  if (fs === 't' || fs === '\\t') fs = '\t';
  let rules: Rule[];
  try {
    rules = new Parser(tokenize(program)).program();
  } catch (e) {
    if (!(e instanceof AwkError || e instanceof SyntaxError)) throw e;
    io.err(`awk: ${e.message}\n`);
    return 2;
  }
  const m = new Machine(fs, io.out);
  for (const [k, v] of assigns) m.vars.set(k, v);
  // awk's own words for a file it cannot read (exit 2)
  const { texts, code: readCode } = inputs(files, s, { ...io, err: (t) => io.err(t.replace(/^awk: (?:can't open ')?(.*?)'?: No such file or directory\n$/, 'awk: cannot open $1 (No such file or directory)\n')) }, 'awk');
  const code = readCode ? 2 : 0;
  const text = texts.join('');
  try {
    m.setRecord('');
    for (const r of rules) if (r.pattern === 'BEGIN') m.run(r.action ?? []);
    let nr = 0;
    for (const line of text === '' ? [] : text.replace(/\n$/, '').split('\n')) {
      m.vars.set('NR', ++nr);
      m.setRecord(line);
      try {
        for (const r of rules) {
          if (r.pattern === 'BEGIN' || r.pattern === 'END') continue;
          if (r.pattern && !m.truthy(m.eval(r.pattern))) continue;
          if (r.action) m.run(r.action);
          else io.out(m.fields[0] + '\n');
        }
      } catch (e) {
        if (!(e instanceof Next)) throw e;
      }
    }
    for (const r of rules) if (r.pattern === 'END') m.run(r.action ?? []);
  } catch (e) {
    if (!(e instanceof AwkError)) throw e;
    io.err(`awk: ${e.message}\n`);
    return 2;
  }
  return code;
};
