// pods/portforward of `kubesim serve`: the kubelet's side of the SPDY/3.1 streams kubectl port-forward opens, over a
// WebSocket tunnel (kubectl 1.30+, subprotocol SPDY/3.1+portforward.k8s.io: the SPDY bytes ride in binary messages)
// or a plain SPDY upgrade (kubectl 1.27-1.29). Per forwarded connection the client opens two streams with the
// headers streamType (error, data), port and requestID; once both are there the kubelet dials 127.0.0.1:port in the
// pod (a dial error goes on the error stream, as containerd words it, and both streams close), and the bytes on
// the data stream are parsed as HTTP requests, each delivered to the simulated server in the pod, whose answers go
// back as data frames. Nothing on the host is dialled. PINGs are answered; GOAWAY ends the session.

import { HttpRequestParser, responseBytes, responseCloses, type WireRequest } from '../../cluster/network/http-wire.js';
import type { SendResult } from '../../cluster/network/request-types.js';
import { dataFrames, FLAG_FIN, parseSynStream, pingFrame, rstStream, SpdyServerSession, synReply, TYPE, type Frame } from './spdy.js';

export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
export const PORTFORWARD_WS_PROTOCOL = `SPDY/3.1+${PORTFORWARD_PROTOCOL}`;

/** RST_STREAM status codes */
const PROTOCOL_ERROR = 1;
const REFUSED_STREAM = 3;

/** The pod end of the forward, bound to one pod (its uid). */
export interface ForwardTarget {
  /** the kubelet's dial of 127.0.0.1:port in the pod: its error text, or undefined when something listens */
  dial(port: number): Promise<string | undefined>;
  /** one request delivered to 127.0.0.1:port in the pod; undefined when the pod is gone */
  request(port: number, req: WireRequest): Promise<SendResult | undefined>;
}

interface Pair {
  port: number;
  error?: number;
  data?: number;
  started: boolean;
  /** data that came before the pair was complete */
  pending: Buffer[];
  clientDone: boolean;
  closed: boolean;
  parser: HttpRequestParser;
  chain: Promise<void>;
}

export class PortForwardSession extends SpdyServerSession {
  private readonly pairs = new Map<string, Pair>();
  private readonly byStream = new Map<number, Pair>();

  constructor(
    send: (b: Buffer) => void,
    private readonly close: () => void,
    private readonly target: ForwardTarget,
  ) {
    super(send);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of this.pairs.values()) p.closed = true;
    this.close();
  }

  protected frame(f: Frame): void {
    if (!f.control) return this.data(f.streamId, f.data, (f.flags & FLAG_FIN) !== 0);
    switch (f.type) {
      case TYPE.SYN_STREAM:
        return this.synStream(f.data);
      case TYPE.PING:
        // the same id back is the answer
        if (f.data.length >= 4) this.out(pingFrame(f.data.readUInt32BE(0)));
        return;
      case TYPE.RST_STREAM: {
        const p = f.data.length >= 4 ? this.byStream.get(f.data.readUInt32BE(0) & 0x7fffffff) : undefined;
        if (p) p.closed = true;
        return;
      }
      case TYPE.GOAWAY:
        return this.end();
      default:
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for a port forward
        return;
    }
  }

  private synStream(data: Buffer): void {
    let streamId: number;
    let headers: Record<string, string[]>;
    try {
      ({ streamId, headers } = parseSynStream(this.inflater, data));
    } catch {
      // a header block that cannot be read leaves the compression state unknown: the connection cannot go on
      return this.end();
    }
    const type = headers.streamtype?.[0];
    const port = Number(headers.port?.[0]);
    if ((type !== 'error' && type !== 'data') || !Number.isInteger(port) || port <= 0 || port > 65535) {
      this.out(synReply(this.deflater, streamId, {}, true));
      this.out(rstStream(streamId, type === 'error' || type === 'data' ? PROTOCOL_ERROR : REFUSED_STREAM));
      return;
    }
    // clients before requestID paired a data stream with the error stream two ids before it (the kubelet's rule)
    const requestID = headers.requestid?.[0] ?? String(type === 'data' ? streamId - 2 : streamId);
    let p = this.pairs.get(requestID);
    if (!p) {
      p = { port, started: false, pending: [], clientDone: false, closed: false, parser: new HttpRequestParser(), chain: Promise.resolve() };
      this.pairs.set(requestID, p);
    }
    if (type === 'error') p.error = streamId;
    else p.data = streamId;
    this.byStream.set(streamId, p);
    this.out(synReply(this.deflater, streamId, {}, false));
    if (p.error !== undefined && p.data !== undefined && !p.started) {
      p.started = true;
      void this.start(requestID, p);
    }
  }

  private data(streamId: number, data: Buffer, fin: boolean): void {
    const p = this.byStream.get(streamId);
    if (!p || streamId !== p.data) return; // the error stream carries nothing from the client
    if (data.length) {
      if (this.dialled.has(p)) this.feed(p, data);
      else p.pending.push(data);
    }
    if (fin) {
      p.clientDone = true;
      if (this.dialled.has(p)) p.chain = p.chain.then(() => this.finish(p));
    }
  }

  private readonly dialled = new Set<Pair>();

  private async start(requestID: string, p: Pair): Promise<void> {
    let err: string | undefined;
    try {
      err = await this.target.dial(p.port);
    } catch (e) {
      err = (e as Error).message;
    }
    if (err !== undefined) {
      this.out(dataFrames(p.error!, Buffer.from(err), true));
      this.out(dataFrames(p.data!, Buffer.alloc(0), true));
      p.closed = true;
      this.pairs.delete(requestID);
      return;
    }
    this.dialled.add(p);
    for (const chunk of p.pending.splice(0)) this.feed(p, chunk);
    if (p.clientDone) p.chain = p.chain.then(() => this.finish(p));
  }

  /** the client's bytes as HTTP requests, each answered in order */
  private feed(p: Pair, chunk: Buffer): void {
    for (const ev of p.parser.push(chunk)) {
      if (p.closed) return;
      if (ev.kind === 'error') {
        // the simulated servers speak HTTP/1.x only: other bytes end the connection
        p.chain = p.chain.then(() => this.finish(p));
        return;
      }
      const req = ev.request;
      p.chain = p.chain.then(async () => {
        if (p.closed) return;
        const answer = await this.target.request(p.port, req);
        if (p.closed) return;
        if (!answer || !answer.ok) return this.finish(p);
        this.out(dataFrames(p.data!, responseBytes(answer), false));
        if (req.close || responseCloses(answer)) this.finish(p);
      });
    }
  }

  /** the pod side closes: both streams end */
  private finish(p: Pair): void {
    if (p.closed) return;
    p.closed = true;
    this.out(dataFrames(p.data!, Buffer.alloc(0), true));
    this.out(dataFrames(p.error!, Buffer.alloc(0), true));
  }
}
