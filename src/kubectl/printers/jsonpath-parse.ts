// client-go util/jsonpath's parser (parser.go) as kubectl's -o jsonpath printer uses it: the node tree of a template.

export type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'array'; params: Param[] }
  | { type: 'filter'; left: ListNode; right: ListNode; op: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };
export type ListNode = { type: 'list'; nodes: Node[] };
export interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export interface ParsedJsonPath {
  template: string;
  root: ListNode;
}

const EOF_R = '';
const isLetter = (r: string) => /\p{L}/u.test(r);
const isDigit = (r: string) => /\p{Nd}/u.test(r);
const isAlphaNumeric = (r: string) => r === '_' || (r !== EOF_R && (isLetter(r) || isDigit(r)));
const isSpace = (r: string) => r === ' ' || r === '\t';
const isEndOfLine = (r: string) => r === '\r' || r === '\n';
const isTerminator = (r: string) => isSpace(r) || isEndOfLine(r) || ['', '.', ',', '[', ']', '$', '@', '{', '}'].includes(r);

class Parser {
  input = '';
  pos = 0;
  start = 0;
  width = 0;
  root: ListNode = { type: 'list', nodes: [] };

  parse(text: string): void {
    this.input = text;
    this.root = { type: 'list', nodes: [] };
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }
  consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }
  next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF_R;
    }
    const cp = this.input.codePointAt(this.pos)!;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }
  peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }
  backup(): void {
    this.pos -= this.width;
  }
  parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF_R) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }
  parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const n: ListNode = { type: 'list', nodes: [] };
    cur.nodes.push(n);
    this.parseInsideAction(n);
  }
  parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) return this.parseRightDelim();
      if (rest.startsWith('[?(')) return this.parseFilter(cur);
      if (rest.startsWith('..')) return this.parseRecursive(cur);
      const r = this.next();
      if (r === EOF_R || isEndOfLine(r)) throw new Error('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consumeText();
        continue;
      }
      if (r === '[') return this.parseArray(cur);
      if (r === '"' || r === "'") return this.parseQuote(cur, r);
      if (r === '.') return this.parseField(cur);
      if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        return this.parseNumber(cur);
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        return this.parseIdentifier(cur);
      }
      const cp = r.codePointAt(0)!;
      throw new Error(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`);
    }
  }
  parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }
  parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    this.parseInsideAction(cur);
  }
  parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new Error('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    this.parseInsideAction(cur);
  }
  parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      r = this.next();
      if (r !== '.' && !(r !== EOF_R && isDigit(r))) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: 'int', value: parseInt(value, 10) });
      return this.parseInsideAction(cur);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: parseFloat(value) });
      return this.parseInsideAction(cur);
    }
    throw new Error(`cannot parse number ${value}`);
  }
  parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF_R || r === '\n') throw new Error('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, text.length - 1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return this.parseInsideAction(cur);
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      const p = parseAction(`.${dict[1]}`);
      for (const n of p.nodes) cur.nodes.push(n);
      return this.parseInsideAction(cur);
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new Error(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: Param[] = [0, 1, 2].map(() => ({ value: 0, known: false, derived: false }));
    for (let i = 0; i < 3; i++) {
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i].slice(1);
        if (i > 0 && value[i] === '') params[i].known = false;
        else {
          if (!/^[+-]?\d+$/.test(value[i])) throw new Error(`array index ${value[i]} is not a number`);
          params[i].known = true;
          params[i].value = parseInt(value[i], 10);
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
    this.parseInsideAction(cur);
  }
  parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF_R || r === '\n') throw new Error('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new Error('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, text.length - 2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, op: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
    }
    this.parseInsideAction(cur);
  }
  parseQuote(cur: ListNode, endQ: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF_R || r === '\n') throw new Error('unterminated quoted string');
      if (r === endQ && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new Error(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: 'text', text: s });
    this.parseInsideAction(cur);
  }
  parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
    this.parseInsideAction(cur);
  }
  advance(): boolean {
    const r = this.next();
    if (r === '\\') this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** jsonpath.UnquoteExtend: strconv.Unquote that also accepts single quotes. */
function unquoteExtend(s: string): string {
  const n = s.length;
  if (n < 2) throw new Error('invalid syntax');
  const q = s[0];
  if (q !== s[n - 1] || (q !== '"' && q !== "'")) throw new Error('invalid syntax');
  s = s.slice(1, n - 1);
  if (!s.includes('\\') && !s.includes(q)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === q) throw new Error('invalid syntax');
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const e = s[i + 1];
    i += 2;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) out += simple[e];
    else if (e === q) out += q;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i, i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error('invalid syntax');
      out += e === 'x' ? String.fromCharCode(parseInt(hex, 16)) : String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e >= '0' && e <= '7') {
      const oct = s.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid syntax');
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

/** Parses a template; throws Error(`error parsing jsonpath <template>, <reason>`) like kubectl. */
export function parseJsonPath(template: string): ParsedJsonPath {
  const p = new Parser();
  try {
    p.parse(template);
  } catch (e) {
    throw new Error(`error parsing jsonpath ${template}, ${(e as Error).message}`);
  }
  return { template, root: p.root };
}
