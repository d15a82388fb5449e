import { describe, expect, it } from 'vitest';
import { PortForwardSession, type ForwardTarget } from './portforward-spdy.js';
import { FrameReader, HeaderInflater, TYPE, type Frame } from './spdy.js';
import { clientCompressor, control, data, synStream } from './spdy-client.testkit.js';

/** The server's frames, with SYN_REPLY header blocks read back by an inflater as the client's framer would. */
function harness(target: ForwardTarget) {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  let closed = false;
  const session = new PortForwardSession(
    (b) => frames.push(...reader.push(b)),
    () => (closed = true),
    target,
  );
  return { session, frames, closed: () => closed };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('pods/portforward over SPDY/3.1', () => {
  it('replies to each stream, relays an HTTP request on the data stream to the pod, and ends both streams', async () => {
    const seen: string[] = [];
    const h = harness({
      dial: async () => undefined,
      request: async (port, req) => {
        seen.push(`${port} ${req.method} ${req.path}`);
        return { ok: true, status: 200, statusText: 'OK', headers: [['Content-Type', 'text/plain']], body: 'hello\n' } as never;
      },
    });
    const compress = clientCompressor();
    h.session.receive(await synStream(compress, 1, { streamtype: 'error', port: '80', requestid: '0' }));
    h.session.receive(await synStream(compress, 3, { streamtype: 'data', port: '80', requestid: '0' }));
    h.session.receive(control(TYPE.PING, 0, Buffer.from([0, 0, 0, 1])));
    await settle();
    // the request split across frames, as a TCP stream may be
    h.session.receive(data(3, Buffer.from('GET /x HTTP/1.1\r\nHost: local')));
    h.session.receive(data(3, Buffer.from('host:8080\r\nConnection: close\r\n\r\n')));
    await settle();
    expect(seen).toEqual(['80 GET /x']);
    const replies = h.frames.filter((f) => f.control && f.type === TYPE.SYN_REPLY);
    expect(replies.map((f) => f.data.readUInt32BE(0))).toEqual([1, 3]);
    // the reply header blocks are a valid zlib stream with the dictionary: zero headers each
    const inflater = new HeaderInflater();
    for (const r of replies) expect(inflater.decode(r.data.subarray(4))).toEqual({});
    // each block ends with the sync-flush marker: Go's flate reader needs the next block's header to hand a block over
    for (const r of replies) expect(r.data.subarray(-5).toString('hex')).toBe('000000ffff');
    expect(h.frames.some((f) => f.control && f.type === TYPE.PING && f.data.readUInt32BE(0) === 1)).toBe(true);
    const out = h.frames.filter((f): f is Extract<Frame, { control: false }> => !f.control);
    const body = Buffer.concat(out.filter((f) => f.streamId === 3).map((f) => f.data)).toString();
    expect(body).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nhello\n$/);
    expect(out.filter((f) => f.flags & 1).map((f) => f.streamId)).toEqual([3, 1]);
  });

  it('writes the dial error on the error stream and closes both when nothing listens', async () => {
    const h = harness({ dial: async (port) => `error forwarding port ${port} to pod abc, uid : connection refused`, request: async () => undefined });
    const compress = clientCompressor();
    h.session.receive(Buffer.concat([await synStream(compress, 1, { streamtype: 'error', port: '81', requestid: '7' }), await synStream(compress, 3, { streamtype: 'data', port: '81', requestid: '7' })]));
    await settle();
    const out = h.frames.filter((f): f is Extract<Frame, { control: false }> => !f.control);
    expect(out.map((f) => [f.streamId, f.data.toString(), f.flags])).toEqual([
      [1, 'error forwarding port 81 to pod abc, uid : connection refused', 1],
      [3, '', 1],
    ]);
  });

  it('refuses a stream of an unknown type, and ends the session on GOAWAY', async () => {
    const h = harness({ dial: async () => undefined, request: async () => undefined });
    const compress = clientCompressor();
    h.session.receive(await synStream(compress, 1, { streamtype: 'stdin', port: '80' }));
    expect(h.frames.map((f) => f.control && f.type)).toEqual([TYPE.SYN_REPLY, TYPE.RST_STREAM]);
    h.session.receive(control(TYPE.GOAWAY, 0, Buffer.alloc(8)));
    expect(h.closed()).toBe(true);
  });
});
