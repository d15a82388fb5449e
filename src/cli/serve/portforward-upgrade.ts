// The two ways kubectl opens pods/portforward, both ending in a PortForwardSession: a WebSocket upgrade (GET,
// kubectl 1.30+, subprotocol SPDY/3.1+portforward.k8s.io; the `ws` library does the WebSocket framing and the SPDY
// bytes ride in binary messages), or a plain SPDY/3.1 upgrade (POST with X-Stream-Protocol-Version:
// portforward.k8s.io, kubectl 1.27-1.29 and the fallback of later ones), answered 101 as the kubelet's
// httpstream.Handshake answers it. The pod end is the simulated pod (network/portforward.ts), bound to its uid.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Pod } from '../../cluster/apiserver/types.js';
import { portForwardDialError, portForwardGoneError, portForwardRequest } from '../../cluster/network/portforward.js';
import type { ClusterSource } from '../../node/io.js';
import { PORTFORWARD_PROTOCOL, PORTFORWARD_WS_PROTOCOL, PortForwardSession, type ForwardTarget } from './portforward-spdy.js';

/** The pod at namespace/name with this uid, as the kubelet's forward sees it. */
export function podTarget(source: ClusterSource, namespace: string, name: string, uid: string): ForwardTarget {
  return {
    dial: (port) =>
      source.mutate((c) => {
        const pod = c.api.tryGet<Pod>('pods', namespace, name);
        if (!pod || pod.metadata.uid !== uid || pod.status?.phase !== 'Running') return portForwardGoneError(uid, port);
        return portForwardDialError(pod, port);
      }),
    request: (port, req) =>
      source.mutate((c) => {
        const pod = c.api.tryGet<Pod>('pods', namespace, name);
        if (!pod || pod.metadata.uid !== uid) return undefined;
        return portForwardRequest(c, pod, port, req);
      }),
  };
}

/** The transport a port-forward request asks for, or undefined when it is neither. */
export function portForwardTransport(req: http.IncomingMessage): 'websocket' | 'spdy' | undefined {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') return 'websocket';
  if (upgrade.startsWith('spdy/3.1')) return 'spdy';
  return undefined;
}

export interface PortForwardServer {
  /** upgrades the request and runs the session until either side ends it; false when the protocol is not offered */
  serve(req: http.IncomingMessage, socket: Duplex, head: Buffer, target: ForwardTarget): boolean;
  closeAll(): void;
}

const WS_ALIAS = 'kubesim-spdy-portforward';

export function portForwardServer(): PortForwardServer {
  const wss = new WebSocketServer({
    noServer: true,
    // `ws` takes subprotocols to be RFC 7230 tokens, which SPDY/3.1+portforward.k8s.io ('/') is not: the offer is
    // handed to it under a token alias, and the answer names the protocol itself
    handleProtocols: (offered) => (offered.has(WS_ALIAS) ? PORTFORWARD_WS_PROTOCOL : false),
  });
  const sockets = new Set<Duplex>();
  return {
    serve(req, socket, head, target) {
      const kind = portForwardTransport(req);
      if (kind === 'websocket') {
        const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
        if (!offered.includes(PORTFORWARD_WS_PROTOCOL)) return false;
        req.headers['sec-websocket-protocol'] = WS_ALIAS;
        wss.handleUpgrade(req, socket, head, (ws) => {
          const session = new PortForwardSession(
            (b) => ws.send(b, { binary: true }),
            () => ws.close(),
            target,
          );
          ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => session.receive(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)));
          ws.on('close', () => session.end());
          ws.on('error', () => session.end());
        });
        return true;
      }
      if (kind !== 'spdy') return false;
      const version = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((s) => s.trim());
      if (!version.includes(PORTFORWARD_PROTOCOL)) return false;
      sockets.add(socket);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
      const session = new PortForwardSession(
        (b) => void socket.write(b),
        () => socket.end(),
        target,
      );
      socket.on('data', (c: Buffer) => session.receive(c));
      socket.on('close', () => (sockets.delete(socket), session.end()));
      socket.on('error', () => session.end());
      if (head.length) session.receive(head);
      return true;
    },
    closeAll() {
      for (const ws of wss.clients) ws.terminate();
      for (const s of sockets) s.destroy();
    },
  };
}
