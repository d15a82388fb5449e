// YAML decoding as kubectl does it (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars (yes/no/on/off booleans,
// 0777 octal, timestamps kept as strings, duplicate keys allowed) and go-yaml's syntax error wording and line numbers
// (`yaml: line 5: did not find expected key`), which js-yaml words differently.

import * as jsyaml from 'js-yaml';
import { duplicateKeyMessage, excessiveAliasing } from './yaml-guards.js';

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULLS = new Set(['~', 'null', 'Null', 'NULL', '']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt(s, 0, 64) for the forms go-yaml accepts. */
export function goParseInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2];
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) v = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) v = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) v = parseInt(body.slice(1), 8);
  else v = parseInt(body, 10);
  return sign * v;
}

/** go-yaml v2 resolve() for an untagged plain scalar. */
export function resolvePlain(src: string): unknown {
  if (NULLS.has(src)) return null;
  if (BOOL_TRUE.has(src)) return true;
  if (BOOL_FALSE.has(src)) return false;
  return resolveGoNumber(src);
}

/**
 * The numbers of an untagged plain scalar, as go-yaml v2 and v3 both read them: .inf/.nan, then strconv.ParseInt(s,
 * 0, 64) (0777 is octal to both), then a float; underscores are dropped first. Else not resolved.
 */
export function resolveGoNumber(src: string): unknown {
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(src)) return Infinity;
  if (['-.inf', '-.Inf', '-.INF'].includes(src)) return -Infinity;
  if (['.nan', '.NaN', '.NAN'].includes(src)) return NaN;
  const c = src[0];
  if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) {
    const plain = src.replace(/_/g, '');
    const i = goParseInt(plain);
    if (i !== undefined) return i;
    if (FLOAT_RE.test(plain)) return parseFloat(plain);
  }
  return jsyaml.NOT_RESOLVED;
}

/** A js-yaml schema whose every untagged plain scalar goes through `resolve` (strings, sequences, maps, merges). */
export function plainScalarSchema(name: string, resolve: (source: string) => unknown): jsyaml.Schema {
  const implicit = jsyaml.defineScalarTag(`tag:kubesim,${name}:implicit`, { implicit: true, implicitFirstChars: null, resolve, identify: () => false });
  return new jsyaml.Schema([jsyaml.strTag, jsyaml.seqTag, jsyaml.mapTag, jsyaml.mergeTag, implicit]);
}

/** The schema that makes js-yaml resolve scalars like go-yaml v2 into interface{}. */
export const GO_YAML_SCHEMA = plainScalarSchema('goyaml', resolvePlain);

/** Thrown for a document go-yaml would reject; message is go-yaml's (`yaml: line N: ...`). */
export class GoYamlError extends Error {}

/**
 * Parses one YAML document like sigs.k8s.io/yaml.Unmarshal; throws GoYamlError with go-yaml's wording. With
 * `strict` (YAMLToJSONStrict), a duplicate key is an error; otherwise the last one wins. A document whose alias
 * expansion would blow up is refused either way, as go-yaml refuses it.
 */
