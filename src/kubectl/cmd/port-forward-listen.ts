// The host side of `kubectl port-forward`: real TCP listeners on 127.0.0.1 and [::1] (client-go's listenOnPort,
// with its banner lines and its errors for a port that cannot be bound), and per accepted connection the relay:
// the bytes arriving on the socket are parsed as HTTP requests and each one is delivered to 127.0.0.1:PORT inside
// the simulated pod (the kubelet's dial in the pod's network namespace), whose server's answer goes back as bytes.
// Nothing else is dialled. The state lock is taken per request only; Ctrl-C (SIGINT) or SIGTERM ends it cleanly.

import net from 'node:net';
import { klogLine } from '../../cluster/klog.js';
import type { Pod } from '../../cluster/apiserver/types.js';
import { HttpRequestParser, responseBytes, responseCloses } from '../../cluster/network/http-wire.js';
import { portForwardDialError, portForwardGoneError, portForwardRequest } from '../../cluster/network/portforward.js';
import type { ClusterSource } from '../../node/io.js';
import type { KubectlContext } from '../context.js';
import type { ForwardedPort, ForwardPlan, ListenAddress } from './port-forward-types.js';

/** net.JoinHostPort */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's syscall error text for a failed bind. */
function bindError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return 'bind: address already in use';
    case 'EACCES':
      return 'bind: permission denied';
    case 'EADDRNOTAVAIL':
      return 'bind: cannot assign requested address';
    case 'EAFNOSUPPORT':
      return 'socket: address family not supported by protocol';
    default:
      return e.message;
  }
}

function listen(addr: ListenAddress, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ pauseOnConnect: true });
    server.once('error', reject);
    server.listen({ host: addr.address, port, ipv6Only: addr.protocol === 'tcp6', exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Go's %v of an error string inside err="...": quotes and backslashes escaped. */
function quoted(s: string): string {
  return JSON.stringify(s);
}

export async function forwardPorts(ctx: KubectlContext, source: ClusterSource, plan: ForwardPlan): Promise<number> {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let ended = false;
  const end = (code: number) => {
    if (ended) return;
    ended = true;
    finish(code);
  };

  const lostConnection = (port: ForwardedPort, message: string) => {
    const ms = Date.now();
    ctx.err(klogLine('E', ms, (ms % 1000) * 1000, 'portforward.go:413', `"Unhandled Error" err=${quoted(`an error occurred forwarding ${port.local} -> ${port.remote}: ${message}`)}`) + '\n');
    ctx.err('error: lost connection to pod\n');
    end(1);
  };

  /** One forwarded connection: the kubelet's dial first (its error ends the session), then request by request. */
  const relay = async (port: ForwardedPort, socket: net.Socket) => {
    const parser = new HttpRequestParser();
    // requests on one connection are answered in order
    let chain = Promise.resolve();
    let closing = false;
    const first = await source.mutate((c) => {
      const pod = c.api.tryGet<Pod>('pods', plan.namespace, plan.pod);
      if (!pod || pod.metadata.uid !== plan.uid || pod.status?.phase !== 'Running') return portForwardGoneError(plan.uid, port.remote);
      return portForwardDialError(pod, port.remote);
    });
    if (first !== undefined) {
      // the local connection closes without a reply
      socket.end();
      lostConnection(port, first);
      return;
    }
    socket.on('data', (chunk: Buffer) => {
      for (const ev of parser.push(chunk)) {
        if (closing) break;
        if (ev.kind === 'error') {
          // the simulated servers speak HTTP/1.x only: other bytes end the connection
          closing = true;
          chain = chain.then(() => void socket.end());
          break;
        }
        const req = ev.request;
        if (req.close) closing = true;
        chain = chain.then(async () => {
          const answer = await source.mutate((c) => {
            const pod = c.api.tryGet<Pod>('pods', plan.namespace, plan.pod);
            if (!pod || pod.metadata.uid !== plan.uid) return undefined;
            return portForwardRequest(c, pod, port.remote, req);
          });
          if (socket.destroyed) return;
          if (!answer || !answer.ok) {
            socket.destroy();
            return;
          }
          socket.write(responseBytes(answer));
          if (req.close || responseCloses(answer)) {
            closing = true;
            socket.end();
          }
        });
      }
    });
    socket.resume();
  };

  const onConnection = (port: ForwardedPort) => (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    ctx.out(`Handling connection for ${port.local}\n`);
    relay(port, socket).catch((e) => {
      socket.destroy();
      ctx.err(`error: ${(e as Error).message}\n`);
      end(1);
    });
  };

  let anyListening = false;
  for (const port of plan.ports) {
    const errors: string[] = [];
    const fails = { all: 0, any: 0 };
    const successes = { all: 0, any: 0 };
    for (const addr of plan.addresses) {
      try {
        const server = await listen(addr, port.local);
        const actual = (server.address() as net.AddressInfo).port;
        port.local = actual;
        ctx.out(`Forwarding from ${joinHostPort(addr.address, actual)} -> ${port.remote}\n`);
        server.on('connection', onConnection(port));
        servers.push(server);
        successes[addr.failureMode]++;
      } catch (e) {
        errors.push(`unable to create listener: Error listen ${addr.protocol} ${joinHostPort(addr.address, port.local)}: ${bindError(e as NodeJS.ErrnoException)}`);
        fails[addr.failureMode]++;
      }
    }
    if ((successes.all === 0 && fails.all > 0) || fails.any > 0) {
      ctx.err(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    } else anyListening = true;
  }
  const closeAll = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
  if (!anyListening) {
    await closeAll();
    ctx.err(`error: unable to listen on any of the requested ports: [${plan.ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]\n`);
    return 1;
  }
  const onSignal = () => end(0);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const code = await done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await closeAll();
  return code;
}
