// The shell's tokens: words (their quoting and the expansions inside them: $VAR, ${VAR...}, $(...), `...`,
// $((...)), ~), operators, redirections (with an fd number, heredoc bodies read after the line that opens them)
// and newlines, each with its line number. Quotes left open, a `$(` or `${` never closed and a heredoc whose end
// is missing are reported as incomplete input (`Incomplete`): an interactive shell then asks for more with "> ".

/** A piece of a word. `q`: inside quotes (not split into fields, matched literally by `case`). */
export type Seg =
  | { t: 'lit'; text: string; q: boolean }
  | { t: 'param'; name: string; op: string; arg: Word | null; q: boolean }
  | { t: 'subst'; cmd: string; q: boolean }
  | { t: 'arith'; expr: string; q: boolean }
  | { t: 'tilde' };
export type Word = Seg[];

export interface Heredoc {
  delim: string;
  strip: boolean;
  quoted: boolean;
  /** filled in when the line that opened it ends */
  body: string;
}

export type Token =
  | { k: 'word'; w: Word; text: string; line: number }
  | { k: 'op'; op: string; line: number }
  | { k: 'redir'; op: string; fd: number | undefined; line: number; heredoc?: Heredoc }
  | { k: 'nl'; line: number }
  | { k: 'eof'; line: number };

/** The input ends inside a quote, a substitution or a heredoc: `what` names what was left open. */
export class Incomplete extends Error {
  constructor(
    readonly what: 'quote' | 'dquote' | 'backquote' | 'subst' | 'param' | 'heredoc',
    readonly line: number,
    readonly heredoc?: string,
  ) {
    super(`incomplete input (${what})`);
  }
}

