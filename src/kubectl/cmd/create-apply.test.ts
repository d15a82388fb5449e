import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';
import { HAS_KUBECTL, NO_KUBECTL_MESSAGE, realKubectl } from './realkubectl.js';

const hasKubectl = HAS_KUBECTL;
if (!hasKubectl) console.warn(NO_KUBECTL_MESSAGE);

const DRY_RUN_CASES: string[][] = [
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--dry-run=client', '-o', 'yaml'],
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--dry-run=client', '-o', 'json'],
  ['create', 'deployment', 'w', '--image=nginx', '--port=80', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10'],
  ['create', 'deployment', 'w', '--image=nginx', '-n', 'foo', '--dry-run=client', '-o', 'json'],
  ['create', 'deployment', 'w', '--image=nginx', '--save-config', '--dry-run=client', '-o', 'yaml'],
  ['create', 'service', 'nodeport', 'x', '--tcp=80:8080', '--dry-run=client', '-o', 'yaml'],
  ['create', 'service', 'clusterip', 'y', '--tcp=80,443:8443', '--dry-run=client', '-o', 'yaml'],
  ['create', 'service', 'clusterip', 'h', '--clusterip=None', '--dry-run=client', '-o', 'yaml'],
  ['create', 'service', 'externalname', 'e', '--external-name=ex.com', '--dry-run=client', '-o', 'yaml'],
  ['create', 'service', 'loadbalancer', 'l', '--tcp=80', '--dry-run=client', '-o', 'json'],
  ['create', 'service', 'nodeport', 'x', '--tcp=80:8080', '--node-port=30080', '--dry-run=client', '-o', 'json'],
  ['create', 'namespace', 'dev', '--dry-run=client', '-o', 'yaml'],
  ['create', 'namespace', 'dev', '--dry-run=client', '-o', 'json'],
  ['create', 'configmap', 'c', '--from-literal=a=b', '--from-literal=c=d', '--dry-run=client', '-o', 'yaml'],
  ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client'],
  ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'name'],
];

describe('create generators match the real kubectl (client dry run)', () => {
  it.skipIf(!hasKubectl).each(DRY_RUN_CASES)('%s %s %s %s', async (...argv: string[]) => {
    const expected = realKubectl(argv);
    const t = testCluster([], { registry: true });
    const r = await t.run(argv);
    expect(r.err).toBe('');
    expect(r.out).toBe(expected);
  });
});

describe('create', () => {
  it('creates through the API and reports kubectl errors', async () => {
    const t = testCluster([], { registry: true });
    expect(await t.run(['create', 'deployment', 'web', '--image=nginx'])).toEqual({ code: 0, out: 'deployment.apps/web created\n', err: '' });
    expect(await t.run(['create', 'deployment', 'web', '--image=nginx'])).toEqual({
      code: 1, out: '', err: 'error: failed to create deployment: deployments.apps "web" already exists\n',
    });
    expect((await t.run(['create', 'namespace', 'dev'])).out).toBe('namespace/dev created\n');
    expect((await t.run(['create', 'namespace', 'dev'])).err).toBe('Error from server (AlreadyExists): namespaces "dev" already exists\n');
    expect((await t.run(['create', 'service', 'nodeport', 'x'])).err).toBe('error: at least one tcp port specifier must be provided\n');
    expect((await t.run(['create', 'service', 'clusterip', 'x', '--tcp=abc'])).err).toBe('error: strconv.ParseUint: parsing "abc": invalid syntax\n');
    expect((await t.run(['create', 'deployment', '--image=x'])).err).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n");
    expect((await t.run(['create', 'deployment', 'x'])).err).toBe('error: required flag(s) "image" not set\n');
    expect((await t.run(['create'])).err).toBe('error: must specify one of -f and -k\n');
    expect((await t.run(['create', 'configmap', 'c', '--from-literal=abc'])).err).toBe('error: invalid literal source abc, expected key=value\n');
  });
  it('create -f: one line per object, AlreadyExists with the file name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-create-'));
    const f = path.join(dir, 'cm.yaml');
    fs.writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const t = testCluster([], { registry: true });
    expect(await t.run(['create', '-f', f])).toEqual({ code: 0, out: 'configmap/a created\nconfigmap/b created\n', err: '' });
    expect(await t.run(['create', '-f', f])).toEqual({
      code: 1,
      out: '',
      err: `Error from server (AlreadyExists): error when creating "${f}": configmaps "a" already exists\nError from server (AlreadyExists): error when creating "${f}": configmaps "b" already exists\n`,
    });
  });
});

describe('apply', () => {
  const svc = (port: number) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: website\nspec:\n  selector:\n    app: website\n  ports:\n  - port: ${port}\n    targetPort: 80\n`;
  it('created, unchanged, configured with the last-applied annotation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-apply-'));
    const f = path.join(dir, 'service.yaml');
    fs.writeFileSync(f, svc(80));
    const t = testCluster([], { registry: true });
    expect(await t.run(['apply', '-f', f])).toEqual({ code: 0, out: 'service/website created\n', err: '' });
    const live = t.api.get('services', 'default', 'website');
    expect(live.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"website","namespace":"default"},"spec":{"ports":[{"port":80,"targetPort":80}],"selector":{"app":"website"}}}\n',
    );
    expect((await t.run(['apply', '-f', f])).out).toBe('service/website unchanged\n');
    fs.writeFileSync(f, svc(8080));
    expect((await t.run(['apply', '-f', f])).out).toBe('service/website configured\n');
    const after = t.api.get('services', 'default', 'website') as any;
    expect(after.spec.ports.map((p: any) => p.port)).toEqual([8080]);
    expect(after.spec.clusterIP).toBe((live as any).spec.clusterIP);
    expect((await t.run(['apply', '-f', f, '--dry-run=client'])).out).toBe('service/website configured (dry run)\n');
  });
  it('applies the good documents and reports the bad ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-apply-'));
    const f = path.join(dir, 'mixed.yaml');
    fs.writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const t = testCluster([], { registry: true });
    expect(await t.run(['apply', '-f', f])).toEqual({
      code: 1,
      out: 'configmap/a created\nconfigmap/b created\n',
      err: `error: resource mapping not found for name: "x" namespace: "" from "${f}": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n`,
    });
  });
  it('warns about a missing annotation on objects made by create', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-apply-'));
    const f = path.join(dir, 'ns.yaml');
    fs.writeFileSync(f, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n');
    const t = testCluster([], { registry: true });
    await t.run(['create', 'namespace', 'dev']);
    const r = await t.run(['apply', '-f', f]);
    expect(r.err).toBe(
      'Warning: resource namespaces/dev is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(r.out).toBe('namespace/dev configured\n');
  });
});
