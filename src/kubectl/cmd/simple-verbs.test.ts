import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';

const svc = (name: string, ns: string, labels: Record<string, string>, ports: Array<{ name?: string; port: number }>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, labels },
  spec: { ports, clusterIP: '10.96.0.10' },
});

describe('kubectl version', () => {
  it('prints client, kustomize and server versions', async () => {
    const t = testCluster();
    expect((await t.run(['version'])).out).toBe('Client Version: v1.32.5\nKustomize Version: v5.5.0\nServer Version: v1.32.2\n');
    expect((await t.run(['version', '--client'])).out).toBe('Client Version: v1.32.5\nKustomize Version: v5.5.0\n');
  });
  it('prints yaml like the real client (sorted keys, quoted numbers and dates, trailing blank line)', async () => {
    const r = await testCluster().run(['version', '--client', '-o', 'yaml']);
    expect(r.out).toBe(
      'clientVersion:\n  buildDate: "2025-05-15T09:12:10Z"\n  compiler: gc\n  gitCommit: 9894294ef13a5b32803e3ca2c0d620a088cc84d1\n  gitTreeState: clean\n  gitVersion: v1.32.5\n  goVersion: go1.23.8\n  major: "1"\n  minor: "32"\n  platform: linux/amd64\nkustomizeVersion: v5.5.0\n\n',
    );
  });
  it('json keeps struct order and rejects other formats', async () => {
    const t = testCluster();
    const j = JSON.parse((await t.run(['version', '-o', 'json'])).out);
    expect(Object.keys(j)).toEqual(['clientVersion', 'kustomizeVersion', 'serverVersion']);
    expect(Object.keys(j.clientVersion)).toEqual(['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
    const bad = await t.run(['version', '-o', 'wide']);
    expect(bad).toEqual({ code: 1, out: '', err: "error: --output must be 'yaml' or 'json'\n" });
  });
});

describe('kubectl api-resources', () => {
  it('prints the default table like the reference (first rows)', async () => {
    const r = await testCluster().run(['api-resources']);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND');
    expect(lines[1]).toBe('bindings                                         v1                                true         Binding');
    expect(lines[2]).toBe('componentstatuses                   cs           v1                                false        ComponentStatus');
    expect(lines).toContain('customresourcedefinitions           crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition');
    expect(lines[lines.length - 2]).toBe('volumeattachments                                storage.k8s.io/v1                 false        VolumeAttachment');
    expect(lines.length).toBe(60);
  });
  it('filters by group, scope and verbs; -o name; --no-headers; --sort-by=kind', async () => {
    const t = testCluster();
    expect((await t.run(['api-resources', '--api-group=apps', '-o', 'name'])).out).toBe(
      'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n',
    );
    const ns = await t.run(['api-resources', '--namespaced=false', '--api-group', '', '--no-headers']);
    expect(ns.out).toBe(
      'componentstatuses   cs    v1    false   ComponentStatus\nnamespaces          ns    v1    false   Namespace\nnodes               no    v1    false   Node\npersistentvolumes   pv    v1    false   PersistentVolume\n',
    );
    const byKind = await t.run(['api-resources', '--sort-by=kind', '-o', 'name', '--api-group=apps']);
    expect(byKind.out).toBe('controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    const create = await t.run(['api-resources', '--verbs=create', '--verbs=list', '--api-group=authorization.k8s.io', '-o', 'name']);
    expect(create.out).toBe('');
  });
  it('-o wide adds VERBS and CATEGORIES', async () => {
    const r = await testCluster().run(['api-resources', '-o', 'wide', '--api-group=batch']);
    expect(r.out).toBe(
      'NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                        CATEGORIES\n' +
        'cronjobs   cj           batch/v1     true         CronJob   create,delete,deletecollection,get,list,patch,update,watch   all\n' +
        'jobs                    batch/v1     true         Job       create,delete,deletecollection,get,list,patch,update,watch   all\n',
    );
  });
  it('errors as kubectl 1.32 does', async () => {
    const t = testCluster();
    expect((await t.run(['api-resources', '-o', 'yaml'])).err).toBe('error: --output yaml is not available\n');
    expect((await t.run(['api-resources', '--sort-by=x'])).err).toBe('error: --sort-by accepts only name or kind\n');
    expect((await t.run(['api-resources', 'foo'])).err).toBe("error: unexpected arguments: [foo]\nSee 'kubectl api-resources -h' for help and examples\n");
  });
});

describe('kubectl cluster-info', () => {
  const dns = svc('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, [
    { name: 'dns', port: 53 },
    { name: 'dns-tcp', port: 53 },
  ]);
  it('prints the control plane and CoreDNS (no colours with TERM=dumb)', async () => {
    const r = await testCluster([dns]).run(['cluster-info'], { env: { TERM: 'dumb' } });
    expect(r.out).toBe(
      'Kubernetes control plane is running at https://127.0.0.1:6443\n' +
        'CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n' +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
  it('colours names green and links yellow unless TERM=dumb, terminal or not, as go-colortext does', async () => {
    const r = await testCluster([dns]).run(['cluster-info'], { isTTY: true, env: { TERM: 'xterm' } });
    expect(r.out.split('\n')[0]).toBe('\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://127.0.0.1:6443\x1b[0m');
    const piped = await testCluster([dns]).run(['cluster-info'], { isTTY: false, env: {} });
    expect(piped.out).toBe(r.out);
    const dumb = await testCluster([dns]).run(['cluster-info'], { isTTY: true, env: { TERM: 'dumb' } });
    expect(dumb.out).not.toContain('\x1b');
  });
  it('dump prints lists as 4-space JSON so grep finds the apiserver flag at the seed indentation', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'kube-apiserver-kubesim-control-plane', namespace: 'kube-system' },
      spec: { containers: [{ name: 'kube-apiserver', image: 'x', command: ['kube-apiserver', '--service-cluster-ip-range=10.96.0.0/12'] }] },
    };
    const r = await testCluster([pod]).run(['cluster-info', 'dump']);
    const first = r.out.split('\n').find((l) => l.includes('service-cluster-ip-range'));
    expect(first).toBe('                            "--service-cluster-ip-range=10.96.0.0/12"');
    expect(r.out.startsWith('{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n')).toBe(true);
    expect(r.out).toContain('==== START logs for container kube-apiserver of pod kube-system/kube-apiserver-kubesim-control-plane ====\n');
  });
});

describe('kubectl config', () => {
  it('view prints a kind kubeconfig with DATA+OMITTED', async () => {
    const r = await testCluster().run(['config', 'view']);
    expect(r.out).toBe(`apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://127.0.0.1:6443
  name: kind-kubesim
contexts:
- context:
    cluster: kind-kubesim
    user: kind-kubesim
  name: kind-kubesim
current-context: kind-kubesim
kind: Config
preferences: {}
users:
- name: kind-kubesim
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
`);
  });
  it('set-context --current --namespace changes the default namespace and is persisted', async () => {
    const t = testCluster();
    const r = await t.run(['config', 'set-context', '--current', '--namespace', 'bluegreen']);
    expect(r).toEqual({ code: 0, out: 'Context "kind-kubesim" modified.\n', err: '' });
    expect(t.cluster.touched).toBe(true);
    expect((t.cluster.data.kubeconfig as { namespace: string }).namespace).toBe('bluegreen');
    const g = await t.run(['config', 'get-contexts']);
    expect(g.out).toBe('CURRENT   NAME           CLUSTER        AUTHINFO       NAMESPACE\n*         kind-kubesim   kind-kubesim   kind-kubesim   bluegreen\n');
    expect((await t.run(['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'])).out).toBe('bluegreen');
  });
  it('get-contexts pads an empty NAMESPACE cell, creates and switches contexts', async () => {
    const t = testCluster();
    expect((await t.run(['config', 'get-contexts'])).out).toBe(
      'CURRENT   NAME           CLUSTER        AUTHINFO       NAMESPACE\n*         kind-kubesim   kind-kubesim   kind-kubesim   \n',
    );
    expect((await t.run(['config', 'set-context', 'foo', '--namespace=x'])).out).toBe('Context "foo" created.\n');
    expect((await t.run(['config', 'get-contexts'])).out).toBe(
      'CURRENT   NAME           CLUSTER        AUTHINFO       NAMESPACE\n          foo                                          x\n*         kind-kubesim   kind-kubesim   kind-kubesim   \n',
    );
    expect((await t.run(['config', 'get-contexts', '-o', 'name'])).out).toBe('foo\nkind-kubesim\n');
    expect((await t.run(['config', 'use-context', 'foo'])).out).toBe('Switched to context "foo".\n');
    expect((await t.run(['config', 'current-context'])).out).toBe('foo\n');
    expect((t.cluster.data.kubeconfig as { namespace: string }).namespace).toBe('x');
  });
  it('reports errors as kubectl does', async () => {
    const t = testCluster();
    expect((await t.run(['config', 'use-context', 'nope'])).err).toBe('error: no context exists with the name: "nope"\n');
    expect((await t.run(['config', 'set-context'])).err).toBe('error: you must specify a non-empty context name or --current\n');
    expect((await t.run(['config', 'set-context', 'a', 'b'])).err).toBe('error: Unexpected args: [a b]\n');
    expect((await t.run(['config', 'set-context', '--current', 'x'])).err).toBe('error: you cannot specify both a context name and --current\n');
    const g = await t.run(['config', 'get-contexts', 'nope']);
    expect(g).toEqual({ code: 1, out: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n', err: 'error: context nope not found\n' });
  });
});
