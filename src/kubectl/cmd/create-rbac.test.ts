import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { discoveryHome, KUBECTL_132, NO_KUBECTL_MESSAGE } from './realkubectl.js';
import { testCluster } from './testkit.js';

/** stock kubectl v1.32 against kubesim's discovery (cached, so client-side resolution works offline) */
function oracle(argv: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(KUBECTL_132!, argv, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: discoveryHome(), KUBECONFIG: '' }, input: '', timeout: 30000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);

const CASES: string[][] = [
  ['role', 'pod-reader', '--verb=get,list', '--verb=watch', '--resource=pods,deploy,pods/log', '-o', 'yaml'],
  ['role', 'pod-reader', '--verb=get', '--resource=pods', '--resource-name=a', '--resource-name=b', '--resource-name=a', '-n', 'dev', '-o', 'json'],
  ['role', 'r', '--verb=foo', '--resource=pods'],
  ['role', 'r', '--verb=bind', '--resource=pods'],
  ['role', 'r', '--verb=bind', '--resource=roles.rbac.authorization.k8s.io', '-o', 'yaml'],
  ['role', 'r', '--resource=pods'],
  ['role', 'r', '--verb=get'],
  ['role', '--verb=get', '--resource=pods'],
  ['role', 'r', '--verb=get', '--resource=.apps'],
  ['role', 'r', '--verb=get,list', '--resource=cronjobs.batch,jobs,rs,statefulsets/scale', '-o', 'yaml'],
  ['clusterrole', 'c', '--verb=get', '--non-resource-url=/logs/*', '--non-resource-url=/healthz', '-o', 'yaml'],
  ['clusterrole', 'c', '--aggregation-rule=a=b,c=d', '-o', 'yaml'],
  ['clusterrole', 'c', '--verb=get', '--resource=pods', '--aggregation-rule=a=b'],
  ['clusterrole', 'c', '--verb=get', '--non-resource-url=logs'],
  ['clusterrole', 'c', '--verb=get', '--non-resource-url=/lo*gs'],
  ['clusterrole', 'c', '--verb=list', '--non-resource-url=/logs'],
  ['clusterrole', 'c', '--verb=get'],
  ['clusterrole', 'c', '--verb=get', '--resource=pods', '--non-resource-url=/x', '-o', 'yaml'],
  ['clusterrole', 'c', '--verb=impersonate', '--resource=serviceaccounts', '-o', 'json'],
  ['rolebinding', 'rb', '--role=pod-reader', '--serviceaccount=default:robot', '--user=bob', '--group=g', '-o', 'yaml'],
  ['rolebinding', 'rb', '--clusterrole=view', '--user=a', '--user=b', '-n', 'dev', '-o', 'json'],
  ['rolebinding', 'rb'],
  ['rolebinding', 'rb', '--role=a', '--clusterrole=b'],
  ['rolebinding', 'rb', '--role=a', '--serviceaccount=robot'],
  ['rolebinding', 'rb', '--role=a', '--serviceaccount=:x'],
  ['clusterrolebinding', 'crb', '--clusterrole=view', '--group=devs', '--serviceaccount=kube-system:x', '-o', 'yaml'],
  ['clusterrolebinding', 'crb'],
  ['clusterrolebinding', 'crb', '--clusterrole=x'],
];

describe('create role|clusterrole|rolebinding|clusterrolebinding match kubectl 1.32 (client dry run)', () => {
  it.skipIf(!KUBECTL_132).each(CASES)('%s %s %s %s', async (...argv: string[]) => {
    const full = ['create', ...argv, '--dry-run=client'];
    const expected = oracle(full);
    const t = testCluster([], { registry: true });
    const r = await t.run(full);
    expect({ out: r.out, err: r.err, code: r.code }).toEqual(expected);
  });
});

