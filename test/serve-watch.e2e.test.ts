// LIST and WATCH semantics of `kubesim serve` against stock kubectl v1.32 and plain HTTPS requests: pages with
// continue tokens (and their 400/410 answers), resourceVersion and resourceVersionMatch, watches that resume from
// a resourceVersion with bookmarks, 410 Expired for a resourceVersion older than the watch cache, and one event per
// write the server makes (its store's journal, not readings that fold changes together). Skips the
// kubectl parts with a message when kubectl.1.32 is absent. Every wait is for output, not for a timer.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './serve-start.js';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../src/kubectl/cmd/realkubectl.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-watch-'));
const env = { ...process.env, KUBESIM_HOME: home, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') };
let server: ChildProcess | undefined;
let port = 0;
let cert = '';
let key = '';

function kubesim(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function kubectl(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, ...args], { env, encoding: 'utf8', input: '', timeout: 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

/** An authenticated request (the kubeconfig's admin certificate); the body as text. */
function call(method: string, p: string, body?: string): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: p, method, cert, key, rejectUnauthorized: false, agent: false, headers: { 'Content-Type': 'application/json', ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) }) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = async (p: string) => {
  const r = await call('GET', p);
  return { code: r.code, json: JSON.parse(r.text) };
};
const events = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: any });

beforeAll(async () => {
  expect(kubesim('init', '--seed', '7', '--clock', 'virtual').code).toBe(0);
  expect(kubesim('create', 'deployment', 'web', '--image=nginx', '--replicas=3').code).toBe(0);
  expect(kubesim('clock', 'advance', '1m').code).toBe(0);
  ({ server, port } = await startServe(BIN, env));
  const kc = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
  cert = Buffer.from(/client-certificate-data: (\S+)/.exec(kc)![1], 'base64').toString();
  key = Buffer.from(/client-key-data: (\S+)/.exec(kc)![1], 'base64').toString();
}, 120_000);

afterAll(() => {
  server?.kill('SIGINT');
});

