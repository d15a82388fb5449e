// pods/exec and pods/attach of `kubesim serve` over SPDY/3.1, the protocol of kubectl 1.27-1.29 (and the fallback of
// 1.30+ when the WebSocket upgrade is refused): a POST with `Upgrade: SPDY/3.1` and the remotecommand versions the
// client speaks in X-Stream-Protocol-Version, answered 101 with the one chosen (v4.channel.k8s.io, whose error stream
// carries a JSON Status), as the kubelet's httpstream.Handshake answers. The client then opens one SPDY stream per
// channel (header streamType: error, stdin, stdout, stderr, resize); once every stream its query asked for is there
// the session runs (exec-stream.ts): stdin data frames feed it, a FIN on stdin ends its input, stdout and stderr go
// back as data frames, and the Status goes on the error stream before every stream is closed. The framing is
// spdy.ts's, shared with pods/portforward.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Session } from '../session.js';
import { runStream, StdinQueue, type StreamRequest } from './exec-stream.js';
import { dataFrames, FLAG_FIN, goAway, parseSynStream, pingFrame, rstStream, SpdyServerSession, synReply, TYPE, type Frame } from './spdy.js';

/** the remotecommand versions served over SPDY, best first (v4: a JSON Status on the error stream) */
export const SPDY_STREAM_PROTOCOLS = ['v4.channel.k8s.io'];
/** what kubelets speak, for the refusal's text */
const KUBELET_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** the kubelet's streamCreationTimeout default */
const STREAM_CREATION_TIMEOUT_MS = 30_000;
const REFUSED_STREAM = 3;

/** Whether a request asks for a SPDY/3.1 upgrade. */
export function isSpdyUpgrade(req: http.IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase().startsWith('spdy/3.1');
}

/** The protocol chosen from the client's X-Stream-Protocol-Version list, or the handshake's refusal text. */
export function negotiateStreamProtocol(req: http.IncomingMessage): { protocol: string } | { refusal: string } {
  const raw = req.headers['x-stream-protocol-version'];
  const offered = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const p of offered) if (SPDY_STREAM_PROTOCOLS.includes(p)) return { protocol: p };
  // httpstream.Handshake: no common version
  return { refusal: `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${KUBELET_PROTOCOLS.join(' ')}]` };
}

/** The kubelet's side of one SPDY remotecommand connection. */
export class SpdyStreamSession extends SpdyServerSession {
  private readonly streams = new Map<string, number>();
  private readonly stdin = new StdinQueue();
  private started = false;
  private readonly expected: string[];
  private readonly timer: NodeJS.Timeout;

  constructor(
    send: (b: Buffer) => void,
    private readonly close: () => void,
    private readonly r: StreamRequest,
    private readonly run: (io: import('./exec-stream.js').StreamIo) => Promise<void>,
  ) {
    super(send);
    this.expected = ['error', ...(r.stdin ? ['stdin'] : []), ...(r.stdout ? ['stdout'] : []), ...(r.stderr && !r.tty ? ['stderr'] : []), ...(r.tty ? ['resize'] : [])];
    this.timer = setTimeout(() => this.end(), STREAM_CREATION_TIMEOUT_MS);
    this.timer.unref?.();
  }

  /** the connection is gone: the session's input ends */
  end(): void {
    clearTimeout(this.timer);
    this.stdin.end();
    if (this.ended) return;
    this.ended = true;
    this.close();
  }

  protected frame(f: Frame): void {
    if (!f.control) {
      if (f.streamId === this.streams.get('stdin')) {
        if (f.data.length) this.stdin.push(Buffer.from(f.data));
        if (f.flags & FLAG_FIN) this.stdin.end();
      }
      return; // resize: the simulated terminal has no size
    }
    if (f.type === TYPE.SYN_STREAM) return this.synStream(f.data);
    if (f.type === TYPE.PING && f.data.length >= 4) return this.out(pingFrame(f.data.readUInt32BE(0)));
    if (f.type === TYPE.RST_STREAM && f.data.length >= 4 && (f.data.readUInt32BE(0) & 0x7fffffff) === this.streams.get('stdin')) this.stdin.end();
    if (f.type === TYPE.GOAWAY) this.end();
  }

  private synStream(data: Buffer): void {
    let streamId: number;
    let type: string | undefined;
    try {
      const s = parseSynStream(this.inflater, data);
      streamId = s.streamId;
      type = s.headers.streamtype?.[0];
    } catch {
      return this.end();
    }
    if (!type || !['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || this.streams.has(type)) {
      // the kubelet's "unexpected stream type" / "duplicate stream": the stream is refused
      this.out(synReply(this.deflater, streamId, {}, true));
      this.out(rstStream(streamId, REFUSED_STREAM));
      return;
    }
    this.streams.set(type, streamId);
    this.out(synReply(this.deflater, streamId, {}, false));
    if (!this.started && this.expected.every((t) => this.streams.has(t))) {
      this.started = true;
      clearTimeout(this.timer);
      void this.run({
        stdin: this.stdin,
        stdout: (s) => this.write('stdout', s),
        stderr: (s) => this.write('stderr', s),
        finish: (status) => this.finish(status),
      });
    }
  }

  private write(type: string, s: string): void {
    const id = this.streams.get(type);
    if (id !== undefined && s.length) this.out(dataFrames(id, Buffer.from(s, 'utf8'), false));
  }

  private finish(status: Record<string, unknown>): void {
    for (const t of ['stdout', 'stderr']) {
      const id = this.streams.get(t);
      if (id !== undefined) this.out(dataFrames(id, Buffer.alloc(0), true));
    }
    this.out(dataFrames(this.streams.get('error')!, Buffer.from(JSON.stringify(status)), true));
    this.out(goAway(Math.max(...this.streams.values())));
    this.end();
  }
}

/** Answers the upgrade (101 with the chosen version, or the handshake's 403) and runs the session. */
export function serveSpdyStream(session: Session, req: http.IncomingMessage, socket: Duplex, head: Buffer, r: StreamRequest, sockets: Set<Duplex>): void {
  const n = negotiateStreamProtocol(req);
  if ('refusal' in n) {
    const text = `${n.refusal}\n`;
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    return;
  }
  sockets.add(socket);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${n.protocol}\r\n\r\n`);
  const s = new SpdyStreamSession(
    (b) => void socket.write(b),
    () => socket.end(),
    r,
    (io) => runStream(session, io, r),
  );
  socket.on('data', (c: Buffer) => s.receive(c));
  socket.on('close', () => (sockets.delete(socket), s.end()));
  socket.on('error', () => s.end());
  if (head.length) s.receive(head);
}
