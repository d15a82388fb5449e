// Test support for the verb modules: a minimal cluster (API server without registry strategies or controllers)
// and a runner that drives runKubectl with captured stdout/stderr.

import { ApiServer } from '../../cluster/apiserver/server.js';
import { ObjectStore } from '../../cluster/apiserver/store.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { Clock } from '../../cluster/state/clock.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { buildConfig } from '../../cluster/state/config.js';
import { Rng } from '../../cluster/state/rng.js';
import { runKubectl } from '../kubectl.js';
import { strategies } from '../../cluster/apiserver/registry/index.js';
import { bootstrapPolicy } from '../../cluster/rbac/bootstrap-policy.js';

export interface TestCluster {
  cluster: Cluster;
  api: ApiServer;
  /** runs `kubectl <argv>`; returns exit code and captured output */
  run(argv: string[], opts?: { env?: Record<string, string>; isTTY?: boolean; stdin?: string; cwd?: string }): Promise<{ code: number; out: string; err: string }>;
}

/**
 * A cluster with the four kubeadm namespaces plus the given objects (created through the API server). With
 * `registry`, the real per-kind strategies (defaulting, validation, allocation) run; otherwise objects stay as given.
 */
export function testCluster(objects: KubeObject[] = [], opts: { registry?: boolean } = {}): TestCluster {
  const config = buildConfig({ seed: 7, clock: 'virtual' });
  const clock = Clock.create('virtual');
  const rng = Rng.fromSeed(7);
  const api = new ApiServer(new ObjectStore(), clock, rng, config, opts.registry ? strategies : {});
  const data: Record<string, unknown> = {};
  const cluster = { config, clock, rng, api, store: api.store, data, touched: false, reconcile() {}, advanceClock(ms: number) { clock.advance(ms); } } as unknown as Cluster;
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  // kube-apiserver's and kubeadm's RBAC objects, so that kubernetes-admin is authorised as in a real cluster (their
  // UIDs from an RNG of their own: the objects of a test keep theirs)
  const rbacApi = new ApiServer(api.store, clock, Rng.fromSeed(0x7bac), config, strategies);
  for (const o of bootstrapPolicy()) rbacApi.create(o);
  for (const o of objects) api.create(o);
  return {
    cluster,
    api,
    async run(argv, opts = {}) {
      let out = '';
      let err = '';
      const code = await runKubectl(argv, cluster, {
        out: (t) => (out += t),
        err: (t) => (err += t),
        stdin: opts.stdin,
        isTTY: opts.isTTY ?? false,
        env: opts.env ?? {},
        cwd: opts.cwd ?? '/tmp',
      });
      return { code, out, err };
    },
  };
}
