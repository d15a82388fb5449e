// Stock kubectl v1.32's typed clients against `kubesim serve`: `kubectl create <generator>` sends protobuf bodies
// (decoded by the v1.32 field tables to the very object kubesim's own `create` makes), `kubectl create token`
// (serviceaccounts/token: a token the server then accepts), `kubectl drain` (pods/eviction with the PDB's 429 and
// retries) and pods/binding. Skips with a message when kubectl.1.32 is absent. Waits are for output, not timers.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL_132 } from '../src/kubectl/cmd/realkubectl.js';
import { startServe, watchOut } from './serve-start.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-subres-'));
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
  expect(kubesim('create', 'namespace', 'own').code).toBe(0);
  children.push((await startServe(BIN, env)).server);
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
});

/** objects as `kubesim get -o yaml` prints them, without what differs between two creations */
function shape(objects: string[], ns: string): string {
  const r = kubesim('get', ...objects, '-n', ns, '-o', 'yaml');
  expect(r.err).toBe('');
  return r.out
    .split('\n')
    .filter((l) => !/uid:|resourceVersion:|creationTimestamp|namespace:|clusterIP|- 10\.|nodePort:|Time:|time:|kube-api-access|nodeName:|hostIP|- ip:|podIP/.test(l))
    .join('\n');
}

/** args with -n NS before a `--` (kubesim reads a namespace flag before the generator's name as create's own) */
function withNs(args: string[], ns: string): string[] {
  const i = args.indexOf('--');
  return i < 0 ? [...args, '-n', ns] : [...args.slice(0, i), '-n', ns, ...args.slice(i)];
}