describe('LIST through kubesim serve', () => {
  it('pages with etcd3 continue tokens, each page at the first page resourceVersion', async () => {
    const all = await json('/api/v1/namespaces/kube-system/pods');
    const names = all.json.items.map((o: any) => o.metadata.name);
    expect(names.length).toBeGreaterThan(4);
    const p1 = await json('/api/v1/namespaces/kube-system/pods?limit=2');
    expect(p1.json.items.map((o: any) => o.metadata.name)).toEqual(names.slice(0, 2));
    expect(p1.json.metadata.remainingItemCount).toBe(names.length - 2);
    const token = JSON.parse(Buffer.from(p1.json.metadata.continue, 'base64url').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(p1.json.metadata.resourceVersion), start: `${names[1]}\u0000` });
    // a change between pages is not seen by the next page: it is served at the first page's resourceVersion
    expect(kubesim('label', 'pod', '-n', 'kube-system', names[3], 'paged=yes').code).toBe(0);
    const p2 = await json(`/api/v1/namespaces/kube-system/pods?limit=2&continue=${p1.json.metadata.continue}`);
    expect(p2.json.metadata.resourceVersion).toBe(p1.json.metadata.resourceVersion);
    expect(p2.json.items.map((o: any) => o.metadata.name)).toEqual(names.slice(2, 4));
    expect(p2.json.items[1].metadata.labels.paged).toBeUndefined();
    const now = await json(`/api/v1/namespaces/kube-system/pods/${names[3]}`);
    expect(now.json.metadata.labels.paged).toBe('yes');
    // resourceVersionMatch=Exact at the first page's version: the state then
    const exact = await json(`/api/v1/namespaces/kube-system/pods?resourceVersion=${p1.json.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(exact.json.items.find((o: any) => o.metadata.name === names[3]).metadata.labels.paged).toBeUndefined();
  });

  it('answers bad and expired list options with the API server Status bodies', async () => {
    expect(await json('/api/v1/pods?continue=abc$')).toEqual({
      code: 400,
      json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 3', reason: 'BadRequest', code: 400 },
    });
    const forbidden = await json('/api/v1/pods?resourceVersionMatch=Exact');
    expect(forbidden.code).toBe(422);
    expect(forbidden.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    expect(await json('/api/v1/pods?resourceVersion=2&resourceVersionMatch=Exact')).toEqual({
      code: 410,
      json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided list is too old.', reason: 'Expired', code: 410 },
    });
    const old = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 2, start: 'kube-system/a\u0000' })).toString('base64url');
    const stale = await json(`/api/v1/pods?limit=2&continue=${old}`);
    expect(stale.code).toBe(410);
    expect(stale.json.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    expect(JSON.parse(Buffer.from(stale.json.metadata.continue, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'kube-system/a\u0000' });
    // the token of a 410 continues at the latest resourceVersion
    const rest = await json(`/api/v1/pods?limit=2&continue=${stale.json.metadata.continue}`);
    expect(rest.code).toBe(200);
    expect(rest.json.items[0].metadata.namespace).toBe('kube-system');
    const future = await json('/api/v1/pods?resourceVersion=99999999');
    expect(future.code).toBe(504);
    expect(future.json).toMatchObject({ reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 } });
    expect(future.json.message).toMatch(/^Timeout: Too large resource version: 99999999, current: \d+$/);
  }, 30_000);

  it.skipIf(!KUBECTL_132)('kubectl.1.32 get --chunk-size pages through continue tokens and prints what kubesim get prints', () => {
    const real = kubectl('get', 'pods', '-A', '--chunk-size=2');
    expect(real.err).toBe('');
    expect(real.out).toBe(kubesim('get', 'pods', '-A').out);
  });
});

describe('WATCH through kubesim serve', () => {
  it('resumes from a resourceVersion with the events after it, bookmarks, and 410 for one older than the cache', async () => {
    const list = await json('/api/v1/namespaces/default/configmaps');
    const rv = list.json.metadata.resourceVersion;
    expect(kubesim('create', 'configmap', 'one', '--from-literal=a=1').code).toBe(0);
    expect(kubesim('create', 'configmap', 'two').code).toBe(0);
    expect(kubesim('label', 'configmap', 'one', 'x=y').code).toBe(0);
    expect(kubesim('delete', 'configmap', 'two').code).toBe(0);
    const w = await call('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`);
    const ev = events(w.text);
    expect(ev.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED one', 'ADDED two', 'MODIFIED one', 'DELETED two']);
    const bookmark = ev.find((e) => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/), creationTimestamp: null } });
    expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(ev[3]!.object.metadata.resourceVersion));
    // a label selector: only what matches; resuming after the first event leaves it out
    const sel = events((await call('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${ev[0]!.object.metadata.resourceVersion}&labelSelector=x%3Dy&timeoutSeconds=1`)).text);
    expect(sel.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED one']);
    const gone = events((await call('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1')).text);
    expect(gone).toEqual([{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/), reason: 'Expired', code: 410 } }]);
  }, 30_000);

  it('sendInitialEvents ends the current objects with an initial-events-end bookmark', async () => {
    const w = events((await call('GET', '/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1')).text);
    const names = w.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name);
    expect(names).toEqual(['kube-root-ca.crt', 'one']);
    expect(w[names.length]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    const bad = await json('/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true');
    expect(bad.code).toBe(422);
    expect(bad.json.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true]',
    );
  });

  it("sees every write the server makes as its own event: one create's scheduling and kubelet status are three events", async () => {
    const rv = (await json('/api/v1/namespaces/kube-public/pods')).json.metadata.resourceVersion;
    // the watch is open (its headers are in) before the create is sent
    const stream = await new Promise<{ text: () => string; done: Promise<void> }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port, path: `/api/v1/namespaces/kube-public/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=3`, method: 'GET', cert, key, rejectUnauthorized: false, agent: false }, (res) => {
        let text = '';
        const done = new Promise<void>((r) => res.on('end', () => r()));
        res.on('data', (c) => (text += c));
        resolve({ text: () => text, done });
      });
      req.on('error', reject);
      req.end();
    });
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'journaled' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect((await call('POST', '/api/v1/namespaces/kube-public/pods', pod)).code).toBe(201);
    await stream.done;
    const seen = events(stream.text()).filter((e) => e.object.metadata.name === 'journaled');
    expect(seen.map((e) => [e.type, e.object.spec.nodeName !== undefined, e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? ''])).toEqual([
      ['ADDED', false, ''],
      ['MODIFIED', true, ''],
      ['MODIFIED', true, 'ContainerCreating'],
    ]);
    const rvs = seen.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(3);
  });

  it.skipIf(!KUBECTL_132)('kubectl.1.32 get pods -w and --watch-only stream the changes other kubesim commands make', async () => {
    const start = (args: string[]) => {
      const child = spawn(KUBECTL_132!, [`--cache-dir=${path.join(home, 'cache')}`, 'get', 'pods', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { out: '' };
      child.stdout!.on('data', (c) => (state.out += c));
      return { child, state };
    };
    const waitFor = async (s: { out: string }, re: RegExp) => {
      for (let i = 0; i < 600 && !re.test(s.out); i++) await new Promise((r) => setTimeout(r, 50));
      return s.out;
    };
    const w = start(['-w']);
    const only = start(['--watch-only']);
    await waitFor(w.state, /web-/);
    await waitFor(only.state, /^NAME|^$/);
    expect(kubesim('run', 'solo', '--image=nginx').code).toBe(0);
    await waitFor(w.state, /\nsolo /);
    await waitFor(only.state, /solo /);
    w.child.kill('SIGINT');
    only.child.kill('SIGINT');
    expect(w.state.out).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\n(web-\S+ +1\/1 +Running +0 +\d+s\n){3}solo +0\/1 +ContainerCreating +0 +0s\n/);
    expect(only.state.out).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nsolo +0\/1 +ContainerCreating +0 +0s\n/);
  }, 60_000);
});

