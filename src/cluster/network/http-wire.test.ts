import { describe, expect, it } from 'vitest';
import { HttpRequestParser, responseBytes, responseCloses } from './http-wire.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('HttpRequestParser', () => {
  it('parses a request split across chunks, with Host and User-Agent apart from the other headers', () => {
    const p = new HttpRequestParser();
    expect(p.push(b('GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-')).length).toBe(0);
    const evs = p.push(b('Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n'));
    expect(evs).toEqual([
      { kind: 'request', request: { method: 'GET', path: '/index.html', host: '127.0.0.1:8080', headers: { Accept: '*/*' }, userAgent: 'curl/8.5.0', version: 'HTTP/1.1', close: false } },
    ]);
  });

  it('reads pipelined requests, skipping a Content-Length body and a chunked body', () => {
    const p = new HttpRequestParser();
    const text =
      'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' +
      'POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
      'GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    // one byte at a time: nothing is lost between chunks
    const evs = [...text].flatMap((ch) => p.push(b(ch)));
    expect(evs.map((e) => (e.kind === 'request' ? `${e.request.method} ${e.request.path} ${e.request.close}` : e.message))).toEqual(['POST /a false', 'POST /b false', 'GET /c true']);
  });

  it('closes after an HTTP/1.0 request unless it asks to keep the connection, and tells the server so', () => {
    const p = new HttpRequestParser();
    const [one] = p.push(b('GET / HTTP/1.0\r\n\r\n'));
    expect(one.kind === 'request' && one.request.close && one.request.headers.Connection).toBe('close');
    const [two] = new HttpRequestParser().push(b('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'));
    expect(two.kind === 'request' && two.request.close).toBe(false);
  });

  it('reports bytes that are not HTTP and reads nothing after them', () => {
    const p = new HttpRequestParser();
    const evs = p.push(b('\x16\x03\x01 hello\r\n\r\n'));
    expect(evs[0].kind).toBe('error');
    expect(p.push(b('GET / HTTP/1.1\r\n\r\n'))).toEqual([]);
  });
});

describe('responseBytes', () => {
  it('writes the status line, the headers in order and the UTF-8 body', () => {
    const r = { status: 200, statusText: 'OK', headers: [['Content-Length', '4'], ['Connection', 'close']] as Array<[string, string]>, body: 'hé\n' };
    expect(responseBytes(r).toString('utf8')).toBe('HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nhé\n');
    expect(responseCloses(r)).toBe(true);
  });
});
