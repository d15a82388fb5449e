// End-to-end tests of the real executable (bin/kubesim.js, built by `npm test`'s tsc step): determinism across
// runs, serialised concurrent invocations, and a clear error for a corrupt state file.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '..', 'bin', 'kubesim.js');

function kubesim(home: string, args: string[], input?: string): { stdout: string; stderr: string; code: number } {
  try {
    const stdout = execFileSync('node', [BIN, ...args], { env: { ...process.env, KUBESIM_HOME: home, NO_COLOR: '1' }, input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.status };
  }
}

function tmpHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-e2e-'));
}

const FLOW: string[][] = [
  ['init', '--seed', '7', '--clock', 'virtual'],
  ['create', 'deployment', 'website', '--replicas=3', '--image=httpd'],
  ['get', 'deploy'],
  ['get', 'pod', '--show-labels', '-o', 'wide'],
  ['expose', 'deployment', 'website', '--port=80'],
  ['get', 'svc,ep'],
  ['scale', 'deployment', 'website', '--replicas=2'],
  ['get', 'all', '-A'],
  ['get', 'pods', '-o', 'yaml'],
];

describe('kubesim executable', () => {
  it('prints the same bytes for the same seed and commands', () => {
    const home = tmpHome();
    // `init` starts the cluster afresh, so two passes in the same home must print identical bytes
    const outputs = [1, 2].map(() => FLOW.map((args) => JSON.stringify(kubesim(home, args))).join('\n'));
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).toContain('deployment.apps/website created');
  }, 120_000);

  it('loses nothing when 20 invocations run at once', async () => {
    const home = tmpHome();
    kubesim(home, ['init', '--seed', '1', '--clock', 'virtual']);
    const env = { ...process.env, KUBESIM_HOME: home };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => run('node', [BIN, 'create', 'configmap', `cm-${i}`, '--from-literal=k=v'], { env })),
    );
    const names = kubesim(home, ['get', 'configmaps', '-o', 'name']).stdout.trim().split('\n').sort();
    for (let i = 0; i < 20; i++) expect(names).toContain(`configmap/cm-${i}`);
  }, 60000);

  it('leaves standard input unread for a command that does not use it (kubectl get inside $(...) in a pipeline)', () => {
    const home = tmpHome();
    kubesim(home, ['init', '--seed', '1', '--clock', 'virtual']);
    // the configmap's name is what grep looks for; the get in $(...) shares the pipe with grep
    kubesim(home, ['create', 'configmap', 'needle', '--from-literal=k=v']);
    const script = `printf 'hay\\nneedle\\nhay\\n' | grep -c $(node ${JSON.stringify(BIN)} get configmap needle -o jsonpath='{.metadata.name}')`;
    const out = execFileSync('bash', ['-c', script], { env: { ...process.env, KUBESIM_HOME: home }, encoding: 'utf8' });
    expect(out.trim()).toBe('1');
  });

  it('names the state file and the way out when the state is corrupt', () => {
    const home = tmpHome();
    kubesim(home, ['init']);
    fs.writeFileSync(path.join(home, 'cluster.json'), '{ not json');
    const r = kubesim(home, ['get', 'pods']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(home, 'cluster.json'));
    expect(r.stderr).toContain('kubesim init');
    expect(r.stderr).not.toContain('    at ');
  });

  it('leaves the state untouched when a command fails', () => {
    const home = tmpHome();
    kubesim(home, ['init', '--seed', '3', '--clock', 'virtual']);
    kubesim(home, ['create', 'deployment', 'web', '--image=nginx']);
    const before = fs.readFileSync(path.join(home, 'cluster.json'), 'utf8');
    const r = kubesim(home, ['create', 'deployment', 'web', '--image=nginx']);
    expect(r.code).toBe(1);
    // create deployment wraps the API error as create_deployment.go does
    expect(r.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect(fs.readFileSync(path.join(home, 'cluster.json'), 'utf8')).toBe(before);
  });

  it('never reads standard input it was not asked for (a $(kubesim get ...) inside a pipeline)', () => {
    const home = tmpHome();
    kubesim(home, ['init', '--seed', '7', '--clock', 'virtual']);
    kubesim(home, ['create', 'deployment', 'deploy1', '--image=nginx']);
    kubesim(home, ['expose', 'deployment', 'deploy1', '--port=80']);
    kubesim(home, ['clock', 'advance', '30s']);
    const k = `node ${JSON.stringify(BIN)}`;
    // seed 001's check: the command substitution runs with grep's stdin, the pipe from iptables-save
    const out = execFileSync('bash', ['-c', `${k} iptables-save | grep $(${k} get svc deploy1 -o jsonpath='{.spec.clusterIP}')`], {
      env: { ...process.env, KUBESIM_HOME: home },
      encoding: 'utf8',
    });
    expect(out).toMatch(/^-A KUBE-SERVICES -d 10\.\d+\.\d+\.\d+\/32 -p tcp -m comment --comment "default\/deploy1 cluster IP" -m tcp --dport 80 -j KUBE-SVC-2YUN2YF37SWSREWK$/m);
  });
});