describe.skipIf(!KUBECTL_132)('protobuf bodies of kubectl create through kubesim serve', () => {
  const cases: Array<[string, string, string[]]> = [
    // first: its status counts what the namespace holds
    ['resourcequota', 'q1', ['create', 'quota', 'q1', '--hard=pods=100,configmaps=10,requests.storage=1Gi']],
    ['deployment', 'web', ['create', 'deployment', 'web', '--image=nginx', '--replicas=0', '--port=80']],
    ['job', 'j1', ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi']],
    ['cronjob', 'cj', ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']],
    ['service', 'svc1', ['create', 'service', 'nodeport', 'svc1', '--tcp=80:http']],
    ['service', 'en', ['create', 'service', 'externalname', 'en', '--external-name=foo.com']],
    ['pdb', 'pdb1', ['create', 'pdb', 'pdb1', '--selector=app=nothing', '--max-unavailable=50%']],
    ['ingress', 'ing1', ['create', 'ingress', 'ing1', '--rule=foo.com/bar*=svc1:80,tls=my-cert', '--annotation=a=b']],
    ['secret', 'reg', ['create', 'secret', 'docker-registry', 'reg', '--docker-server=x', '--docker-username=u', '--docker-password=p']],
    ['pod', 'p1', ['run', 'p1', '--image=nginx', '--labels=a=b', '--env=X=1', '--port=80']],
  ];
  it('kubectl.1.32 create deployment|job|cronjob|service|quota|pdb|ingress|secret and run make the objects kubesim create makes', () => {
    for (const [, , args] of cases) {
      const real = kubectl(...withNs(args, 'default'));
      expect([args.join(' '), real.err, real.code]).toEqual([args.join(' '), '', 0]);
      expect(kubesim(...withNs(args, 'own')).err).toBe('');
    }
    // one get per namespace: each process start costs seconds on a loaded machine
    const objects = cases.map(([kind, name]) => `${kind}/${name}`);
    expect(shape(objects, 'default')).toBe(shape(objects, 'own'));
  }, 180_000);

  it('kubectl.1.32 create priorityclass (cluster-scoped) keeps value and description', () => {
    expect(kubectl('create', 'priorityclass', 'pc1', '--value=1000', '--description=x', '--preemption-policy=Never').out).toBe('priorityclass.scheduling.k8s.io/pc1 created\n');
    expect(kubesim('create', 'priorityclass', 'pc2', '--value=1000', '--description=x', '--preemption-policy=Never').code).toBe(0);
    expect(shape(['priorityclass/pc1'], 'default').replace('pc1', 'pc2')).toBe(shape(['priorityclass/pc2'], 'default'));
  }, 60_000);
});

describe.skipIf(!KUBECTL_132)('serviceaccounts/token through kubesim serve', () => {
  it('kubectl.1.32 create token issues the JWT kubesim create token issues, and the server accepts it', () => {
    expect(kubectl('create', 'serviceaccount', 'robot').code).toBe(0);
    const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString());
    const real = kubectl('create', 'token', 'robot', '--audience=a1', '--duration=20m');
    expect(real.err).toBe('');
    const own = kubesim('create', 'token', 'robot', '--audience=a1', '--duration=20m');
    const { jti: j1, ...c1 } = claims(real.out);
    const { jti: j2, ...c2 } = claims(own.out);
    expect(c1).toEqual(c2);
    expect(c1.sub).toBe('system:serviceaccount:default:robot');
    expect(j1).not.toBe(j2);
    // the token alone (no client certificate) authenticates as the account
    const server = /server: (\S+)/.exec(fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8'))![1]!;
    const token = kubectl('create', 'token', 'robot').out;
    const who = spawnSync(KUBECTL_132!, ['--kubeconfig=/dev/null', `--server=${server}`, '--insecure-skip-tls-verify', `--token=${token}`, 'auth', 'whoami'], { env, encoding: 'utf8' });
    expect(who.stdout).toContain('Username    system:serviceaccount:default:robot\n');
    expect(kubectl('create', 'token', 'robot', '--duration=1s').err).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 1: may not specify a duration less than 10 minutes\n',
    );
    expect(kubectl('create', 'token', 'nobody').err).toBe('error: failed to create token: serviceaccounts "nobody" not found\n');
  }, 60_000);
});

describe.skipIf(!KUBECTL_132)('pods/eviction and pods/binding through kubesim serve', () => {
  it("kubectl.1.32 drain retries on the budget's 429, then evicts once the budget allows it", async () => {
    expect(kubesim('create', 'deployment', 'db', '--image=nginx', '--replicas=2').err).toBe('');
    expect(kubesim('clock', 'advance', '1m').code).toBe(0);
    expect(kubesim('create', 'pdb', 'db', '--selector=app=db', '--min-available=2').code).toBe(0);
    expect(kubesim('clock', 'advance', '5s').code).toBe(0);
    const node = kubesim('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[0].spec.nodeName}').out;
    const drain = spawn(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, 'drain', node, '--ignore-daemonsets', '--pod-selector=app=db', '--timeout=60s'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(drain);
    const out = watchOut(drain);
    await out(/\(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
    // the budget now allows one disruption: the next attempt evicts, and the pod goes once its grace period passes
    expect(kubectl('patch', 'pdb', 'db', '--type=merge', '-p', '{"spec":{"minAvailable":1}}').code).toBe(0);
    const pod = /evicting pod default\/(\S+)/.exec(await out(/evicting pod/))![1]!;
    // kubectl's next attempt (5 s on its own clock) evicts: the pod is terminating, and goes after its grace period
    const terminating = () => kubesim('get', 'pod', pod, '-o', 'jsonpath={.metadata.deletionTimestamp}').out !== '';
    for (let i = 0; i < 200 && !terminating(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(terminating()).toBe(true);
    expect(kubesim('clock', 'advance', '1m').code).toBe(0);
    const all = await out(/drained\n/);
    expect(all).toMatch(new RegExp(`node/${node} cordoned\n`));
    expect(kubectl('uncordon', node).code).toBe(0);
  }, 90_000);

  it('binds an unscheduled pod to a node, and answers a second binding with the Conflict', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'manual' }, spec: { schedulerName: 'none', containers: [{ name: 'c', image: 'nginx' }] } };
    const file = path.join(home, 'manual.json');
    fs.writeFileSync(file, JSON.stringify(pod));
    expect(kubectl('create', '-f', file).err).toBe('');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { name: 'kubesim-worker' } }));
    const bound = kubectl('create', '--raw', '/api/v1/namespaces/default/pods/manual/binding', '-f', file);
    expect(JSON.parse(bound.out)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    expect(kubesim('get', 'pod', 'manual', '-o', 'jsonpath={.spec.nodeName}').out).toBe('kubesim-worker');
    expect(kubectl('create', '--raw', '/api/v1/namespaces/default/pods/manual/binding', '-f', file).err).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on pods/binding "manual": pod manual is already assigned to node "kubesim-worker"\n',
    );
  }, 60_000);
});
