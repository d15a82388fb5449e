import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { testCluster } from './testkit.js';

const template = (image: string, extra: Record<string, string> = {}) => ({
  metadata: { labels: { app: 'web', ...extra } },
  spec: { containers: [{ name: 'nginx', image }] },
});
const deployment = (over: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.27') },
  status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [{ type: 'Available', status: 'True' }] },
  ...over,
});
const rs = (name: string, rev: string, image: string, hash: string, cause?: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'deployment.kubernetes.io/revision': rev, ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'UID', controller: true }],
  },
  spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: template(image, { 'pod-template-hash': hash }) },
});

/** A deployment with two revisions (nginx → nginx:1.27); the RS owner refs point at the deployment's uid. */
function withHistory() {
  const t = testCluster([deployment()]);
  const uid = t.api.get('deployments.apps', 'default', 'web').metadata.uid!;
  for (const r of [rs('web-aaaa', '1', 'nginx', 'aaaa'), rs('web-bbbb', '2', 'nginx:1.27', 'bbbb', 'kubectl set image deployment/web nginx=nginx:1.27')]) {
    r.metadata.ownerReferences![0].uid = uid;
    t.api.create(r);
  }
  return t;
}

describe('kubectl set image', () => {
  it('updates named containers and prints image updated; silent when nothing changes', async () => {
    const t = testCluster([deployment()]);
    expect(await t.run(['set', 'image', 'deployment/web', 'nginx=nginx:1.28'])).toEqual({ code: 0, out: 'deployment.apps/web image updated\n', err: '' });
    expect(t.api.get('deployments.apps', 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(await t.run(['set', 'image', 'deployment', 'web', '*=nginx:1.28'])).toEqual({ code: 0, out: '', err: '' });
  });
  it('reports unknown containers and bad argument combinations', async () => {
    const t = testCluster([deployment()]);
    expect((await t.run(['set', 'image', 'deploy/web', 'foo=x'])).err).toBe('error: unable to find container named "foo"\n');
    expect((await t.run(['set', 'image', 'deploy/web'])).err).toBe('error: at least one image update is required\n');
    expect((await t.run(['set', 'image', 'deploy/web', '*=a', 'nginx=b'])).err).toBe(
      'error: all containers are already specified by *, but saw more than one container_name=container_image pairs\n',
    );
    expect((await t.run(['set', 'image'])).err).toContain('error: You must provide one or more resources by argument or filename.\n');
  });
});

describe('kubectl rollout', () => {
  it('status of a finished rollout', async () => {
    const t = testCluster([deployment()]);
    expect(await t.run(['rollout', 'status', 'deployment/web'])).toEqual({ code: 0, out: 'deployment "web" successfully rolled out\n', err: '' });
  });
  it('status messages while rolling out (--watch=false prints one line)', async () => {
    const t = testCluster([deployment({ status: { observedGeneration: 1, replicas: 4, updatedReplicas: 1, availableReplicas: 3 } } as Partial<KubeObject>)]);
    expect((await t.run(['rollout', 'status', 'deploy', 'web', '--watch=false'])).out).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    const t2 = testCluster([deployment({ status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 } } as Partial<KubeObject>)]);
    expect((await t2.run(['rollout', 'status', 'deploy/web', '-w=false'])).out).toBe(
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    );
    const r = await t2.run(['rollout', 'status', 'deploy/web', '--timeout=3s']);
    expect(r.err).toBe('error: timed out waiting for the condition\n');
    expect((await t.run(['rollout', 'status', 'rs/web-x'])).err).toBe('Error from server (NotFound): replicasets.apps "web-x" not found\n');
    expect((await t.run(['rollout', 'status'])).err).toBe('error: required resource not specified\n');
  });
  it('history table (trailing space on the name line, blank line at the end) and one revision', async () => {
    const t = withHistory();
    expect((await t.run(['rollout', 'history', 'deployment/web'])).out).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.27\n\n',
    );
    const one = await t.run(['rollout', 'history', 'deployment/web', '--revision=1']);
    expect(one.out.split('\n').slice(0, 4)).toEqual(['deployment.apps/web with revision #1', 'Pod Template:', '  Labels:\tapp=web', '\tpod-template-hash=aaaa']);
    expect((await t.run(['rollout', 'history', 'deployment/web', '--revision=7'])).err).toBe('error: unable to find the specified revision\n');
  });
  it('undo restores the previous revision template (without the hash label)', async () => {
    const t = withHistory();
    expect((await t.run(['rollout', 'undo', 'deployment/web'])).out).toBe('deployment.apps/web rolled back\n');
    const d = t.api.get('deployments.apps', 'default', 'web');
    expect(d.spec.template).toEqual(template('nginx'));
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
    expect((await t.run(['rollout', 'undo', 'deployment/web', '--to-revision=1'])).out).toBe(
      'deployment.apps/web skipped rollback (current template already matches revision 1)\n',
    );
    expect((await t.run(['rollout', 'undo', 'deployment/web', '--to-revision=9'])).err).toBe('error: unable to find specified revision 9 in history\n');
    const lone = testCluster([deployment()]);
    expect((await lone.run(['rollout', 'undo', 'deployment/web'])).err).toBe('error: no rollout history found for deployment "web"\n');
  });
  it('restart stamps restartedAt on the template; twice in the same second is refused', async () => {
    const t = testCluster([deployment()]);
    expect((await t.run(['rollout', 'restart', 'deployment/web'])).out).toBe('deployment.apps/web restarted\n');
    expect(t.api.get('deployments.apps', 'default', 'web').spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2025-01-06T10:00:00Z' });
    expect((await t.run(['rollout', 'restart', 'deployment/web'])).err).toBe(
      'error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n',
    );
  });
});

describe('kubectl wait', () => {
  it('condition met, timeouts and bad conditions', async () => {
    const t = testCluster([deployment()]);
    expect(await t.run(['wait', '--for=condition=Available', 'deployment/web'])).toEqual({ code: 0, out: 'deployment.apps/web condition met\n', err: '' });
    expect((await t.run(['wait', '--for=condition=available=true', 'deploy', 'web'])).out).toBe('deployment.apps/web condition met\n');
    expect((await t.run(['wait', '--for=jsonpath={.status.replicas}=3', 'deploy/web'])).out).toBe('deployment.apps/web condition met\n');
    const to = await t.run(['wait', '--for=condition=Progressing', 'deploy/web', '--timeout=2s']);
    expect(to).toEqual({ code: 1, out: '', err: 'error: timed out waiting for the condition on deployments/web\n' });
    expect((await t.run(['wait', 'deploy/web'])).err).toBe('error: unrecognized condition: ""\n');
    expect((await t.run(['wait', '--for=foo', 'deploy/web'])).err).toBe('error: unrecognized condition: "foo"\n');
  });
  it('--for=delete is met once the object is gone', async () => {
    const t = testCluster([deployment()]);
    t.api.delete('deployments.apps', 'default', 'web');
    expect((await t.run(['wait', '--for=delete', 'deployment/web', '--timeout=1s'])).err).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});

describe('kubectl edit', () => {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'vote', namespace: 'default' },
    spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { role: 'vote' } },
  };
  it('applies what the editor changed (seed 004: Service type to NodePort)', async () => {
    const t = testCluster([svc]);
    const r = await t.run(['edit', 'svc', 'vote'], { env: { KUBE_EDITOR: "sed -i 's/type: ClusterIP/type: NodePort/'" } });
    expect(r).toEqual({ code: 0, out: 'service/vote edited\n', err: '' });
    expect(t.api.get('services', 'default', 'vote').spec.type).toBe('NodePort');
  });
  it('cancels when nothing changed or the file was emptied', async () => {
    const t = testCluster([svc]);
    expect(await t.run(['edit', 'svc/vote'], { env: { EDITOR: 'true' } })).toEqual({ code: 0, out: '', err: 'Edit cancelled, no changes made.\n' });
    expect((await t.run(['edit', 'svc/vote'], { env: { KUBE_EDITOR: "sed -i 's/.*//'" } })).err).toBe('Edit cancelled, saved file was empty.\n');
    expect((await t.run(['edit'])).err).toContain('error: You must provide one or more resources by argument or filename.');
  });
  it('gives up after a second invalid save', async () => {
    const t = testCluster([svc]);
    const r = await t.run(['edit', 'svc/vote'], { env: { KUBE_EDITOR: "sed -i 's/name: vote/name: other/'" } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^A copy of your changes has been stored to ".*kubectl-edit-.*\.yaml"\nerror: Edit cancelled, no valid changes were saved.\n$/);
  });
  it('with the real registry, the Service gets a NodePort allocated', async () => {
    const t = testCluster([{ ...svc, spec: { ...svc.spec, clusterIP: undefined } }], { registry: true });
    const r = await t.run(['edit', 'svc', 'vote'], { env: { KUBE_EDITOR: "sed -i 's/type: ClusterIP/type: NodePort/'" } });
    expect(r).toEqual({ code: 0, out: 'service/vote edited\n', err: '' });
    const port = t.api.get('services', 'default', 'vote').spec.ports[0].nodePort;
    expect(port >= 30000 && port <= 32767).toBe(true);
  });
});
