import { describe, expect, it } from 'vitest';
import { HAS_KUBECTL, realKubectl } from './realkubectl.js';
import { testCluster } from './testkit.js';

const RUN_CASES: string[][] = [
  ['run', 'web', '--image=httpd', '--dry-run=client', '-o', 'yaml'],
  ['run', 'web', '--image=busybox', '--port=80', '--labels=a=b,c=d', '--env=X=1', '--env=Y=2', '--restart=Never', '--dry-run=client', '-o', 'json', '--', 'sleep', '3600'],
  ['run', 'web', '--image=busybox', '--command', '--dry-run=client', '-o', 'yaml', '--', 'sh', '-c', 'echo hi'],
  ['run', 'web', '--image=x', '--dry-run=client'],
  ['run', 'web', '--image=x', '-n', 'dev', '--image-pull-policy=IfNotPresent', '--annotations=k=v', '--dry-run=client', '-o', 'json'],
];

describe('run matches the real kubectl (client dry run)', () => {
  it.skipIf(!HAS_KUBECTL).each(RUN_CASES)('%s %s %s %s %s', async (...argv: string[]) => {
    const expected = realKubectl(argv);
    const t = testCluster([], { registry: true });
    const r = await t.run(argv);
    expect(r.err).toBe('');
    expect(r.out).toBe(expected);
  });
});

describe('run', () => {
  it('creates a pod and reports errors', async () => {
    const t = testCluster([], { registry: true });
    expect(await t.run(['run', 'web', '--image=httpd'])).toEqual({ code: 0, out: 'pod/web created\n', err: '' });
    expect((await t.run(['run', 'web', '--image=httpd'])).err).toBe('Error from server (AlreadyExists): pods "web" already exists\n');
    expect((await t.run(['run', '--image=x'])).err).toBe("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
    expect((await t.run(['run', 'x', '--image=Bad'])).err).toBe('error: Invalid image name "Bad": invalid reference format\n');
    expect((await t.run(['run', 'x', '--image=x', '--restart=X'])).err).toBe("error: invalid restart policy: X\nSee 'kubectl run -h' for help and examples\n");
    expect((await t.run(['run', 'x', '--image=x', '--rm'])).err).toBe("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n");
  });
});

describe('scale', () => {
  it('scales deployments by TYPE NAME and TYPE/NAME with preconditions', async () => {
    const t = testCluster([], { registry: true });
    await t.run(['create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
    expect(await t.run(['scale', 'deployment', 'web', '--replicas=2'])).toEqual({ code: 0, out: 'deployment.apps/web scaled\n', err: '' });
    expect((t.api.get('deployments.apps', 'default', 'web') as any).spec.replicas).toBe(2);
    expect((await t.run(['scale', 'deploy/web', '--replicas=5', '--current-replicas=3'])).err).toBe('error: Expected replicas to be 3, was 2\n');
    expect((await t.run(['scale', 'deploy/web', '--replicas=-1'])).err).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    expect((await t.run(['scale', 'deploy/web', '--replicas=4', '--dry-run=client'])).out).toBe('deployment.apps/web scaled (dry run)\n');
    expect((await t.run(['scale', 'deploy', 'nope', '--replicas=1'])).err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect((await t.run(['scale', 'deploy', 'web'])).err).toBe('error: required flag(s) "replicas" not set\n');
  });
});

describe('describe', () => {
  it('needs a type, matches name prefixes, says No resources found', async () => {
    const t = testCluster([], { registry: true });
    expect((await t.run(['describe'])).err).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    await t.run(['create', 'configmap', 'alpha', '--from-literal=a=b']);
    await t.run(['create', 'configmap', 'alps']);
    const full = await t.run(['describe', 'cm', 'alpha']);
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/^Name:         alpha\nNamespace:    default\n/);
    const prefix = await t.run(['describe', 'cm', 'al']);
    expect(prefix.out).toBe(`${full.out}\n${(await t.run(['describe', 'cm', 'alps'])).out}\n`);
    expect((await t.run(['describe', 'cm', 'zz'])).err).toBe('Error from server (NotFound): configmaps "zz" not found\n');
    expect((await t.run(['describe', 'cm', '-n', 'kube-public'])).err).toBe('No resources found in kube-public namespace.\n');
    const both = await t.run(['describe', 'cm']);
    expect(both.out).toBe(`${full.out}\n\n${(await t.run(['describe', 'cm', 'alps'])).out}`);
  });
});
