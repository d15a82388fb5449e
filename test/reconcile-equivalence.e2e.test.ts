// The controllers skip work whose inputs did not change (a controller whose declared reads were not written, a pod
// whose kubelet sync changed nothing, ...). KUBESIM_FULL_RELIST=1 turns every skip off. Both ways must reach the
// very same state bytes: the five seed labs, replayed into memory sessions (so what is remembered lives from one
// command to the next, as in `kubesim test` and the benchmark), and a scripted run over the controllers, are
// compared after every step.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '../src/cli/commands/index.js';
import { dispatch } from '../src/cli/dispatch.js';
import { replayLab } from '../src/cli/replay/run.js';
import { Session } from '../src/cli/session.js';
import { buildConfig } from '../src/cluster/state/config.js';
import { nullIO } from '../src/bench/io.js';

const ROOT = path.resolve(__dirname, '..');
const LABS = fs.readdirSync(path.join(ROOT, 'manifests', 'labs')).filter((d) => fs.existsSync(path.join(ROOT, 'manifests', 'labs', d, 'lab.md'))).sort();

function mode(full: boolean): void {
  if (full) process.env.KUBESIM_FULL_RELIST = '1';
  else delete process.env.KUBESIM_FULL_RELIST;
}

afterEach(() => mode(false));

async function stateOf(session: Session): Promise<string> {
  return session.withCluster((c) => JSON.stringify(c.snapshot()));
}

async function replayState(name: string, full: boolean): Promise<string> {
  mode(full);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-equiv-'));
  try {
    const session = new Session({ home, persistent: false });
    await session.reset(buildConfig({ clock: 'virtual' }));
    const file = path.join(ROOT, 'manifests', 'labs', name, 'lab.md');
    await replayLab(file, `manifests/labs/${name}/lab.md`, { session, quiet: true, out: () => {}, env: { ...process.env, KUBESIM_HOME: home } });
    return await stateOf(session);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** A pod whose liveness probe reads a file its script and an exec remove, and one that waits for a ConfigMap. */
const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: live
spec:
  containers:
  - name: c
    image: busybox
    command: ['sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 3600']
    livenessProbe:
      exec:
        command: ['cat', '/tmp/healthy']
      periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata:
  name: waits
spec:
  containers:
  - name: c
    image: nginx
    volumeMounts:
    - name: cfg
      mountPath: /cfg
  volumes:
  - name: cfg
    configMap:
      name: late
`;
const MANIFEST_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-equiv-')), 'pods.yaml');
fs.writeFileSync(MANIFEST_FILE, MANIFEST);

/** Commands over the controllers that skip: workloads, probes, volumes waiting, nodes stopped, clock steps. */
const SCRIPT: string[][] = [
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=5'],
  ['expose', 'deployment', 'web', '--port=80'],
  ['scale', 'deployment', 'web', '--replicas=6'],
  ['scale', 'deployment', 'web', '--replicas=5'],
  ['clock', 'advance', '20s'],
  ['scale', 'deployment', 'web', '--replicas=7'],
  ['scale', 'deployment', 'web', '--replicas=5'],
  ['run', 'probe', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'touch /tmp/healthy; sleep 3600'],
  ['apply', '-f', MANIFEST_FILE],
  ['set', 'image', 'deployment/web', 'nginx=nginx:1.27'],
  ['clock', 'advance', '5s'],
  ['exec', 'probe', '--', 'rm', '-f', '/tmp/healthy'],
  ['create', 'configmap', 'late', '--from-literal=a=b'],
  ['clock', 'advance', '40s'],
  ['delete', 'configmap', 'late'],
  ['create', 'job', 'once', '--image=busybox', '--', 'sh', '-c', 'echo done'],
  ['clock', 'advance', '1m'],
  ['label', 'pod', '--all', 'extra=yes'],
  ['node', 'stop', 'kubesim-worker'],
  ['clock', 'advance', '1m'],
  ['node', 'start', 'kubesim-worker'],
  ['rollout', 'undo', 'deployment/web'],
  ['clock', 'advance', '30s'],
  ['create', 'namespace', 'gone'],
  ['create', 'deployment', 'x', '--image=nginx', '-n', 'gone'],
  ['delete', 'namespace', 'gone', '--wait=false'],
  ['delete', 'deployment', 'web'],
  ['clock', 'advance', '2m'],
];

async function scriptStates(full: boolean): Promise<string[]> {
  mode(full);
  const session = new Session({ home: os.tmpdir(), persistent: false, defaultConfig: () => buildConfig({ seed: 7, clock: 'virtual' }) });
  const states: string[] = [];
  for (const argv of SCRIPT) {
    const io = nullIO();
    const code = await dispatch(argv, session, io);
    states.push(`${argv.join(' ')} [${code}]\n${io.text.join('')}\n${await stateOf(session)}`);
  }
  return states;
}

describe('incremental reconcile == full re-list (KUBESIM_FULL_RELIST=1), state bytes', () => {
  it('a scripted run over the controllers, after every command', async () => {
    const full = await scriptStates(true);
    const incremental = await scriptStates(false);
    for (let i = 0; i < full.length; i++) expect(incremental[i], SCRIPT[i].join(' ')).toBe(full[i]);
  }, 120_000);

  it.each(LABS)('seed lab %s replayed in memory', async (name) => {
    const full = await replayState(name, true);
    const incremental = await replayState(name, false);
    expect(incremental.length).toBe(full.length);
    expect(incremental === full).toBe(true);
  }, 240_000);
});
