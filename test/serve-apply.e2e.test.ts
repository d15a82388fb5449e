// Server-side apply through `kubesim serve`: stock kubectl v1.32 `apply --server-side` sends PATCH
// application/apply-patch+yaml; the managedFields it leaves, the conflict it prints and the API server's answer
// without a fieldManager are compared with what kubesim's own kubectl does on the same cluster. Also kubectl
// autoscale, whose autoscaling/v1 object the server converts to the stored v2 one and back.

import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './serve-start.js';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../src/kubectl/cmd/realkubectl.js';

const BIN = path.resolve('bin/kubesim.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-ssa-'));
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

function patch(urlPath: string, body: string): Promise<{ code: number; json: any }> {
  const kc = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
  const cert = Buffer.from(/client-certificate-data: (\S+)/.exec(kc)![1], 'base64').toString();
  const key = Buffer.from(/client-key-data: (\S+)/.exec(kc)![1], 'base64').toString();
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: urlPath, method: 'PATCH', cert, key, rejectUnauthorized: false, headers: { 'Content-Type': 'application/apply-patch+yaml' } }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, json: JSON.parse(t) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  if (!KUBECTL_132) return;
  expect(kubesim('init', '--seed', '5', '--clock', 'virtual').code).toBe(0);
  ({ server, port } = await startServe(BIN, env));
}, 120_000);

afterAll(() => {
  server?.kill('SIGINT');
});

describe('server-side apply through kubesim serve', () => {
  if (!KUBECTL_132) it.skip(NO_KUBECTL_MESSAGE, () => {});

  it.skipIf(!KUBECTL_132)('kubectl.1.32 apply --server-side records an Apply manager; a conflict reads as kubesim prints it; --force-conflicts takes the field', () => {
    const file = path.join(home, 'cm.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  mode: fast\n');
    expect(kubectl('apply', '--server-side', '-f', file).out).toBe('configmap/ssa serverside-applied\n');
    expect(kubectl('get', 'cm', 'ssa', '-o', 'yaml').out).not.toContain('managedFields');
    const managers = 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}:{.fieldsV1}{"\\n"}{end}';
    expect(kubectl('get', 'cm', 'ssa', '-o', managers).out).toBe('kubectl/Apply:{"f:data":{"f:mode":{}}}\n');
    expect(kubesim('get', 'cm', 'ssa', '-o', managers).out).toBe('kubectl/Apply:{"f:data":{"f:mode":{}}}\n');
    // no last-applied annotation from server-side apply
    expect(kubectl('get', 'cm', 'ssa', '-o', 'jsonpath={.metadata.annotations}').out).toBe('');

    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  mode: slow\n');
    const stock = kubectl('apply', '--server-side', '--field-manager=ci', '-f', file);
    const own = kubesim('apply', '--server-side', '--field-manager=ci', '-f', file);
    expect(stock.err).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl": \.data\.mode\nPlease review the fields above/);
    expect(own).toEqual(stock);
    expect(kubectl('apply', '--server-side', '--field-manager=ci', '--force-conflicts', '-f', file).out).toBe('configmap/ssa serverside-applied\n');
    expect(kubesim('get', 'cm', 'ssa', '-o', managers).out).toBe('ci/Apply:{"f:data":{"f:mode":{}}}\n');
    expect(kubesim('get', 'cm', 'ssa', '-o', 'jsonpath={.data.mode}').out).toBe('slow');
  }, 120_000);

  it.skipIf(!KUBECTL_132)('kubectl autoscale posts autoscaling/v1: stored as the v2 object kubesim autoscale makes, and read back as v1', () => {
    expect(kubesim('create', 'deployment', 'app', '--image=nginx').code).toBe(0);
    const dir = path.dirname(KUBECTL_132!);
    for (const v of ['1.27', '1.32'].filter((x) => fs.existsSync(path.join(dir, `kubectl.${x}`)))) {
      const r = spawnSync(path.join(dir, `kubectl.${v}`), [`--cache-dir=${path.join(home, 'cache-' + v)}`, 'autoscale', 'deploy/app', '--min=2', '--max=5', '--cpu-percent=50', `--name=hpa-${v.replace('.', '')}`], { env, encoding: 'utf8', input: '', timeout: 60_000 });
      expect([v, r.stdout, r.stderr, r.status]).toEqual([v, `horizontalpodautoscaler.autoscaling/hpa-${v.replace('.', '')} autoscaled\n`, '', 0]);
    }
    expect(kubesim('autoscale', 'deploy/app', '--min=2', '--max=5', '--cpu-percent=50', '--name=own').code).toBe(0);
    const spec = 'jsonpath={.apiVersion} {.spec.minReplicas} {.spec.maxReplicas} {.spec.metrics}';
    const own = kubesim('get', 'hpa', 'own', '-o', spec).out;
    expect(kubesim('get', 'hpa', 'hpa-132', '-o', spec).out).toBe(own);
    expect(own).toBe('autoscaling/v2 2 5 [{"resource":{"name":"cpu","target":{"averageUtilization":50,"type":"Utilization"}},"type":"Resource"}]');
    expect(kubectl('get', 'horizontalpodautoscalers.v1.autoscaling', 'hpa-132', '-o', 'jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.scaleTargetRef.name}').out).toBe('autoscaling/v1 50 app');
    expect(kubectl('patch', 'horizontalpodautoscalers.v1.autoscaling', 'hpa-132', '-p', '{"spec":{"targetCPUUtilizationPercentage":70}}').code).toBe(0);
    expect(kubesim('get', 'hpa', 'hpa-132', '-o', 'jsonpath={.spec.metrics[0].resource.target.averageUtilization}').out).toBe('70');
    expect(kubectl('api-versions').out).toContain('autoscaling/v1\nautoscaling/v2\n');
  }, 120_000);

  it.skipIf(!KUBECTL_132)('an apply patch without fieldManager is the API server 422, and changes nothing', async () => {
    const r = await patch('/api/v1/namespaces/default/configmaps/nope', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n');
    expect(r.code).toBe(422);
    expect(r.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const created = await patch('/api/v1/namespaces/default/configmaps/made?fieldManager=tool', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  k: v\n');
    expect(created.code).toBe(201);
    expect(created.json.metadata.managedFields).toEqual([{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } }, manager: 'tool', operation: 'Apply', time: expect.any(String) }]);
    expect(kubesim('get', 'cm', 'nope').code).toBe(1);
  }, 60_000);
});
