import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { testCluster } from './testkit.js';

const pod = (name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels, ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('kubectl label', () => {
  it('adds a label; refuses to change it without --overwrite; changes it with', async () => {
    const t = testCluster([pod('web', { app: 'web' })]);
    expect(await t.run(['label', 'pod', 'web', 'tier=front'])).toEqual({ code: 0, out: 'pod/web labeled\n', err: '' });
    expect(t.api.get('pods', 'default', 'web').metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(await t.run(['label', 'pods/web', 'app=db'])).toEqual({ code: 1, out: '', err: "error: 'app' already has a value (web), and --overwrite is false\n" });
    expect((await t.run(['label', 'po', 'web', 'app=db', '--overwrite'])).out).toBe('pod/web labeled\n');
    expect(t.api.get('pods', 'default', 'web').metadata.labels?.app).toBe('db');
  });
  it('removes with key- (unlabeled), reports nothing changed (not labeled) and missing keys', async () => {
    const t = testCluster([pod('web', { app: 'web', tier: 'x' })]);
    expect((await t.run(['label', 'pod', 'web', 'tier-'])).out).toBe('pod/web unlabeled\n');
    expect((await t.run(['label', 'pod', 'web', 'app=web'])).out).toBe('pod/web not labeled\n');
    expect((await t.run(['label', 'pod', 'web', 'nope-'])).out).toBe('label "nope" not found.\npod/web not labeled\n');
  });
  it('selects with -l and --all, and supports dry run without writing', async () => {
    const t = testCluster([pod('a', { app: 'x' }), pod('b', { app: 'y' }), pod('c', { app: 'x' })]);
    expect((await t.run(['label', 'pods', '-l', 'app=x', 'team=blue'])).out).toBe('pod/a labeled\npod/c labeled\n');
    expect((await t.run(['label', 'pods', '--all', 'env=dev', '--dry-run=client'])).out).toBe('pod/a labeled (dry run)\npod/b labeled (dry run)\npod/c labeled (dry run)\n');
    expect(t.api.get('pods', 'default', 'b').metadata.labels).toEqual({ app: 'y' });
    expect((await t.run(['label', 'pods', '--all', 'env=dev', '-o', 'name'])).out).toBe('pod/a\npod/b\npod/c\n');
  });
  it('--list prints key=value lines (headed per object when several)', async () => {
    const t = testCluster([pod('a', { b: '2', a: '1' }), pod('b', { z: '9' })]);
    expect(await t.run(['label', 'pod', 'a', '--list'])).toEqual({ code: 0, out: 'a=1\nb=2\n', err: '' });
    const r = await t.run(['label', 'pods', '--all', '--list']);
    expect(r.out).toBe(' a=1\n b=2\n z=9\n');
    expect(r.err).toBe('Listing labels for Pod./a:\nListing labels for Pod./b:\n');
  });
  it('argument errors are the real ones', async () => {
    const t = testCluster([pod('web')]);
    expect((await t.run(['label'])).err).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    expect((await t.run(['label', 'pod', 'web'])).err).toBe('error: at least one label update is required\n');
    expect((await t.run(['label', 'pod', 'web', 'a=b', 'pod'])).err).toBe('error: all resources must be specified before label changes: pod\n');
    expect((await t.run(['label', 'pod', 'web', 'a=b', 'a-'])).err).toBe('error: can not both modify and remove a label in the same command\n');
    expect((await t.run(['label', 'pod', 'web', 'a=b=c'])).err).toBe('error: invalid label spec: a=b=c\n');
    expect((await t.run(['label', 'pod', 'nope', 'a=b'])).err).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await t.run(['label', 'pods', '--all', '-l', 'a=b', 'x=y'])).err).toBe('error: cannot set --all and --selector at the same time\n');
  });
});

describe('kubectl annotate', () => {
  it('always says annotated and reports overwrite conflicts in one line', async () => {
    const t = testCluster([pod('web', {}, { a: 'b', c: 'd' })]);
    expect((await t.run(['annotate', 'pod', 'web', 'note=hello world'])).out).toBe('pod/web annotated\n');
    expect(t.api.get('pods', 'default', 'web').metadata.annotations).toEqual({ a: 'b', c: 'd', note: 'hello world' });
    expect((await t.run(['annotate', 'pod', 'web', 'a=x', 'c=y'])).err).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (b); 'c' already has a value (d)\n",
    );
    expect((await t.run(['annotate', 'pod', 'web', 'a-', 'c-', 'note-'])).out).toBe('pod/web annotated\n');
    expect(t.api.get('pods', 'default', 'web').metadata.annotations).toBeUndefined();
    expect((await t.run(['annotate', 'pod', 'web'])).err).toBe('error: at least one annotation update is required\n');
  });
});

describe('-f for label/patch', () => {
  it('labels and patches the live objects named in a manifest', async () => {
    const { writeFileSync, rmSync } = await import('node:fs');
    const file = `/tmp/kubesim-label-f-${process.pid}.yaml`;
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    try {
      const t = testCluster([pod('web', { app: 'web' })]);
      expect((await t.run(['label', '-f', file, 'tier=db'])).out).toBe('pod/web labeled\n');
      expect(t.api.get('pods', 'default', 'web').metadata.labels).toEqual({ app: 'web', tier: 'db' });
      expect((await t.run(['patch', '-f', file, '-p', '{"metadata":{"labels":{"tier":null}}}'])).out).toBe('pod/web patched\n');
      expect(t.api.get('pods', 'default', 'web').metadata.labels).toEqual({ app: 'web' });
    } finally {
      rmSync(file, { force: true });
    }
  });
});
