import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';
import { externalDiffCommand } from './diff.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-diff-test-'));
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;
const secret = (pw: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  pw: ${pw}\n  same: x\n`;
const HEAD = /^diff -u -N (\/tmp\/LIVE-\d+)\/(\S+) (\/tmp\/MERGED-\d+)\/\2\n--- \1\/\2\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000\n\+\+\+ \3\/\2\t/;

describe('kubectl diff', () => {
  it('exits 0 with nothing printed when the merged object equals the live one, 1 with the unified diff otherwise', async () => {
    const t = testCluster([], { registry: true });
    write('c1.yaml', cm('  a: "1"\n'));
    write('c2.yaml', cm('  a: "2"\n  b: x\n'));
    expect((await t.run(['apply', '-f', 'c1.yaml'], { cwd: dir })).code).toBe(0);
    expect(await t.run(['diff', '-f', 'c1.yaml'], { cwd: dir })).toEqual({ code: 0, out: '', err: '' });
    const r = await t.run(['diff', '-f', 'c2.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(HEAD);
    expect(r.out.split('\n').slice(3).join('\n')).toBe('@@ -1,6 +1,7 @@\n apiVersion: v1\n data:\n-  a: "1"\n+  a: "2"\n+  b: x\n kind: ConfigMap\n metadata:\n   annotations:\n');
    expect(r.out).toContain('/v1.ConfigMap.default.c ');
    // the cluster is untouched (a dry run)
    expect(t.api.get('configmaps', 'default', 'c').data).toEqual({ a: '1' });
  });
  it('names the temporary directories from the cluster RNG: same seed, same bytes', async () => {
    write('c2.yaml', cm('  a: "2"\n'));
    const a = await testCluster([], { registry: true }).run(['diff', '-f', 'c2.yaml'], { cwd: dir });
    const b = await testCluster([], { registry: true }).run(['diff', '-f', 'c2.yaml'], { cwd: dir });
    expect(a.out).toBe(b.out);
    expect(a.out).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.c \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.c\n/);
    expect(a.out).toContain('\n@@ -0,0 +1,9 @@\n+apiVersion: v1\n');
    const tmp = await testCluster([], { registry: true }).run(['diff', '-f', 'c2.yaml'], { cwd: dir, env: { TMPDIR: '/var/tmp/' } });
    expect(tmp.out).toMatch(/^diff -u -N \/var\/tmp\/LIVE-\d+\//);
  });
  it('masks Secret data: *** , *** (before)/(after) for a changed key, null for a Secret not there yet', async () => {
    const t = testCluster([], { registry: true });
    write('s1.yaml', secret('one'));
    write('s2.yaml', secret('two'));
    const fresh = await t.run(['diff', '-f', 's1.yaml'], { cwd: dir });
    expect(fresh.out).toContain("@@ -1 +1,11 @@\n-null\n+apiVersion: v1\n+data:\n+  pw: '***'\n+  same: '***'\n");
    await t.run(['apply', '-f', 's1.yaml'], { cwd: dir });
    const r = await t.run(['diff', '-f', 's2.yaml'], { cwd: dir });
    expect(r.out.split('\n').slice(3, 9).join('\n')).toBe("@@ -1,6 +1,6 @@\n apiVersion: v1\n data:\n-  pw: '*** (before)'\n+  pw: '*** (after)'\n   same: '***'");
  });
  it('exits above 1 on every error, with kubectl texts', async () => {
    const t = testCluster([], { registry: true });
    expect(await t.run(['diff'])).toEqual({ code: 2, out: '', err: 'error: must specify one of -f and -k\n' });
    expect(await t.run(['diff', '--foo'])).toEqual({ code: 2, out: '', err: "error: unknown flag: --foo\nSee 'kubectl diff -h' for help and examples\n" });
    expect(await t.run(['diff', '-f', 'x', 'y'])).toEqual({ code: 2, out: '', err: "error: Unexpected args: [y]\nSee 'kubectl diff -h' for help and examples\n" });
    expect(await t.run(['diff', '-f', '/nonexist'])).toEqual({ code: 2, out: '', err: 'error: the path "/nonexist" does not exist\n' });
    expect((await t.run(['diff', '-f', 'x', '--force-conflicts'])).err).toBe('error: --force-conflicts only works with --server-side\n');
    write('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  labels: {v: 1}\n');
    expect(await t.run(['diff', '-f', 'bad.yaml'], { cwd: dir })).toEqual({
      code: 2,
      out: '',
      err: 'error: unable to decode "bad.yaml": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string\n',
    });
    expect((await t.run(['diff', '-f', 'bad.yaml', '--server-side'], { cwd: dir })).code).toBe(2);
  });
  it('KUBECTL_EXTERNAL_DIFF runs the program on real directories (removed after), extra words after them', async () => {
    expect(externalDiffCommand('colordiff -N -u')).toEqual({ program: 'colordiff', args: ['-N', '-u'] });
    expect(externalDiffCommand('diff  --foo/x -q')).toEqual({ program: 'diff', args: ['-q'] });
    const t = testCluster([], { registry: true });
    write('c2.yaml', cm('  a: "2"\n'));
    const r = await t.run(['diff', '-f', 'c2.yaml'], { cwd: dir, env: { KUBECTL_EXTERNAL_DIFF: 'ls', TMPDIR: dir } });
    expect(r.code).toBe(0);
    // LIVE holds an empty file for an object that does not exist yet (NewFile, then nothing printed)
    expect(r.out).toMatch(/\/LIVE-\d+:\nv1\.ConfigMap\.default\.c\n/);
    expect(r.out).toMatch(/\/MERGED-\d+:\nv1\.ConfigMap\.default\.c\n/);
    expect(fs.readdirSync(dir).filter((f) => /^(LIVE|MERGED)-/.test(f))).toEqual([]);
    const missing = await t.run(['diff', '-f', 'c2.yaml'], { cwd: dir, env: { KUBECTL_EXTERNAL_DIFF: 'no-such-diff-program', TMPDIR: dir } });
    expect(missing).toEqual({ code: 2, out: '', err: 'error: failed to run "no-such-diff-program": executable file not found in $PATH\n' });
  });
});
