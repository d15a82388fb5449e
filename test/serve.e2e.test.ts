// `kubesim serve` against stock kubectl v1.32: a real HTTPS API on 127.0.0.1 with the cluster CA, the kubeconfig
// it writes, server-side tables equal to kubesim's own `get`, writes through the same API server (seen by kubesim
// commands in other processes), Status errors, authentication and a watch. Skips the kubectl parts with a message
// when kubectl.1.32 is absent.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './serve-start.js';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../src/kubectl/cmd/realkubectl.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-serve-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
let server: ChildProcess | undefined;
let port = 0;

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function kubectl(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, ...args], { env, encoding: 'utf8', input: '', timeout: 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function request(method: string, urlPath: string, body?: string, contentType = 'application/json'): Promise<{ code: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: urlPath, method, rejectUnauthorized: false, headers: { 'Content-Type': contentType } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  expect(kubesim('init', '--seed', '7', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx', '--replicas=2').code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  ({ server, port } = await startServe(BIN, env));
}, 120_000);

afterAll(() => {
  server?.kill('SIGINT');
});

describe('kubesim serve', () => {
  it('writes a kubeconfig for the kind-kubesim context with the cluster CA and the port it serves on', () => {
    const text = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
    expect(text).toContain(`server: https://127.0.0.1:${port}`);
    expect(text).toContain('current-context: kind-kubesim');
    const r = kubesim('kubeconfig', '--path');
    expect(r.out).toBe(`${path.join(home, 'kubeconfig')}\n`);
  });

  it('answers without credentials with the API server 401 Status, and serves discovery', async () => {
    const r = await request('GET', '/api/v1/pods');
    expect(r.code).toBe(401);
    expect(r.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it.skipIf(!KUBECTL_132)('kubectl.1.32 get prints the bytes kubesim get prints', () => {
    for (const args of [['get', 'pods'], ['get', 'pods', '-A', '-o', 'wide'], ['get', 'deploy,rs,svc'], ['get', 'nodes', '--show-labels'], ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns']]) {
      const real = kubectl(...args);
      const sim = kubesim(...args);
      expect(real.err).toBe('');
      expect(real.out).toBe(sim.out);
      expect(real.code).toBe(0);
    }
    expect(kubectl('get', 'pod', 'nope')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    const bad = kubectl('get', 'pods', '--field-selector=spec.foo=x');
    expect(bad.err).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=x": field label not supported: spec.foo\n');
    expect(kubesim('get', 'pods', '--field-selector=spec.foo=x')).toEqual(bad);
  }, 120_000);

  it.skipIf(!KUBECTL_132)('every stock kubectl 1.27 to 1.33 beside kubectl.1.32 discovers the API (v2beta1 aggregated discovery for 1.27-1.29) and prints the same table', () => {
    const dir = path.dirname(KUBECTL_132!);
    const versions = [27, 28, 29, 30, 31, 32, 33].map((v) => path.join(dir, `kubectl.1.${v}`)).filter((f) => fs.existsSync(f));
    const sim = kubesim('get', 'pods', '-n', 'kube-system');
    for (const bin of versions) {
      const r = spawnSync(bin, [`--cache-dir=${path.join(home, 'cache-' + path.basename(bin))}`, 'get', 'pods', '-n', 'kube-system'], { env, encoding: 'utf8', input: '', timeout: 60_000 });
      expect([path.basename(bin), r.stderr, r.stdout, r.status]).toEqual([path.basename(bin), '', sim.out, 0]);
    }
  }, 120_000);

  it.skipIf(!KUBECTL_132)('kubectl 1.27 and 1.28 read /openapi/v2 (gnostic protobuf) for apply and explain', () => {
    const dir = path.dirname(KUBECTL_132!);
    const manifest = path.join(home, 'v2-web.yaml');
    fs.writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v2-cm\ndata:\n  a: "1"\n');
    for (const v of ['1.27', '1.28'].filter((x) => fs.existsSync(path.join(dir, `kubectl.${x}`)))) {
      const run = (...args: string[]) => spawnSync(path.join(dir, `kubectl.${v}`), [`--cache-dir=${path.join(home, 'cache-v2-' + v)}`, ...args], { env, encoding: 'utf8', input: '', timeout: 60_000 });
      const applied = run('apply', '-f', manifest);
      expect([v, applied.stderr, applied.status]).toEqual([v, '', 0]);
      const explained = run('explain', 'pod.spec.restartPolicy');
      expect([v, explained.stderr, explained.stdout.split('\n').slice(0, 4)]).toEqual([v, '', ['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: restartPolicy <string>']]);
    }
    expect(kubesim('get', 'cm', 'v2-cm', '-o', 'jsonpath={.data.a}').out).toBe('1');
  }, 120_000);

  it.skipIf(!KUBECTL_132)('the typed clients\' protobuf bodies: create configmap|secret|role|rolebinding, auth can-i and whoami answer as kubesim does', () => {
    expect(kubectl('create', 'configmap', 'pb-cm', '--from-literal=a=b', '--from-literal=c=dd')).toEqual({ out: 'configmap/pb-cm created\n', err: '', code: 0 });
    expect(kubesim('get', 'cm', 'pb-cm', '-o', 'jsonpath={.data}').out).toBe('{"a":"b","c":"dd"}');
    expect(kubectl('create', 'secret', 'generic', 'pb-s', '--from-literal=k=v', '--type=example.com/x').code).toBe(0);
    expect(kubesim('get', 'secret', 'pb-s', '-o', 'jsonpath={.data.k} {.type}').out).toBe('dg== example.com/x');
    expect(kubectl('create', 'role', 'pb-r', '--verb=get,list', '--resource=pods', '--resource-name=one').code).toBe(0);
    expect(kubectl('create', 'rolebinding', 'pb-rb', '--role=pb-r', '--user=pat').code).toBe(0);
    expect(kubesim('get', 'rolebinding', 'pb-rb', '-o', 'jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}:{.subjects[0].name}').out).toBe('Role/pb-r User:pat');
    for (const args of [['auth', 'can-i', 'get', 'pods/one', '--as=pat'], ['auth', 'can-i', 'get', 'pods', '--as=pat'], ['auth', 'can-i', 'list', 'pods'], ['auth', 'can-i', '--list', '--as=pat'], ['auth', 'whoami'], ['auth', 'whoami', '--as=pat', '--as-group=g1']]) {
      expect(kubectl(...args)).toEqual(kubesim(...args));
    }
    expect(kubectl('create', 'deployment', 'pb-d', '--image=nginx', '--replicas=0')).toEqual({ out: 'deployment.apps/pb-d created\n', err: '', code: 0 });
    expect(kubesim('get', 'deploy', 'pb-d', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}').out).toBe('0 nginx');
  }, 120_000);

  it.skipIf(!KUBECTL_132)('kubectl.1.32 apply, scale, patch and delete go through the API server, and kubesim commands see them', () => {
    const file = path.join(home, 'cfg.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n');
    expect(kubectl('apply', '-f', file).out).toBe('configmap/cfg created\n');
    expect(kubectl('apply', '-f', file).out).toBe('configmap/cfg unchanged\n');
    expect(kubesim('get', 'cm', 'cfg', '-o', 'jsonpath={.data.a}').out).toBe('1');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\nspec: {}\n');
    const strict = kubectl('apply', '-f', file);
    expect(strict.err).toContain('strict decoding error: unknown field "spec"');
    expect(kubectl('scale', 'deploy', 'web', '--replicas=3').out).toBe('deployment.apps/web scaled\n');
    expect(kubesim('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}').out).toBe('3');
    expect(kubectl('patch', 'deploy', 'web', '-p', '{"spec":{"replicas":2}}').out).toBe('deployment.apps/web patched\n');
    expect(kubectl('delete', 'cm', 'cfg').out).toBe('configmap "cfg" deleted\n');
    expect(kubesim('get', 'cm', 'cfg').err).toBe('Error from server (NotFound): configmaps "cfg" not found\n');
  }, 120_000);

  it.skipIf(!KUBECTL_132)('RBAC applies to every request, with impersonation (--as) and the API server 403 body', () => {
    const denied = kubectl('--as=jane', 'get', 'deploy', '-n', 'kube-system');
    expect(denied.err).toBe('Error from server (Forbidden): deployments.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps" in the namespace "kube-system"\n');
    expect(kubesim('--as=jane', 'get', 'deploy', '-n', 'kube-system')).toEqual(denied);
    expect(kubectl('--as=system:serviceaccount:default:default', 'delete', 'deploy', 'web').err).toContain('cannot delete resource "deployments"');
    expect(kubesim('get', 'deploy', 'web').code).toBe(0);
  }, 120_000);

  it.skipIf(!KUBECTL_132)('a malformed body or a stale resourceVersion changes nothing', async () => {
    const before = fs.readFileSync(path.join(home, 'cluster.json'), 'utf8');
    // the admin client certificate from the kubeconfig
    const kc = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
    const cert = Buffer.from(/client-certificate-data: (\S+)/.exec(kc)![1], 'base64').toString();
    const key = Buffer.from(/client-key-data: (\S+)/.exec(kc)![1], 'base64').toString();
    const call = (method: string, p: string, body: string, type = 'application/json') =>
      new Promise<{ code: number; json: any }>((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port, path: p, method, cert, key, rejectUnauthorized: false, headers: { 'Content-Type': type } }, (res) => {
          let t = '';
          res.on('data', (c) => (t += c));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, json: JSON.parse(t) }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const bad = await call('POST', '/api/v1/namespaces/default/configmaps', '{bad');
    expect(bad.code).toBe(400);
    expect(bad.json.reason).toBe('BadRequest');
    const wrongType = await call('POST', '/api/v1/namespaces/default/configmaps', '{}', 'text/plain');
    expect(wrongType.code).toBe(415);
    const dep = await call('GET', '/apis/apps/v1/namespaces/default/deployments/web', '');
    dep.json.metadata.resourceVersion = '1';
    const stale = await call('PUT', '/apis/apps/v1/namespaces/default/deployments/web', JSON.stringify(dep.json));
    expect(stale.code).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', JSON.stringify({ metadata: { name: 'dry' } }));
    expect(dry.code).toBe(201);
    expect(dry.json.metadata.name).toBe('dry');
    expect(fs.readFileSync(path.join(home, 'cluster.json'), 'utf8')).toBe(before);
  }, 120_000);

  it.skipIf(!KUBECTL_132)('kubectl.1.32 get -w streams the changes other kubesim commands make', async () => {
    const watcher = spawn(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, 'get', 'deploy', '-w'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watcher.stdout!.on('data', (c) => (out += c));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor('web ');
    expect(kubesim('create', 'deployment', 'api', '--image=nginx').code).toBe(0);
    await waitFor('api ');
    watcher.kill('SIGINT');
    expect(out.split('\n')[0]).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/);
    expect(out).toMatch(/\napi +0\/1 +1 +0 +0s\n/);
  }, 60_000);
});

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);

describe('kubectl proxy', () => {
  it('serves the API as JSON on 127.0.0.1, pretty for curl, filters foreign hosts, refuses a port in use, and ends on Ctrl-C', async () => {
    const proxy = spawn(process.execPath, [BIN, 'proxy', '--port=0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const proxyPort = await new Promise<number>((resolve, reject) => {
      proxy.stdout!.on('data', (c) => {
        out += c;
        const m = /^Starting to serve on 127\.0\.0\.1:(\d+)\n$/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      proxy.on('exit', (code) => reject(new Error(`kubectl proxy exited with ${code}`)));
    });
    const get = (p: string, headers: Record<string, string>) =>
      new Promise<{ code: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: proxyPort, path: p, headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.end();
      });
    const list = await get('/apis/apps/v1/namespaces/default/deployments?labelSelector=app=web', { 'User-Agent': 'curl/8.5.0' });
    expect(list.code).toBe(200);
    expect(list.text.startsWith('{\n  "kind": "DeploymentList",\n  "apiVersion": "apps/v1",\n')).toBe(true);
    expect(JSON.parse(list.text).items.map((d: any) => d.metadata.name)).toEqual(['web']);
    expect((await get('/version', { 'User-Agent': 'node' })).text).toMatch(/^\{"major":"1","minor":"32",/);
    expect(await get('/version', { Host: 'example.com' })).toEqual({ code: 403, text: 'Forbidden\n' });
    const busy = kubesim('proxy', `--port=${proxyPort}`);
    expect(busy).toEqual({ out: '', err: `error: listen tcp 127.0.0.1:${proxyPort}: bind: address already in use\n`, code: 1 });
    expect(kubesim('proxy', '--address=0.0.0.0').err).toBe('error: kubesim does not simulate "kubectl proxy --address=0.0.0.0": its servers bind 127.0.0.1 only\n');
    const exited = new Promise<number | null>((resolve) => proxy.on('exit', resolve));
    proxy.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
