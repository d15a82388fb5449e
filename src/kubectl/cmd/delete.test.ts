import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';

const cm = (name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) } });

describe('kubectl delete', () => {
  it('deletes names and reports missing ones after the others', async () => {
    const t = testCluster([cm('a'), cm('b')]);
    expect(await t.run(['delete', 'cm', 'a', 'nope', 'b'])).toEqual({
      code: 1, out: 'configmap "a" deleted\nconfigmap "b" deleted\n', err: 'Error from server (NotFound): configmaps "nope" not found\n',
    });
    expect(t.api.list('configmaps', 'default')).toEqual([]);
  });
  it('--all, -l, TYPE/NAME mixes, dry runs, -o name, No resources found', async () => {
    const t = testCluster([cm('a', { app: 'x' }), cm('b')]);
    expect((await t.run(['delete', 'cm', '-l', 'app=x', '--dry-run=client'])).out).toBe('configmap "a" deleted (dry run)\n');
    expect((await t.run(['delete', 'cm', '-l', 'app=x'])).out).toBe('configmap "a" deleted\n');
    expect((await t.run(['delete', 'cm', '-l', 'app=x'])).out).toBe('No resources found\n');
    expect((await t.run(['delete', 'cm/b', '-o', 'name'])).out).toBe('configmap/b\n');
    expect((await t.run(['delete', 'cm', '--all'])).out).toBe('No resources found\n');
  });
  it('argument errors and the force warning', async () => {
    const t = testCluster([cm('a')]);
    expect((await t.run(['delete', 'cm'])).err).toBe('error: resource(s) were provided, but no name was specified\n');
    expect((await t.run(['delete'])).err).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect((await t.run(['delete', 'cm', '--all', '-l', 'a=b'])).err).toBe("error: setting 'all' parameter but found a non empty selector. \n");
    expect((await t.run(['delete', 'cm', 'a', '-o', 'yaml'])).err).toBe("error: unexpected -o output mode: yaml. We only support '-o name'\n");
    expect(await t.run(['delete', 'cm', 'a', '--grace-period=0', '--force'])).toEqual({
      code: 0,
      out: 'configmap "a" force deleted\n',
      err: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    });
  });
});