const REDIR_OPS = ['<<-', '<<', '>>', '>&', '<&', '<>', '>|', '&>', '>', '<'];
const OPS = ['&&', '||', ';;', ';', '&', '|', '(', ')'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

export const PARAM_OPS = [':-', ':=', ':+', ':?', '-', '=', '+', '?', '##', '#', '%%', '%'];
const SPECIAL_PARAMS = new Set(['?', '#', '@', '*', '$', '!', '0', '-']);

/** The literal text of a word that is nothing but unquoted characters (keywords, names, `f()`). */
export function plainText(w: Word): string | undefined {
  if (w.length !== 1 || w[0].t !== 'lit' || w[0].q) return w.length === 0 ? '' : undefined;
  return w[0].text;
}

export class Lexer {
  private i = 0;
  private readonly nls: number[] = [];
  private pending: Heredoc[] = [];

  /** heredocAtEof: the end of the source ends an open heredoc (a script); otherwise the input is incomplete */
  constructor(
    private readonly src: string,
    private readonly heredocAtEof = false,
  ) {
    for (let j = 0; j < src.length; j++) if (src[j] === '\n') this.nls.push(j);
  }

  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.nls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.nls[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** All tokens of the source, ending with eof. */
  tokens(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.next();
      out.push(t);
      if (t.k === 'eof') return out;
    }
  }

  private next(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && s[this.i + 1] === '\n') this.i += 2;
      else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else break;
    }
    const line = this.lineAt(this.i);
    if (this.i >= s.length) {
      if (this.pending.length) {
        if (!this.heredocAtEof) throw new Incomplete('heredoc', line, this.pending[0].delim);
        this.pending = [];
      }
      return { k: 'eof', line };
    }
    if (s[this.i] === '\n') {
      this.i++;
      this.readHeredocs();
      // dash counts the newline read before it reports a token: an unexpected newline is on the next line
      return { k: 'nl', line: line + 1 };
    }
    const io = /^(\d+)(?=[<>])/.exec(s.slice(this.i, this.i + 12));
    const at = this.i + (io ? io[1].length : 0);
    const r = REDIR_OPS.find((o) => s.startsWith(o, at));
    if (r) {
      this.i = at + r.length;
      const tok: Token = { k: 'redir', op: r, fd: io ? Number(io[1]) : undefined, line };
      if (r === '<<' || r === '<<-') {
        const save = this.i;
        const delim = this.peekWordText();
        if (delim) {
          const hd: Heredoc = { delim: delim.text, strip: r === '<<-', quoted: delim.quoted, body: '' };
          tok.heredoc = hd;
          this.pending.push(hd);
        }
        this.i = save;
      }
      return tok;
    }
    const op = OPS.find((o) => s.startsWith(o, this.i));
    if (op) {
      this.i += op.length;
      return { k: 'op', op, line };
    }
    const start = this.i;
    const w = this.word();
    return { k: 'word', w, text: s.slice(start, this.i), line };
  }

  /** The heredoc delimiter after `<<` (quotes removed; quoted if any quote was in it). */
  private peekWordText(): { text: string; quoted: boolean } | undefined {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\t') this.i++;
    let text = '';
    let quoted = false;
    const s = this.src;
    while (this.i < s.length && !META.has(s[this.i])) {
      const c = s[this.i];
      if (c === "'" || c === '"') {
        const j = s.indexOf(c, this.i + 1);
        if (j < 0) return undefined;
        text += s.slice(this.i + 1, j);
        quoted = true;
        this.i = j + 1;
      } else if (c === '\\') {
        text += s[this.i + 1] ?? '';
        quoted = true;
        this.i += 2;
      } else {
        text += c;
        this.i++;
      }
    }
    return text ? { text, quoted } : undefined;
  }

  private readHeredocs(): void {
    const s = this.src;
    for (const hd of this.pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.i >= s.length) {
          if (!this.heredocAtEof) throw new Incomplete('heredoc', this.lineAt(this.i), hd.delim);
          break;
        }
        let end = s.indexOf('\n', this.i);
        if (end < 0) end = s.length;
        let l = s.slice(this.i, end);
        this.i = Math.min(end + 1, s.length);
        if (hd.strip) l = l.replace(/^\t+/, '');
        if (l === hd.delim) break;
        lines.push(l + '\n');
      }
      hd.body = lines.join('');
    }
    this.pending = [];
  }

  /** One word: its segments, up to an unquoted metacharacter. */
  private word(): Word {
    const s = this.src;
    const w: Word = [];
    const lit = (text: string, q: boolean): void => {
      const last = w[w.length - 1];
      if (last && last.t === 'lit' && last.q === q) last.text += text;
      else w.push({ t: 'lit', text, q });
    };
    if (s[this.i] === '~') {
      const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[\s;&|<>()])/.exec(s.slice(this.i));
      if (m && m[1] === '') {
        w.push({ t: 'tilde' });
        this.i += 1;
      }
    }
    while (this.i < s.length && !META.has(s[this.i])) {
      const c = s[this.i];
      if (c === "'") {
        const j = s.indexOf("'", this.i + 1);
        if (j < 0) throw new Incomplete('quote', this.lineAt(this.i));
        lit(s.slice(this.i + 1, j), true);
        this.i = j + 1;
      } else if (c === '"') {
        this.i++;
        if (s[this.i] === '"') lit('', true);
        for (const seg of this.double('"')) w.push(seg);
        this.i++;
      } else if (c === '\\') {
        if (s[this.i + 1] === '\n') this.i += 2;
        else if (this.i + 1 >= s.length) {
          this.i++;
        } else {
          lit(s[this.i + 1], true);
          this.i += 2;
        }
      } else if (c === '$' || c === '`') {
        const seg = this.dollar(false);
        if (seg) w.push(seg);
        else {
          lit('$', false);
          this.i++;
        }
      } else {
        lit(c, false);
        this.i++;
      }
    }
    return w;
  }

  /** The word of an unquoted `${X:-word}`: quotes and expansions, blanks and metacharacters kept as text. */
  argWord(): Word {
    const s = this.src;
    const out: Word = [];
    while (this.i < s.length) {
      out.push(...this.word());
      if (this.i < s.length) {
        out.push({ t: 'lit', text: s[this.i], q: false });
        this.i++;
      }
    }
    return out;
  }

  /** The inside of double quotes (or of an unquoted heredoc, end ''), up to `end`; leaves i at the end. */
  double(end: '"' | ''): Word {
    const s = this.src;
    const w: Word = [];
    const lit = (text: string): void => {
      const last = w[w.length - 1];
      if (last && last.t === 'lit') last.text += text;
      else w.push({ t: 'lit', text, q: true });
    };
    const start = this.i;
    while (this.i < s.length && (end === '' || s[this.i] !== end)) {
      const c = s[this.i];
      if (c === '\\' && this.i + 1 < s.length) {
        const n = s[this.i + 1];
        if (n === '\n') this.i += 2;
        else if (n === '$' || n === '`' || n === '\\' || (end === '"' && n === '"')) {
          lit(n);
          this.i += 2;
        } else {
          lit('\\');
          this.i++;
        }
      } else if (c === '$' || c === '`') {
        const seg = this.dollar(true);
        if (seg) w.push(seg);
        else {
          lit('$');
          this.i++;
        }
      } else {
        lit(c);
        this.i++;
      }
    }
    if (end !== '' && this.i >= s.length) throw new Incomplete('dquote', this.lineAt(start));
    if (w.length === 0) w.push({ t: 'lit', text: '', q: true });
    return w;
  }

  /** `$...` or a backquote at i: the expansion (i after it), or undefined for a lone `$`. */
  private dollar(q: boolean): Seg | undefined {
    const s = this.src;
    const start = this.i;
    if (s[this.i] === '`') {
      let cmd = '';
      let j = this.i + 1;
      for (; j < s.length && s[j] !== '`'; j++) {
        if (s[j] === '\\' && '$`\\'.includes(s[j + 1] ?? '')) cmd += s[++j];
        else cmd += s[j];
      }
      if (j >= s.length) throw new Incomplete('backquote', this.lineAt(start));
      this.i = j + 1;
      return { t: 'subst', cmd, q };
    }
    const n = s[this.i + 1];
    if (n === '(') {
      if (s[this.i + 2] === '(') {
        const end = arithEnd(s, this.i + 3);
        if (end !== undefined) {
          this.i = end + 2;
          return { t: 'arith', expr: s.slice(start + 3, end), q };
        }
      }
      const end = parenEnd(s, this.i + 1);
      if (end === undefined) throw new Incomplete('subst', this.lineAt(start));
      this.i = end + 1;
      return { t: 'subst', cmd: s.slice(start + 2, end), q };
    }
    if (n === '{') {
      const end = braceEnd(s, this.i + 1);
      if (end === undefined) throw new Incomplete('param', this.lineAt(start));
      this.i = end + 1;
      return paramOf(s.slice(start + 2, end), q, this.lineAt(start));
    }
    if (n !== undefined && (SPECIAL_PARAMS.has(n) || /[1-9]/.test(n))) {
      this.i += 2;
      return { t: 'param', name: n, op: '', arg: null, q };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i + 1));
    if (!m) return undefined;
    this.i += 1 + m[0].length;
    return { t: 'param', name: m[0], op: '', arg: null, q };
  }
}

