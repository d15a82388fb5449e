// A replay whose bash lines are served by the resident kubesim (cli/bash/resident.ts), interrupted with Ctrl-C
// (SIGINT) or killed outright in the middle of a loop of kubectl lines: afterwards no process of it is left (the
// bash, the shims, a Node) and the state lock is free, with no holder file.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/cluster/state/lock.js';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');

/** Processes whose environment names this home (the replay, its bash, the shims and anything they started). */
function processesOf(home: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(`KUBESIM_HOME=${home}`)) out.push(Number(d));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const LAB = '# loop\n\n```bash\necho started; for i in $(seq 1 300); do kubectl get ns default -o name >/dev/null; echo "line $i"; done\n```\n';

describe.skipIf(process.platform !== 'linux')('an interrupted or killed replay leaves nothing behind', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function startReplay(): Promise<{ home: string; child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-resident-e2e-'));
    dirs.push(dir);
    const home = path.join(dir, 'home');
    fs.writeFileSync(path.join(dir, 'lab.md'), LAB);
    const child = spawn(process.execPath, [BIN, 'replay', path.join(dir, 'lab.md')], { env: { ...process.env, KUBESIM_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let text = '';
    child.stdout!.on('data', (d) => (text += d));
    child.stderr!.on('data', (d) => (text += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
    // some lines served by the resident first
    await until('lines served by the resident', () => /line 3\b/.test(text), 60_000);
    return { home, child, output: () => text, exited };
  }

  async function lockIsFree(home: string): Promise<void> {
    const release = await acquireLock(home, { timeoutMs: 2000 });
    await release();
    expect(fs.existsSync(path.join(home, 'cluster.lock.holder'))).toBe(false);
  }

  it('Ctrl-C: the replay stops, says so, and exits 130', async () => {
    const { home, child, output, exited } = await startReplay();
    // a SIGINT that reaches bash just as a shim ends is taken as that shim's (bash goes on, as in a terminal):
    // press Ctrl-C again, as a person would, until the replay stops
    let done = false;
    void exited.then(() => (done = true));
    for (let i = 0; i < 5 && !done; i++) {
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 3000));
    }
    expect(await exited).toBe(130);
    expect(output()).toMatch(/— interrupted/);
    expect(output()).not.toMatch(/line 300\b/);
    await until('no process of the replay', () => processesOf(home).length === 0, 20_000);
    expect(fs.existsSync(path.join(home, 'cluster.lock.holder'))).toBe(false);
    await lockIsFree(home);
  }, 120_000);

  it('kill -9: its bash and shims end by themselves, no Node is started for the rest of the loop', async () => {
    const { home, child, exited } = await startReplay();
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    await until('no process of the killed replay', () => processesOf(home).length === 0, 60_000);
    await lockIsFree(home);
  }, 120_000);
});
