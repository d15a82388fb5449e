// client-go util/jsonpath as kubectl's -o jsonpath printer uses it: parser, evaluator (range/end, filters,
// recursive descent, unions, slices) and printing (scalars with fmt %v, maps/lists as compact JSON).

import { goJsonCompact, goNumber, goQuote, goSyntax } from './gofmt.js';
import { parseJsonPath, type ListNode, type Node, type Param, type ParsedJsonPath } from './jsonpath-parse.js';

export { parseJsonPath, type ParsedJsonPath } from './jsonpath-parse.js';

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
