// pods/exec and pods/attach of `kubesim serve` over the WebSocket protocol kubectl 1.30+ speaks (the `ws` library
// does the WebSocket framing): subprotocol v5.channel.k8s.io (v4 as fallback), one leading channel byte per message
// (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize, and v5's 255 close signal). The session itself is
// exec-stream.ts's.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Session } from '../session.js';
import { runStream, StdinQueue, type StreamRequest } from './exec-stream.js';

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

function frame(channel: number, data: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}

/** Runs one exec/attach session on an upgraded WebSocket. */
export async function runWebSocketStream(session: Session, ws: WebSocket, r: StreamRequest): Promise<void> {
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
  const open = () => ws.readyState === ws.OPEN;
  await runStream(session, {
    stdin,
    stdout: (s) => open() && ws.send(frame(STDOUT, s)),
    stderr: (s) => open() && ws.send(frame(STDERR, s)),
    finish: (status) => {
      if (!open()) return;
      ws.send(frame(ERROR, JSON.stringify(status)));
      ws.close(1000);
    },
  }, r);
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

/** A plain-text HTTP answer on a socket that was not upgraded (the kubelet's refusals, which the API server passes on). */
export function refuseUpgradeText(socket: Duplex, code: number, text: string): void {
  socket.end(`HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** An HTTP answer written on a socket that was not upgraded. */
export function refuseUpgrade(socket: Duplex, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

export type UpgradeRequest = http.IncomingMessage;
