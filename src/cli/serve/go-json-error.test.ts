import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, quoteChar, summarizeData } from './go-json-error.js';

describe("encoding/json's syntax errors", () => {
  it('names the character and what the scanner looked for', () => {
    expect(goJsonSyntaxError('{bad')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(goJsonSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonSyntaxError('{"a":1 "b":2}')).toBe(`invalid character '"' after object key:value pair`);
    expect(goJsonSyntaxError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonSyntaxError('{} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError('{"a":tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonSyntaxError('{"a":-x}')).toBe("invalid character 'x' in numeric literal");
    expect(goJsonSyntaxError('{"a":"\\q"}')).toBe("invalid character 'q' in string escape code");
    expect(goJsonSyntaxError("'x'")).toBe("invalid character '\\'' looking for beginning of value");
    expect(goJsonSyntaxError('{"a":')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('{"a":[1,2.5e3,{"b":null}],"c":"\\u00e9"}')).toBeUndefined();
    expect(quoteChar(10)).toBe("'\\n'");
  });

  it('summarizes a body as the handlers do', () => {
    expect(summarizeData('{bad')).toBe('{bad');
    expect(summarizeData('')).toBe('<empty>');
    expect(summarizeData('xy')).toBe('7879');
    expect(summarizeData('{' + 'a'.repeat(40))).toBe('{' + 'a'.repeat(29) + ' ...');
  });
});
