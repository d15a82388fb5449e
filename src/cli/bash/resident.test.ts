import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '../commands/index.js';
import { buildConfig } from '../../cluster/state/config.js';
import { Session } from '../session.js';
import { parseExportList } from './export-env.js';
import { frame, parseRequest, Resident } from './resident.js';
import { createShimDir } from './shims.js';

describe('parseExportList', () => {
  it('reads back what bash exports, whatever the value holds', () => {
    const values: Record<string, string> = {
      PLAIN: 'abc',
      QUOTES: `say "hi" and 'bye'`,
      DOLLARS: '$HOME `date` \\n \\',
      NEWLINE: 'line1\nline2',
      CONTROL: 'tab\there\x01\x1b[0m',
      EMPTY: '',
      UNICODE: 'café — ✓',
      EQUALS: 'a=b=c',
    };
    const out = execFileSync('bash', ['--noprofile', '--norc', '-c', 'export -p'], { env: { ...values, PATH: process.env.PATH }, encoding: 'utf8' });
    const env = parseExportList(out);
    for (const [k, v] of Object.entries(values)) expect(env[k], k).toBe(v);
  });

  it('leaves out variables exported without a value, and reads POSIX mode', () => {
    const out = execFileSync('bash', ['--noprofile', '--norc', '--posix', '-c', 'export NOVALUE; export -p'], { env: { A: 'x y', PATH: process.env.PATH }, encoding: 'utf8' });
    const env = parseExportList(out);
    expect(env.A).toBe('x y');
    expect('NOVALUE' in env).toBe(false);
  });
});

describe('the request and its frames', () => {
  const req = (fields: string[]) => Buffer.from(fields.join('\0') + '\0');
  it('waits for the whole request and refuses a wrong token', () => {
    const full = req(['KSIM1', 'tok', '42', 'o', '/tmp', '', '2', 'kubectl', 'get', 'declare -x A="1"\n']);
    expect(parseRequest(full.subarray(0, full.length - 3), 'tok')).toBe('incomplete');
    expect(parseRequest(full, 'other')).toBe('refused');
    const r = parseRequest(full, 'tok');
    expect(r).toMatchObject({ pid: 42, stdinTTY: false, stdoutTTY: true, cwd: '/tmp', argv: ['kubectl', 'get'], env: { A: '1' } });
  });

  it('counts bytes, and sends output holding NUL as printf escapes', () => {
    expect(frame('out', 'é\n')).toBe('O3\né\n');
    expect(frame('err', 'a\0b%c\\')).toBe('b11\na\\000b%%c\\\\');
  });
});

describe('shims served by a resident kubesim', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function setup(): Promise<{ home: string; shims: string; resident: Resident }> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-resident-test-'));
    dirs.push(home);
    const session = new Session({ home, persistent: true });
    await session.reset(buildConfig({ seed: 1, clock: 'virtual' }));
    const resident = new Resident(session);
    const address = await resident.start();
    const shims = createShimDir({ resident: address });
    dirs.push(shims);
    return { home, shims, resident };
  }

  /** bash runs in a child while this process serves its shims */
  async function run(shims: string, home: string, script: string, input = ''): Promise<{ out: string; code: number }> {
    return new Promise((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-c', script], { env: { ...process.env, PATH: `${shims}:${process.env.PATH}`, KUBESIM_HOME: home }, cwd: home });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.stdin.end(input);
      child.on('close', (code) => resolve({ out, code: code ?? -1 }));
    });
  }

  it('runs kubectl lines in this process: output in order, exit status, stdin from a pipe', async () => {
    const { home, shims, resident } = await setup();
    try {
      let r = await run(shims, home, 'kubectl create deployment web --image=nginx --replicas=2 && kubectl get deploy web -o name');
      expect(r).toEqual({ out: 'deployment.apps/web created\ndeployment.apps/web\n', code: 0 });
      r = await run(shims, home, 'kubectl get nosuch; echo "rc=$?"');
      expect(r.out).toBe('error: the server doesn\'t have a resource type "nosuch"\nrc=1\n');
      r = await run(shims, home, 'kubectl get deploy web -o yaml | sed s/web/web2/g | grep -v -e uid: -e resourceVersion: -e creationTimestamp: | kubectl apply -f - >/dev/null; kubectl get deploy -o name');
      expect(r.out).toBe('deployment.apps/web\ndeployment.apps/web2\n');
      // a loop reading a pipe: kubectl does not swallow the lines meant for `read`
      r = await run(shims, home, 'printf "web\\nweb2\\n" | while read d; do kubectl get deploy $d -o name; done');
      expect(r.out).toBe('deployment.apps/web\ndeployment.apps/web2\n');
      // found by PATH, as xargs does
      r = await run(shims, home, 'echo web | xargs kubectl get deploy -o name');
      expect(r.out).toBe('deployment.apps/web\n');
      r = await run(shims, home, 'kubectl apply -f -', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n');
      expect(r.out).toBe('configmap/c1 created\n');
      expect(resident.served).toBeGreaterThanOrEqual(9);
    } finally {
      resident.close();
    }
  }, 120_000);

  it('runs watches as their own process, and nothing once the resident is gone', async () => {
    const { home, shims, resident } = await setup();
    let r = await run(shims, home, 'kubectl get ns default -o name --watch=false');
    expect(r).toEqual({ out: 'namespace/default\n', code: 0 });
    expect(resident.served).toBe(0);
    resident.close();
    r = await run(shims, home, 'kubectl get ns default -o name');
    expect(r).toEqual({ out: 'kubesim: the kubesim process serving this shell has exited; kubectl was not run\n', code: 1 });
  }, 120_000);
});
