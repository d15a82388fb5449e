import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';

const TYPO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
`;

describe('--validate and the API server decoding of -f manifests', () => {
  it('strict (the default) refuses an unknown field with the API server message and stores nothing', async () => {
    const t = testCluster([], { registry: true });
    const r = await t.run(['create', '-f', '-'], { stdin: TYPO });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n',
    );
    expect(t.api.list('deployments.apps')).toHaveLength(0);
  });

  it('warn creates the object without the field and prints one warning per field', async () => {
    const t = testCluster([], { registry: true });
    const r = await t.run(['apply', '-f', '-', '--validate=warn'], { stdin: TYPO });
    expect(r.code).toBe(0);
    expect(r.err).toBe('Warning: unknown field "spec.replica"\n');
    expect(r.out).toBe('deployment.apps/web created\n');
    const d = t.api.get('deployments.apps', 'default', 'web') as unknown as { spec: Record<string, unknown> };
    expect(d.spec).not.toHaveProperty('replica');
  });

  it('ignore and false drop the field silently; type errors fail whatever the directive', async () => {
    for (const v of ['ignore', 'false']) {
      const t = testCluster([], { registry: true });
      const r = await t.run(['create', '-f', '-', `--validate=${v}`], { stdin: TYPO });
      expect([r.code, r.err]).toEqual([0, '']);
    }
    const t = testCluster([], { registry: true });
    const r = await t.run(['create', '-f', '-', '--validate=false'], { stdin: TYPO.replace('replica: 2', 'replicas: "three"') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('an unknown --validate value is kubectl\'s error', async () => {
    const t = testCluster([], { registry: true });
    const r = await t.run(['apply', '-f', '-', '--validate=foo'], { stdin: TYPO });
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: invalid - validate option "foo"; must be one of: strict (or true), warn, ignore (or false)\n');
  });

  it('apply to an existing object reports the patch error as kubectl prints an Invalid patch', async () => {
    const t = testCluster([], { registry: true });
    expect((await t.run(['apply', '-f', '-'], { stdin: TYPO.replace('replica: 2', 'replicas: 2') })).code).toBe(0);
    const r = await t.run(['apply', '-f', '-'], { stdin: TYPO.replace('replica: 2', 'replicas: 2\n  paused: "no"') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^The request is invalid: patch: Invalid value: "map\[metadata:map\[annotations:map\[kubectl.kubernetes.io\/last-applied-configuration:.*\] spec:map\[paused:no\]\]": cannot convert string to bool\n$/);
  });
});

describe('threeWayPatch', () => {
  it('diffs merge-keyed lists by key with $setElementOrder, and deletes what the last configuration dropped', async () => {
    const { threeWayPatch } = await import('./apply-patch.js');
    const current = { spec: { replicas: 1, paused: false, template: { spec: { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Always' }, { name: 'b', image: 'y' }] } } } };
    const modified = { spec: { replicas: 2, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] } } } };
    const original = { spec: { paused: false, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } };
    expect(threeWayPatch(original, modified, current)).toEqual({
      spec: { paused: null, replicas: 2, template: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b', image: 'z' }] } } },
    });
  });
});

describe('YAML hardening', () => {
  it('a duplicate key is go-yaml strict text under --validate=strict, the last one wins otherwise', async () => {
    const dup = TYPO.replace('replica: 2', 'replicas: 2\n  replicas: 3');
    const t = testCluster([], { registry: true });
    const r = await t.run(['create', '-f', '-'], { stdin: dup });
    expect([r.code, r.err]).toEqual([1, 'error: error parsing STDIN: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "replicas" already set in map\n']);
    const ok = await t.run(['create', '-f', '-', '--validate=ignore'], { stdin: dup });
    expect(ok.code).toBe(0);
    expect((t.api.get('deployments.apps', 'default', 'web') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3);
  });

  it('an alias bomb is refused before it is expanded', async () => {
    let doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) doc += `  ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]\n`;
    const t = testCluster([], { registry: true });
    const r = await t.run(['apply', '-f', '-'], { stdin: doc });
    expect([r.code, r.err]).toEqual([1, 'error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n']);
    expect(t.api.list('configmaps')).toHaveLength(0);
  });

  it('a body over the API server limit is RequestEntityTooLarge', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: ${'a'.repeat(3 * 1024 * 1024)}\n`;
    const t = testCluster([], { registry: true });
    const r = await t.run(['create', '-f', '-'], { stdin: big });
    expect([r.code, r.err]).toEqual([1, 'Error from server (RequestEntityTooLarge): error when creating "STDIN": Request entity too large: limit is 3145728\n']);
  });
});
