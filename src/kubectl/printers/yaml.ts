// `-o yaml` exactly as sigs.k8s.io/yaml (go-yaml v2 emitter) prints: sorted keys, indentless sequences, go-yaml's
// scalar style choice (plain / single / double quoted / literal block) and line folding at 80 columns.

import { goFloat } from './gofmt.js';

const BEST_WIDTH = 80;

// ------------------------------------------------------------------ key order (go-yaml v2 sorter.go keyList.Less)

const isLetter = (r: string) => /\p{L}/u.test(r);
const isDigit = (r: string) => /\p{Nd}/u.test(r);

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ------------------------------------------------------------------ resolve (would a plain scalar read back as a non-string?)

const RESOLVE_MAP = new Set(
  ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']
    .concat(['', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']),
);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** go-yaml v2 parseTimestamp with its allowed formats (time.Parse layouts with 1-or-2-digit fields). */
function isTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return false;
  const h = m[4] ?? m[7];
  if (h !== undefined) {
    const mi = m[5] ?? m[8];
    const se = m[6] ?? m[9];
    if (+h > 23 || +mi > 59 || +se > 59) return false;
  }
  return true;
}

/** Go strconv.ParseInt(s, 0, 64) / ParseUint acceptance (syntax only; out-of-range still matches YAML_FLOAT). */
function isGoInt(s: string): boolean {
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.test(s);
}

/** True when `s` written plain would resolve to something other than a string (so it must be quoted). */
function resolvesToNonString(s: string): boolean {
  const c = s === '' ? 'N' : s[0];
  const hint = '+-'.includes(c) ? 'S' : '0123456789'.includes(c) ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : c === 'N' && s === '' ? 'N' : '';
  if (s === '') return true;
  if (!hint) return false;
  if (RESOLVE_MAP.has(s)) return true;
  switch (hint) {
    case 'M':
      return false;
    case '.':
      return isGoFloatSyntax(s);
    case 'D':
    case 'S': {
      if (hint === 'D' && isTimestamp(s)) return true;
      const plain = s.replace(/_/g, '');
      if (isGoInt(plain)) return true;
      if (YAML_FLOAT.test(plain)) return true;
      if (/^-?0b[01]+$/.test(plain)) return true;
      return false;
    }
  }
  return false;
}

/** strconv.ParseFloat acceptance for strings starting with '.' */
function isGoFloatSyntax(s: string): boolean {
  return /^\.[0-9](_?[0-9])*([eE][-+]?[0-9]+)?$/.test(s);
}

// ------------------------------------------------------------------ scalar analysis (emitterc.go yaml_emitter_analyze_scalar)

const isBreakCp = (cp: number) => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isPrintableCp = (cp: number) => cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const cps = Array.from(value).map((ch) => ch.codePointAt(0)!);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  const isBlank = (cp: number | undefined) => cp === 0x20 || cp === 0x09;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    const ch = String.fromCodePoint(cp);
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-') {
        if (followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      else if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '#') {
        if (precededByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      }
    }
    if (!isPrintableCp(cp)) specialCharacters = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(cp) || isBreakCp(cp) || cp === 0;
  }
  void flowIndicators;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** encode.go stringv + emitterc.go yaml_emitter_select_scalar_style for a string in block context. */
