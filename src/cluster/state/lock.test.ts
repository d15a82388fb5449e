import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOLDER_FILE, LockTimeoutError, acquireLock, lockAddress, lockTimeoutMessage, lockTimeoutMs, withLock } from './lock.js';

const homes: string[] = [];
function tmpHome(): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-lock-'));
  homes.push(h);
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

/** Another process holding the lock: a child that listens on the lock's address until killed. */
function holderProcess(home: string): Promise<ReturnType<typeof spawn>> {
  const addr = Buffer.from(lockAddress(home)).toString('hex');
  const script = `const s=require('net').createServer();s.listen({path:Buffer.from(process.env.ADDR,'hex').toString()},()=>console.log('held'));setInterval(()=>{},1000);`;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ADDR: addr }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('cluster lock', () => {
  it('is taken and released, and queues a second taker in the same process', async () => {
    const home = tmpHome();
    const order: string[] = [];
    const a = withLock(home, async () => {
      order.push('a1');
      await new Promise((r) => setTimeout(r, 30));
      order.push('a2');
    });
    const b = withLock(home, () => {
      order.push('b');
    });
    await Promise.all([a, b]);
    expect(order).toEqual(['a1', 'a2', 'b']);
    expect(fs.existsSync(path.join(home, HOLDER_FILE))).toBe(false);
  });

  it('names the holder: PID and command, while it holds the lock', async () => {
    const home = tmpHome();
    const release = await acquireLock(home, { command: 'kubectl exec -it web -- sh' });
    const holder = JSON.parse(fs.readFileSync(path.join(home, HOLDER_FILE), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, command: 'kubectl exec -it web -- sh' });
    await release();
  });

  it('gives up after its timeout with one line naming the holder', async () => {
    const home = tmpHome();
    const child = await holderProcess(home);
    try {
      fs.writeFileSync(path.join(home, HOLDER_FILE), JSON.stringify({ pid: child.pid, command: 'kubectl exec -it web -- sh', since: Date.now() - 5000 }));
      const t0 = Date.now();
      const err = await acquireLock(home, { timeoutMs: 200 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LockTimeoutError);
      const msg = (err as Error).message;
      expect(msg).not.toContain('\n');
      expect(msg).toContain(`kubesim process ${child.pid} (kubectl exec -it web -- sh)`);
      expect(msg).toMatch(/gave up after 0?\.?\d+m?s/);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is free the moment its holder is killed with SIGKILL', async () => {
    const home = tmpHome();
    const child = await holderProcess(home);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const t0 = Date.now();
    const release = await acquireLock(home, { timeoutMs: 5000 });
    expect(Date.now() - t0).toBeLessThan(1000);
    await release();
  });

  it('is kept by a holder that never yields its CPU', async () => {
    const home = tmpHome();
    const release = await acquireLock(home);
    // a busy holder: nothing to refresh, the kernel keeps the socket bound
    const until = Date.now() + 300;
    while (Date.now() < until) {
      /* busy */
    }
    const probe = net.createServer();
    const inUse = await new Promise<boolean>((resolve) => {
      probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
      probe.listen({ path: lockAddress(home) }, () => resolve(false));
    });
    probe.close();
    expect(inUse).toBe(true);
    await release();
  });

  it('removes the temp files of interrupted saves and an old lock directory', async () => {
    const home = tmpHome();
    fs.writeFileSync(path.join(home, 'cluster.json.4242.tmp'), '{"half');
    fs.mkdirSync(path.join(home, 'cluster.lock'));
    fs.writeFileSync(path.join(home, 'cluster.json'), '{}');
    await withLock(home, () => {});
    expect(fs.readdirSync(home).sort()).toEqual(['cluster.json']);
  });

  it('reads its timeout from KUBESIM_LOCK_TIMEOUT', () => {
    expect(lockTimeoutMs({})).toBe(30_000);
    expect(lockTimeoutMs({ KUBESIM_LOCK_TIMEOUT: '2' })).toBe(2000);
    expect(lockTimeoutMs({ KUBESIM_LOCK_TIMEOUT: '500ms' })).toBe(500);
    expect(lockTimeoutMs({ KUBESIM_LOCK_TIMEOUT: '1m' })).toBe(60_000);
  });

  it('words the timeout without a holder file', () => {
    expect(lockTimeoutMessage('/h', undefined, 30_000)).toBe(
      'error: the cluster in /h is locked by another kubesim process; gave up after 30s (KUBESIM_LOCK_TIMEOUT sets the wait)',
    );
    expect(lockTimeoutMessage('/h', { pid: 7, command: 'kubesim get -w', since: 0 }, 1500, 12_000)).toBe(
      'error: the cluster in /h is locked by kubesim process 7 (kubesim get -w), holding it for 12s; gave up after 1.5s (KUBESIM_LOCK_TIMEOUT sets the wait)',
    );
  });
});
