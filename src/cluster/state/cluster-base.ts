// The parts of a Cluster that reading needs: store, API server, clock, RNG and data. It carries no controllers or
// registry, so a read-only command (`get`, `describe`, `iptables-save`) loads far less code; cluster.ts adds them.

import { ApiServer } from '../apiserver/server.js';
import type { Strategy } from '../apiserver/registry/strategy.js';
import type { ObjectStore, StoreSnapshot } from '../apiserver/store.js';
import type { ControllerContext } from '../controllers/controller.js';
import type { Clock, ClockState } from './clock.js';
import type { ClusterConfig } from './config.js';
import type { Rng, RngState } from './rng.js';
import { addTimer, timerQueue } from './timers.js';

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

export class ClusterBase {
  readonly api: ApiServer;
  /** set when something outside the store changed (clock, data) so the state must be saved */
  touched = false;

  constructor(
    readonly config: ClusterConfig,
    readonly clock: Clock,
    readonly rng: Rng,
    readonly store: ObjectStore,
    readonly data: Record<string, unknown>,
    strategies: Record<string, Strategy>,
  ) {
    this.api = new ApiServer(store, clock, rng, config, strategies);
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

  /**
   * Becomes the state of a snapshot in place (an interactive command that waited without the lock takes what other
   * processes saved meanwhile), so everything holding this cluster sees the new state.
   */
  restore(snap: ClusterSnapshot): void {
    const config = this.config as unknown as Record<string, unknown>;
    for (const k of Object.keys(config)) delete config[k];
    Object.assign(config, snap.config);
    this.clock.restore(snap.clock);
    this.rng.restore(snap.rng);
    this.store.restore(snap.store);
    for (const k of Object.keys(this.data)) delete this.data[k];
    Object.assign(this.data, snap.data ?? {});
    this.api.dirty = false;
    this.touched = false;
  }

  get changed(): boolean {
    return this.api.dirty || this.touched;
  }

  controllerContext(): ControllerContext {
    const { clock, data } = this;
    return {
      api: this.api,
      clock,
      rng: this.rng,
      config: this.config,
      data,
      requeueAt(atMs: number) {
        if (atMs > clock.nowMs()) addTimer(timerQueue(data), atMs);
      },
    };
  }
}
