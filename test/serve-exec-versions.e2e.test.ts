// pods/exec and pods/attach of `kubesim serve` for every stock kubectl 1.27-1.33 on this machine: 1.27-1.29 upgrade
// to SPDY/3.1 (remotecommand v4.channel.k8s.io), 1.30+ to WebSocket (v5.channel.k8s.io). Each prints what kubesim
// exec prints, passes stdin, reports the remote exit code ("command terminated with exit code 3"), runs an
// interactive shell under a pty (util-linux `script`), and attaches to a busybox shell; kubectl.1.32 debug adds an
// ephemeral container through pods/ephemeralcontainers and attaches to it. Skips with a message when
// kubectl.1.32 is absent; the pty cases skip without `script`. Every wait is for output, not for a timer.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../src/kubectl/cmd/realkubectl.js';
import { startServe } from './serve-start.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-execv-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
const children: ChildProcess[] = [];
const VERSIONS = KUBECTL_132 ? [27, 28, 29, 30, 31, 32, 33].map((v) => `1.${v}`).filter((v) => fs.existsSync(KUBECTL_132.replace(/1\.32$/, v))) : [];
const SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function kubectl(v: string, input: string, ...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(KUBECTL_132!.replace(/1\.32$/, v), [`--cache-dir=${path.join(home, `cache-${v}`)}`, ...args], { env, encoding: 'utf8', input, timeout: 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

/** a kubectl under a pty: each answer is typed once `expect` shows in the output; resolves with the output and exit code */
function underPty(v: string, args: string[], dialogue: Array<[RegExp, string]>): Promise<{ out: string; code: number }> {
  const line = [KUBECTL_132!.replace(/1\.32$/, v), `--cache-dir=${path.join(home, `cache-${v}`)}`, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-eqc', line, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let step = 0;
  return new Promise((resolve) => {
    const next = () => {
      while (step < dialogue.length && dialogue[step][0].test(out)) child.stdin!.write(dialogue[step++][1]);
    };
    child.stdout!.on('data', (c) => ((out += c), next()));
    child.on('exit', (code) => resolve({ out, code: code ?? -1 }));
  });
}

beforeAll(async () => {
  if (!KUBECTL_132) return;
  expect(kubesim('init', '--seed', '11', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx').code).toBe(0);
  const bb = path.join(home, 'bb.yaml');
  fs.writeFileSync(bb, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bb\nspec:\n  containers:\n  - name: bb\n    image: busybox\n    stdin: true\n    tty: true\n');
  expect(kubesim('apply', '-f', bb).code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  children.push((await startServe(BIN, env)).server);
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
});

describe.skipIf(!KUBECTL_132)('exec and attach through kubesim serve, every stock kubectl 1.27-1.33', () => {
  it('exec prints what kubesim exec prints, passes stdin and reports the exit code', () => {
    const sim = kubesim('exec', 'deploy/web', '--', 'cat', '/etc/hostname');
    expect(sim.code).toBe(0);
    for (const v of VERSIONS) {
      expect([v, kubectl(v, '', 'exec', 'deploy/web', '--', 'cat', '/etc/hostname')]).toEqual([v, sim]);
      expect([v, kubectl(v, 'one\ntwo\n', 'exec', '-i', 'deploy/web', '--', 'cat')]).toEqual([v, { out: 'one\ntwo\n', err: '', code: 0 }]);
      expect([v, kubectl(v, '', 'exec', 'deploy/web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3')]).toEqual([v, { out: 'out\n', err: 'err\ncommand terminated with exit code 3\n', code: 3 }]);
      expect([v, kubectl(v, '', 'exec', 'deploy/web', '-c', 'nope', '--', 'true')]).toEqual([v, kubesim('exec', 'deploy/web', '-c', 'nope', '--', 'true')]);
    }
  }, 180_000);

  it.skipIf(!SCRIPT)('exec -it runs an interactive shell under a pty, and attach -it joins the busybox shell', async () => {
    for (const v of VERSIONS) {
      const sh = await underPty(v, ['exec', '-it', 'deploy/web', '--', 'sh'], [[/# $/, 'echo hi-$((40+2))\r'], [/hi-42\r\n# $/, 'exit 5\r']]);
      expect([v, sh.code, sh.out]).toEqual([v, 5, '# echo hi-$((40+2))\r\nhi-42\r\n# exit 5\r\ncommand terminated with exit code 5\r\n']);
      const at = await underPty(v, ['attach', '-it', 'bb'], [[/\/ # $/, 'echo in-bb\r'], [/in-bb\r\n\/ # $/, 'exit\r']]);
      expect([v, at.code, at.out]).toEqual([
        v,
        0,
        "If you don't see a command prompt, try pressing enter.\r\n/ # echo in-bb\r\nin-bb\r\n/ # exit\r\nSession ended, resume using 'kubectl attach bb -c bb -i -t' command when the pod is running\r\n",
      ]);
      // `exit` ended the container's shell: the kubelet restarts it (restartPolicy Always) after its back-off
      expect(kubesim('clock', 'advance', '6m').code).toBe(0);
    }
    expect(kubesim('get', 'pod', 'bb', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}').out).toBe(String(VERSIONS.length));
  }, 240_000);
});

describe.skipIf(!KUBECTL_132)('kubectl.1.32 debug: an ephemeral container through kubesim serve', () => {
  it('patches pods/ephemeralcontainers, waits for the kubelet to start it, attaches, and ps shows the target\'s processes', async () => {
    const pod = kubesim('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}').out;
    const child = spawn(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache-1.32')}`, 'debug', '-i', pod, '--image=busybox', '--target=nginx'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    await new Promise<void>((resolve) => child.stdout!.on('data', (c) => ((out += c), /Defaulting debug container name/.test(out) && resolve())));
    // the server's clock is virtual: the kubelet pulls busybox and starts the container when time passes
    expect(kubesim('clock', 'advance', '5s').code).toBe(0);
    child.stdin!.end('ps\nexit\n');
    expect(await exited).toBe(0);
    const name = /debugger-[a-z0-9]{5}/.exec(out)![0];
    expect(out).toBe(
      `Targeting container "nginx". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\nDefaulting debug container name to ${name}.\n` +
        'PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n   29 101       0:00 nginx: worker process\n   30 101       0:00 nginx: worker process\n   31 root      0:00 sh\n   37 root      0:00 ps\n',
    );
    expect(err).toContain("If you don't see a command prompt, try pressing enter.\n");
    expect(kubectl('1.32', '', 'get', 'pod', pod, '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].name} {.status.ephemeralContainerStatuses[0].ready} {.spec.ephemeralContainers[0].targetContainerName}').out).toBe(`${name} false nginx`);
    const described = kubectl('1.32', '', 'describe', 'pod', pod);
    expect(described.out).toContain(`Ephemeral Containers:\n  ${name}:\n`);
    // (stock describe ages events by this machine's clock, not the cluster's: compare up to the events)
    expect(described.out.split('\nEvents:')[0]).toBe(kubesim('describe', 'pod', pod).out.split('\nEvents:')[0]);
    // the API server's refusal of a target that is not one of the pod's containers
    const bad = kubectl('1.32', '', 'debug', pod, '--image=busybox', '--target=nope', '-q');
    expect([bad.code, bad.err.split('\n').slice(1).join('\n')]).toEqual([1, 'The Pod "' + pod + '" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"\n']);
    // and of a name one of the pod's containers has
    const dup = kubectl('1.32', '', 'debug', pod, '--image=busybox', '-c', 'nginx', '-q');
    expect([dup.code, dup.err.split('\n').slice(1).join('\n')]).toEqual([1, 'The Pod "' + pod + '" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "nginx"\n']);
    // the shell exited: the ephemeral container has terminated (never restarted), and attaching to it is refused
    expect(kubectl('1.32', '', 'get', 'pod', pod, '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason} {.status.ephemeralContainerStatuses[0].state.terminated.exitCode} {.status.ephemeralContainerStatuses[0].restartCount}').out).toBe('Completed 0 0');
    const again = kubectl('1.32', '', 'attach', pod, '-c', name, '-i');
    expect(again).toEqual({ code: 1, out: '', err: `If you don't see a command prompt, try pressing enter.\nerror: unable to upgrade connection: container not found ("${name}")\n` });
    expect(kubesim('attach', pod, '-c', name, '-i')).toEqual(again);
  }, 120_000);
});

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);
