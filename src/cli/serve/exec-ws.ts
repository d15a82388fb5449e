// pods/exec and pods/attach of `kubesim serve` over the WebSocket protocol kubectl 1.30+ speaks (the `ws` library
// does the WebSocket framing): subprotocol v5.channel.k8s.io (v4 as fallback), one leading channel byte per message
// (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize, and v5's 255 close signal). A command runs in the simulated
// container once its stdin is complete (no stdin, v5's close of channel 0, or the socket closing); an interactive
// shell (`sh`, `bash` with -i/-t) is fed line by line, echoing typed keys back when a TTY was asked for, with the
// state lock released while it waits for the next line (the session lease, as `kubesim exec -it` does). The result
// is kube-apiserver's Status on channel 3 (Success, or NonZeroExitCode with the exit code as its cause).

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { Container, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { execInContainer, isInteractiveShell, ShellSession } from '../../node/container/index.js';
import { mainProcess } from '../../kubectl/cmd/interactive.js';
import type { Session } from '../session.js';

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** The kubelet's plain-text refusal of a stream (the API server passes it on; kubectl says "unable to upgrade connection: ..."). */
export class KubeletStreamError extends Error {}

export interface StreamRequest {
  mode: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** The query of an exec/attach request, checked against the pod as the API server and the kubelet check it. */
export function streamRequest(cluster: Cluster, mode: 'exec' | 'attach', namespace: string, name: string, q: URLSearchParams): StreamRequest {
  const pod = cluster.api.get<Pod>('pods', namespace, name);
  const flag = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  let container = q.get('container') ?? '';
  if (!container) {
    if (pod.spec.containers.length !== 1) {
      throw new StatusError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
    }
    container = pod.spec.containers[0].name;
  }
  const command = q.getAll('command');
  if (mode === 'exec' && command.length === 0) throw new StatusError('BadRequest', 'you must specify at least 1 command');
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (!all.some((c) => c.name === container)) throw new StatusError('BadRequest', `container ${container} is not valid for pod ${name}`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new StatusError('BadRequest', `cannot exec into a container in a completed pod; current phase is ${phase}`);
  if (!pod.spec.nodeName) throw new StatusError('BadRequest', `pod ${name} does not have a host assigned`);
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  if (!st?.state?.running) throw new KubeletStreamError(`container not found ("${container}")`);
  if (!flag('stdout') && !flag('stderr') && !flag('stdin')) throw new StatusError('BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  return { mode, namespace, pod: name, container, command, stdin: flag('stdin'), tty: flag('tty') };
}

function frame(channel: number, data: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}

/** The v4+ error-channel Status of an exit code. */
export function exitStatus(code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Stdin of one session: chunks in order, the end (v5 close of channel 0, or the socket going). */
class StdinQueue {
  private chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(b: Buffer): void {
    this.chunks.push(b);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** everything up to the end */
  async all(): Promise<string> {
    while (!this.ended) await new Promise<void>((r) => (this.wake = r));
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** the next chunk, or null at the end */
  async next(): Promise<Buffer | null> {
    while (!this.chunks.length && !this.ended) await new Promise<void>((r) => (this.wake = r));
    return this.chunks.shift() ?? null;
  }
}

/** A line editor over raw TTY keys: echo, backspace, Ctrl-C (a fresh line), Ctrl-D on an empty line (the end). */
class TtyLines {
  private line = '';
  constructor(private readonly echo: (s: string) => void) {}

  /** the lines completed by these keys; null in the list marks the end of input */
  keys(b: Buffer): Array<string | null> {
    const out: Array<string | null> = [];
    for (const ch of b.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        this.echo('\r\n');
        out.push(this.line);
        this.line = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (ch === '\x03') {
        this.echo('^C\r\n');
        this.line = '';
        out.push('');
      } else if (ch === '\x04') {
        if (this.line === '') out.push(null);
      } else if (ch >= ' ' || ch === '\t') {
        this.line += ch;
        this.echo(ch);
      }
    }
    return out;
  }
}

/** Runs one exec/attach session on an upgraded WebSocket. */
export async function runStream(session: Session, ws: WebSocket, r: StreamRequest): Promise<void> {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const stdin = new StdinQueue();
  ws.on('message', (data: Buffer) => {
    const b = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (!b.length) return;
    if (b[0] === STDIN) stdin.push(b.subarray(1));
    else if (b[0] === CLOSE && v5 && b[1] === STDIN) stdin.end();
    else if (b[0] === RESIZE) return;
  });
  ws.on('close', () => stdin.end());
  const crlf = (s: string) => (r.tty ? s.replace(/\r?\n/g, '\r\n') : s);
  const out = (s: string) => ws.readyState === ws.OPEN && ws.send(frame(STDOUT, crlf(s)));
  const err = (s: string) => ws.readyState === ws.OPEN && ws.send(frame(r.tty ? STDOUT : STDERR, crlf(s)));
  let code: number;
  try {
    code = await session.withCluster(
      async (c, lease) => {
        const pod = c.api.get<Pod>('pods', r.namespace, r.pod);
        const container = pod.spec.containers.find((x) => x.name === r.container) as Container | undefined;
        if (!container) throw new StatusError('BadRequest', `container ${r.container} is not valid for pod ${r.pod}`);
        const argv = r.mode === 'exec' ? r.command : mainProcess(container);
        if (!isInteractiveShell(argv) || !r.stdin) {
          if (r.mode === 'attach' && !isInteractiveShell(argv)) return 0;
          const input = r.stdin ? await lease.pause(() => stdin.all()) : '';
          return execInContainer(c, pod, container, argv, { stdin: input, tty: r.tty, out, err });
        }
        const sh = new ShellSession(c, pod, container, argv[0], r.tty);
        const io = { out, err };
        const editor = r.tty ? new TtyLines(out) : undefined;
        let pending = '';
        const lines: Array<string | null> = [];
        const nextLine = async (): Promise<string | null> => {
          for (;;) {
            if (lines.length) return lines.shift()!;
            const chunk = await stdin.next();
            if (chunk === null) return null;
            if (editor) lines.push(...editor.keys(chunk));
            else {
              pending += chunk.toString('utf8');
              const parts = pending.split('\n');
              pending = parts.pop()!;
              lines.push(...parts);
            }
          }
        };
        for (;;) {
          if (r.tty) out(sh.prompt);
          const line = await lease.pause(nextLine);
          if (line === null) {
            sh.eof(io);
            break;
          }
          if (!sh.feed(line, io)) break;
        }
        return sh.exited ?? 0;
      },
      { command: `kubesim serve: ${r.mode} ${r.namespace}/${r.pod}` },
    );
  } catch (e) {
    if (ws.readyState === ws.OPEN) {
      const status = e instanceof StatusError ? e.status : { status: 'Failure', message: (e as Error).message, reason: 'InternalError', code: 500 };
      ws.send(frame(ERROR, JSON.stringify({ metadata: {}, ...status })));
      ws.close(1000);
    }
    return;
  }
  if (ws.readyState === ws.OPEN) {
    ws.send(frame(ERROR, JSON.stringify(exitStatus(code))));
    ws.close(1000);
  }
}

/** The WebSocket endpoint: picks v5 (or v4) from the client's list; anything else is refused before the upgrade. */
export function channelServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => {
      for (const p of offered) if (CHANNEL_PROTOCOLS.includes(p)) return p;
      return false;
    },
  });
}

/** An HTTP answer written on a socket that was not upgraded. */
export function refuseUpgrade(socket: Duplex, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };
  socket.end(`HTTP/1.1 ${code} ${reason[code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

export type UpgradeRequest = http.IncomingMessage;
