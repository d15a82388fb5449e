// Cluster = object store + API server + controllers + clock + seeded RNG (+ data-plane state such as iptables
// counters and container logs). One instance per command; persistence.ts loads and saves it.

import { ObjectStore } from '../apiserver/store.js';
import { strategies } from '../apiserver/registry/index.js';
import { ensureKubernetesService } from '../apiserver/kubernetes-service.js';
import { controllers } from '../controllers/index.js';
import { runToFixedPoint } from '../controllers/controller.js';
import { Clock, checkAdvance } from './clock.js';
import { ClusterBase, type ClusterSnapshot } from './cluster-base.js';
import type { ClusterConfig } from './config.js';
import { Rng } from './rng.js';
import { popDue, timerQueue } from './timers.js';

export { STATE_FORMAT, type ClusterSnapshot } from './cluster-base.js';

/**
 * The most timer instants one advance steps through one by one. Past it (a ten-year advance over a crash-looping
 * pod), the rest is left to the controllers' closed forms: they compute the state at the target time directly.
 */
export const MAX_TIMER_STEPS = 5_000;

export class Cluster extends ClusterBase {
  /** timer instants stepped by this instance (benchmarks report the cost per step) */
  timerSteps = 0;

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

  /** Runs every controller to a fixed point at the current time (after each mutating command). */
  reconcile(): void {
    ensureKubernetesService(this.api, this.config);
    runToFixedPoint(controllers, this.controllerContext());
  }

  /**
   * Steps through the timers due at or before limitMs in time order, holding the clock at each instant while the
   * controllers run. Returns how many instants were stepped.
   */
  private stepTimers(limitMs: number): number {
    const q = timerQueue(this.data);
    let steps = 0;
    try {
      for (let t = popDue(q, limitMs); t !== undefined; t = popDue(q, limitMs)) {
        if (++steps > MAX_TIMER_STEPS) {
          q.due = q.due.filter((x) => x > limitMs);
          break;
        }
        this.clock.pin(t);
        this.reconcile();
      }
    } finally {
      this.clock.unpin();
    }
    if (steps) this.touched = true;
    this.timerSteps += steps;
    return steps;
  }

  /** Runs the timers that fell due while no command ran (a wall clock moves by itself). */
  catchUp(): void {
    if (this.stepTimers(this.clock.nowMs())) this.reconcile();
  }

  /** Moves the cluster clock, stepping through every timer due on the way, and lets controllers react. */
  advanceClock(ms: number): void {
    checkAdvance(this.clock.nowMs(), ms);
    this.stepTimers(this.clock.nowMs() + ms);
    this.clock.advance(ms);
    this.touched = true;
    this.reconcile();
  }
}