describe('DELETE through kubesim serve', () => {
  it('deletecollection deletes what the selectors list and answers that list; preconditions, 413 and unknown paths get the API server Status', async () => {
    for (const n of ['dc-a', 'dc-b', 'dc-c']) expect(kubesim('create', 'configmap', n).code).toBe(0);
    expect(kubesim('label', 'configmap', 'dc-a', 'dc-b', 'sweep=yes').code).toBe(0);
    const gone = await call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=sweep%3Dyes');
    expect(gone.code).toBe(200);
    const list = JSON.parse(gone.text);
    expect([list.kind, list.items.map((o: any) => o.metadata.name)]).toEqual(['ConfigMapList', ['dc-a', 'dc-b']]);
    expect(kubesim('get', 'cm', '-o', 'name').out.split('\n').filter((l) => l.startsWith('configmap/dc-'))).toEqual(['configmap/dc-c']);
    const dry = await call('DELETE', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Ddc-c&dryRun=All');
    expect(JSON.parse(dry.text).items.map((o: any) => o.metadata.name)).toEqual(['dc-c']);
    expect(kubesim('get', 'cm', 'dc-c').code).toBe(0);
    const allNs = await json('/api/v1/pods');
    expect(allNs.code).toBe(200);
    expect((await call('DELETE', '/api/v1/pods')).code).toBe(405);
    const uid = (await json('/api/v1/namespaces/default/configmaps/dc-c')).json.metadata.uid;
    const pre = await call('DELETE', '/api/v1/namespaces/default/configmaps/dc-c', JSON.stringify({ preconditions: { uid: 'not-it' } }));
    expect(pre.code).toBe(409);
    expect(JSON.parse(pre.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on configmaps "dc-c": StorageError: invalid object, Code: 4, Key: /registry/configmaps/default/dc-c, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: not-it, UID in object meta: ${uid}`,
      reason: 'Conflict',
      details: { name: 'dc-c', kind: 'configmaps' },
      code: 409,
    });
    const rvPre = await call('DELETE', '/api/v1/namespaces/default/configmaps/dc-c', JSON.stringify({ preconditions: { resourceVersion: '1' } }));
    expect(JSON.parse(rvPre.text).message).toMatch(/AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/);
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/dc-c', JSON.stringify({ preconditions: { uid } }))).code).toBe(200);
    const big = await call('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'big' }, data: { x: 'y'.repeat(3 * 1024 * 1024) } }));
    expect([big.code, JSON.parse(big.text).message, JSON.parse(big.text).reason]).toEqual([413, 'Request entity too large: limit is 3145728', 'RequestEntityTooLarge']);
    expect(kubesim('get', 'cm', 'big').code).toBe(1);
    const bad = await call('POST', '/api/v1/namespaces/default/configmaps', '{bad');
    expect([bad.code, JSON.parse(bad.text).message]).toEqual([400, "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({bad)"]);
    expect(JSON.parse((await call('GET', '/apis/nope.example.com/v1/things')).text)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
    });
  }, 60_000);
});

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);
