import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { StreamIo, StreamRequest } from './exec-stream.js';
import { negotiateStreamProtocol, SpdyStreamSession } from './exec-spdy.js';
import { FrameReader, TYPE, type Frame } from './spdy.js';
import { clientCompressor, control, data, synStream } from './spdy-client.testkit.js';

const request = (o: Partial<StreamRequest>): StreamRequest => ({ mode: 'exec', namespace: 'default', pod: 'p', container: 'c', command: ['cat'], stdin: false, stdout: true, stderr: true, tty: false, ...o });

function harness(r: StreamRequest, run: (io: StreamIo) => Promise<void>) {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  let closed = false;
  let started = false;
  const session = new SpdyStreamSession(
    (b) => frames.push(...reader.push(b)),
    () => (closed = true),
    r,
    (io) => ((started = true), run(io)),
  );
  const dataOf = (id: number) => Buffer.concat(frames.filter((f): f is Extract<Frame, { control: false }> => !f.control && f.streamId === id).map((f) => f.data)).toString();
  const fins = () => frames.filter((f): f is Extract<Frame, { control: false }> => !f.control && (f.flags & 1) === 1).map((f) => f.streamId);
  return { session, frames, dataOf, fins, closed: () => closed, started: () => started };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('pods/exec over SPDY/3.1 (remotecommand v4)', () => {
  it('runs once every stream the query asked for is open, feeds stdin to its FIN, and ends with the Status on the error stream', async () => {
    const h = harness(request({ stdin: true }), async (io) => {
      const input = await io.stdin.all();
      io.stdout(input.toUpperCase());
      io.stderr('warn\n');
      io.finish({ metadata: {}, status: 'Success' });
    });
    const z = clientCompressor();
    h.session.receive(await synStream(z, 1, { streamtype: 'error' }));
    h.session.receive(await synStream(z, 3, { streamtype: 'stdin' }));
    h.session.receive(await synStream(z, 5, { streamtype: 'stdout' }));
    expect(h.started()).toBe(false);
    h.session.receive(await synStream(z, 7, { streamtype: 'stderr' }));
    expect(h.started()).toBe(true);
    h.session.receive(data(3, Buffer.from('one\n')));
    h.session.receive(data(3, Buffer.from('two\n'), true));
    await settle();
    expect(h.frames.filter((f) => f.control && f.type === TYPE.SYN_REPLY).map((f) => f.data.readUInt32BE(0))).toEqual([1, 3, 5, 7]);
    expect([h.dataOf(5), h.dataOf(7), JSON.parse(h.dataOf(1))]).toEqual(['ONE\nTWO\n', 'warn\n', { metadata: {}, status: 'Success' }]);
    expect(h.fins()).toEqual([5, 7, 1]);
    expect(h.frames.at(-1)).toMatchObject({ control: true, type: TYPE.GOAWAY });
    expect(h.closed()).toBe(true);
  });

  it('with a TTY waits for the resize stream and not for stderr; answers PINGs; refuses an unknown stream type', async () => {
    const h = harness(request({ tty: true, stderr: false }), async (io) => io.finish({ metadata: {}, status: 'Success' }));
    const z = clientCompressor();
    h.session.receive(await synStream(z, 1, { streamtype: 'error' }));
    h.session.receive(await synStream(z, 3, { streamtype: 'bogus' }));
    expect(h.frames.slice(-2).map((f) => f.control && f.type)).toEqual([TYPE.SYN_REPLY, TYPE.RST_STREAM]);
    h.session.receive(control(TYPE.PING, 0, Buffer.from([0, 0, 0, 9])));
    expect(h.frames.at(-1)).toMatchObject({ control: true, type: TYPE.PING });
    h.session.receive(await synStream(z, 5, { streamtype: 'stdout' }));
    expect(h.started()).toBe(false);
    h.session.receive(await synStream(z, 7, { streamtype: 'resize' }));
    h.session.receive(data(7, Buffer.from('{"Width":80,"Height":24}')));
    await settle();
    expect(h.started()).toBe(true);
    expect(h.fins()).toEqual([5, 1]);
  });

  it('negotiates v4.channel.k8s.io from the client\'s list, and words the refusal as the kubelet does', () => {
    const req = (v?: string) => ({ headers: v === undefined ? {} : { 'x-stream-protocol-version': v } }) as unknown as http.IncomingMessage;
    expect(negotiateStreamProtocol(req('v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io'))).toEqual({ protocol: 'v4.channel.k8s.io' });
    expect(negotiateStreamProtocol(req('v5.channel.k8s.io'))).toEqual({
      refusal: 'unable to upgrade: unable to negotiate protocol: client supports [v5.channel.k8s.io], server supports [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]',
    });
  });
});
