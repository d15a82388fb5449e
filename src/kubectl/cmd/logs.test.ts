import { describe, expect, it } from 'vitest';
import type { Pod, KubeObject } from '../../cluster/apiserver/types.js';
import { Rng } from '../../cluster/state/rng.js';
import { sendTcp } from '../../cluster/network/request.js';
import { testCluster } from './testkit.js';

const T = '2025-01-06T10:00:00Z';

function pod(name: string, ip: string, image: string, labels: Record<string, string> = {}, extra: Partial<Pod['spec']> = {}, status: Partial<NonNullable<Pod['status']>> = {}): Pod {
  const containers = extra.containers ?? [{ name: image.split(':')[0], image }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, uid: `uid-${name}`, creationTimestamp: T },
    spec: { nodeName: 'kubesim-worker', ...extra, containers },
    status: {
      phase: 'Running',
      podIP: ip,
      startTime: T,
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image!, imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: T } } })),
      ...status,
    },
  };
}

const AH = (ip: string) => `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;

function setup(objects: KubeObject[]) {
  const tc = testCluster(objects);
  Object.assign(tc.cluster, { rng: Rng.fromSeed(7) });
  return tc;
}

describe('kubectl logs', () => {
  it('prints the httpd start-up lines and the access line of a request it served', async () => {
    const tc = setup([pod('website-a', '10.244.1.2', 'httpd', { app: 'website' }), pod('website-b', '10.244.1.3', 'httpd', { app: 'website' })]);
    const client = { kind: 'node' as const, node: 'kubesim-worker' };
    const r = sendTcp(tc.cluster, client, '10.244.1.3', 80, { method: 'GET', host: '10.244.1.3', path: '/', headers: {}, userAgent: 'curl/8.5.0' });
    expect(r.ok).toBe(true);
    const a = await tc.run(['logs', 'website-b']);
    expect(a.code).toBe(0);
    const lines = a.out.split('\n');
    expect(lines[0]).toBe(AH('10.244.1.3'));
    expect(lines[1]).toBe(AH('10.244.1.3'));
    expect(lines[2]).toMatch(/^\[Mon Jan 06 10:00:00\.\d{6} 2025\] \[mpm_event:notice\] \[pid 1:tid \d+\] AH00489: Apache\/2\.4\.62 \(Unix\) configured -- resuming normal operations$/);
    expect(lines[3]).toMatch(/^\[Mon Jan 06 10:00:00\.\d{6} 2025\] \[core:notice\] \[pid 1:tid \d+\] AH00094: Command line: 'httpd -D FOREGROUND'$/);
    expect(lines[4]).toBe('172.18.0.3 - - [06/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 45');
    expect(lines.length).toBe(6);
    const all = await tc.run(['logs', '-l', 'app=website']);
    expect(all.out.split('\n').filter((l) => l.includes('GET'))).toEqual(['172.18.0.3 - - [06/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 45']);
    expect(all.out.split('\n').length).toBe(10);
    const tail = await tc.run(['logs', 'website-b', '--tail=1', '--prefix']);
    expect(tail.out).toBe('[pod/website-b/httpd] 172.18.0.3 - - [06/Jan/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 45\n');
    const ts = await tc.run(['logs', 'website-b', '--tail', '1', '--timestamps']);
    expect(ts.out).toMatch(/^2025-01-06T10:00:00\.\d+Z 172\.18\.0\.3 - - /);
  });

  it('errors as kubectl and the kubelet print them', async () => {
    const waiting = pod('web', '', 'nginx', {}, {}, { phase: 'Pending', podIP: undefined, containerStatuses: [{ name: 'nginx', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });
    const two = pod('two', '10.244.1.9', 'nginx', {}, { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] });
    const tc = setup([waiting, two]);
    expect(await tc.run(['logs', 'nope'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await tc.run(['logs', 'web'])).toEqual({ code: 1, out: '', err: 'Error from server (BadRequest): container "nginx" in pod "web" is waiting to start: ContainerCreating\n' });
    const d = await tc.run(['logs', 'two']);
    expect(d.err).toBe('Defaulted container "a" out of: a, b\n');
    expect(d.out).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(await tc.run(['logs', 'two', '-c', 'x'])).toMatchObject({ code: 1, err: 'error: container x is not valid for pod two\n' });
    expect(await tc.run(['logs', 'two', '-c', 'b'])).toEqual({ code: 0, out: '', err: '' });
    expect(await tc.run(['logs'])).toMatchObject({ code: 1, err: "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n" });
    expect(await tc.run(['logs', '-l', 'app=none'])).toEqual({ code: 0, out: '', err: 'No resources found in default namespace.\n' });
    expect(await tc.run(['logs', 'two', '-p', '-c', 'a'])).toMatchObject({ code: 1, err: 'Error from server (BadRequest): previous terminated container "a" in pod "two" not found\n' });
  });

  it('TYPE/NAME picks the first pod by ByLogging and says so', async () => {
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'website', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'website' } } } };
    const tc = setup([dep, pod('website-a', '10.244.1.2', 'httpd', { app: 'website' }), pod('website-b', '10.244.1.3', 'httpd', { app: 'website' })]);
    const r = await tc.run(['logs', 'deploy/website', '--tail=1']);
    expect(r.err).toBe('Found 2 pods, using pod/website-a\n');
    expect(r.out).toMatch(/AH00094/);
    expect(await tc.run(['logs', 'deploy/nope'])).toMatchObject({ code: 1, err: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});
