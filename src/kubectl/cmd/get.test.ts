import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';

const cm = (name: string, ns = 'default', labels?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data: { a: 'b' },
});

describe('kubectl get', () => {
  it('lists a type, with No resources found on stderr for an empty namespace', async () => {
    const t = testCluster([cm('one'), cm('two', 'default', { app: 'x' })]);
    let r = await t.run(['get', 'cm']);
    expect(r).toEqual({ code: 0, out: 'NAME   DATA   AGE\none    1      0s\ntwo    1      0s\n', err: '' });
    r = await t.run(['get', 'cm', '-n', 'kube-public']);
    expect(r).toEqual({ code: 0, out: '', err: 'No resources found in kube-public namespace.\n' });
    r = await t.run(['get', 'ns', '-l', 'nope=1']);
    expect(r).toEqual({ code: 0, out: '', err: 'No resources found\n' });
    r = await t.run(['get', 'cm', '-l', 'app=x', '--show-labels']);
    expect(r.out).toBe('NAME   DATA   AGE   LABELS\ntwo    1      0s    app=x\n');
  });
  it('prints named objects then NotFound errors, exit 1', async () => {
    const t = testCluster([cm('one')]);
    const r = await t.run(['get', 'cm', 'one', 'nope']);
    expect(r).toEqual({ code: 1, out: 'NAME   DATA   AGE\none    1      0s\n', err: 'Error from server (NotFound): configmaps "nope" not found\n' });
    expect(await t.run(['get', 'cm', 'nope', '--ignore-not-found'])).toEqual({ code: 0, out: '', err: '' });
  });
  it('kind prefixes and blank lines for several types', async () => {
    const t = testCluster([cm('one')]);
    const r = await t.run(['get', 'cm,ns']);
    expect(r.out).toBe(
      'NAME            DATA   AGE\nconfigmap/one   1      0s\n\nNAME                        STATUS   AGE\nnamespace/default           Active   0s\nnamespace/kube-node-lease   Active   0s\nnamespace/kube-public       Active   0s\nnamespace/kube-system       Active   0s\n',
    );
    const r2 = await t.run(['get', 'cm/one', 'ns/default', '-o', 'name']);
    expect(r2.out).toBe('configmap/one\nnamespace/default\n');
  });
  it('-o yaml of one object, a List for several, jsonpath on the List', async () => {
    const t = testCluster([cm('one'), cm('two')]);
    const one = await t.run(['get', 'cm', 'one', '-o', 'jsonpath={.metadata.name}']);
    expect(one.out).toBe('one');
    const all = await t.run(['get', 'cm', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(all.out).toBe('one two');
    const y = await t.run(['get', 'cm', 'nope', '-o', 'yaml']);
    expect(y).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): configmaps "nope" not found\n' });
    const empty = await t.run(['get', 'cm', '-n', 'kube-public', '-o', 'json']);
    expect(empty.out).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });
  it('argument and flag errors', async () => {
    const t = testCluster();
    expect((await t.run(['get'])).err).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
    expect((await t.run(['get', 'foo'])).err).toBe('error: the server doesn\'t have a resource type "foo"\n');
    expect((await t.run(['get', 'pods', '-o', 'foo'])).err).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
    expect((await t.run(['get', 'pods', '--foo'])).err).toBe("error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
  });
});
