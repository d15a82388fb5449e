// Go text/template's executor (text/template/exec.go) over JSON data, with the builtin functions (funcs.go) and
// kubectl's `exists` and `base64decode`: the same truth, comparison, missing-key and error rules and texts.

import { nodeString, parseTemplate, type Arg, type ControlNode, type Command, type ListNode, type Node, type Pipe, type Template } from './parse.js';
import { GoInt, isMap, sprintV, typeName, type Value } from './values.js';

export class TemplateExecError extends Error {}

const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;

class Break {}
class Continue {}

import { CallError, FUNCS, truth, type ParamType } from './funcs.js';

interface ExecOptions {
  missingKeyError: boolean;
}

class State {
  vars: Array<{ name: string; value: Value }> = [];
  node: { pos: number; ctx: string } = { pos: 0, ctx: '' };
  out = '';
  depth = 0;
  constructor(
    private tmpl: Template,
    private all: Map<string, Template>,
    private opts: ExecOptions,
  ) {}

  at(pos: number, ctx: string): void {
    this.node = { pos, ctx };
  }

  errorf(msg: string): never {
    const text = this.tmpl.text.slice(0, this.node.pos);
    const nl = text.lastIndexOf('\n');
    const col = nl < 0 ? this.node.pos : this.node.pos - (nl + 1);
    const line = 1 + (text.match(/\n/g)?.length ?? 0);
    throw new TemplateExecError(`template: ${this.tmpl.name}:${line}:${col}: executing "${this.tmpl.name}" at <${this.node.ctx}>: ${msg}`);
  }

  walkList(dot: Value, list: ListNode): void {
    for (const n of list.nodes) this.walk(dot, n);
  }

