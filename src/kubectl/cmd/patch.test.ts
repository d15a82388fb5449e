import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { testCluster } from './testkit.js';

const deploy: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }, { name: 'side', image: 'busybox' }] } },
  },
  status: { replicas: 1 },
};
const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'web' } },
};

describe('kubectl patch', () => {
  it('strategic merge by container name (default type)', async () => {
    const t = testCluster([deploy]);
    const r = await t.run(['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}']);
    expect(r).toEqual({ code: 0, out: 'deployment.apps/web patched\n', err: '' });
    const d = t.api.get('deployments.apps', 'default', 'web');
    expect(d.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }]);
    expect(d.metadata.generation).toBe(2);
  });
  it('reports (no change) when the patch changes nothing', async () => {
    const t = testCluster([deploy]);
    expect((await t.run(['patch', 'deploy/web', '-p', '{"spec":{"replicas":1}}'])).out).toBe('deployment.apps/web patched (no change)\n');
  });
  it('merge and json types; YAML patches; service port merged by port', async () => {
    const t = testCluster([deploy, svc]);
    expect((await t.run(['patch', 'svc', 'web', '-p', 'spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}'])).out).toBe('service/web patched\n');
    expect(t.api.get('services', 'default', 'web').spec.ports).toEqual([{ port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 }]);
    await t.run(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"}]}}}}']);
    expect(t.api.get('deployments.apps', 'default', 'web').spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    const j = await t.run(['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']);
    expect(j.out).toBe('deployment.apps/web patched\n');
    expect(t.api.get('deployments.apps', 'default', 'web').spec.replicas).toBe(3);
    const bad = await t.run(['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"remove","path":"/nope/x"}]']);
    expect(bad).toEqual({ code: 1, out: '', err: 'The request is invalid: the server rejected our request due to an error in our request\n' });
  });
  it('--subresource=status changes only status; dry run does not write', async () => {
    const t = testCluster([deploy]);
    expect((await t.run(['patch', 'deployment', 'web', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":5},"spec":{"replicas":9}}'])).out).toBe(
      'deployment.apps/web patched\n',
    );
    const d = t.api.get('deployments.apps', 'default', 'web');
    expect([d.spec.replicas, d.status.replicas]).toEqual([1, 5]);
    expect((await t.run(['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":4}}', '--dry-run=client'])).out).toBe('deployment.apps/web patched (dry run)\n');
    expect(t.api.get('deployments.apps', 'default', 'web').spec.replicas).toBe(1);
  });
  it('flag errors', async () => {
    const t = testCluster([deploy]);
    expect((await t.run(['patch', 'deployment', 'web'])).err).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
    expect((await t.run(['patch', 'deployment', 'web', '--type', 'foo', '-p', '{}'])).err).toBe('error: --type must be one of [json merge strategic], not "foo"\n');
    expect((await t.run(['patch', 'deployment', 'nope', '-p', '{}'])).err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});
