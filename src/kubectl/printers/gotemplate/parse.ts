// Go text/template's parser (text/template/parse/parse.go): the same node tree, the same checks at parse time
// (defined functions and variables, {{break}} outside {{range}}, pipeline stages) and the same error texts.

import { lex, type Item, type ItemType } from './lex.js';

export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; line: number; pipe: Pipe }
  | ControlNode
  | { type: 'template'; pos: number; line: number; name: string; pipe?: Pipe }
  | { type: 'break' | 'continue'; pos: number; line: number };

export interface ControlNode {
  type: 'if' | 'range' | 'with';
  pos: number;
  line: number;
  pipe: Pipe;
  list: ListNode;
  elseList?: ListNode;
}

export interface ListNode {
  type: 'list';
  nodes: Node[];
}

export interface Pipe {
  type: 'pipe';
  pos: number;
  line: number;
  isAssign: boolean;
  decl: string[];
  cmds: Command[];
}

export interface Command {
  type: 'command';
  pos: number;
  args: Arg[];
}

export type Arg =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'variable'; pos: number; ident: string[] }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; val: boolean }
  | { type: 'number'; pos: number; text: string; value: bigint | number }
  | { type: 'string'; pos: number; quoted: string; text: string }
  | { type: 'chain'; pos: number; node: Arg; field: string[] }
  | Pipe;

export interface Template {
  name: string;
  root: ListNode;
  text: string;
}

export class TemplateParseError extends Error {}

/** Node.String() as Go prints it in "executing ... at <...>". */
export function nodeString(n: Arg | Command): string {
  switch (n.type) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.val);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.field.map((f) => '.' + f).join('');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
  }
}

function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (i.typ === 'keyword' || i.typ === 'bool' || i.typ === 'nil' || i.typ === 'dot') {
    // keyword-class items (Go orders them after itemKeyword): printed as <word>
    if (i.typ === 'keyword' || i.typ === 'dot' || i.typ === 'nil') return `<${i.val}>`;
  }
  const chars = [...i.val];
  if (chars.length > 10) return `${goQuoted(chars.slice(0, 10).join(''))}...`;
  return goQuoted(i.val);
}

function goQuoted(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, h) => `\\u${h}`);
}

/** strconv.Unquote for "..." and '...' literals. */
function unquote(q: string): string {
  const body = q.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
        if (e === '\\' || e === '"' || e === "'") return e;
        throw new TemplateParseError('invalid syntax');
    }
  });
}

function parseNumber(text: string, isChar: boolean): bigint | number {
  if (isChar) return BigInt(unquote(text).codePointAt(0) ?? 0);
  const t = text.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(t)) {
    const neg = t.startsWith('-');
    const body = t.replace(/^[+-]/, '').replace(/^0([0-7]+)$/, '0o$1');
    const v = BigInt(body);
    return neg ? -v : v;
  }
  const f = Number(t);
  if (Number.isNaN(f) || t.endsWith('i')) throw new TemplateParseError(`illegal number syntax: ${JSON.stringify(text)}`);
  // an integral float constant (1.0, 1e3) is still an int constant in Go unless written with . e E p P
  return f;
}

