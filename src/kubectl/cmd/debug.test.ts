import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { testCluster } from './testkit.js';

const LEGACY = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { run: name } },
  spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: 'kind-worker' },
});
const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker' } };

describe('kubectl debug', () => {
  it('checks its flags in kubectl order, with kubectl texts', async () => {
    const t = testCluster([pod('web')]);
    const err = async (...argv: string[]) => (await t.run(['debug', ...argv])).err;
    expect(await err()).toBe('error: you must specify --image when not using --copy-to.\n');
    expect(await err('web', '--copy-to=x')).toBe('error: you must specify --image, --set-image or command arguments.\n');
    expect(await err('web', '--copy-to=x', '--', 'sh')).toBe('error: you must specify an existing container or a new image when specifying args.\n');
    expect(await err('web', '--image=busybox', '-t')).toBe('error: -i/--stdin is required for containers with -t/--tty=true\n');
    expect(await err('web', '--image=bad:')).toBe('error: invalid image name "bad:": invalid reference format\n');
    expect(await err('web', '--replace', '--image=busybox')).toBe('error: --replace may only be used with --copy-to.\n');
    expect(await err('web', '--image=busybox', '--target=c', '--copy-to=x')).toBe('error: --target is incompatible with --copy-to. Use --share-processes instead.\n');
    expect(await err('web', '--image=busybox', '--image-pull-policy=Sometimes')).toBe('error: invalid image pull policy: Sometimes\n');
    expect(await err('web', '--image=busybox', '--profile=foo')).toBe('error: unknown profile: foo\n');
    expect(await err('web', '--attach', '--copy-to=x', '--set-image=*=nginx')).toBe('error: you must specify --container or create a new container using --image in order to attach.\n');
    expect(await err('web', '--image=busybox', '--profile=general')).toBe('error: kubesim does not simulate "kubectl debug --profile=general" yet\n');
  });
  it('copies a pod with a debug container added (off its node), or images changed', async () => {
    const t = testCluster([pod('web')]);
    const r = await t.run(['debug', 'web', '--image=busybox', '--copy-to=web-debug', '--', 'sleep', '1d']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Defaulting debug container name to debugger-[a-z0-9]{5}\.\n$/);
    expect(r.err).toBe(LEGACY);
    const copy = t.api.get('pods', 'default', 'web-debug') as unknown as { metadata: KubeObject['metadata']; spec: { nodeName?: string; containers: Array<Record<string, unknown>> } };
    expect(copy.metadata.labels).toEqual({ run: 'web' });
    expect(copy.spec.nodeName).toBeUndefined();
    expect(copy.spec.containers.map((c) => c.name)).toEqual(['app', /debugger-[a-z0-9]{5}/.exec(r.out)![0]]);
    expect(copy.spec.containers[1]).toMatchObject({ image: 'busybox', command: ['sleep', '1d'], terminationMessagePolicy: 'File' });
    const s = await t.run(['debug', 'web', '--copy-to=web2', '--set-image=*=nginx:1.28', '--replace', '--same-node']);
    expect(s).toEqual({ code: 0, out: '', err: LEGACY });
    const web2 = t.api.get('pods', 'default', 'web2') as unknown as { spec: { nodeName?: string; containers: Array<{ image: string }> } };
    expect(web2.spec.containers.map((c) => c.image)).toEqual(['nginx:1.28']);
    expect(web2.spec.nodeName).toBe('kind-worker');
    expect(t.api.tryGet('pods', 'default', 'web')).toBeUndefined();
  });
  it('debugs a node with a pod in its host namespaces and its root at /host', async () => {
    const t = testCluster([pod('web'), node]);
    const r = await t.run(['debug', 'node/kind-worker', '--image=busybox', '-q']);
    expect(r).toEqual({ code: 0, out: '', err: LEGACY });
    const p = t.api.list('pods', 'default').find((x) => x.metadata.name!.startsWith('node-debugger-kind-worker-')) as unknown as { metadata: KubeObject['metadata']; spec: Record<string, unknown> };
    expect(p.metadata.name).toMatch(/^node-debugger-kind-worker-[a-z0-9]{5}$/);
    expect(p.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kubectl-debug' });
    expect(p.spec).toMatchObject({
      hostIPC: true,
      hostNetwork: true,
      hostPID: true,
      nodeName: 'kind-worker',
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [{ name: 'debugger', image: 'busybox', volumeMounts: [{ mountPath: '/host', name: 'host-root' }] }],
    });
    expect((await t.run(['debug', 'deploy/x', '--image=busybox'])).err).toContain('error:');
  });
  it('debugs a pod in place: an ephemeral container through pods/ephemeralcontainers, checked as the API server checks it', async () => {
    const t = testCluster([pod('web')]);
    const r = await t.run(['debug', 'web', '--image=busybox', '--target=app', '--env=A=1', '--', 'sleep', '1d']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Targeting container "app"\. If you don't see processes from this container it may be because the container runtime doesn't support this feature\.\nDefaulting debug container name to debugger-[a-z0-9]{5}\.\n$/);
    const name = /debugger-[a-z0-9]{5}/.exec(r.out)![0];
    const live = t.api.get<import('../../cluster/apiserver/types.js').Pod>('pods', 'default', 'web');
    expect(live.spec.ephemeralContainers).toEqual([
      { name, env: [{ name: 'A', value: '1' }], image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', targetContainerName: 'app', command: ['sleep', '1d'], terminationMessagePath: '/dev/termination-log', resources: {} },
    ]);
    expect(await t.run(['debug', 'web', '--image=busybox', '--target=nope', '-q'])).toEqual({ code: 1, out: '', err: LEGACY + 'The Pod "web" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"\n' });
    expect(await t.run(['debug', 'web', '--image=busybox', '-c', 'app'])).toEqual({ code: 1, out: '', err: LEGACY + 'The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "app"\n' });
    expect(t.api.get<import('../../cluster/apiserver/types.js').Pod>('pods', 'default', 'web').spec.ephemeralContainers?.length).toBe(1);
    // an existing one cannot be removed
    expect(() => t.api.updateEphemeralContainers({ ...live, spec: { ...live.spec, ephemeralContainers: [] } })).toThrow(`existing ephemeral containers "${name}" may not be removed`);
  });
});
