// Test support for the SPDY/3.1 sessions of `kubesim serve`: the client's side of the framing as client-go's
// (moby/spdystream) writes it: one zlib stream with the SPDY dictionary for header blocks, control and data frames.

import zlib from 'node:zlib';
import { SPDY_DICTIONARY, TYPE } from './spdy.js';

/** A client's header compressor as Go's framer runs it: one zlib stream with the dictionary, a sync flush per block. */
export function clientCompressor(): (raw: Buffer) => Promise<Buffer> {
  const z = zlib.createDeflate({ dictionary: SPDY_DICTIONARY, level: 9 });
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  return (raw) =>
    new Promise((resolve) => {
      z.write(raw);
      z.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(chunks.splice(0))));
    });
}

export function headerBlock(h: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  parts.push(u32(Object.keys(h).length));
  for (const [k, v] of Object.entries(h)) parts.push(u32(k.length), Buffer.from(k), u32(v.length), Buffer.from(v));
  return Buffer.concat(parts);
}

export function control(type: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}

export function data(id: number, payload: Buffer, fin = false): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(id, 0);
  h[4] = fin ? 1 : 0;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

export async function synStream(compress: (raw: Buffer) => Promise<Buffer>, id: number, h: Record<string, string>): Promise<Buffer> {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(id, 0);
  return control(TYPE.SYN_STREAM, 0, Buffer.concat([head, await compress(headerBlock(h))]));
}

