// Shell arithmetic, `$((...))` and `let`: integers (64-bit in the shells; JavaScript's safe integers here), the
// C operators + - * / % ** << >> & | ^ ~ ! < <= > >= == != && || ?: , the assignments = += -= *= /= %= and
// ++/--, decimal, octal (0NN) and hex (0xNN) constants, and variables by name (unset or empty: 0). The text has
// had its $VAR and $(...) expanded already.

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { n: number } | { id: string } | { op: string };

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '~', '!', '?', ':', '=', '(', ')', ','];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(?![A-Za-z0-9_])/.exec(src.slice(i));
    if (num) {
      const t = num[1];
      out.push({ n: /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t) });
      i += t.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ id: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${src.slice(i)}")`);
    out.push({ op });
    i += op.length;
  }
  return out;
}

const BINARY: Array<string[]> = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '||':
      return a || b ? 1 : 0;
    case '&&':
      return a && b ? 1 : 0;
    case '|':
      return Number(BigInt.asIntN(64, BigInt(a) | BigInt(b)));
    case '^':
      return Number(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)));
    case '&':
      return Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)));
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<<':
      return Number(BigInt.asIntN(64, BigInt(a) << BigInt(b)));
    case '>>':
      return Number(BigInt.asIntN(64, BigInt(a) >> BigInt(b)));
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '**':
      return a ** b;
    case '/':
    case '%':
      if (b === 0) throw new ArithError('division by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
  }
  throw new ArithError(`syntax error: ${op}`);
}

/** Evaluates an arithmetic expression; assignments go to `vars`. */
export function evalArith(src: string, vars: ArithVars, opts: { power?: boolean } = {}): number {
  const toks = lex(src);
  // dash has no `**`
  if (opts.power === false && toks.some((t) => 'op' in t && t.op === '**')) throw new ArithError('syntax error: operand expected (error token is "*")');
  let i = 0;
  const peekOp = (): string | undefined => {
    const t = toks[i];
    return t && 'op' in t ? t.op : undefined;
  };
  const valueOf = (name: string): number => {
    const v = (vars.get(name) ?? '').trim();
    if (v === '') return 0;
    if (/^[+-]?\d+$/.test(v)) return Number(v);
    return evalArith(v, vars, opts);
  };
  // skip: evaluate without side effects (the untaken side of && || ?:)
  let skip = 0;
  const assign = (name: string, v: number): number => {
    if (!skip) vars.set(name, String(v));
    return v;
  };
  const primary = (): number => {
    const t = toks[i];
    if (!t) throw new ArithError('syntax error: operand expected');
    if ('n' in t) {
      i++;
      return t.n;
    }
    if ('id' in t) {
      i++;
      const op = peekOp();
      if (op === '++' || op === '--') {
        i++;
        const old = valueOf(t.id);
        assign(t.id, old + (op === '++' ? 1 : -1));
        return old;
      }
      if (op && /^(=|\+=|-=|\*=|\/=|%=|<<=|>>=|&=|\|=|\^=)$/.test(op)) {
        i++;
        const rhs = assignment();
        return assign(t.id, op === '=' ? rhs : apply(op.slice(0, -1), valueOf(t.id), rhs));
      }
      return valueOf(t.id);
    }
    switch (t.op) {
      case '(': {
        i++;
        const v = comma();
        if (peekOp() !== ')') throw new ArithError("syntax error: missing ')'");
        i++;
        return v;
      }
      case '++':
      case '--': {
        i++;
        const id = toks[i];
        if (!id || !('id' in id)) throw new ArithError('syntax error: operand expected');
        i++;
        return assign(id.id, valueOf(id.id) + (t.op === '++' ? 1 : -1));
      }
      case '-':
        i++;
        return -unary();
      case '+':
        i++;
        return unary();
      case '!':
        i++;
        return unary() ? 0 : 1;
      case '~':
        i++;
        return ~unary();
    }
    throw new ArithError(`syntax error: operand expected (error token is "${t.op}")`);
  };
  const unary = (): number => primary();
  const power = (): number => {
    const a = unary();
    if (peekOp() === '**') {
      i++;
      return apply('**', a, power());
    }
    return a;
  };
  const binary = (level: number): number => {
    if (level >= BINARY.length) return power();
    let a = binary(level + 1);
    for (;;) {
      const op = peekOp();
      if (!op || !BINARY[level].includes(op)) return a;
      i++;
      const short = (op === '&&' && !a) || (op === '||' && a);
      if (short) skip++;
      const b = binary(level + 1);
      if (short) skip--;
      a = short ? (op === '||' ? 1 : 0) : apply(op, a, b);
    }
  };
  const ternary = (): number => {
    const c = binary(0);
    if (peekOp() !== '?') return c;
    i++;
    if (!c) skip++;
    const a = assignment();
    if (!c) skip--;
    if (peekOp() !== ':') throw new ArithError("syntax error: expected ':'");
    i++;
    if (c) skip++;
    const b = assignment();
    if (c) skip--;
    return c ? a : b;
  };
  const assignment = (): number => ternary();
  const comma = (): number => {
    let v = assignment();
    while (peekOp() === ',') {
      i++;
      v = assignment();
    }
    return v;
  };
  if (toks.length === 0) return 0;
  const v = comma();
  if (i < toks.length) {
    const t = toks[i];
    throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${'op' in t ? t.op : 'n' in t ? t.n : t.id}")`);
  }
  return v;
}