export function parseYamlDocument(text: string, opts: { strict?: boolean } = {}): unknown {
  // a document of comments and blank lines is empty (null to go-yaml; kubectl skips it): js-yaml 5 refuses it
  if (text.split('\n').every((l) => /^[ \t\r]*(?:#.*)?$/.test(l))) return null;
  let doc: unknown;
  try {
    doc = jsyaml.load(text, { schema: GO_YAML_SCHEMA, json: true } as jsyaml.LoadOptions);
  } catch (e) {
    throw new GoYamlError(goYamlMessage(text, e));
  }
  if (doc && typeof doc === 'object' && excessiveAliasing(doc)) throw new GoYamlError('yaml: document contains excessive aliasing');
  if (opts.strict && doc && typeof doc === 'object') {
    try {
      jsyaml.load(text, { schema: GO_YAML_SCHEMA, json: false } as jsyaml.LoadOptions);
    } catch (e) {
      const err = e as jsyaml.YAMLException;
      if (err.reason === 'duplicated mapping key' && err.mark) throw new GoYamlError(duplicateKeyMessage(text, err.mark.line, err.mark.column));
    }
  }
  return doc;
}

interface Level {
  indent: number;
  kind: 'map' | 'seq';
  /** an indentless sequence (`- x` at the map's own column) is open at this map level */
  indentlessSeq?: boolean;
}

/** `yaml: line N: msg` for a scanner error (1-based line of the problem). */
const scannerErr = (line0: number, msg: string) => `yaml: line ${line0 + 1}: ${msg}`;
/** `yaml: line N: msg` for a parser error (go-yaml prints the 0-based line of the offending token). */
const parserErr = (line0: number, msg: string) => (line0 > 0 ? `yaml: line ${line0}: ${msg}` : `yaml: ${msg}`);

/**
 * Locates the first error go-yaml (libyaml) would report in a block-style document. Covers the mistakes people
 * make by hand: tabs and bad characters, bad indentation, `key: value: x`, unterminated quotes and flows, a
 * sequence item where a key belongs. Falls back to js-yaml's line when nothing matched.
 */
export function goYamlMessage(text: string, jsError: unknown): string {
  const reason = (jsError as { reason?: string }).reason ?? '';
  const alias = /unidentified alias "([^"]*)"/.exec(reason);
  if (alias) return `yaml: unknown anchor '${alias[1]}' referenced`;
  const found = locate(text);
  if (found) return found;
  const mark = (jsError as { mark?: { line: number } }).mark;
  return parserErr(mark ? mark.line : 0, 'did not find expected key');
}

function locate(text: string): string | undefined {
  const lines = text.split('\n');
  const eofLine = lines.length - 1; // 0-based line of the end-of-stream mark
  const stack: Level[] = [];
  const indentOf = () => (stack.length ? stack[stack.length - 1].indent : -1);
  /** what the previous significant line left open */
  let open: 'none' | 'value' | 'plain' | 'done' = 'none';
  let plainIndent = -1; // parser.indent when the plain scalar was scanned
  let blockScalarParent = -1; // > -1 while inside a | or > block scalar

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const lead = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(lead.length);
    if (blockScalarParent >= 0) {
      if (rest === '' || lead.replace(/\t/g, '').length > blockScalarParent) continue;
      blockScalarParent = -1;
    }
    if (rest === '' || rest.startsWith('#')) continue;
    if (i === 0 && rest.startsWith('%')) continue;
    if (lead.includes('\t')) {
      // a tab where indentation is read: libyaml cannot start a token with it (unless continuing a plain scalar)
      const col = lead.indexOf('\t');
      if (!(open === 'plain' && col > plainIndent)) return scannerErr(i, 'found character that cannot start any token');
    }
    let col = lead.length;
    if (line.startsWith('---') || line.startsWith('...')) continue;

    // continuation of a multi-line plain scalar
    if (open === 'plain' && col > plainIndent) {
      if (hasMappingValue(rest)) return scannerErr(i, 'mapping values are not allowed in this context');
      continue;
    }
    // dedent: close block levels deeper than this column
    const depth = stack.length;
    while (stack.length && stack[stack.length - 1].indent > col) stack.pop();
    const popped = stack.length !== depth;
    let content = rest;
    let first = true;
    for (;;) {
      const top = stack[stack.length - 1];
      const isEntry = content === '-' || content.startsWith('- ');
      const isKey = !isEntry && keyLength(content) !== undefined;
      if (first && top && col === top.indent) {
        if (top.kind === 'map') {
          if (isEntry) {
            if (!((open === 'value' && !popped) || top.indentlessSeq)) return parserErr(i, 'did not find expected key');
            top.indentlessSeq = true;
          } else if (isKey) {
            top.indentlessSeq = false;
          } else return parserErr(i, 'did not find expected key');
        } else if (!isEntry) {
          return parserErr(i, "did not find expected '-' indicator");
        }
      } else if (first && col > indentOf()) {
        if (!((stack.length === 0 && open === 'none') || (open === 'value' && !popped))) {
          const t = stack[stack.length - 1];
          return parserErr(i, t && t.kind === 'seq' ? "did not find expected '-' indicator" : 'did not find expected key');
        }
        stack.push({ indent: col, kind: isEntry ? 'seq' : 'map' });
        if (!isEntry && !isKey) {
          // a bare scalar node (document root or nested value)
          stack.pop();
        }
      } else if (!first && (isEntry || isKey)) {
        if (col > indentOf()) stack.push({ indent: col, kind: isEntry ? 'seq' : 'map' });
      }
      first = false;
      if (isEntry) {
        const after = content.slice(1);
        const sp = /^ */.exec(after)![0].length;
        if (after.trim() === '' || after.trim().startsWith('#')) {
          open = 'value';
          break;
        }
        col += 1 + sp;
        content = after.slice(sp);
        continue;
      }
      if (isKey) {
        const kl = keyLength(content)!;
        const after = content.slice(kl + 1);
        const sp = /^ */.exec(after)![0].length;
        const value = after.slice(sp);
        if (value === '' || value.startsWith('#')) {
          open = 'value';
          break;
        }
        col += kl + 1 + sp;
        content = value;
      }
      // a scalar: a key's value, a sequence item's value or the document root
      const r = scalarValue(content, i, lines, eofLine, indentOf());
      if (typeof r === 'string') return r;
      if (r.kind === 'block') {
        blockScalarParent = indentOf();
        open = 'done';
      } else if (r.kind === 'plain') {
        open = 'plain';
        plainIndent = indentOf();
      } else {
        open = 'done';
        i = r.endLine ?? i;
      }
      break;
    }
  }
  return undefined;
}

