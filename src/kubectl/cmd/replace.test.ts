import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { testCluster } from './testkit.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-replace-test-'));
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const cmText = (name: string, a: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  a: "${a}"\n`;
const cm = (name: string, a: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a } });

describe('kubectl replace', () => {
  it('replaces the live object whatever its resourceVersion when the file has none', async () => {
    const t = testCluster([cm('c', '1')], { registry: true });
    write('c.yaml', cmText('c', '2'));
    expect(await t.run(['replace', '-f', 'c.yaml'], { cwd: dir })).toEqual({ code: 0, out: 'configmap/c replaced\n', err: '' });
    expect(t.api.get('configmaps', 'default', 'c').data).toEqual({ a: '2' });
    write('c3.yaml', cmText('c', '3'));
    expect((await t.run(['replace', '-f', 'c3.yaml', '--dry-run=server'], { cwd: dir })).out).toBe('configmap/c replaced (server dry run)\n');
    expect((await t.run(['replace', '-f', 'c3.yaml', '--dry-run=client', '-o', 'name'], { cwd: dir })).out).toBe('configmap/c\n');
    expect(t.api.get('configmaps', 'default', 'c').data).toEqual({ a: '2' });
  });
  it('gives the API server NotFound and Conflict, naming the file, and carries on with the other objects', async () => {
    const t = testCluster([cm('c', '1')], { registry: true });
    write('stale.yaml', cmText('c', '2', '  resourceVersion: "1"\n'));
    write('two.yaml', cmText('gone', '1') + '---\n' + cmText('c', '5'));
    expect(await t.run(['replace', '-f', 'stale.yaml'], { cwd: dir })).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (Conflict): error when replacing "stale.yaml": Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again\n',
    });
    expect(await t.run(['replace', '-f', 'two.yaml'], { cwd: dir })).toEqual({
      code: 1,
      out: 'configmap/c replaced\n',
      err: 'Error from server (NotFound): error when replacing "two.yaml": configmaps "gone" not found\n',
    });
  });
  it('--save-config writes the last-applied annotation; without it an existing one is rewritten, none is added', async () => {
    const t = testCluster([cm('c', '1')], { registry: true });
    write('c.yaml', cmText('c', '2'));
    await t.run(['replace', '-f', 'c.yaml'], { cwd: dir });
    expect(t.api.get('configmaps', 'default', 'c').metadata.annotations).toBeUndefined();
    await t.run(['replace', '-f', 'c.yaml', '--save-config'], { cwd: dir });
    expect(t.api.get('configmaps', 'default', 'c').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n',
    );
  });
  it('--force deletes, waits until the object is gone, and creates it again (a new uid)', async () => {
    const t = testCluster([cm('c', '1')], { registry: true });
    const uid = t.api.get('configmaps', 'default', 'c').metadata.uid;
    write('c.yaml', cmText('c', '2') + '---\n' + cmText('d', '1'));
    expect(await t.run(['replace', '--force', '-f', 'c.yaml'], { cwd: dir })).toEqual({
      code: 0,
      out: 'configmap "c" deleted\nconfigmap "d" deleted\nconfigmap/c replaced\nconfigmap/d replaced\n',
      err: '',
    });
    expect(t.api.get('configmaps', 'default', 'c').metadata.uid).not.toBe(uid);
    expect((await t.run(['replace', '--force', '-f', 'c.yaml', '-o', 'name'], { cwd: dir })).out).toBe('configmap/c\nconfigmap/d\nconfigmap/c\nconfigmap/d\n');
  });
  it('refuses what kubectl refuses, with its texts', async () => {
    const t = testCluster([], { registry: true });
    write('c.yaml', cmText('c', '2'));
    const err = async (...argv: string[]) => (await t.run(argv, { cwd: dir })).err;
    expect(await err('replace')).toBe('error: must specify one of -f and -k\n');
    expect(await err('replace', '-f', 'c.yaml', '--grace-period=0')).toBe('error: --grace-period must have --force specified\n');
    expect(await err('replace', '-f', 'c.yaml', '--timeout=1s')).toBe('error: --timeout must have --force specified\n');
    expect(await err('replace', '-f', 'c.yaml', '--force', '--dry-run=server')).toBe('error: --dry-run can not be used when --force is set\n');
    expect(await err('replace', '-f', 'c.yaml', '--cascade=x')).toBe('error: invalid cascade value (x). Must be "background", "foreground", or "orphan"\n');
    expect(await err('replace', '-f', 'c.yaml', '--subresource=scale')).toBe('error: kubesim does not simulate "kubectl replace --subresource=scale" yet\n');
    expect(await err('replace', '-f', 'c.yaml', '--raw=/api')).toBe('error: kubesim does not simulate "kubectl replace --raw" yet\n');
  });
});
