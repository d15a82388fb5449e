// `kubectl explain`'s plaintext output, rendered from OpenAPI v3 schemas exactly as kubectl v1.32's
// pkg/explain/v2/templates/plaintext.tmpl does it (its sub-templates "output", "fieldList", "fieldDetail",
// "description", "typeGuess" and "extractEnum" are the functions below), with go-wordwrap v1.0.1's wrapping.

import type { Schema } from '../../cluster/apiserver/schema/openapi.js';

export type Schemas = Record<string, Schema>;

const isSpace = (ch: string) => /\s/u.test(ch) && ch !== '\u00a0';

/** github.com/mitchellh/go-wordwrap v1.0.1 WrapString: breaks at white space, never inside a word. */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = '';
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** The template's `indent`: pads the first line and every line after a newline. */
export function indent(amount: number, s: string): string {
  const pad = ' '.repeat(amount);
  return pad + s.split('\n').join('\n' + pad);
}

const nonBoolMap = (ap: Schema['additionalProperties']): ap is Schema => !!ap && typeof ap === 'object' && Object.keys(ap).length > 0;
const nonEmpty = (s: Schema | undefined): s is Schema => !!s && Object.keys(s).length > 0;

export class ExplainRenderer {
  constructor(private schemas: Schemas) {}

  private resolveRef(ref: unknown): Schema | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    return this.schemas[ref];
  }

  /** "typeGuess": `string`, `integer`, `Object`, `[]Container`, `map[string]string`, `IntOrString` */
  typeGuess(s: Schema): string {
    if (nonEmpty(s.items)) return `[]${this.typeGuess(s.items)}`;
    if (nonBoolMap(s.additionalProperties)) return `map[string]${this.typeGuess(s.additionalProperties)}`;
    if (s.allOf && s.allOf.length === 1 && !nonEmpty(s.properties as Schema | undefined)) return this.typeGuess(s.allOf[0]);
    if (s.$ref) {
      const target = this.resolveRef(s.$ref);
      if (!target || !target.type || target.type === 'object') {
        const name = s.$ref.split('/').pop() ?? '';
        return name.split('.').pop() || 'Object';
      }
      return target.type;
    }
    if (s.type === 'object') return 'Object';
    return s.type || 'Object';
  }

  /** "extractEnum": `ENUM:` lines (long view) or `enum: a, b, c, d, ....` after a field line */
  extractEnum(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
    if (!s.enum || s.enum.length === 0) return '';
    let out = longView ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
    for (let i = 0; i < s.enum.length; i++) {
      if (limit > -1 && i >= limit) {
        out += ', ....';
        break;
      }
      if (i > 0 && !longView) out += ', ';
      else if (longView) out += '\n    ';
      const e = s.enum[i];
      out += e === '' ? '""' : String(e);
    }
    return out;
  }

  /** "description": the schema's description, then those of its allOf, items and map values */
  description(s: Schema): string {
    const r = this.resolveRef(s.$ref) ?? s;
    let out = r.description ? `${r.description}\n` : '';
    for (const a of r.allOf ?? []) out += this.description(a);
    if (nonEmpty(r.items)) out += this.description(r.items);
    if (nonBoolMap(r.additionalProperties)) out += this.description(r.additionalProperties);
    return out;
  }

  /** "fieldDetail": `  name\t<type> -required-` and, unless short, the wrapped description and a blank line */
  fieldDetail(name: string, parent: Schema, short: boolean, level: number): string {
    const ind = level * 2;
    const field = parent.properties![name];
    let out = `${indent(ind, name)}\t<${this.typeGuess(field)}>`;
    if (parent.required?.includes(name)) out += ' -required-';
    out += this.extractEnum(field, false, 4, ind);
    out += '\n';
    if (!short) out += `${indent(ind + 2, wrapString(field.description || '<no description>', 78 - ind))}\n\n`;
    return out;
  }

  /** "fieldList": every property (recursively with --recursive), following allOf, items and map values */
  fieldList(s: Schema, level: number, history: Set<string>, recursive: boolean): string {
    const ref = s.$ref ?? '';
    if (ref && history.has(ref)) return '';
    const next = new Set(history).add(ref);
    const r = this.resolveRef(ref) ?? s;
    let out = '';
    for (const k of Object.keys(r.properties ?? {}).sort()) {
      out += this.fieldDetail(k, r, recursive, level);
      if (recursive) out += this.fieldList(r.properties![k], level + 1, next, recursive);
    }
    for (const a of r.allOf ?? []) out += this.fieldList(a, level, next, recursive);
    if (nonEmpty(r.items)) out += this.fieldList(r.items, level, next, recursive);
    if (nonBoolMap(r.additionalProperties)) out += this.fieldList(r.additionalProperties, level, next, recursive);
    return out;
  }

  /** "output": follows the field path, then prints FIELD/DESCRIPTION/FIELDS; '' when the path is not there */
  output(s: Schema, path: string[], history: Set<string>, recursive: boolean): string {
    const ref = s.$ref ?? '';
    const next = new Set(history).add(ref);
    const r = this.resolveRef(ref) ?? s;
    if (path.length === 0) {
      let out = `DESCRIPTION:\n${indent(4, wrapString(this.description(r) || '<empty>', 76))}\n`;
      const fields = this.fieldList(r, 1, new Set(), recursive);
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    if (ref && history.has(ref)) return '';
    const sub = r.properties?.[path[0]];
    if (sub) {
      let out = '';
      if (path.length === 1) out += `FIELD: ${path[0]} <${this.typeGuess(sub)}>\n${this.extractEnum(sub, true, -1)}\n\n`;
      return out + this.output(sub, path.slice(1), new Set(), recursive);
    }
    if (nonEmpty(r.items)) return this.output(r.items, path, next, recursive);
    if (nonBoolMap(r.additionalProperties)) return this.output(r.additionalProperties, path, next, recursive);
    for (const a of r.allOf ?? []) {
      const out = this.output(a, path, next, recursive);
      if (out) return out;
    }
    return '';
  }
}

export interface ExplainTarget {
  group: string;
  version: string;
  kind: string;
  /** the component schema of the kind */
  schemaName: string;
}

/**
 * The whole plaintext output. `error` is set when the field path does not exist: `out` then holds what the
 * template had already written (the GROUP/KIND/VERSION lines), as kubectl prints them before failing.
 */
export function renderExplain(schemas: Schemas, t: ExplainTarget, fieldPath: string[], recursive: boolean): { out: string; error?: string } {
  let head = t.group ? `GROUP:      ${t.group}\n` : '';
  head += `KIND:       ${t.kind}\nVERSION:    ${t.version}\n\n`;
  const body = new ExplainRenderer(schemas).output(schemas[t.schemaName], fieldPath, new Set(), recursive);
  if (!body) return { out: head, error: `error: field "${fieldPath[fieldPath.length - 1]}" does not exist` };
  return { out: `${head}${body}\n` };
}