  walk(dot: Value, n: Node): void {
    switch (n.type) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out += v === undefined ? '<no value>' : sprintV(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (truth(v)) this.walkList(n.type === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(dot, n);
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'template': {
        const t = this.all.get(n.name);
        this.at(n.pos, `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`);
        if (!t) this.errorf(`template ${JSON.stringify(n.name)} not defined`);
        if (this.depth >= 100000) this.errorf('exceeded maximum template depth (100000)');
        const v = n.pipe ? this.evalPipeline(dot, n.pipe) : undefined;
        const s = new State(t, this.all, this.opts);
        s.depth = this.depth + 1;
        s.vars = [{ name: '$', value: v }];
        s.walkList(v, t.root);
        this.out += s.out;
        return;
      }
    }
  }

  walkRange(dot: Value, r: ControlNode): void {
    this.at(r.pos, 'range');
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, { ...r.pipe, decl: [] });
    const one = (key: Value, elem: Value): boolean => {
      if (r.pipe.decl.length === 1) this.setVar(r.pipe.decl[0], elem, r.pipe.isAssign);
      if (r.pipe.decl.length === 2) {
        this.setVar(r.pipe.decl[0], key, r.pipe.isAssign);
        this.setVar(r.pipe.decl[1], elem, r.pipe.isAssign);
      }
      try {
        this.walkList(elem, r.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        this.vars.length = mark + (r.pipe.isAssign ? 0 : r.pipe.decl.length);
      }
      return true;
    };
    let ran = false;
    if (r.pipe.decl.length && !r.pipe.isAssign) for (const d of r.pipe.decl) this.vars.push({ name: d, value: undefined });
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (!one(new GoInt(BigInt(i)), val[i])) break;
      }
    } else if (isMap(val)) {
      for (const k of Object.keys(val).sort()) {
        ran = true;
        if (!one(k, val[k])) break;
      }
    } else if (val !== undefined) {
      this.errorf(`range can't iterate over ${sprintV(val)}`);
    }
    this.vars.length = mark;
    if (!ran && r.elseList) this.walkList(dot, r.elseList);
  }

  setVar(name: string, value: Value, assign: boolean): void {
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) {
        if (this.vars[i].name === name) {
          this.vars[i].value = value;
          return;
        }
      }
      this.errorf(`undefined variable: ${name}`);
    }
    const top = this.vars[this.vars.length - 1];
    if (top && top.name === name) top.value = value;
    else this.vars.push({ name, value });
  }

  varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return this.errorf(`undefined variable: ${name}`);
  }

  evalPipeline(dot: Value, pipe: Pipe): Value {
    this.at(pipe.pos, nodeString(pipe));
    let value: Value | typeof MISSING = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // a nil interface{} result is stripped to an invalid value (exec.go: "lovely")
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d, v, true);
      else this.vars.push({ name: d, value: v });
    }
    return v;
  }

  notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  evalCommand(dot: Value, cmd: Command, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final, true);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at(first.pos, nodeString(first));
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.val;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return typeof first.value === 'bigint' ? new GoInt(first.value) : first.value;
      case 'string':
        return first.text;
    }
  }

  evalChain(dot: Value, chain: Extract<Arg, { type: 'chain' }>, args: Arg[], final: Final): Value {
    this.at(chain.pos, nodeString(chain));
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const recv = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, recv, chain, chain.field, args, final, false);
  }

  evalVariable(dot: Value, v: Extract<Arg, { type: 'variable' }>, args: Arg[], final: Final): Value {
    this.at(v.pos, nodeString(v));
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final, false);
  }

  evalFieldChain(dot: Value, recv: Value, node: Arg, ident: string[], args: Arg[], final: Final, isField: boolean): Value {
    if (isField) this.at(node.pos, nodeString(node));
    let r = recv;
    for (let i = 0; i < ident.length; i++) {
      const last = i === ident.length - 1;
      r = this.evalField(ident[i], last ? args : [], last ? final : MISSING, r, i > 0);
    }
    return r;
  }

  evalField(name: string, args: Arg[], final: Final, recv: Value, boxed: boolean): Value {
    if (recv === undefined) {
      if (this.opts.missingKeyError) this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (recv === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (isMap(recv)) {
      if (args.length > 1 || final !== MISSING) this.errorf(`${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(recv, name)) return recv[name];
      if (this.opts.missingKeyError) this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    return this.errorf(`can't evaluate field ${name} in type ${boxed ? 'interface {}' : typeName(recv)}`);
  }

  evalFunction(dot: Value, id: Extract<Arg, { type: 'identifier' }>, cmd: Command | Arg, args: Arg[], final: Final): Value {
    this.at(id.pos, id.name);
    const f = FUNCS[id.name];
    const rest = args.slice(1);
    const n = rest.length + (final === MISSING ? 0 : 1);
    if (f.variadic) {
      if (n < f.params.length) this.errorf(`wrong number of args for ${id.name}: want at least ${f.params.length} got ${n}`);
    } else if (n !== f.params.length) this.errorf(`wrong number of args for ${id.name}: want ${f.params.length} got ${n}`);
    if (id.name === 'and' || id.name === 'or') {
      let v: Value = undefined;
      for (const a of rest) {
        v = this.evalArg(dot, 'any', a);
        if (truth(v) === (id.name === 'or')) return v;
      }
      return final === MISSING ? v : final;
    }
    const values: Value[] = rest.map((a, i) => this.evalArg(dot, f.params[i] ?? f.variadic ?? 'any', a));
    if (final !== MISSING) {
      const t = f.params[values.length] ?? f.variadic ?? 'any';
      if (t === 'string' && typeof final !== 'string') {
        this.errorf(final === undefined || final === null ? 'invalid value; expected string' : `wrong type for value; expected string; got ${typeName(final)}`);
      }
      values.push(final);
    }
    try {
      return f.fn(values);
    } catch (e) {
      if (!(e instanceof CallError)) throw e;
      this.at(cmd.pos, nodeString(cmd as Command));
      return this.errorf(`error calling ${id.name}: ${e.message}`);
    }
  }

  evalArg(dot: Value, typ: ParamType, n: Arg): Value {
    this.at(n.pos, nodeString(n));
    let v: Value;
    switch (n.type) {
      case 'dot':
        v = dot;
        break;
      case 'nil':
        if (typ === 'string') this.errorf('cannot assign nil to string');
        return null;
      case 'field':
        v = this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING, true);
        break;
      case 'variable':
        v = this.evalVariable(dot, n, [n], MISSING);
        break;
      case 'pipe':
        v = this.evalPipeline(dot, n);
        break;
      case 'identifier':
        v = this.evalFunction(dot, n, n, [n], MISSING);
        break;
      case 'chain':
        v = this.evalChain(dot, n, [n], MISSING);
        break;
      default:
        if (typ === 'string') {
          if (n.type === 'string') return n.text;
          return this.errorf(`expected string; found ${nodeString(n)}`);
        }
        if (n.type === 'bool') return n.val;
        if (n.type === 'string') return n.text;
        return typeof n.value === 'bigint' ? new GoInt(n.value) : n.value;
    }
    this.at(n.pos, nodeString(n));
    if (typ === 'string' && typeof v !== 'string') {
      this.errorf(v === undefined || v === null ? 'invalid value; expected string' : `wrong type for value; expected string; got ${typeName(v)}`);
    }
    return v;
  }
}

export interface GoTemplate {
  templates: Map<string, Template>;
  name: string;
}

export function compileTemplate(text: string, name = 'output'): GoTemplate {
  return { templates: parseTemplate(name, text, new Set(Object.keys(FUNCS))), name };
}

/** Executes; on an error, the text written so far is in `partial` of the thrown TemplateExecError. */
export function executeTemplate(t: GoTemplate, data: Value, opts: ExecOptions): string {
  const tmpl = t.templates.get(t.name)!;
  const s = new State(tmpl, t.templates, opts);
  s.vars = [{ name: '$', value: data }];
  try {
    s.walkList(data, tmpl.root);
  } catch (e) {
    if (e instanceof TemplateExecError) (e as TemplateExecError & { partial?: string }).partial = s.out;
    throw e;
  }
  return s.out;
}
