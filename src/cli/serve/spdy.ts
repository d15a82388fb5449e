// SPDY/3.1 framing for the streams kubectl port-forward opens (client-go's httpstream/spdy on moby/spdystream):
// control frames (SYN_STREAM, SYN_REPLY, RST_STREAM, PING, GOAWAY, ...) and data frames, and the name/value header
// blocks compressed by one zlib stream per direction with the SPDY/3 dictionary. Pure: bytes in, frames out.
//
// Incoming header blocks are inflated from the whole compressed history (the client's zlib stream refers back
// across frames; node's inflateSync with Z_SYNC_FLUSH reads a stream that has not ended). Outgoing ones are zlib
// stored blocks, each ended by a sync-flush marker as Go's compressor ends its: valid zlib without compressor state.

import zlib from 'node:zlib';

/** The SPDY/3 header compression dictionary (draft-mbelshe-httpbis-spdy-00 section 2.6.10.1), 1423 bytes. */
export const SPDY_DICTIONARY = Buffer.from(
  'AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAA' +
  'D2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlv' +
  'bgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5n' +
  'dWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVu' +
  'dC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZp' +
  'ZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9j' +
  'YXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5n' +
  'ZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3Jh' +
  'ZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZz' +
  'dGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUA' +
  'AAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1' +
  'NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0' +
  'MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAx' +
  'IE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3Yg' +
  'RGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdl' +
  'L2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJs' +
  'aWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==',
  'base64',
);

export const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;
export const FLAG_FIN = 0x01;

export type Frame =
  | { control: true; type: number; flags: number; data: Buffer }
  | { control: false; streamId: number; flags: number; data: Buffer };

export class SpdyError extends Error {}

/** Splits a byte stream into frames, however the bytes arrive. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3);
      if (this.buf.length < 8 + len) break;
      const flags = this.buf[4]!;
      const data = this.buf.subarray(8, 8 + len);
      if (this.buf[0]! & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        if (version !== 3) throw new SpdyError(`unsupported SPDY version ${version}`);
        out.push({ control: true, type: this.buf.readUInt16BE(2), flags, data });
      } else out.push({ control: false, streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data });
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

export type Headers = Record<string, string[]>;

function parseHeaderBlock(b: Buffer): Headers {
  const out: Headers = {};
  let i = 0;
  const u32 = () => {
    if (i + 4 > b.length) throw new SpdyError('truncated header block');
    const v = b.readUInt32BE(i);
    i += 4;
    return v;
  };
  const str = () => {
    const n = u32();
    if (i + n > b.length) throw new SpdyError('truncated header block');
    const s = b.subarray(i, i + n).toString('utf8');
    i += n;
    return s;
  };
  const count = u32();
  for (let k = 0; k < count; k++) {
    const name = str().toLowerCase();
    (out[name] ??= []).push(...str().split('\0'));
  }
  return out;
}

/** The receiving side of one connection's header compression. */
export class HeaderInflater {
  private compressed: Buffer[] = [];
  private seen = 0;
  decode(block: Buffer): Headers {
    this.compressed.push(block);
    let all: Buffer;
    try {
      all = zlib.inflateSync(Buffer.concat(this.compressed), { dictionary: SPDY_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (e) {
      throw new SpdyError(`header block: ${(e as Error).message}`);
    }
    const mine = all.subarray(this.seen);
    this.seen = all.length;
    return parseHeaderBlock(mine);
  }
}

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const c of b) {
    a = (a + c) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** The sending side: each block a zlib stored block; the first one after the zlib header naming the dictionary. */
export class HeaderDeflater {
  private started = false;
  encode(h: Record<string, string>): Buffer {
    const parts: Buffer[] = [];
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n);
      parts.push(b);
    };
    const entries = Object.entries(h);
    u32(entries.length);
    for (const [k, v] of entries) {
      u32(Buffer.byteLength(k));
      parts.push(Buffer.from(k));
      u32(Buffer.byteLength(v));
      parts.push(Buffer.from(v));
    }
    const raw = Buffer.concat(parts);
    const out: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32K window), FLG 0xbb (FDICT, default level, check bits), then the dictionary's adler32
      const head = Buffer.from([0x78, 0xbb, 0, 0, 0, 0]);
      head.writeUInt32BE(adler32(SPDY_DICTIONARY), 2);
      out.push(head);
    }
    for (let i = 0; i === 0 || i < raw.length; i += 0xffff) {
      const chunk = raw.subarray(i, i + 0xffff);
      const h5 = Buffer.alloc(5);
      h5[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte
      h5.writeUInt16LE(chunk.length, 1);
      h5.writeUInt16LE(~chunk.length & 0xffff, 3);
      out.push(h5, chunk);
    }
    // the sync-flush marker, an empty stored block: Go's flate reader hands a block's bytes over only once it has
    // read the next block's header, so without it the reader would wait for (and take) the next frame's bytes
    out.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(out);
  }
}

