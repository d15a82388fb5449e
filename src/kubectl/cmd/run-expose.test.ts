import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';

describe('kubectl run --expose', () => {
  it('needs --port, as run.go validates', async () => {
    const t = testCluster([], { registry: true });
    expect(await t.run(['run', 'web', '--image=nginx', '--expose'])).toEqual({ code: 1, out: '', err: "error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n" });
  });

  it('creates the ClusterIP Service (selector run=NAME, targetPort = port) and then the pod, printing the service first', async () => {
    const t = testCluster([], { registry: true });
    expect(await t.run(['run', 'web', '--image=nginx', '--expose', '--port=80'])).toEqual({ code: 0, out: 'service/web created\npod/web created\n', err: '' });
    const svc = t.api.get('services', 'default', 'web') as { spec: { selector: unknown; ports: unknown[] }; metadata: { labels?: unknown } };
    expect(svc.spec.selector).toEqual({ run: 'web' });
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(svc.metadata.labels).toBeUndefined();
  });

  it('uses --labels as the selector and the service labels', async () => {
    const t = testCluster([], { registry: true });
    await t.run(['run', 'web', '--image=nginx', '--expose', '--port=8080', '-l', 'app=web,tier=fe']);
    const svc = t.api.get('services', 'default', 'web') as { spec: { selector: unknown }; metadata: { labels?: unknown } };
    expect(svc.spec.selector).toEqual({ app: 'web', tier: 'fe' });
    expect(svc.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
  });

  it('prints both objects in a client dry run, the service first, separated as YAML documents', async () => {
    const t = testCluster([], { registry: true });
    const r = await t.run(['run', 'web', '--image=nginx', '--expose', '--port=80', '--dry-run=client', '-o', 'yaml']);
    expect(r.out.split('\n---\n').map((d) => /kind: (\w+)/.exec(d)?.[1])).toEqual(['Service', 'Pod']);
    expect(t.api.tryGet('services', 'default', 'web')).toBeUndefined();
  });
});
