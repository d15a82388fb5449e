// kubectl cp between this machine's files (a scratch directory) and simulated containers, through the dispatcher,
// with the container side done by the simulated tar (busybox and GNU), as cp.go drives it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/cli/dispatch.js';
import { Session } from '../src/cli/session.js';
import { buildConfig } from '../src/cluster/state/config.js';
import type { CommandIO } from '../src/kubectl/context.js';

async function setup(): Promise<{ run: (line: string) => Promise<{ out: string; err: string; code: number }>; dir: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-cp-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-cp-local-'));
  const session = new Session({ home, persistent: false, defaultConfig: () => buildConfig({ seed: 7, clock: 'virtual' }) });
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: undefined, isTTY: false, env: {}, cwd: dir };
    const argv = line.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'(.*)'$/, '$1'));
    const code = await dispatch(argv, session, io);
    return { out, err, code };
  };
  await run('kubectl run bb --image=busybox -- sleep 3600');
  await run('kubectl run ng --image=nginx');
  await run('kubectl run hello --image=gcr.io/google-samples/hello-app:1.0');
  await run('kubesim clock advance 60s');
  return { run, dir };
}

describe('kubectl cp', () => {
  it('copies a local file into a container and a container file back', async () => {
    const { run, dir } = await setup();
    fs.writeFileSync(path.join(dir, 'f'), 'héllo\n');
    expect(await run('kubectl cp f bb:/tmp/f')).toEqual({ out: '', err: '', code: 0 });
    expect((await run('kubectl exec bb -- cat /tmp/f')).out).toBe('héllo\n');
    // into an existing directory: the file keeps its name (test -d in the container)
    expect((await run('kubectl cp f ng:/usr/share/nginx/html')).code).toBe(0);
    expect((await run('kubectl exec ng -- cat /usr/share/nginx/html/f')).out).toBe('héllo\n');
    // tar's stderr shows on stdout, as cp.go wires it
    expect(await run('kubectl cp bb:/etc/hostname h')).toEqual({ out: "tar: removing leading '/' from member names\n", err: '', code: 0 });
    expect(fs.readFileSync(path.join(dir, 'h'), 'utf8')).toBe('bb\n');
    expect((await run('kubectl cp default/ng:/etc/hostname h2')).out).toBe("tar: Removing leading `/' from member names\n");
  });

  it('copies directories both ways', async () => {
    const { run, dir } = await setup();
    fs.mkdirSync(path.join(dir, 'd/e'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'd/e/g'), 'x\n');
    expect((await run('kubectl cp d bb:/tmp')).code).toBe(0);
    expect((await run('kubectl exec bb -- cat /tmp/d/e/g')).out).toBe('x\n');
    expect((await run('kubectl cp ng:/etc/nginx n')).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'n')).sort()).toEqual(['conf.d', 'nginx.conf']);
    expect(fs.readFileSync(path.join(dir, 'n/nginx.conf'), 'utf8')).toContain('worker_processes');
  });

  it("relays tar's failures and kubectl's errors", async () => {
    const { run, dir } = await setup();
    fs.writeFileSync(path.join(dir, 'f'), 'x\n');
    // a missing source: tar's lines, and kubectl exits 0 as v1.32 does (kubernetes/kubectl#980)
    expect(await run('kubectl cp ng:/nope x')).toEqual({
      out: "tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n",
      err: '',
      code: 0,
    });
    expect(await run('kubectl cp f bb:/nope/x')).toEqual({ out: '', err: "tar: can't change directory to '/nope': No such file or directory\ncommand terminated with exit code 1\n", code: 1 });
    expect(await run('kubectl cp f ng:/nope/x')).toEqual({ out: '', err: 'tar: /nope: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n', code: 2 });
    // an image without tar
    expect(await run('kubectl cp hello:/etc/hostname x')).toEqual({
      out: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in $PATH: unknown\n',
      err: 'command terminated with exit code 126\n',
      code: 126,
    });
    expect(await run('kubectl cp f nope:/tmp')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect((await run('kubectl cp missing bb:/tmp')).err).toBe("error: missing doesn't exist in local filesystem\n");
    expect((await run('kubectl cp bb:/a ng:/b')).err).toBe('error: one of src or dest must be a local file specification\n');
    expect((await run('kubectl cp f bb:/tmp -c nope')).err).toBe('Error from server (BadRequest): container nope is not valid for pod bb\n');
    fs.writeFileSync(path.join(dir, 'bin'), Buffer.from([0xff, 0xfe, 0]));
    expect((await run('kubectl cp bin bb:/tmp')).err).toMatch(/^error: kubesim does not simulate binary file contents in containers: .*bin is not UTF-8 text\n$/);
  });

  it('tar and test run inside containers on their own', async () => {
    const { run } = await setup();
    expect((await run("kubectl exec bb -- sh -c 'test -d /tmp && [ ! -f /tmp ] && echo yes'")).out).toBe('yes\n');
    await run("kubectl exec bb -- sh -c 'mkdir -p /tmp/a && echo 1 > /tmp/a/one'");
    expect((await run("kubectl exec bb -- sh -c 'cd /tmp && tar cf - a | tar tf -'")).out).toBe('a/\na/one\n');
    expect((await run("kubectl exec bb -- sh -c 'cd /tmp && tar cf - a | tar xf - -C /root && cat /root/a/one'")).out).toBe('1\n');
    expect((await run("kubectl exec ng -- sh -c 'echo junk | tar xf -'")).err).toBe('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\ncommand terminated with exit code 2\n');
  });
});
