import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { globMatch } from './set-common.js';
import { parseEnv, splitEnvironmentFromResources, updateEnv } from './set-env.js';
import { serviceSelector } from './set-more.js';
import { testCluster } from './testkit.js';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', env: [{ name: 'A', value: '0' }] }] } } },
});
const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'log-level': 'debug', mode: 'x' } };
const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
const binding: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' }] } as KubeObject;
const containers = (t: ReturnType<typeof testCluster>) => t.api.get('deployments.apps', 'default', 'web').spec.template.spec.containers;

describe('kubectl set env', () => {
  it('sets, replaces and removes variables on the live object', async () => {
    const t = testCluster([deployment()]);
    expect(await t.run(['set', 'env', 'deploy/web', 'A=1', 'B=2'])).toEqual({ code: 0, out: 'deployment.apps/web env updated\n', err: '' });
    expect(containers(t)[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect((await t.run(['set', 'env', 'deploy/web', 'A-'])).out).toBe('deployment.apps/web env updated\n');
    expect(containers(t)[0].env).toEqual([{ name: 'B', value: '2' }]);
    expect(await t.run(['set', 'env', 'deploy/web', 'B=2'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('imports a config map with --prefix and --keys, and lists without writing', async () => {
    const t = testCluster([deployment(), configMap]);
    expect((await t.run(['set', 'env', '--from=configmap/cfg', '--prefix=APP_', 'deploy/web'])).out).toBe('deployment.apps/web env updated\n');
    expect(containers(t)[0].env.slice(1)).toEqual([
      { name: 'APP_LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'log-level' } } },
      { name: 'APP_MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
    ]);
    const listed = await t.run(['set', 'env', 'deploy/web', '--list', 'C=3']);
    expect(listed.out).toBe('# Deployment web, container nginx\nA=0\n# APP_LOG_LEVEL from configmap cfg, key log-level\n# APP_MODE from configmap cfg, key mode\nC=3\n');
    expect(containers(t)[0].env).toHaveLength(3);
    expect((await t.run(['set', 'env', 'deploy/web', '--list', '--resolve'])).out).toContain('APP_MODE=x\n');
    expect((await t.run(['set', 'env', 'deploy/web', '--overwrite=false', 'A=9'])).err).toBe("error: deployment.apps/web 'A' already has a value (0), and --overwrite is false\n");
  });

  it('--local changes only what -f holds and never the cluster', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setenv-'));
    const d = deployment();
    delete d.metadata.namespace;
    fs.writeFileSync(path.join(dir, 'web.yaml'), JSON.stringify(d));
    const t = testCluster([deployment()]);
    const r = await t.run(['set', 'env', '-f', path.join(dir, 'web.yaml'), '--local', 'Z=1', '-o', 'jsonpath={.spec.template.spec.containers[0].env[1].name} {.metadata.namespace}']);
    expect(r).toEqual({ code: 0, out: 'Z ', err: '' });
    expect(containers(t)[0].env).toEqual([{ name: 'A', value: '0' }]);
    expect((await t.run(['set', 'image', '-f', path.join(dir, 'web.yaml'), '--local', 'nginx=nginx:1.99'])).out).toBe('deployment.apps/web image updated\n');
    expect(containers(t)[0].image).toBe('nginx');
  });

  it('parses arguments as envutil does', () => {
    expect(splitEnvironmentFromResources(['deploy/web', 'A=1', 'B-'])).toEqual({ resources: ['deploy/web'], envArgs: ['A=1', 'B-'] });
    expect(splitEnvironmentFromResources(['A=1', 'deploy/web'])).toBeUndefined();
    expect(parseEnv(['-'], () => 'X=1 # note\n# c\nY=2\n')).toEqual({ env: [{ name: 'X', value: '1 ' }, { name: 'Y', value: '2' }], remove: [] });
    expect(() => parseEnv(['A=1', 'A-'], () => '')).toThrow('can not both modify and remove');
    expect(updateEnv([{ name: 'A', value: '1' }, { name: 'B', value: '1' }], [{ name: 'B', value: '2' }, { name: 'C', value: '3' }], ['A'])).toEqual([{ name: 'B', value: '2' }, { name: 'C', value: '3' }]);
    expect(globMatch('ng*', 'nginx')).toBe(true);
    expect(globMatch('side?', 'sidecar')).toBe(false);
  });
});

describe('kubectl set serviceaccount|selector|subject', () => {
  it('sets the service account of the pod template', async () => {
    const t = testCluster([deployment()]);
    expect((await t.run(['set', 'sa', 'deploy/web', 'robot'])).out).toBe('deployment.apps/web serviceaccount updated\n');
    expect(t.api.get('deployments.apps', 'default', 'web').spec.template.spec.serviceAccountName).toBe('robot');
    expect((await t.run(['set', 'serviceaccount', 'svc/web', 'robot'])).err).toContain('not found');
  });

  it('replaces a Service selector and refuses other kinds and set-based expressions', async () => {
    const t = testCluster([service, deployment()]);
    expect((await t.run(['set', 'selector', 'svc/web', 'app=api,tier=be'])).out).toBe('service/web selector updated\n');
    expect(t.api.get('services', 'default', 'web').spec.selector).toEqual({ app: 'api', tier: 'be' });
    expect((await t.run(['set', 'selector', 'deploy/web', 'app=x'])).err).toBe('error: setting a selector is only supported for Services\n');
    expect(() => serviceSelector('app in (x,y)')).toThrow('error: match expression [{app In [x y]}] not supported on this object');
  });

  it('adds subjects to a RoleBinding once', async () => {
    const t = testCluster([binding]);
    expect((await t.run(['set', 'subject', 'rolebinding/rb', '--user=u', '--group=devs', '--serviceaccount=:ci'])).out).toBe('rolebinding.rbac.authorization.k8s.io/rb subjects updated\n');
    expect((t.api.get('rolebindings.rbac.authorization.k8s.io', 'default', 'rb') as unknown as { subjects: unknown[] }).subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
    ]);
    expect(await t.run(['set', 'subject', 'rolebinding/rb', '--user=u'])).toEqual({ code: 0, out: '', err: '' });
  });
});
