// The resident kubesim of a replay, a transcript's bash fallback or `kubesim shell --bash`: the process that started
// bash serves its shims (shim-client.ts) over 127.0.0.1, so a shimmed `kubectl` line costs a bash script instead
// of a new Node process that loads the state. Each request runs through dispatch with a persistent session of the
// request's $KUBESIM_HOME, exactly as the one-shot CLI runs it (same lock, same saves, same held output), so its
// output, exit status and state are those of `kubesim kubectl ...` (each line loads and saves the state, as its
// process did). Requests are served as they come (a pipeline's commands run at once, as separate processes
// did); the state lock keeps writers one at a time.

import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { kubesimHome } from '../../cluster/state/state-file.js';
import type { CommandIO } from '../../kubectl/context.js';
import { dispatch } from '../dispatch.js';
import { formatUncaught, debugEnabled } from '../guard.js';
import { Session } from '../session.js';
import { parseExportList } from './export-env.js';

const MAGIC = 'KSIM1';

export interface ResidentAddress {
  port: number;
  token: string;
}

interface Request {
  pid: number;
  stdinTTY: boolean;
  stdoutTTY: boolean;
  cwd: string;
  /** stdin the shim read ahead into this file */
  stdinFile: string;
  argv: string[];
  env: Record<string, string>;
}

/** The request in buf, once all of it has arrived (NUL-separated fields, then `export -p` and a NUL). */
export function parseRequest(buf: Buffer, token: string): Request | 'incomplete' | 'refused' {
  const fields: string[] = [];
  let at = 0;
  const next = (): string | undefined => {
    const end = buf.indexOf(0, at);
    if (end < 0) return undefined;
    const s = buf.toString('utf8', at, end);
    at = end + 1;
    return s;
  };
  for (let i = 0; i < 7; i++) {
    const f = next();
    if (f === undefined) return 'incomplete';
    fields.push(f);
    if (i === 0 && f !== MAGIC) return 'refused';
    if (i === 1 && f !== token) return 'refused';
  }
  const argc = Number(fields[6]);
  if (!Number.isInteger(argc) || argc < 1) return 'refused';
  const argv: string[] = [];
  for (let i = 0; i < argc; i++) {
    const a = next();
    if (a === undefined) return 'incomplete';
    argv.push(a);
  }
  const env = next();
  if (env === undefined) return 'incomplete';
  return {
    pid: Number(fields[2]),
    stdinTTY: fields[3].includes('i'),
    stdoutTTY: fields[3].includes('o'),
    cwd: fields[4],
    stdinFile: fields[5],
    argv,
    env: parseExportList(env),
  };
}

/** One frame of output: raw text, or printf escapes when it holds NUL bytes (bash variables cannot). */
export function frame(stream: 'out' | 'err', text: string): string {
  if (!text.includes('\0')) return `${stream === 'out' ? 'O' : 'E'}${Buffer.byteLength(text)}\n${text}`;
  const esc = text.replace(/[\\%\0]/g, (c) => (c === '\\' ? '\\\\' : c === '%' ? '%%' : '\\000'));
  return `${stream === 'out' ? 'B' : 'b'}${Buffer.byteLength(esc)}\n${esc}`;
}

/** Shims are served by a resident kubesim unless KUBESIM_RESIDENT=0 (each line its own Node, as before). */
export function residentWanted(env: Record<string, string | undefined>): boolean {
  return env.KUBESIM_RESIDENT !== '0';
}

export class Resident {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Map<string, Session>();
  readonly token = crypto.randomBytes(16).toString('hex');
  /** requests served (benchmarks, tests) */
  served = 0;

  /** `session`: the persistent session whose home the shims' $KUBESIM_HOME names. */
  constructor(session: Session) {
    this.sessions.set(path.resolve(session.home), session);
  }

  start(): Promise<ResidentAddress> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((sock) => this.accept(sock));
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        server.removeAllListeners('error');
        server.on('error', () => {});
        // bash's requests keep the process alive while they run; the listener alone does not
        server.unref();
        this.server = server;
        resolve({ port: (server.address() as net.AddressInfo).port, token: this.token });
      });
    });
  }

  private sessionFor(env: Record<string, string>): Session {
    const home = path.resolve(kubesimHome(env));
    let s = this.sessions.get(home);
    if (!s) {
      s = new Session({ home, persistent: true });
      this.sessions.set(home, s);
    }
    return s;
  }

  private accept(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => {});
    let buf: Buffer = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      const r = parseRequest(buf, this.token);
      if (r === 'incomplete') return;
      sock.off('data', onData);
      if (r === 'refused') {
        sock.destroy();
        return;
      }
      void this.serve(sock, r);
    };
    sock.on('data', onData);
  }

  private async serve(sock: net.Socket, r: Request): Promise<void> {
    this.served++;
    let ahead: string | undefined;
    if (r.stdinFile) {
      try {
        ahead = fs.readFileSync(r.stdinFile, 'utf8');
      } catch {
        ahead = '';
      }
      fs.rmSync(r.stdinFile, { force: true });
    }
    const send = (s: string): void => {
      if (!sock.destroyed) sock.write(s);
    };
    let stdin: string | undefined | null = r.stdinFile ? ahead : null;
    let cwd = r.cwd;
    try {
      cwd = fs.realpathSync(r.cwd);
    } catch {
      // a directory removed under the shell: the command sees the name bash had
    }
    const io: CommandIO = {
      out: (t) => send(frame('out', t)),
      err: (t) => send(frame('err', t)),
      // as the one-shot CLI reads it: lazily and fully, none from a terminal
      get stdin() {
        if (stdin === null) {
          stdin = undefined;
          if (!r.stdinTTY) {
            try {
              stdin = fs.readFileSync(`/proc/${r.pid}/fd/0`, 'utf8');
            } catch {
              stdin = undefined;
            }
          }
        }
        return stdin;
      },
      isTTY: r.stdoutTTY,
      env: r.env,
      cwd,
    };
    let code: number;
    try {
      code = await dispatch(r.argv, this.sessionFor(r.env), io);
    } catch (e) {
      const f = formatUncaught(e, debugEnabled(r.env));
      io.err(f.text);
      code = f.code;
    }
    send(`X${code}\n`);
    sock.end();
  }

  /** Stops listening and drops the connections of shims still waiting (their commands were interrupted). */
  close(): void {
    this.server?.close();
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
