import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_KUBECTL, NO_KUBECTL_MESSAGE, realKubectl } from './realkubectl.js';
import { testCluster } from './testkit.js';

if (!HAS_KUBECTL) console.warn(NO_KUBECTL_MESSAGE);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-expose-'));
const dep = path.join(dir, 'dep.yaml');
const pod = path.join(dir, 'pod.yaml');
const udp = path.join(dir, 'udp.yaml');
fs.writeFileSync(dep, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        ports:\n        - containerPort: 80\n        - containerPort: 443\n          name: https\n');
fs.writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    run: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: 8080\n');
fs.writeFileSync(udp, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dns\n  labels:\n    k: v\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - containerPort: 53\n      protocol: UDP\n    - containerPort: 53\n      protocol: TCP\n');

const CASES: string[][] = [
  ['expose', '-f', dep, '--dry-run=client', '-o', 'yaml'],
  ['expose', '-f', dep, '--dry-run=client', '-o', 'json', '--port=80', '--target-port=8080', '--name=web-np', '--type=NodePort'],
  ['expose', '-f', pod, '--dry-run=client', '-o', 'yaml'],
  ['expose', '-f', pod, '--dry-run=client', '-o', 'json', '--type=LoadBalancer', '--load-balancer-ip=1.2.3.4', '--session-affinity=ClientIP', '--external-ip=5.6.7.8'],
  ['expose', '-f', pod, '--dry-run=client', '-n', 'dev', '-o', 'json', '--protocol=UDP', '--selector=a=b', '-l', 'x=y'],
  ['expose', '-f', udp, '--dry-run=client', '-o', 'yaml'],
  ['expose', '-f', pod, '--dry-run=client'],
];

describe('expose matches the real kubectl (client dry run from files)', () => {
  it.skipIf(!HAS_KUBECTL).each(CASES)('%s %s %s %s %s %s %s', async (...argv: string[]) => {
    const expected = realKubectl(argv);
    const t = testCluster([], { registry: true });
    const r = await t.run(argv);
    expect(r.err).toBe('');
    expect(r.out).toBe(expected);
  });
});

describe('expose against live objects', () => {
  it('exposes a deployment and reports kubectl errors', async () => {
    const t = testCluster([], { registry: true });
    await t.run(['apply', '-f', dep]);
    expect(await t.run(['expose', 'deployment', 'web', '--port=80', '--type=NodePort', '--name=web-np'])).toEqual({ code: 0, out: 'service/web-np exposed\n', err: '' });
    const svc = t.api.get('services', 'default', 'web-np') as any;
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.type).toBe('NodePort');
    expect((await t.run(['expose', 'deployment', 'web', '--port=80', '--name=web-np'])).err).toBe('Error from server (AlreadyExists): services "web-np" already exists\n');
    expect((await t.run(['expose', 'deployment', 'nope', '--port=80'])).err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    await t.run(['create', 'configmap', 'c']);
    expect((await t.run(['expose', 'cm', 'c', '--port=80'])).err).toBe('error: cannot expose a ConfigMap\n');
    expect((await t.run(['expose', 'deployment', 'web', '--session-affinity=x', '--port=80', '--name=z'])).err).toBe('error: unknown session affinity: x\n');
    await t.run(['create', 'deployment', 'noport', '--image=nginx']);
    expect((await t.run(['expose', 'deployment', 'noport'])).err).toBe("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
  });
});
