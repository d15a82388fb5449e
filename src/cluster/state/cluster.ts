// Cluster = object store + API server + controllers + clock + seeded RNG (+ data-plane state such as iptables
// counters and container logs). One instance per command; persistence.ts loads and saves it.

import { ApiServer } from '../apiserver/server.js';
import { ObjectStore, type StoreSnapshot } from '../apiserver/store.js';
import { strategies } from '../apiserver/registry/index.js';
import { ensureKubernetesService } from '../apiserver/kubernetes-service.js';
import { controllers } from '../controllers/index.js';
import { runToFixedPoint, type ControllerContext } from '../controllers/controller.js';
import { Clock, type ClockState } from './clock.js';
import type { ClusterConfig } from './config.js';
import { Rng, type RngState } from './rng.js';

export const STATE_FORMAT = 1;

export interface ClusterSnapshot {
  format: number;
  config: ClusterConfig;
  clock: ClockState;
  rng: RngState;
  store: StoreSnapshot;
  /** data-plane and simulation state: iptables counters, container logs, affinity tables... */
  data: Record<string, unknown>;
}

export class Cluster {
  readonly api: ApiServer;
  /** set when something outside the store changed (clock, data) so the state must be saved */
  touched = false;

  constructor(
    readonly config: ClusterConfig,
    readonly clock: Clock,
    readonly rng: Rng,
    readonly store: ObjectStore,
    readonly data: Record<string, unknown>,
  ) {
    this.api = new ApiServer(store, clock, rng, config, strategies);
  }

  static fromSnapshot(s: ClusterSnapshot): Cluster {
    return new Cluster(s.config, new Clock(s.clock), new Rng(s.rng), ObjectStore.fromSnapshot(s.store), s.data ?? {});
  }

  /** A new, empty cluster (bootstrap.ts fills it). */
  static empty(config: ClusterConfig): Cluster {
    return new Cluster(config, Clock.create(config.clock), Rng.fromSeed(config.seed), new ObjectStore(), {});
  }

  snapshot(): ClusterSnapshot {
    return {
      format: STATE_FORMAT,
      config: this.config,
      clock: this.clock.toJSON(),
      rng: this.rng.toJSON(),
      store: this.store.snapshot(),
      data: this.data,
    };
  }

  get changed(): boolean {
    return this.api.dirty || this.touched;
  }

  controllerContext(): ControllerContext {
    return { api: this.api, clock: this.clock, rng: this.rng, config: this.config, data: this.data };
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