function stringStyle(s: string, simpleKey: boolean): Style {
  const canUsePlain = !resolvesToNonString(s) && !BASE60_FLOAT.test(s);
  let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

// ------------------------------------------------------------------ writer

class Writer {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;

  put(s: string): void {
    for (const ch of s) {
      if (ch === '\n') {
        this.out += '\n';
        this.column = 0;
      } else {
        this.out += ch;
        this.column++;
      }
    }
  }
  /** yaml_emitter_write_indent */
  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.put('\n');
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  indicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  plain(value: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  singleQuoted(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else this.put(ch);
        spaces = true;
      } else {
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.indicator("'", false, false, false);
  }

  doubleQuoted(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const cp = ch.codePointAt(0)!;
      if (!isPrintableCp(cp) || cp === 0xfeff || isBreakCp(cp) || ch === '"' || ch === '\\') {
        const esc: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        if (esc[cp] !== undefined) this.put(`\\${esc[cp]}`);
        else if (cp <= 0xff) this.put(`\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`);
        else if (cp <= 0xffff) this.put(`\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`);
        else this.put(`\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent(indent);
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
  }

  literal(value: string, indent: number): void {
    this.indicator('|', true, false, false);
    const cps = Array.from(value);
    let hints = '';
    if (cps[0] === ' ' || isBreakCp(cps[0].codePointAt(0)!)) hints += '2';
    const last = cps[cps.length - 1];
    if (!isBreakCp(last.codePointAt(0)!)) hints += '-';
    else if (cps.length === 1 || isBreakCp(cps[cps.length - 2].codePointAt(0)!)) hints += '+';
    if (hints) this.indicator(hints, false, false, false);
    this.put('\n');
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of cps) {
      if (isBreakCp(ch.codePointAt(0)!)) {
        this.put('\n');
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }

  /** A scalar value; `indent` is the continuation indent (the enclosing block's indent + 2). */
  scalar(v: unknown, indent: number, simpleKey: boolean): void {
    if (v === null || v === undefined) return this.plain('null', indent, false);
    if (typeof v === 'boolean') return this.plain(v ? 'true' : 'false', indent, false);
    if (typeof v === 'number') {
      let s: string;
      if (Number.isInteger(v) && Math.abs(v) < 1e21) s = String(v);
      else if (v === Infinity) s = '.inf';
      else if (v === -Infinity) s = '-.inf';
      else if (Number.isNaN(v)) s = '.nan';
      else s = goFloat(v);
      return this.plain(s, indent, false);
    }
    // the JSON->YAML round trip of sigs.k8s.io/yaml reads a raw NEL inside a JSON string as a folded line break
    const s = String(v).replace(/\u0085/g, ' ');
    const allowBreaks = !simpleKey;
    switch (stringStyle(s, simpleKey)) {
      case 'plain':
        return this.plain(s, indent, allowBreaks);
      case 'single':
        return this.singleQuoted(s, indent, allowBreaks);
      case 'double':
        return this.doubleQuoted(s, indent, allowBreaks);
      case 'literal':
        return this.literal(s, indent);
    }
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmptyCollection = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isMap(v) && sortedKeys(v).length === 0);

/** emitterc.go yaml_emitter_check_simple_key for a string key. */
function isSimpleKey(k: string): boolean {
  return Buffer.byteLength(k, 'utf8') <= 128 && !analyze(k).multiline;
}

/** Emits a node in block context. `indent` is the indent of the parent block (-1 at the document root). */
function emitNode(w: Writer, v: unknown, indent: number, inMappingValue: boolean): void {
  if (Array.isArray(v) && v.length > 0) {
    // block sequence: indentless when it is a mapping value (go-yaml: mapping_context && !indention)
    const seqIndent = indent < 0 ? 0 : inMappingValue && !w.indention ? indent : indent + 2;
    for (const item of v) {
      w.writeIndent(seqIndent);
      w.indicator('-', true, false, true);
      emitNode(w, item, seqIndent, false);
    }
    return;
  }
  if (isMap(v) && sortedKeys(v).length > 0) {
    const mapIndent = indent < 0 ? 0 : indent + 2;
    for (const k of sortedKeys(v)) {
      w.writeIndent(mapIndent);
      if (isSimpleKey(k)) {
        w.scalar(k, mapIndent + 2, true);
        w.indicator(':', false, false, false);
      } else {
        // complex key (multi-line or longer than 128 bytes): `? key` then `: value`
        w.indicator('?', true, false, true);
        w.scalar(k, mapIndent + 2, false);
        w.writeIndent(mapIndent);
        w.indicator(':', true, false, true);
      }
      emitNode(w, v[k], mapIndent, true);
    }
    return;
  }
  if (Array.isArray(v)) {
    w.indicator('[]', true, false, false);
    return;
  }
  if (isMap(v)) {
    w.indicator('{}', true, false, false);
    return;
  }
  w.scalar(v, indent < 0 ? 0 : indent + 2, false);
}

/** sigs.k8s.io/yaml.Marshal of a JSON-like value (always ends with a newline). */
export function toYaml(obj: unknown): string {
  const w = new Writer();
  emitNode(w, obj, -1, false);
  if (!w.indention || w.column > 0 || !w.whitespace) w.put('\n');
  return w.out;
}
