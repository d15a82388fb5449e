// cordon, uncordon, drain and taint against a bootstrapped cluster on the virtual clock.

import { describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '../../cluster/apiserver/types.js';
import { bootstrapCluster } from '../../cluster/state/bootstrap.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { buildConfig } from '../../cluster/state/config.js';
import { runKubectl } from '../kubectl.js';
import { parseTaints, reorganizeTaints } from './taint.js';

function cluster(): Cluster {
  const c = bootstrapCluster(buildConfig({ seed: 3, clock: 'virtual' }));
  c.reconcile();
  c.advanceClock(30_000);
  return c;
}

async function k(c: Cluster, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKubectl(argv, c, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {}, cwd: '/tmp' });
  if (c.api.dirty) c.reconcile();
  return { code, out, err };
}

function deployment(name: string, replicas: number): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  };
}

const podsOn = (c: Cluster, node: string) =>
  c.api
    .list<Pod>('pods', 'default')
    .filter((p) => p.spec.nodeName === node)
    .map((p) => p.metadata.name!);

describe('cordon and uncordon', () => {
  it('mark the node unschedulable and back, saying when nothing changed', async () => {
    const c = cluster();
    expect(await k(c, 'cordon', 'kubesim-worker')).toEqual({ code: 0, out: 'node/kubesim-worker cordoned\n', err: '' });
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker').spec?.unschedulable).toBe(true);
    expect((await k(c, 'cordon', 'kubesim-worker')).out).toBe('node/kubesim-worker already cordoned\n');
    expect((await k(c, 'uncordon', 'kubesim-worker', '--dry-run=client')).out).toBe('node/kubesim-worker uncordoned (dry run)\n');
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker').spec?.unschedulable).toBe(true);
    expect((await k(c, 'uncordon', 'node/kubesim-worker')).out).toBe('node/kubesim-worker uncordoned\n');
    expect(await k(c, 'cordon', 'nope')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "nope" not found\n' });
    expect(await k(c, 'cordon')).toEqual({ code: 1, out: '', err: "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n" });
  });
});

describe('drain', () => {
  it('refuses DaemonSet-managed and unmanaged pods without the flags, leaving the node cordoned', async () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'nginx' }] } });
    c.reconcile();
    const r = await k(c, 'drain', 'kubesim-worker');
    expect(r.code).toBe(1);
    expect(r.out).toBe('node/kubesim-worker cordoned\n');
    expect(r.err).toMatch(
      /^error: unable to drain node "kubesim-worker", aborting command\.\.\.\n\nThere are pending nodes to be drained:\n kubesim-worker\ncannot delete Pods that declare no controller \(use --force to override\): default\/solo\ncannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kindnet-\w+, kube-system\/kube-proxy-\w+\n$/,
    );
    expect(podsOn(c, 'kubesim-worker')).toEqual(['solo']);
    const one = await k(c, 'drain', 'kubesim-worker', '--ignore-daemonsets');
    expect(one.err).toBe('error: unable to drain node "kubesim-worker", aborting command...\n\nThere are pending nodes to be drained:\n kubesim-worker\nerror: cannot delete Pods that declare no controller (use --force to override): default/solo\n');
  });

  it('evicts through the Eviction API and waits for the pods to go', async () => {
    const c = cluster();
    c.api.create(deployment('web', 2));
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'nginx' }] } });
    c.reconcile();
    c.advanceClock(30_000);
    const victims = podsOn(c, 'kubesim-worker');
    const r = await k(c, 'drain', 'kubesim-worker', '--ignore-daemonsets', '--force');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Warning: deleting Pods that declare no controller: default\/solo; ignoring DaemonSet-managed Pods: kube-system\/kindnet-\w+, kube-system\/kube-proxy-\w+\n$/);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('node/kubesim-worker cordoned');
    for (const v of victims) {
      expect(lines).toContain(`evicting pod default/${v}`);
      expect(lines).toContain(`pod/${v} evicted`);
    }
    expect(lines.at(-2)).toBe('node/kubesim-worker drained');
    expect(podsOn(c, 'kubesim-worker')).toEqual([]);
    expect(podsOn(c, 'kubesim-worker2')).toHaveLength(2);
  });

  it('retries while a PodDisruptionBudget forbids the eviction and gives up at --timeout', async () => {
    const c = cluster();
    c.api.create(deployment('web', 2));
    c.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    c.reconcile();
    c.advanceClock(30_000);
    const pdb = c.api.get<KubeObject>('poddisruptionbudgets.policy', 'default', 'web');
    expect(pdb.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 2 });
    const node = c.api.get<Pod>('pods', 'default', podsOn(c, 'kubesim-worker')[0] ?? podsOn(c, 'kubesim-worker2')[0]).spec.nodeName!;
    const victim = podsOn(c, node)[0];
    const r = await k(c, 'drain', node, '--ignore-daemonsets', '--timeout=12s');
    expect(r.code).toBe(1);
    const retry = `error when evicting pods/"${victim}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
    expect(r.out).toBe(`node/${node} cordoned\n${`evicting pod default/${victim}\n`.repeat(4)}`);
    expect(r.err).toMatch(new RegExp(`^Warning: ignoring DaemonSet-managed Pods: .*\\n(${retry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}){3}`));
    expect(r.err).toContain(`There are pending pods in node "${node}" when an error occurred: error when evicting pods/"${victim}" -n "default": global timeout reached: 12s\npod/${victim}\n`);
    expect(r.err).toMatch(/error: unable to drain node ".*", aborting command\.\.\.\n\nThere are pending nodes to be drained:\n .*\nerror: error when evicting pods\/".*" -n "default": global timeout reached: 12s\n$/);
    expect(podsOn(c, node)).toEqual([victim]);
  });

  it('lists the pods it would evict with --dry-run=client and changes nothing', async () => {
    const c = cluster();
    c.api.create(deployment('web', 2));
    c.reconcile();
    c.advanceClock(30_000);
    const on = podsOn(c, 'kubesim-worker');
    const r = await k(c, 'drain', 'kubesim-worker', '--ignore-daemonsets', '--dry-run=client');
    expect(r.out).toBe(`node/kubesim-worker cordoned (dry run)\n${on.map((p) => `evicting pod default/${p} (dry run)\n`).join('')}node/kubesim-worker drained (dry run)\n`);
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker').spec?.unschedulable).toBeUndefined();
    expect(podsOn(c, 'kubesim-worker')).toEqual(on);
  });
});

describe('taint', () => {
  it('parses specs as kubectl does', () => {
    expect(parseTaints(['a=b:NoSchedule', 'c:NoExecute', 'd-', 'e:PreferNoSchedule-'], '2025-01-01T00:00:00Z')).toEqual({
      add: [
        { key: 'a', value: 'b', effect: 'NoSchedule' },
        { key: 'c', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' },
      ],
      remove: [
        { key: 'd', effect: '' },
        { key: 'e', effect: 'PreferNoSchedule' },
      ],
    });
    expect(() => parseTaints(['a=b:Bad'], '')).toThrow('error: invalid taint effect: Bad, unsupported taint effect');
    expect(() => parseTaints(['a=b=c:NoSchedule'], '')).toThrow('error: invalid taint spec: a=b=c:NoSchedule');
    expect(() => parseTaints(['a=b:NoSchedule', 'a=c:NoSchedule'], '')).toThrow('error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}');
  });

  it('merges as reorganizeTaints does', () => {
    const old = [{ key: 'x', effect: 'NoSchedule' }];
    expect(reorganizeTaints(old, false, [{ key: 'y', effect: 'NoExecute' }], []).op).toBe('tainted');
    expect(reorganizeTaints(old, false, [], [{ key: 'x', effect: '' }])).toEqual({ op: 'untainted', taints: [], errors: [] });
    expect(reorganizeTaints(old, false, [{ key: 'y', effect: 'NoExecute' }], [{ key: 'x', effect: '' }]).op).toBe('modified');
    expect(reorganizeTaints(old, false, [], [{ key: 'z', effect: 'NoSchedule' }]).errors).toEqual(['taint "z:NoSchedule" not found']);
  });

  it('adds, refuses to replace without --overwrite, and removes', async () => {
    const c = cluster();
    expect((await k(c, 'taint', 'nodes', 'kubesim-worker', 'dedicated=infra:NoSchedule')).out).toBe('node/kubesim-worker tainted\n');
    expect(await k(c, 'taint', 'nodes', 'kubesim-worker', 'dedicated=db:NoSchedule')).toEqual({
      code: 1,
      out: '',
      err: 'error: node kubesim-worker already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    });
    expect((await k(c, 'taint', 'node', 'kubesim-worker', 'dedicated=db:NoSchedule', '--overwrite')).out).toBe('node/kubesim-worker modified\n');
    expect(c.api.get<Node>('nodes', undefined, 'kubesim-worker').spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect((await k(c, 'taint', 'nodes', 'kubesim-worker', 'dedicated-')).out).toBe('node/kubesim-worker untainted\n');
    expect(await k(c, 'taint', 'nodes', 'kubesim-worker', 'dedicated-')).toEqual({ code: 1, out: '', err: 'error: taint "dedicated" not found\n' });
    expect(await k(c, 'taint', 'pods', 'x', 'a=b:NoSchedule')).toEqual({ code: 1, out: '', err: 'error: invalid resource type pods, only node types are supported\n' });
    expect(await k(c, 'taint', 'nodes', 'kubesim-worker', 'a=b:NoSchedul')).toEqual({ code: 1, out: '', err: "error: invalid taint effect: NoSchedul, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n" });
  });
});