function controlFrame(type: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}

const u32s = (...ns: number[]) => {
  const b = Buffer.alloc(4 * ns.length);
  ns.forEach((n, i) => b.writeUInt32BE(n >>> 0, 4 * i));
  return b;
};

export function synReply(deflater: HeaderDeflater, streamId: number, headers: Record<string, string>, fin: boolean): Buffer {
  return controlFrame(TYPE.SYN_REPLY, fin ? FLAG_FIN : 0, Buffer.concat([u32s(streamId & 0x7fffffff), deflater.encode(headers)]));
}

export function rstStream(streamId: number, status: number): Buffer {
  return controlFrame(TYPE.RST_STREAM, 0, u32s(streamId & 0x7fffffff, status));
}

export function pingFrame(id: number): Buffer {
  return controlFrame(TYPE.PING, 0, u32s(id));
}

export function goAway(lastGoodStreamId: number): Buffer {
  return controlFrame(TYPE.GOAWAY, 0, u32s(lastGoodStreamId & 0x7fffffff, 0));
}

/** Data frames for a stream (at most 64 KiB each); `fin` on the last (an empty frame when there is no data). */
export function dataFrames(streamId: number, data: Buffer, fin: boolean): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i === 0 || i < data.length; i += 0x10000) {
    const chunk = data.subarray(i, i + 0x10000);
    const h = Buffer.alloc(8);
    h.writeUInt32BE(streamId & 0x7fffffff, 0);
    h[4] = fin && i + 0x10000 >= data.length ? FLAG_FIN : 0;
    h.writeUIntBE(chunk.length, 5, 3);
    out.push(h, chunk);
  }
  return Buffer.concat(out);
}

/** A SYN_STREAM's stream id and headers. */
export function parseSynStream(inflater: HeaderInflater, data: Buffer): { streamId: number; headers: Headers } {
  if (data.length < 10) throw new SpdyError('short SYN_STREAM');
  return { streamId: data.readUInt32BE(0) & 0x7fffffff, headers: inflater.decode(data.subarray(10)) };
}

/**
 * The server end of one SPDY/3.1 connection (pods/exec and attach, pods/portforward): bytes from the client become
 * frames for `frame`, a framing error ends the session, and nothing is sent once it has ended.
 */
export abstract class SpdyServerSession {
  protected readonly reader = new FrameReader();
  protected readonly inflater = new HeaderInflater();
  protected readonly deflater = new HeaderDeflater();
  protected ended = false;

  constructor(private readonly send: (b: Buffer) => void) {}

  /** bytes from the client, as they arrive */
  receive(chunk: Buffer): void {
    if (this.ended) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.end();
      return;
    }
    for (const f of frames) this.frame(f);
  }

  /** the connection is gone, or the session is over */
  abstract end(): void;

  protected abstract frame(f: Frame): void;

  protected out(b: Buffer): void {
    if (!this.ended) this.send(b);
  }
}
