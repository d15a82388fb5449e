// HTTP/1.x on the wire, for bytes that arrive from a real socket (kubectl port-forward on the host loopback): a
// request parser fed chunk by chunk (request line, headers, a Content-Length or chunked body, pipelined requests)
// and the response bytes of a simulated server's answer. The simulated images answer requests, not bytes, so the
// relay turns the one into the other in both directions.

import type { HttpRequest } from './request-types.js';

export interface WireRequest extends HttpRequest {
  /** `HTTP/1.1` or `HTTP/1.0` */
  version: string;
  /** the client closes after this request (HTTP/1.0 without keep-alive, or `Connection: close`) */
  close: boolean;
}

export type ParseEvent = { kind: 'request'; request: WireRequest } | { kind: 'error'; message: string };

const MAX_HEAD = 64 * 1024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses a byte stream into requests; `push()` returns the requests completed by the chunk. */
export class HttpRequestParser {
  private buf: Buffer = Buffer.alloc(0);
  private pending: { request: WireRequest; remaining: number; chunked: boolean } | undefined;
  private failed = false;

  push(chunk: Buffer): ParseEvent[] {
    if (this.failed) return [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: ParseEvent[] = [];
    for (;;) {
      if (this.pending) {
        if (!this.consumeBody()) break;
        out.push({ kind: 'request', request: this.pending.request });
        this.pending = undefined;
        continue;
      }
      // blank lines before a request line are ignored (RFC 9112 2.2)
      while (this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a) this.buf = this.buf.subarray(2);
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buf.length > MAX_HEAD) return this.fail(out, 'request header too large');
        break;
      }
      const head = this.buf.subarray(0, end).toString('latin1');
      this.buf = this.buf.subarray(end + 4);
      const parsed = parseHead(head);
      if (typeof parsed === 'string') return this.fail(out, parsed);
      this.pending = parsed;
    }
    return out;
  }

  private fail(out: ParseEvent[], message: string): ParseEvent[] {
    this.failed = true;
    out.push({ kind: 'error', message });
    return out;
  }

  /** true when the pending request's body has been read whole */
  private consumeBody(): boolean {
    const p = this.pending!;
    if (!p.chunked) {
      const take = Math.min(p.remaining, this.buf.length);
      this.buf = this.buf.subarray(take);
      p.remaining -= take;
      return p.remaining === 0;
    }
    for (;;) {
      if (p.remaining > 0) {
        // chunk data plus its CRLF
        if (this.buf.length < p.remaining + 2) return false;
        this.buf = this.buf.subarray(p.remaining + 2);
        p.remaining = 0;
      }
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) return false;
      const size = parseInt(this.buf.subarray(0, eol).toString('latin1').split(';')[0].trim(), 16);
      if (Number.isNaN(size)) {
        this.failed = true;
        return false;
      }
      if (size === 0) {
        // trailers end with an empty line
        const end = this.buf.indexOf('\r\n\r\n', eol - 2 < 0 ? 0 : eol - 2);
        if (end < 0) return false;
        this.buf = this.buf.subarray(end + 4);
        return true;
      }
      this.buf = this.buf.subarray(eol + 2);
      p.remaining = size;
    }
  }
}

function parseHead(head: string): { request: WireRequest; remaining: number; chunked: boolean } | string {
  const lines = head.split('\r\n');
  const m = /^([^ ]+) ([^ ]+) (HTTP\/1\.[01])$/.exec(lines[0]);
  if (!m || !TOKEN.test(m[1])) return `malformed request line ${JSON.stringify(lines[0].slice(0, 80))}`;
  const headers: Record<string, string> = {};
  let host = '';
  let userAgent = '';
  let length = 0;
  let chunked = false;
  let connection = '';
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'host') host = value;
    else if (lower === 'user-agent') userAgent = value;
    else headers[name] = value;
    if (lower === 'content-length') {
      if (!/^\d+$/.test(value)) return `bad Content-Length ${JSON.stringify(value)}`;
      length = Number(value);
    }
    if (lower === 'transfer-encoding' && value.toLowerCase().includes('chunked')) chunked = true;
    if (lower === 'connection') connection = value.toLowerCase();
  }
  const version = m[3];
  const close = connection === 'close' || (version === 'HTTP/1.0' && connection !== 'keep-alive');
  // an HTTP/1.0 client that does not ask to keep the connection has it closed: the server sees it as such
  if (close && connection !== 'close') headers.Connection = 'close';
  return { request: { method: m[1], path: m[2], host, headers, userAgent, version, close }, remaining: chunked ? 0 : length, chunked };
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
}

/** The response bytes: status line, headers in the server's order, blank line, body (UTF-8). */
export function responseBytes(r: WireResponse): Buffer {
  const head = `HTTP/1.1 ${r.status} ${r.statusText}\r\n` + r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(r.body, 'utf8')]);
}

/** Whether the server's answer closes the connection. */
export function responseCloses(r: WireResponse): boolean {
  return r.headers.some(([k, v]) => k.toLowerCase() === 'connection' && v.toLowerCase() === 'close');
}
