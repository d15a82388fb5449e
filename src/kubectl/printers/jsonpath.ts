// client-go util/jsonpath as kubectl's -o jsonpath printer uses it: parser, evaluator (range/end, filters,
// recursive descent, unions, slices) and printing (scalars with fmt %v, maps/lists as compact JSON).

import { goJsonCompact, goNumber, goQuote, goSyntax } from './gofmt.js';

type Node =
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
type ListNode = { type: 'list'; nodes: Node[] };
interface Param {
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

// ------------------------------------------------------------------ evaluation

class ExecError extends Error {}

const isNil = (v: unknown) => v === null || v === undefined;
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** reflect type name as Go prints it for unstructured values. */
function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return 'interface {}';
}

function compare(left: unknown, right: unknown, op: string): boolean {
  const kind = (v: unknown) => (typeof v === 'number' ? 'num' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : 'bad');
  const kl = kind(left);
  const kr = kind(right);
  if (kl === 'bad' || kr === 'bad') throw new ExecError('invalid type for comparison');
  if (kl !== kr) throw new ExecError('incompatible types for comparison');
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
  }
  if (kl === 'bool') throw new ExecError('invalid type for comparison');
  const l = left as number | string;
  const r = right as number | string;
  switch (op) {
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
  }
  throw new ExecError(`unrecognized filter operator ${op}`);
}

class Executor {
  stack: unknown[][] = [];
  cur: unknown[] = [];
  beginRange = 0;
  inRange = 0;
  endRange = 0;
  nodes: Node[];
  constructor(
    root: ListNode,
    private allowMissing: boolean,
  ) {
    this.nodes = root.nodes;
  }

  findResults(data: unknown): unknown[][] {
    this.cur = [data];
    const nodes = this.nodes;
    const full: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange -= 1;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange -= 1;
        this.inRange += 1;
        for (let k = 0; k < results.length; k++) {
          this.nodes = nodes.slice(i + 1);
          if (k === results.length - 1) this.inRange -= 1;
          full.push(...this.findResults(results[k]));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  walk(value: unknown[], node: Node): unknown[] {
    switch (node.type) {
      case 'list':
        return this.evalList(value, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(value, node.value);
      case 'array':
        return this.evalArray(value, node.params);
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
      case 'float':
      case 'bool':
        return value.map(() => node.value);
      case 'wildcard':
        return value.flatMap((v) => (isNil(v) ? [] : children(v)));
      case 'recursive':
        return this.evalRecursive(value);
      case 'union':
        return node.nodes.flatMap((l) => this.evalList(value, l));
      case 'identifier':
        return this.evalIdentifier(value, node.name);
    }
  }

  evalList(value: unknown[], node: ListNode): unknown[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  evalIdentifier(input: unknown[], name: string): unknown[] {
    switch (name) {
      case 'range':
        this.stack.push(this.cur);
        this.beginRange += 1;
        return input;
      case 'end':
        if (this.endRange < this.inRange) {
          this.endRange += 1;
          return [];
        }
        if (this.stack.length > 0) {
          this.cur = this.stack.pop()!;
          return [];
        }
        throw new ExecError('not in range, nothing to end');
    }
    throw new ExecError(`unrecognized identifier ${name}`);
  }

  evalField(input: unknown[], name: string): unknown[] {
    const results: unknown[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (isNil(v)) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined) results.push(v[name]);
    }
    if (results.length === 0) {
      if (this.allowMissing) return results;
      throw new ExecError(`${name} is not found`);
    }
    return results;
  }

  evalArray(input: unknown[], p: Param[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      if (!Array.isArray(v)) throw new ExecError(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      let a = p[0].known ? p[0].value : 0;
      if (a < 0) a += len;
      let b = p[1].known ? p[1].value : len;
      if (b < 0 || (b === 0 && p[1].derived)) b += len;
      if (b !== a) {
        if (a >= len) throw new ExecError(`array index out of bounds: index ${a}, length ${len}`);
        if (b > len) throw new ExecError(`array index out of bounds: index ${b - 1}, length ${len}`);
      }
      result.push(...v.slice(Math.max(0, a), Math.max(0, b)));
    }
    return result;
  }

  evalFilter(input: unknown[], node: Extract<Node, { type: 'filter' }>): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new ExecError(`${goSyntaxShort(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        let lefts: unknown[];
        let err: unknown = null;
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          lefts = [];
          err = e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (err) throw err;
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new ExecError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new ExecError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.op)) results.push(item);
      }
    }
    return results;
  }

  evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }
}

function goSyntaxShort(v: unknown): string {
  if (isMap(v)) return `map[${Object.keys(v).sort().join(' ')}]`;
  return String(v);
}

/** Values of a map (keys sorted for determinism; Go iterates maps randomly) or elements of a list. */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => v[k]);
  return [];
}

/** All result lists of a template (FindResults); throws ExecError-derived Error on evaluation errors. */
export function findResults(parsed: ParsedJsonPath, data: unknown, allowMissing = true): unknown[][] {
  return new Executor(parsed.root, allowMissing).findResults(data);
}

/** Text of one result value as the jsonpath printer writes it. */
export function jsonPathValueText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return goJsonCompact(v);
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/**
 * `-o jsonpath=<template>` on `data` (the object, or the v1 List for several objects).
 * Errors carry kubectl's message (the text after `error: `).
 */
export function evalJsonPath(template: string, data: unknown, opts: { allowMissing?: boolean } = {}): string {
  const parsed = parseJsonPath(template);
  let results: unknown[][];
  try {
    results = findResults(parsed, data, opts.allowMissing ?? true);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    throw new Error(
      `error executing jsonpath ${goQuote(template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`,
    );
  }
  let out = '';
  for (const list of results) out += list.map(jsonPathValueText).join(' ');
  return out;
}

/** kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}`, `{.a.b}` all become `{.a.b}`. */
export function relaxedJsonPath(expr: string): string {
  if (expr.length === 0) return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}