/** Length of a `key` before its `:` (plain or quoted key), or undefined when the text is not `key:`. */
function keyLength(s: string): number | undefined {
  if (s.startsWith('"') || s.startsWith("'")) {
    const q = s[0];
    let j = 1;
    while (j < s.length) {
      if (q === '"' && s[j] === '\\') j += 2;
      else if (q === "'" && s[j] === "'" && s[j + 1] === "'") j += 2;
      else if (s[j] === q) break;
      else j++;
    }
    const k = j + 1;
    return s[k] === ':' && (k + 1 === s.length || s[k + 1] === ' ' || s[k + 1] === '\t') ? k : undefined;
  }
  if (/^[[{&*!|>%@`]/.test(s)) return undefined;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '#' && j > 0 && s[j - 1] === ' ') return undefined;
    if (s[j] === ':' && (j + 1 === s.length || s[j + 1] === ' ' || s[j + 1] === '\t')) return j;
  }
  return undefined;
}

/** true when a plain scalar's text holds `: ` (a mapping value where none is allowed). */
function hasMappingValue(s: string): boolean {
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '#' && j > 0 && (s[j - 1] === ' ' || s[j - 1] === '\t')) return false;
    if (s[j] === ':' && (j + 1 === s.length || s[j + 1] === ' ' || s[j + 1] === '\t')) return true;
  }
  return false;
}

type ScalarResult = string | { kind: 'plain' | 'block' | 'closed'; endLine?: number };

/** Scans a value starting at `s` on line i; quoted and flow values may run over several lines. */
function scalarValue(s: string, i: number, lines: string[], eofLine: number, _indent: number): ScalarResult {
  let v = s;
  // anchors and tags before the value
  while (/^[&!]\S*( +|$)/.test(v)) v = v.replace(/^[&!]\S*( +|$)/, '');
  if (v === '' || v.startsWith('#')) return { kind: 'plain' };
  if (v.startsWith('|') || v.startsWith('>')) return { kind: 'block' };
  if (v.startsWith('@') || v.startsWith('`')) return scannerErr(i, 'found character that cannot start any token');
  if (v.startsWith('"') || v.startsWith("'") || v.startsWith('[') || v.startsWith('{')) {
    // walk characters across lines until the construct closes
    const closers: string[] = [];
    let quote = '';
    let li = i;
    let text = v;
    let j = 0;
    for (;;) {
      if (j >= text.length) {
        if (!quote && closers.length === 0) break;
        li++;
        if (li > eofLine || li >= lines.length) {
          if (quote) return scannerErr(eofLine, 'found unexpected end of stream');
          const c = closers[closers.length - 1];
          return parserErr(eofLine, `did not find expected ',' or '${c}'`);
        }
        text = lines[li];
        j = 0;
        continue;
      }
      const ch = text[j];
      if (quote) {
        if (quote === '"' && ch === '\\') j += 2;
        else if (quote === "'" && ch === "'" && text[j + 1] === "'") j += 2;
        else {
          if (ch === quote) quote = '';
          j++;
        }
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[') closers.push(']');
      else if (ch === '{') closers.push('}');
      else if (ch === ']' || ch === '}') closers.pop();
      else if (ch === '#' && (j === 0 || text[j - 1] === ' ')) {
        j = text.length;
        continue;
      }
      j++;
      if (!quote && closers.length === 0) {
        const tail = text.slice(j).trim();
        if (tail === '' || tail.startsWith('#')) break;
        if (tail.startsWith(':')) break;
        return parserErr(li, 'did not find expected key');
      }
    }
    return { kind: 'closed', endLine: li };
  }
  if (hasMappingValue(v)) return scannerErr(i, 'mapping values are not allowed in this context');
  return { kind: 'plain' };
}