/** `${...}`'s inside: `#NAME` (length), `NAME`, or `NAME` OP WORD. */
function paramOf(inner: string, q: boolean, line: number): Seg {
  if (/^#([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!-])$/.test(inner)) return { t: 'param', name: inner.slice(1), op: 'len', arg: null, q };
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!-])/.exec(inner);
  if (!m) throw new BadSubstitution(inner, line);
  const rest = inner.slice(m[0].length);
  if (rest === '') return { t: 'param', name: m[0], op: '', arg: null, q };
  const op = PARAM_OPS.find((o) => rest.startsWith(o));
  if (!op) throw new BadSubstitution(inner, line);
  const sub = new Lexer(rest.slice(op.length));
  // the word of ${X:-word} is read as inside double quotes when the expansion is quoted
  const arg = q ? sub.double('') : sub.argWord();
  return { t: 'param', name: m[0], op, arg, q };
}

/** `${...}` that is not a parameter expansion: the shell's "bad substitution". */
export class BadSubstitution extends Error {
  constructor(
    readonly text: string,
    readonly line: number,
  ) {
    super(`\${${text}}: bad substitution`);
  }
}

/** The index of the `)` closing the `(` at i (quotes and nesting respected), or undefined. */
export function parenEnd(s: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === "'") {
      j = s.indexOf("'", j + 1);
      if (j < 0) return undefined;
    } else if (c === '"') {
      for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
      if (j >= s.length) return undefined;
    } else if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return undefined;
}

/** The index of the first `)` of the `))` closing `$((` (i: after it), or undefined when it is `$( (...) )`. */
function arithEnd(s: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')') {
      if (depth === 0) return s[j + 1] === ')' ? j : undefined;
      depth--;
    }
  }
  return undefined;
}

function braceEnd(s: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === "'") {
      j = s.indexOf("'", j + 1);
      if (j < 0) return undefined;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return undefined;
}
