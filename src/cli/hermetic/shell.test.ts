import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../cluster/state/config.js';
import { Session } from '../session.js';
import { HermeticShell } from './shell.js';

async function shell(): Promise<{ sh: HermeticShell; run: (line: string) => Promise<{ code: number; out: string; err: string }>; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-hermetic-'));
  const session = new Session({ home: path.join(dir, '.kubesim'), persistent: false });
  await session.reset(buildConfig({ seed: 7, clock: 'virtual' }));
  const sh = new HermeticShell({ session, cwd: dir, env: { HOME: dir } });
  return {
    sh,
    dir,
    run: async (line) => {
      let out = '';
      let err = '';
      const code = await sh.run(line, { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    },
  };
}

describe('hermetic shell', () => {
  it('runs nothing on the host: other programs and file redirections are reported, not run', async () => {
    const { run, dir } = await shell();
    const probe = path.join(os.tmpdir(), `kubesim-hermetic-outside-${process.pid}`);
    const touched = await run(`touch ${probe}`);
    expect(touched).toMatchObject({ code: 127, out: '' });
    expect(touched.err).toMatch(/^kubesim: hermetic mode: touch was not run/);
    expect((await run(`echo hi > ${probe}`)).code).toBe(1);
    expect((await run(`bash -c 'echo x > ${probe}'`)).code).toBe(127);
    expect(fs.existsSync(probe)).toBe(false);
    // inside the working directory, redirections write
    expect((await run('echo inside > note.txt; cat note.txt')).out).toBe('inside\n');
    expect(fs.readFileSync(path.join(dir, 'note.txt'), 'utf8')).toBe('inside\n');
  });

  it('keeps variables across lines and feeds kubectl output through pipes and $(...)', async () => {
    const { run } = await shell();
    await run('kubectl create deployment web --image=nginx --replicas=2');
    expect((await run('export N=$(kubectl get pods -o name | wc -l)')).code).toBe(0);
    expect((await run('echo "pods: $N"')).out).toBe('pods: 2\n');
    expect((await run("kubectl get deploy web -o jsonpath='{.spec.replicas}' | awk '{print $1 * 10}'")).out).toBe('20\n');
    expect((await run('kubectl get pod nope 2>/dev/null || echo gone')).out).toBe('gone\n');
  });

  it('moves the virtual clock for sleep, as replays do', async () => {
    const { run } = await shell();
    await run('sleep 90');
    expect((await run('kubesim clock show')).out).toBe('2025-01-06T10:01:30Z (virtual)\n');
  });

  it('runs loops, if, case, functions and heredocs with the container interpreter', async () => {
    const { run } = await shell();
    await run('kubectl create deployment web --image=nginx --replicas=2');
    const loop = await run('for p in $(kubectl get pods -o name); do case $p in pod/web-*) echo "web pod";; *) echo other;; esac; done');
    expect(loop).toMatchObject({ code: 0, out: 'web pod\nweb pod\n' });
    const heredoc = await run('kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nEOF');
    expect(heredoc).toMatchObject({ code: 0, out: 'configmap/cm created\n' });
    expect((await run('n() { kubectl get pods --no-headers | wc -l; }; if [ "$(n)" -eq 2 ]; then echo two; fi')).out).toBe('two\n');
    // kubectl lets no time pass: the guard stops the loop as Ctrl-C would
    const spin = await run('while true; do kubectl get pods >/dev/null; done');
    expect(spin.code).toBe(130);
    expect(spin.err).toMatch(/^kubesim: interrupted the while loop of line 1 after 1000 iterations/);
  });
});