describe('RBAC through the API server', () => {
  it('a role and a binding authorise a service account; denials are the API server\'s Forbidden', async () => {
    const t = testCluster([], { registry: true });
    const as = '--as=system:serviceaccount:default:robot';
    expect((await t.run(['auth', 'can-i', 'list', 'pods', as])).out).toBe('no\n');
    expect((await t.run(['create', 'rolebinding', 'robot-reads', '--role=pod-reader', '--serviceaccount=default:robot'])).out).toBe('rolebinding.rbac.authorization.k8s.io/robot-reads created\n');
    const missing = await t.run(['get', 'pods', as]);
    expect([missing.code, missing.err]).toEqual([1, 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "pod-reader" not found\n']);
    expect((await t.run(['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods'])).code).toBe(0);
    const yes = await t.run(['auth', 'can-i', 'list', 'pods', as]);
    expect([yes.code, yes.out]).toEqual([0, 'yes\n']);
    expect((await t.run(['auth', 'can-i', 'list', 'pods', as, '-n', 'kube-system'])).code).toBe(1);
    const denied = await t.run(['create', 'configmap', 'c', as]);
    expect([denied.code, denied.err]).toEqual([1, 'error: failed to create configmap: configmaps is forbidden: User "system:serviceaccount:default:robot" cannot create resource "configmaps" in API group "" in the namespace "default"\n']);
    expect((await t.run(['get', 'configmaps'])).code).toBe(0);
    const ns = await t.run(['get', 'nodes', '--as=bob']);
    expect(ns.err).toBe('Error from server (Forbidden): nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const who = await t.run(['auth', 'whoami', as]);
    expect(who.out).toBe('ATTRIBUTE   VALUE\nUsername    system:serviceaccount:default:robot\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n');
    expect((await t.run(['auth', 'whoami'])).out).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
  });
  it('roleRef cannot change; rules need verbs', async () => {
    const t = testCluster([], { registry: true });
    await t.run(['create', 'rolebinding', 'b', '--role=a', '--user=u']);
    const r = await t.run(['patch', 'rolebinding', 'b', '--type=merge', '-p', '{"roleRef":{"name":"z"}}']);
    expect([r.code, r.err]).toEqual([1, 'The RoleBinding "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"z"}: cannot change roleRef\n']);
  });
  it('auth can-i warnings, exit codes and --list', async () => {
    const t = testCluster([], { registry: true });
    const nodes = await t.run(['auth', 'can-i', 'get', 'nodes']);
    expect(nodes).toEqual({ code: 0, out: 'yes\n', err: "Warning: resource 'nodes' is not namespace scoped\n" });
    const foos = await t.run(['auth', 'can-i', 'get', 'foos', '--as=x', '-q']);
    expect(foos).toEqual({ code: 1, out: '', err: "Warning: the server doesn't have a resource type 'foos'\n" });
    expect((await t.run(['auth', 'can-i', '--list', '-A'])).err).toBe("error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
    expect((await t.run(['auth', 'can-i', 'get'])).err).toBe("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n");
    const list = await t.run(['auth', 'can-i', '--list']);
    expect(list.out.split('\n').slice(0, 3)).toEqual([
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      '*.*                                             []                  []               [*]',
      '                                                [*]                 []               [*]',
    ]);
    expect((await t.run(['auth', 'can-i', 'create', 'pods', '--subresource=exec', '--as=system:serviceaccount:default:x'])).out).toBe('no\n');
  });
});

describe('RBAC on the other verbs', () => {
  it('apply names the live object it could not read; get -w is a list and a watch', async () => {
    const t = testCluster([], { registry: true });
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-rbac-'));
    fs.writeFileSync(path.join(dir, 'p.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n');
    const as = '--as=system:serviceaccount:default:robot';
    const r = await t.run(['apply', '-f', 'p.yaml', as], { cwd: dir });
    expect([r.code, r.err]).toEqual([
      1,
      'Error from server (Forbidden): error when retrieving current configuration of:\nResource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"\nName: "p", Namespace: "default"\nfrom server for: "p.yaml": pods "p" is forbidden: User "system:serviceaccount:default:robot" cannot get resource "pods" in API group "" in the namespace "default"\n',
    ]);
    const w = await t.run(['get', 'pods', '-w', as, '--request-timeout=1s']);
    expect(w.err).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default"\n');
    const imp = await t.run(['get', 'pods', '--as-group=devs']);
    expect(imp.code).toBe(1);
  });
});
