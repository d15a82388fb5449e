// The syntax error Go's encoding/json reports for a malformed JSON document (its scanner's texts, e.g. `invalid
// character 'b' looking for beginning of object key string`, `unexpected end of JSON input`), so a malformed
// request body gets the API server's message. Pure: bytes in, message (or undefined for valid JSON) out.

class SyntaxFail extends Error {}

/** encoding/json quoteChar */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (esc[c]) return `'${esc[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && c < 0xa0) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

export function goJsonSyntaxError(text: string): string | undefined {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  const fail = (context: string): never => {
    if (i >= b.length) throw new SyntaxFail('unexpected end of JSON input');
    throw new SyntaxFail(`invalid character ${quoteChar(b[i]!)} ${context}`);
  };
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const digit = () => i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39;
  const str = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= b.length) fail('');
      const c = b[i]!;
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= b.length) fail('');
        if (b[i] === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= b.length || !/[0-9a-fA-F]/.test(String.fromCharCode(b[i]!))) fail('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(b[i]!))) fail('in string escape code');
      }
      i++;
    }
  };
  const num = () => {
    if (b[i] === 0x2d) {
      i++;
      if (!digit()) fail('in numeric literal');
    }
    if (b[i] === 0x30) i++;
    else while (digit()) i++;
    if (b[i] === 0x2e) {
      i++;
      if (!digit()) fail('after decimal point in numeric literal');
      while (digit()) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!digit()) fail('in exponent of numeric literal');
      while (digit()) i++;
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) {
      if (i < b.length && b[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      if (i >= b.length) fail('');
    }
  };
  const value = (): void => {
    ws();
    if (i >= b.length) fail('');
    const c = b[i]!;
    if (c === 0x7b) {
      i++;
      ws();
      if (b[i] === 0x7d) return void i++;
      for (;;) {
        ws();
        if (b[i] !== 0x22) fail('looking for beginning of object key string');
        str();
        ws();
        if (b[i] !== 0x3a) fail('after object key');
        i++;
        value();
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x7d) return void i++;
        fail('after object key:value pair');
      }
    }
    if (c === 0x5b) {
      i++;
      ws();
      if (b[i] === 0x5d) return void i++;
      for (;;) {
        value();
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x5d) return void i++;
        fail('after array element');
      }
    }
    if (c === 0x22) return str();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return num();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    fail('looking for beginning of value');
  };
  try {
    value();
    ws();
    if (i < b.length) fail('after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxFail) return e.message;
    throw e;
  }
}

/** handlers' summarizeData: a body that starts with '{' as text, anything else in hex, cut at 30 bytes. */
export function summarizeData(text: string, max = 30): string {
  const b = Buffer.from(text, 'utf8');
  if (!b.length) return '<empty>';
  const cut = b.length > max ? b.subarray(0, max) : b;
  const more = b.length > max ? ' ...' : '';
  return b[0] === 0x7b ? cut.toString('utf8') + more : cut.toString('hex') + more;
}
