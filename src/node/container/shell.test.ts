import { describe, expect, it } from 'vitest';
import type { CmdIO, ContainerSession, ShellFiles, ShellHost } from './context.js';
import { imageFacts } from './images.js';
import { runLine, runLineAsync } from './shell.js';

/** A session with no cluster: enough for builtins, expansion and the text tools over files kept in a map. */
function session(image: string, shell: ContainerSession['shell'], host?: ShellHost): { s: ContainerSession; files: Map<string, string> } {
  const files = new Map<string, string>();
  const fileHost: ShellFiles = {
    read: (p) => files.get(p) ?? 'ENOENT',
    open: (p, append) => void files.set(p, append ? (files.get(p) ?? '') : ''),
    write: (p, t) => void files.set(p, (files.get(p) ?? '') + t),
  };
  const s = { facts: imageFacts(image), vars: new Map([['HOME', '/root']]), exported: new Set(['HOME']), cwd: '/', tty: false, status: 0, shell, files: fileHost, host } as unknown as ContainerSession;
  return { s, files };
}

function io(): { io: CmdIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdin: '', piped: false, out: (t) => (out += t), err: (t) => (err += t) }, out: () => out, err: () => err };
}

describe('the one shell interpreter', () => {
  it('runs the same text tools in a container as in hermetic mode, with the image flavour deciding the error texts', () => {
    const { s, files } = session('busybox', 'ash');
    const o = io();
    expect(runLine("echo 'web-1 Running' | awk '{print $2}' | sed 's/Running/Stopped/' > out; cat out | cut -c1-4 | tr a-z A-Z", s, o.io)).toBe(0);
    expect(o.out()).toBe('STOP\n');
    expect(files.get('out')).toBe('Stopped\n');
    const e = io();
    expect(runLine('grep', s, e.io)).toBe(2);
    expect(e.err()).toMatch(/^BusyBox v1\.36\.1 .*\n\nUsage: grep /);
    const g = io();
    expect(runLine('grep', session('debian', 'dash').s, g.io)).toBe(2);
    expect(g.err()).toBe("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
  });

  it('awaits a host whose commands are asynchronous, keeping order, assignments and $(...)', async () => {
    const seen: string[] = [];
    const host: ShellHost = {
      builtins: new Set(['export', 'exit']),
      run: async (argv, s, cio) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(`${argv.join(' ')} FOO=${s.exported.has('FOO') ? s.vars.get('FOO') : '-'}`);
        cio.out(`${argv[1] ?? ''}\n`);
        return argv[0] === 'fail' ? 3 : 0;
      },
      cd: () => 0,
    };
    const { s } = session('debian', 'bash', host);
    const o = io();
    expect(await runLineAsync('export N=$(say 2); FOO=1 say $N && fail x || say after', s, o.io)).toBe(0);
    expect(o.out()).toBe('2\nx\nafter\n');
    expect(seen).toEqual(['say 2 FOO=-', 'say 2 FOO=1', 'fail x FOO=-', 'say after FOO=-']);
    expect(() => runLine('say sync', s, io().io)).toThrow(/asynchronous command ran in a synchronous shell/);
  });
});
