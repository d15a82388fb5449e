// The cluster lock: one writer at a time per $KUBESIM_HOME. The lock is a socket the kernel holds for us -- on
// Linux a name in the abstract unix-socket namespace, elsewhere a socket file in the home -- so a holder that dies
// (kill -9, out of memory) releases it at that instant, and a live holder keeps it however busy its CPU is: there
// is nothing to refresh. Beside it, `cluster.lock.holder` says who holds the lock (PID, command, since when) so
// a writer that gives up can name the holder. In-process, acquisitions queue (the REPL, replay shims).

import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LockTimeoutError } from './state-errors.js';

export { LockTimeoutError };

export const HOLDER_FILE = 'cluster.lock.holder';
/** proper-lockfile's lock directory (kubesim before the kernel-held lock); removed when found */
const LEGACY_LOCK_DIR = 'cluster.lock';
/** how long a writer waits for the lock unless KUBESIM_LOCK_TIMEOUT says otherwise */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;


export interface LockHolder {
  pid: number;
  command: string;
  /** wall-clock ms when the holder took the lock */
  since: number;
}

export interface LockOptions {
  /** what the holder is doing, shown to writers that wait (`kubectl exec -it web -- sh`) */
  command?: string;
  timeoutMs?: number;
}

export type Release = () => Promise<void>;

/** The lock's timeout from KUBESIM_LOCK_TIMEOUT: seconds (`30`) or a duration with a unit (`500ms`, `2s`, `1m`). */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.KUBESIM_LOCK_TIMEOUT?.trim();
  if (!v) return DEFAULT_LOCK_TIMEOUT_MS;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v);
  if (!m) return DEFAULT_LOCK_TIMEOUT_MS;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

function realHome(home: string): string {
  try {
    return fs.realpathSync(home);
  } catch {
    return path.resolve(home);
  }
}

/** The socket address that is the lock of `home`. */
export function lockAddress(home: string): string {
  const real = realHome(home);
  const id = crypto.createHash('sha256').update(real).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0kubesim-lock-${id}`;
  const inHome = path.join(real, 'cluster.lock.sock');
  // unix socket paths are limited to ~104 bytes
  return inHome.length < 100 ? inHome : path.join(os.tmpdir(), `kubesim-lock-${id}.sock`);
}

const abstract = (addr: string) => addr.startsWith('\0');

/** Listens on addr: the server when we got the lock, undefined when someone holds it. */
function tryListen(addr: string): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((sock) => sock.destroy());
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') resolve(undefined);
      else reject(e);
    });
    server.listen({ path: addr, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      server.unref();
      resolve(server);
    });
  });
}

/** A socket file nobody listens on (its holder died): connecting is refused. */
function isDeadSocketFile(addr: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ path: addr });
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' || e.code === 'ENOENT'));
  });
}

export function readHolder(home: string): LockHolder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(path.join(home, HOLDER_FILE), 'utf8')) as LockHolder;
    return typeof h?.pid === 'number' && typeof h.command === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))}ms` : `${Math.round(ms / 100) / 10}s`;
}

/** kubesim's one-line report of a lock it could not get. */
export function lockTimeoutMessage(home: string, holder: LockHolder | undefined, waitedMs: number, nowMs = Date.now()): string {
  const who = holder
    ? `kubesim process ${holder.pid} (${holder.command}), holding it for ${seconds(nowMs - holder.since)}`
    : 'another kubesim process';
  return `error: the cluster in ${home} is locked by ${who}; gave up after ${seconds(waitedMs)} (KUBESIM_LOCK_TIMEOUT sets the wait)`;
}

/** Removes what dead writers left: temp files of interrupted saves, an old-style lock directory. */
function removeLeftovers(home: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(home);
  } catch {
    return;
  }
  for (const n of names) {
    try {
      if (/^cluster\.json\..*\.tmp$/.test(n)) fs.rmSync(path.join(home, n), { force: true });
      else if (n === LEGACY_LOCK_DIR && fs.lstatSync(path.join(home, n)).isDirectory()) fs.rmSync(path.join(home, n), { recursive: true, force: true });
    } catch {
      // a read-only home: nothing to clean that we could clean
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** In-process queue per address: a second acquisition in this process waits for the first to release. */
const local = new Map<string, Promise<void>>();

/** Takes the lock of `home`, waiting up to the timeout; throws LockTimeoutError naming the holder. */
export async function acquireLock(home: string, opts: LockOptions = {}): Promise<Release> {
  const timeoutMs = opts.timeoutMs ?? lockTimeoutMs();
  const start = Date.now();
  const addr = lockAddress(home);
  // wait for this process's own holder first
  for (let prev = local.get(addr); prev; prev = local.get(addr)) {
    const left = timeoutMs - (Date.now() - start);
    if (left <= 0) throw new LockTimeoutError(lockTimeoutMessage(home, readHolder(home), Date.now() - start));
    await Promise.race([prev, sleep(left)]);
  }
  let done!: () => void;
  local.set(addr, new Promise<void>((r) => (done = r)));
  let server: net.Server | undefined;
  try {
    let delay = 2;
    for (;;) {
      server = await tryListen(addr);
      if (server) break;
      if (!abstract(addr) && (await isDeadSocketFile(addr))) {
        fs.rmSync(addr, { force: true });
        continue;
      }
      const waited = Date.now() - start;
      if (waited >= timeoutMs) throw new LockTimeoutError(lockTimeoutMessage(home, readHolder(home), waited));
      await sleep(Math.min(delay, timeoutMs - waited));
      delay = Math.min(delay * 2, 50);
    }
  } catch (e) {
    local.delete(addr);
    done();
    throw e;
  }
  removeLeftovers(home);
  const holderPath = path.join(home, HOLDER_FILE);
  try {
    const holder: LockHolder = { pid: process.pid, command: opts.command ?? `kubesim ${process.argv.slice(2).join(' ')}`.trim(), since: Date.now() };
    fs.writeFileSync(holderPath, JSON.stringify(holder) + '\n');
  } catch {
    // a read-only or missing home: the lock still holds, waiters just cannot name us
  }
  const held = server;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    try {
      fs.rmSync(holderPath, { force: true });
    } catch {
      // read-only home
    }
    // (closing a socket-file server unlinks its file: libuv does it)
    await new Promise<void>((r) => held.close(() => r()));
    local.delete(addr);
    done();
  };
}

/** Runs fn while holding the lock of `home`. */
export async function withLock<T>(home: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const release = await acquireLock(home, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
