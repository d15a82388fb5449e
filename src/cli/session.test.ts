import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../kubectl/context.js';
import { acquireLock } from '../cluster/state/lock.js';
import { dispatch } from './dispatch.js';
import { Session } from './session.js';

const homes: string[] = [];
function tmpHome(): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-session-'));
  homes.push(h);
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function io(readLine?: CommandIO['readLine']): CommandIO & { text: () => string } {
  const out: string[] = [];
  return {
    out: (t) => void out.push(t),
    err: (t) => void out.push(t),
    stdin: undefined,
    isTTY: false,
    env: {},
    cwd: os.tmpdir(),
    readLine,
    text: () => out.join(''),
  };
}

async function run(session: Session, line: string, readLine?: CommandIO['readLine']): Promise<{ code: number; text: string }> {
  const i = io(readLine);
  const code = await dispatch(line.split(' '), session, i);
  return { code, text: i.text() };
}

describe('persistent session', () => {
  it('lets go of the lock while exec -it waits for a line, and keeps what others saved meanwhile', async () => {
    const home = tmpHome();
    const a = new Session({ home, persistent: true });
    await run(a, 'init --seed 5 --clock virtual');
    await run(a, 'run box --image=busybox -- sleep 3600');
    await run(a, 'clock advance 1m');
    const other = new Session({ home, persistent: true });
    let prompts = 0;
    const readLine = async (): Promise<string | null> => {
      prompts++;
      if (prompts === 1) {
        // another writer gets the lock at once and saves while we "think"
        const release = await acquireLock(home, { timeoutMs: 200 });
        await release();
        expect((await run(other, 'create configmap meanwhile')).text).toBe('configmap/meanwhile created\n');
        return 'echo hi > /tmp/note';
      }
      return null;
    };
    const r = await run(a, 'exec -it box -- sh', readLine);
    expect(r.code).toBe(0);
    expect((await run(a, 'get configmap meanwhile -o name')).text).toBe('configmap/meanwhile\n');
    expect((await run(a, 'exec box -- cat /tmp/note')).text).toBe('hi\n');
  });

  it('prints a mutating command only after its save, and nothing of it when the save fails', async () => {
    const home = tmpHome();
    const a = new Session({ home, persistent: true });
    await run(a, 'init --seed 5 --clock virtual');
    const before = fs.readFileSync(path.join(home, 'cluster.json'), 'utf8');
    fs.mkdirSync(path.join(home, `cluster.json.${process.pid}.tmp`));
    await expect(run(a, 'create configmap probe')).rejects.toThrow(/cannot save the cluster state .*EISDIR/);
    expect(fs.readFileSync(path.join(home, 'cluster.json'), 'utf8')).toBe(before);
    fs.rmdirSync(path.join(home, `cluster.json.${process.pid}.tmp`));
    const i = io();
    const printed: string[] = [];
    i.out = (t) => {
      // the save is done by the time the line is printed
      printed.push(t);
      expect(fs.readFileSync(path.join(home, 'cluster.json'), 'utf8')).toContain('"probe"');
    };
    expect(await dispatch(['create', 'configmap', 'probe'], a, i)).toBe(0);
    expect(printed).toEqual(['configmap/probe created\n']);
  });
});
