// Test helpers for the registry: a RegistryContext over an empty store with a seeded RNG.

import { ObjectStore } from '../store.js';
import { Clock } from '../../state/clock.js';
import { Rng } from '../../state/rng.js';
import type { ClusterConfig } from '../../state/config.js';
import type { RegistryContext } from './strategy.js';

export function testContext(opts: { seed?: number; serviceCIDR?: string; nodePortRange?: { base: number; size: number }; dryRun?: boolean; store?: ObjectStore } = {}): RegistryContext {
  const config = {
    seed: opts.seed ?? 1,
    serviceCIDR: opts.serviceCIDR ?? '10.96.0.0/12',
    podCIDR: '10.244.0.0/16',
    nodePortRange: opts.nodePortRange ?? { base: 30000, size: 2768 },
    clusterDomain: 'cluster.local',
    kubernetesVersion: 'v1.32.0',
    loadBalancerPool: null,
    nodes: [],
  } as unknown as ClusterConfig;
  return {
    config,
    clock: Clock.create('virtual'),
    rng: Rng.fromSeed(opts.seed ?? 1),
    store: opts.store ?? new ObjectStore(),
    dryRun: opts.dryRun ?? false,
  };
}
