// Go text/template's lexer (text/template/parse/lex.go): text and {{actions}}, trim markers `{{- ` / ` -}}`,
// comments, strings, raw strings, characters, numbers, fields, variables, keywords, and its error texts.

export type ItemType =
  | 'error' | 'eof' | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'pipe' | 'leftParen' | 'rightParen'
  | 'string' | 'rawString' | 'char' | 'number' | 'bool' | 'nil' | 'dot' | 'field' | 'variable' | 'identifier'
  | 'declare' | 'assign' | 'comma' | 'punct' | 'keyword';

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

export const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => c === '_' || /[\p{L}\p{Nd}]/u.test(c);

/** `%#U` of a rune: U+0023 '#'. */
export function runeDesc(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Lexes a whole template into items (ending with eof or error). */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  let trimNext = false;
  const emit = (typ: ItemType, val = input.slice(start, pos)) => {
    items.push({ typ, pos: start, val, line: startLine });
    start = pos;
    startLine = line;
  };
  const advance = (n: number) => {
    for (let i = 0; i < n; i++) if (input[pos + i] === '\n') line++;
    pos += n;
  };
  const ignore = () => {
    start = pos;
    startLine = line;
  };
  /** Go's atTerminator: what may follow a field, variable or identifier */
  const atTerminator = (p: number) => {
    const c = input[p];
    return c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith('}}', p);
  };
  const checkTerminator = (): boolean => {
    if (atTerminator(pos)) return true;
    fail(`bad character ${runeDesc(String.fromCodePoint(input.codePointAt(pos)!))}`);
    return false;
  };
  const fail = (msg: string) => {
    items.push({ typ: 'error', pos: start, val: msg, line: startLine });
  };

  for (;;) {
    // text up to the next "{{"
    const next = input.indexOf('{{', pos);
    const end = next < 0 ? input.length : next;
    if (trimNext) {
      while (pos < end && isSpace(input[pos])) advance(1);
      ignore();
      trimNext = false;
    }
    let textEnd = end;
    const trimLeft = next >= 0 && input[next + 2] === '-' && isSpace(input[next + 3] ?? '');
    if (trimLeft) while (textEnd > pos && isSpace(input[textEnd - 1])) textEnd--;
    if (textEnd > pos) {
      const val = input.slice(pos, textEnd);
      advance(textEnd - pos);
      emit('text', val);
    }
    advance(end - pos);
    ignore();
    if (next < 0) {
      emit('eof', '');
      return items;
    }
    // left delimiter (and comment)
    const delimLen = trimLeft ? 3 : 2;
    const afterDelim = next + delimLen + (trimLeft ? 1 : 0);
    if (input.startsWith('/*', afterDelim)) {
      const close = input.indexOf('*/', afterDelim + 2);
      if (close < 0) {
        fail('unclosed comment');
        return items;
      }
      let p = close + 2;
      let trimR = false;
      if (isSpace(input[p] ?? '') && input[p + 1] === '-' && input.startsWith('}}', p + 2)) {
        trimR = true;
        p += 2;
      }
      if (!input.startsWith('}}', p)) {
        fail('comment ends before closing delimiter');
        return items;
      }
      advance(p + 2 - pos);
      ignore();
      trimNext = trimR;
      continue;
    }
    advance(delimLen);
    emit('leftDelim', '{{');
    if (trimLeft) {
      advance(1);
      ignore();
    }
    parenDepth = 0;
    // inside an action
    for (;;) {
      const rightTrim = isSpace(input[pos] ?? '') && input[pos + 1] === '-' && input.startsWith('}}', pos + 2);
      if (rightTrim || input.startsWith('}}', pos)) {
        if (parenDepth > 0) {
          fail('unclosed left paren');
          return items;
        }
        if (rightTrim) {
          advance(2);
          ignore();
          trimNext = true;
        }
        advance(2);
        emit('rightDelim', '}}');
        break;
      }
      if (pos >= input.length) {
        fail('unclosed action');
        return items;
      }
      const c = input[pos];
      if (isSpace(c)) {
        while (pos < input.length && isSpace(input[pos]) && !(input[pos + 1] === '-' && input.startsWith('}}', pos + 2))) advance(1);
        emit('space');
      } else if (c === '=') {
        advance(1);
        emit('assign');
      } else if (c === ':') {
        if (input[pos + 1] !== '=') {
          fail('expected :=');
          return items;
        }
        advance(2);
        emit('declare');
      } else if (c === '|') {
        advance(1);
        emit('pipe');
      } else if (c === '"') {
        let p = pos + 1;
        for (;;) {
          const ch = input[p];
          if (ch === '\\') p += 2;
          else if (ch === undefined || ch === '\n') {
            fail('unterminated quoted string');
            return items;
          } else if (ch === '"') break;
          else p++;
        }
        advance(p + 1 - pos);
        emit('string');
      } else if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) {
          fail('unterminated raw quoted string');
          return items;
        }
        advance(close + 1 - pos);
        emit('rawString');
      } else if (c === "'") {
        let p = pos + 1;
        for (;;) {
          const ch = input[p];
          if (ch === '\\') p += 2;
          else if (ch === undefined || ch === '\n') {
            fail('unterminated character constant');
            return items;
          } else if (ch === "'") break;
          else p++;
        }
        advance(p + 1 - pos);
        emit('char');
      } else if (c === '$') {
        let p = pos + 1;
        while (p < input.length && isAlnum(input[p])) p++;
        advance(p - pos);
        if (!checkTerminator()) return items;
        emit('variable');
      } else if (c === '.') {
        const n = input[pos + 1];
        if (n !== undefined && /[0-9]/.test(n)) {
          if (!lexNumber()) return items;
        } else {
          let p = pos + 1;
          while (p < input.length && isAlnum(input[p])) p++;
          advance(p - pos);
          if (p > start + 1 && !checkTerminator()) return items;
          if (p === start + 1) emit('dot');
          else emit('field');
        }
      } else if (c === '+' || c === '-' || /[0-9]/.test(c)) {
        if (!lexNumber()) return items;
      } else if (isAlnum(c)) {
        let p = pos;
        while (p < input.length && isAlnum(input[p])) p++;
        advance(p - pos);
        if (!checkTerminator()) return items;
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit('keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else if (word === 'nil') emit('nil');
        else emit('identifier');
      } else if (c === '(') {
        advance(1);
        emit('leftParen');
        parenDepth++;
      } else if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) {
          fail('unexpected right paren');
          return items;
        }
        emit('rightParen');
      } else if (c === ',') {
        advance(1);
        emit('comma');
      } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) > 0x20) {
        advance(1);
        emit('punct');
      } else {
        const ch = String.fromCodePoint(input.codePointAt(pos)!);
        fail(`unrecognized character in action: ${runeDesc(ch)}`);
        return items;
      }
    }
  }

  function lexNumber(): boolean {
    const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos));
    let len = m ? m[0].length : 0;
    // a number runs until a delimiter; anything alphanumeric right after it is bad syntax
    let p = pos + len;
    if (len === 0 || isAlnum(input[p] ?? '')) {
      len += 1;
      fail(`bad number syntax: ${JSON.stringify(input.slice(start, start + len))}`);
      return false;
    }
    advance(len);
    emit('number');
    return true;
  }
}