export function parseTemplate(name: string, text: string, funcs: Set<string>): Map<string, Template> {
  const items = lex(text);
  let i = 0;
  let lastLine = 1;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;
  const templates = new Map<string, Template>();

  const errorf = (msg: string): never => {
    throw new TemplateParseError(`template: ${name}:${lastLine}: ${msg}`);
  };
  const next = (): Item => {
    const it = items[Math.min(i, items.length - 1)];
    i++;
    lastLine = it.line;
    return it;
  };
  const backup = (n = 1) => {
    i -= n;
  };
  const peek = (): Item => items[Math.min(i, items.length - 1)];
  const nextNonSpace = (): Item => {
    let t = next();
    while (t.typ === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Item => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const unexpected = (token: Item, context: string): never => {
    if (token.typ === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== token.line) {
        extra = ` in action started at ${name}:${actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return errorf(token.val + extra);
    }
    return errorf(`unexpected ${itemString(token)} in ${context}`);
  };
  const expect = (typ: ItemType, context: string): Item => {
    const t = nextNonSpace();
    if (t.typ !== typ) unexpected(t, context);
    return t;
  };

  type Ctl = Node | { type: 'end' | 'else'; pos: number; line: number };

  function textOrAction(): Ctl {
    const t = nextNonSpace();
    if (t.typ === 'text') return { type: 'text', pos: t.pos, text: t.val };
    if (t.typ === 'leftDelim') {
      actionLine = t.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(t, 'input');
  }

  function action(): Ctl {
    const t = nextNonSpace();
    if (t.typ === 'keyword') {
      switch (t.val) {
        case 'else': {
          const p = peekNonSpace();
          if (p.typ === 'keyword' && (p.val === 'if' || p.val === 'with')) return { type: 'else', pos: p.pos, line: p.line };
          const r = expect('rightDelim', 'else');
          return { type: 'else', pos: r.pos, line: r.line };
        }
        case 'end': {
          const r = expect('rightDelim', 'end');
          return { type: 'end', pos: r.pos, line: r.line };
        }
        case 'if':
        case 'range':
        case 'with':
          return control(t.val, t);
        case 'break':
        case 'continue': {
          if (rangeDepth === 0) errorf(`{{${t.val}}} outside {{range}}`);
          const r = nextNonSpace();
          if (r.typ !== 'rightDelim') unexpected(r, `{{${t.val}}}`);
          return { type: t.val, pos: t.pos, line: t.line };
        }
        case 'template':
        case 'block':
          return templateControl(t.val);
        case 'define':
          return errorf('unexpected <define> in command');
      }
    }
    backup();
    const p = peek();
    return { type: 'action', pos: p.pos, line: p.line, pipe: pipeline('command', 'rightDelim') };
  }

  function templateControl(context: string): Node {
    const token = nextNonSpace();
    if (token.typ !== 'string' && token.typ !== 'rawString') unexpected(token, context);
    const tname = token.typ === 'rawString' ? token.val.slice(1, -1) : unquote(token.val);
    let pipe: Pipe | undefined;
    if (nextNonSpace().typ !== 'rightDelim') {
      backup();
      pipe = pipeline(context, 'rightDelim');
    }
    if (context === 'block') {
      const [list, end] = itemList();
      if (end.type !== 'end') errorf(`unexpected ${ctlString(end)} in block clause`);
      templates.set(tname, { name: tname, root: list, text });
    }
    return { type: 'template', pos: token.pos, line: token.line, name: tname, pipe };
  }

  function ctlString(n: Ctl): string {
    return n.type === 'end' ? '{{end}}' : n.type === 'else' ? '{{else}}' : n.type;
  }

  function control(context: 'if' | 'range' | 'with', kw: Item): Node {
    const saved = vars.length;
    try {
      const pipe = pipeline(context, 'rightDelim');
      if (context === 'range') rangeDepth++;
      let [list, nextNode] = itemList();
      if (context === 'range') rangeDepth--;
      let elseList: ListNode | undefined;
      if (nextNode.type === 'else') {
        const p = peek();
        if ((context === 'if' || context === 'with') && p.typ === 'keyword' && p.val === context) {
          const kw2 = next();
          elseList = { type: 'list', nodes: [control(context, kw2)] };
        } else {
          [elseList, nextNode] = itemList();
          if (nextNode.type !== 'end') errorf(`expected end; found ${ctlString(nextNode)}`);
        }
      }
      void list;
      return { type: context, pos: kw.pos, line: kw.line, pipe, list, elseList };
    } finally {
      vars = vars.slice(0, saved);
    }
  }

  function itemList(): [ListNode, Ctl] {
    const list: ListNode = { type: 'list', nodes: [] };
    while (peekNonSpace().typ !== 'eof') {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n as Node);
    }
    return errorf('unexpected EOF');
  }

  function pipeline(context: string, end: ItemType): Pipe {
    const first = peekNonSpace();
    const pipe: Pipe = { type: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const save = i;
      const v = nextNonSpace();
      if (v.typ !== 'variable') {
        i = save;
        break;
      }
      const nx = nextNonSpace();
      if (nx.typ === 'assign' || nx.typ === 'declare') {
        pipe.isAssign = nx.typ === 'assign';
        pipe.decl.push(v.val);
        vars.push(v.val);
        break;
      }
      if (nx.typ === 'comma') {
        pipe.decl.push(v.val);
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = peekNonSpace();
          if (p.typ === 'variable' || p.typ === 'rightDelim' || p.typ === 'rightParen') continue;
          errorf('range can only initialize variables');
        }
        errorf(`too many declarations in ${context}`);
      }
      i = save;
      break;
    }
    for (;;) {
      const token = nextNonSpace();
      if (token.typ === end) {
        if (pipe.cmds.length === 0) errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, k) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) errorf(`non executable command in pipeline stage ${k + 2}`);
        });
        return pipe;
      }
      if (['bool', 'char', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(token.typ)) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(token, context);
    }
  }

  function command(): Command {
    const cmd: Command = { type: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const token = next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') backup();
      else if (token.typ !== 'pipe') unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) errorf('empty command');
    return cmd;
  }

  function operand(): Arg | undefined {
    const node = term();
    if (!node) return undefined;
    if (peek().typ === 'field') {
      const chainPos = peek().pos;
      const fields: string[] = [];
      while (peek().typ === 'field') fields.push(next().val.slice(1));
      switch (node.type) {
        case 'field':
          return { type: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'variable':
          return { type: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          return errorf(`unexpected . after term ${goQuoted(nodeString(node))}`);
        default:
          return { type: 'chain', pos: chainPos, node, field: fields };
      }
    }
    return node;
  }

  function term(): Arg | undefined {
    const t = nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!funcs.has(t.val)) errorf(`function ${goQuoted(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        if (!vars.includes(t.val)) errorf(`undefined variable ${goQuoted(t.val)}`);
        return { type: 'variable', pos: t.pos, ident: [t.val] };
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, val: t.val === 'true' };
      case 'char':
      case 'number':
        try {
          return { type: 'number', pos: t.pos, text: t.val, value: parseNumber(t.val, t.typ === 'char') };
        } catch (e) {
          return errorf((e as Error).message);
        }
      case 'leftParen':
        return pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        try {
          return { type: 'string', pos: t.pos, quoted: t.val, text: t.typ === 'rawString' ? t.val.slice(1, -1) : unquote(t.val) };
        } catch (e) {
          return errorf((e as Error).message);
        }
    }
    backup();
    return undefined;
  }

  // the top level: text, actions and {{define}}s
  const root: ListNode = { type: 'list', nodes: [] };
  while (peek().typ !== 'eof') {
    if (peek().typ === 'leftDelim') {
      const save = i;
      next();
      const kw = nextNonSpace();
      if (kw.typ === 'keyword' && kw.val === 'define') {
        const nameTok = nextNonSpace();
        if (nameTok.typ !== 'string' && nameTok.typ !== 'rawString') unexpected(nameTok, 'define clause');
        expect('rightDelim', 'define clause');
        const dname = nameTok.typ === 'rawString' ? nameTok.val.slice(1, -1) : unquote(nameTok.val);
        const savedVars = vars;
        vars = ['$'];
        const [list, end] = itemList();
        if (end.type !== 'end') errorf(`unexpected ${ctlString(end)} in define clause`);
        vars = savedVars;
        templates.set(dname, { name: dname, root: list, text });
        continue;
      }
      i = save;
    }
    const n = textOrAction();
    if (n.type === 'end' || n.type === 'else') errorf(`unexpected ${ctlString(n)}`);
    root.nodes.push(n as Node);
  }
  if (!templates.has(name) || root.nodes.some((n) => n.type !== 'text' || n.text.trim() !== '')) {
    templates.set(name, { name, root, text });
  }
  return templates;
}
