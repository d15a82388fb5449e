import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goJsonIndent } from './apply-last-applied.js';
import { applyEditBuffer, applyEditHeader } from './apply-edit-last-applied.js';
import { configMapHash } from './create-secret.js';
import { testCluster } from './testkit.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-last-applied-'));
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const cm = (a: string, labels = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${labels}data:\n  a: "${a}"\n`;

describe('apply view-last-applied / set-last-applied', () => {
  it('indents JSON as encoding/json does, keeping key order and the trailing newline', () => {
    expect(goJsonIndent('{"b":1,"a":{"x":[1,{}],"y":[]},"s":"a, \\"b\\": c"}\n')).toBe('{\n  "b": 1,\n  "a": {\n    "x": [\n      1,\n      {}\n    ],\n    "y": []\n  },\n  "s": "a, \\"b\\": c"\n}\n');
  });
  it('views the annotation as YAML or JSON; objects without it are skipped by name, an error by file', async () => {
    const t = testCluster([], { registry: true });
    write('c.yaml', cm('1'));
    await t.run(['apply', '-f', 'c.yaml'], { cwd: dir });
    expect((await t.run(['apply', 'view-last-applied', 'cm/c'])).out).toBe('apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  annotations: {}\n  name: c\n  namespace: default\n');
    expect((await t.run(['apply', 'view-last-applied', 'cm/c', '-o', 'json'])).out).toBe(
      '{\n  "apiVersion": "v1",\n  "data": {\n    "a": "1"\n  },\n  "kind": "ConfigMap",\n  "metadata": {\n    "annotations": {},\n    "name": "c",\n    "namespace": "default"\n  }\n}\n',
    );
    expect((await t.run(['apply', 'view-last-applied', 'cm/c', '-o', 'wide'])).err).toBe(
      "error: Unexpected -o output mode: wide, the flag 'output' must be one of yaml|json\nSee 'kubectl apply view-last-applied -h' for help and examples\n",
    );
    await t.run(['create', 'cm', 'plain']);
    expect(await t.run(['apply', 'view-last-applied', 'cm/plain'])).toEqual({ code: 0, out: '', err: '' });
    write('plain.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
    expect((await t.run(['apply', 'view-last-applied', '-f', 'plain.yaml'], { cwd: dir })).err).toBe(
      'error: error when no last-applied-configuration annotation found on resource: plain\n "plain.yaml": <nil>\n',
    );
  });
  it('sets the annotation from a file without touching the rest; says when nothing changes', async () => {
    const t = testCluster([], { registry: true });
    write('c.yaml', cm('1'));
    write('c2.yaml', cm('2', '  labels: {x: "1"}\n'));
    await t.run(['apply', '-f', 'c.yaml'], { cwd: dir });
    expect(await t.run(['apply', 'set-last-applied', '-f', 'c2.yaml'], { cwd: dir })).toEqual({ code: 0, out: 'configmap/c configured\n', err: '' });
    const live = t.api.get('configmaps', 'default', 'c');
    expect(live.data).toEqual({ a: '1' });
    expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"labels":{"x":"1"},"name":"c","namespace":"default"}}\n',
    );
    expect((await t.run(['apply', 'set-last-applied', '-f', 'c2.yaml'], { cwd: dir })).out).toBe('set-last-applied c: no changes required.\n');
    await t.run(['create', 'cm', 'plain']);
    write('plain.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
    expect((await t.run(['apply', 'set-last-applied', '-f', 'plain.yaml'], { cwd: dir })).err).toBe(
      'error: no last-applied-configuration annotation found on resource: plain, to create the annotation, run the command with --create-annotation\n',
    );
    expect((await t.run(['apply', 'set-last-applied', '-f', 'plain.yaml', '--create-annotation', '--dry-run=client'], { cwd: dir })).out).toBe('configmap/plain configured (dry run)\n');
    expect(t.api.get('configmaps', 'default', 'plain').metadata.annotations).toBeUndefined();
  });
  it('edit-last-applied: the buffer kubectl opens, and no editor in hermetic mode', async () => {
    expect(applyEditHeader(['x was not valid:'])).toBe(
      "# Please edit the 'last-applied-configuration' annotations below.\n# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.\n#\n# x was not valid:\n#\n",
    );
    expect(applyEditBuffer([{ b: 1 }, { a: 2 }], false)).toBe('apiVersion: v1\nitems:\n- b: 1\n- a: 2\nkind: List\nmetadata: {}\n');
    expect(applyEditBuffer([{ b: 1 }], true)).toBe('{\n    "b": 1\n}\n');
  });
  it('create configmap --append-hash names it with hash.ConfigMapHash', async () => {
    expect(configMapHash('c', {})).toBe('94b26g54cg');
    expect(configMapHash('c', { z: '1', k: '<a&b>' })).toBe('2h89f5t8kd');
    const t = testCluster([], { registry: true });
    expect((await t.run(['create', 'cm', 'c', '--from-literal=z=1', '--from-literal=k=<a&b>', '--append-hash', '--dry-run=client', '-o', 'name'])).out).toBe('configmap/c-2h89f5t8kd\n');
  });
});
