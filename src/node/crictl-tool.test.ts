import { describe, expect, it } from 'vitest';
import { cluster, settle } from '../cluster/controllers/controllers.fixtures.js';
import type { Pod } from '../cluster/apiserver/types.js';
import type { Cluster } from '../cluster/state/cluster.js';
import { humanDuration, humanSize, sandboxID } from './crictl-tool.js';
import { runNodeCommand } from './index.js';

describe('crictl formats', () => {
  it("docker's units.HumanDuration and HumanSizeWithPrecision(3)", () => {
    expect([500, 1000, 45_000, 61_000, 30 * 60_000, 90 * 60_000, 3 * 3_600_000, 72 * 3_600_000].map(humanDuration)).toEqual([
      'Less than a second', '1 second', '45 seconds', 'About a minute', '30 minutes', '2 hours', '3 hours', '3 days',
    ]);
    expect([320368, 18562039, 72099410, 133_000_000, 999, 1_500_000_000].map(humanSize)).toEqual(['320kB', '18.6MB', '72.1MB', '133MB', '999B', '1.5GB']);
  });
});

describe('crictl on a node', () => {
  async function run(c: Cluster, argv: string[]) {
    let out = '';
    let err = '';
    const code = await runNodeCommand(argv, c, { out: (t) => (out += t), err: (t) => (err += t), stdin: undefined, isTTY: false, env: {}, cwd: '/' });
    return { code, out, err };
  }
  it('ps lists the running containers of the pods on that node, with the IDs kubectl shows', async () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'kubesim-worker', containers: [{ name: 'nginx', image: 'nginx' }] } } as Pod);
    settle(c, 0);
    c.advanceClock(90_000);
    const pod = c.api.get<Pod>('pods', 'default', 'web');
    const id = pod.status!.containerStatuses![0].containerID!.replace('containerd://', '');
    const r = await run(c as unknown as Cluster, ['crictl', 'ps', '--name', 'nginx', '--node', 'kubesim-worker']);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^CONTAINER {11}IMAGE {15}CREATED {14}STATE {15}NAME {16}ATTEMPT {13}POD ID {14}POD {17}NAMESPACE$/);
    expect(lines[1]).toMatch(new RegExp(`^${id.slice(0, 13)} {7}[0-9a-f]{13} {7}About a minute ago {3}Running {13}nginx {15}0 {19}${sandboxID(pod).slice(0, 13)} {7}web {17}default$`));
    expect(lines).toHaveLength(3);
    expect((await run(c as unknown as Cluster, ['crictl', 'ps', '-q', '--name', 'nginx', '--node', 'kubesim-worker'])).out).toBe(`${id}\n`);
    // another node does not run it
    expect((await run(c as unknown as Cluster, ['crictl', 'ps', '-q', '--name', 'nginx', '--node', 'kubesim-worker2'])).out).toBe('');
    const pods = await run(c as unknown as Cluster, ['crictl', 'pods', '--name', 'web', '--node', 'kubesim-worker']);
    expect(pods.out.split('\n')[1]).toMatch(/^[0-9a-f]{13} {7}About a minute ago {3}Ready {15}web {17}default {13}0 {19}\(default\)$/);
  });
  it('what it does not simulate is said plainly', async () => {
    const c = cluster();
    expect(await run(c as unknown as Cluster, ['crictl', 'inspect', 'abc'])).toEqual({ code: 1, out: '', err: 'kubesim: "crictl inspect" is not simulated (crictl ps, pods, images and logs are)\n' });
    expect((await run(c as unknown as Cluster, ['crictl', 'ps', '-o', 'json'])).code).toBe(1);
  });
});
