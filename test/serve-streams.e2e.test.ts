// The streaming subresources of `kubesim serve` against stock kubectl v1.32: pods/log (kubectl logs with its
// options prints the bytes kubesim logs prints; logs -f streams a line the pod writes later) and pods/exec over
// WebSocket (kubectl exec prints what kubesim exec prints, exit codes, stdin, an interactive shell). Skips with a message
// when kubectl.1.32 is absent. Every wait is for output, not for a timer.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../src/kubectl/cmd/realkubectl.js';
import { startServe, watchOut } from './serve-start.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-streams-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
const children: ChildProcess[] = [];

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function kubectl(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, ...args], { env, encoding: 'utf8', input: '', timeout: 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

beforeAll(async () => {
  if (!KUBECTL_132) return;
  expect(kubesim('init', '--seed', '7', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx').code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  children.push((await startServe(BIN, env)).server);
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
});

describe.skipIf(!KUBECTL_132)('pods/log through kubesim serve', () => {
  it('kubectl.1.32 logs prints what kubesim logs prints, options and errors included', () => {
    const pod = kubesim('get', 'pods', '-o', 'name').out.trim();
    for (const args of [['logs', 'deploy/web'], ['logs', pod, '--tail=2', '--timestamps'], ['logs', pod, '--since=30s'], ['logs', pod, '--limit-bytes=20'], ['logs', pod, '-p'], ['logs', pod, '-c', 'nope']]) {
      const real = kubectl(...args);
      const sim = kubesim(...args);
      expect({ args, out: real.out, err: real.err, code: real.code }).toEqual({ args, out: sim.out, err: sim.err, code: sim.code });
    }
    expect(kubectl('logs', pod).out).toContain('[notice] 1#1: start worker process');
  });

  it('kubectl.1.32 logs -f streams a line the pod writes while it follows', async () => {
    const pod = kubesim('get', 'pods', '-o', 'name').out.trim();
    const ip = kubesim('get', pod, '-o', 'jsonpath={.status.podIP}').out;
    const follower = spawn(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, 'logs', '-f', pod, '--tail=1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(follower);
    const waitOut = watchOut(follower, 'stdout');
    await waitOut(/start worker process/);
    expect(kubesim('curl', '-s', '-o', '/dev/null', `http://${ip}/streamed`).code).toBe(0);
    const out = await waitOut(/"GET \/streamed HTTP\/1\.1" 404/);
    expect(out.split('\n').filter(Boolean).length).toBe(3);
    follower.kill('SIGINT');
  }, 120_000);
});

describe.skipIf(!KUBECTL_132)('pods/exec over WebSocket through kubesim serve', () => {
  const withInput = (input: string, ...args: string[]) => {
    const r = spawnSync(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, ...args], { env, encoding: 'utf8', input, timeout: 60_000 });
    return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
  };

  it('kubectl.1.32 exec runs the command in the simulated container and prints what kubesim exec prints', () => {
    for (const args of [['exec', 'deploy/web', '--', 'cat', '/usr/share/nginx/html/index.html'], ['exec', 'deploy/web', '--', 'sh', '-c', 'echo out; ls /nope'], ['exec', 'deploy/web', '--', 'ls', '/nope']]) {
      const real = kubectl(...args);
      const sim = kubesim(...args);
      expect({ args, out: real.out, err: real.err, code: real.code }).toEqual({ args, out: sim.out, err: sim.err, code: sim.code });
    }
  });

  it("reports the remote exit code as kubectl does, and the API server's refusal of a missing container", () => {
    expect(kubectl('exec', 'deploy/web', '--', 'sh', '-c', 'exit 3')).toEqual({ out: '', err: 'command terminated with exit code 3\n', code: 3 });
    const pod = kubesim('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}').out;
    expect(kubectl('exec', pod, '-c', 'nope', '--', 'true')).toEqual(kubesim('exec', pod, '-c', 'nope', '--', 'true'));
  });

  it('passes stdin: to a command, and line by line to an interactive shell whose files persist', () => {
    expect(withInput('hello\n', 'exec', '-i', 'deploy/web', '--', 'cat')).toEqual({ out: 'hello\n', err: '', code: 0 });
    const r = withInput('echo three > /tmp/x\ncat /tmp/x\nexit 4\n', 'exec', '-i', 'deploy/web', '--', 'sh');
    expect(r).toEqual({ out: 'three\n', err: 'command terminated with exit code 4\n', code: 4 });
    expect(kubesim('exec', 'deploy/web', '--', 'cat', '/tmp/x').out).toBe('three\n');
  });
});

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);
