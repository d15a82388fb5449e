// Cluster = object store + API server + controllers + clock + seeded RNG (+ data-plane state such as iptables
// counters and container logs). One instance per command; persistence.ts loads and saves it.

import { ObjectStore } from '../apiserver/store.js';
import { strategies } from '../apiserver/registry/index.js';
import { ensureKubernetesService } from '../apiserver/kubernetes-service.js';
import { controllers } from '../controllers/index.js';
import { runToFixedPoint } from '../controllers/controller.js';
import { Clock } from './clock.js';
import { ClusterBase, type ClusterSnapshot } from './cluster-base.js';
import type { ClusterConfig } from './config.js';
import { Rng } from './rng.js';

export { STATE_FORMAT, type ClusterSnapshot } from './cluster-base.js';

export class Cluster extends ClusterBase {
  constructor(config: ClusterConfig, clock: Clock, rng: Rng, store: ObjectStore, data: Record<string, unknown>) {
    super(config, clock, rng, store, data, strategies);
  }

  static fromSnapshot(s: ClusterSnapshot): Cluster {
    return new Cluster(s.config, new Clock(s.clock), new Rng(s.rng), ObjectStore.fromSnapshot(s.store), s.data ?? {});
  }

  /** A new, empty cluster (bootstrap.ts fills it). */
  static empty(config: ClusterConfig): Cluster {
    return new Cluster(config, Clock.create(config.clock), Rng.fromSeed(config.seed), new ObjectStore(), {});
  }

  /** Runs every controller to a fixed point (after each mutating command). */
  reconcile(): void {
    ensureKubernetesService(this.api, this.config);
    runToFixedPoint(controllers, this.controllerContext());
  }

  /** Moves the cluster clock and lets controllers react (e.g. rollouts progressing). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.touched = true;
    this.reconcile();
  }
}
