// The controller contract and the fixed-point runner: after every mutating command each controller reconciles
// through the API server, in a fixed order, until a full pass changes nothing. Controllers are level-triggered:
// they compute what should be from the objects and the cluster clock, and ask (requeueAt) to run again at the
// next moment the clock alone would change something (a pull finishing, a probe period, a grace period ending).

import type { ApiServer } from '../apiserver/server.js';
import type { ClusterConfig } from '../state/config.js';
import type { Clock } from '../state/clock.js';
import type { Rng } from '../state/rng.js';

export interface ControllerContext {
  api: ApiServer;
  clock: Clock;
  rng: Rng;
  config: ClusterConfig;
  /** per-cluster persisted scratch data for controllers/simulation (JSON-serialisable) */
  data: Record<string, unknown>;
  /** Run the controllers again when the cluster clock reaches atMs (ignored when atMs is not in the future). */
  requeueAt(atMs: number): void;
}

export interface Controller {
  readonly name: string;
  /** One reconcile pass over everything this controller owns. Writes go through ctx.api only. */
  sync(ctx: ControllerContext): void;
}

const MAX_PASSES = 50;

/**
 * The field manager each controller's writes record in managedFields: the API server takes it from the client's
 * User-Agent (`kube-controller-manager/v1.32.0 ...` gives `kube-controller-manager`).
 */
const MANAGERS: Record<string, string> = {
  kubelet: 'kubelet',
  'container-loops': 'kubelet',
  scheduler: 'kube-scheduler',
  'ingress-nginx': 'nginx-ingress-controller',
  'apiservice-availability': 'kube-apiserver',
  cilium: 'cilium-agent',
};

export function fieldManagerOf(controller: string): string {
  return MANAGERS[controller] ?? 'kube-controller-manager';
}

/** Runs controllers in order until the store's resourceVersion stops moving. */
export function runToFixedPoint(controllers: readonly Controller[], ctx: ControllerContext): number {
  const caller = ctx.api.manager;
  try {
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      const before = ctx.api.store.resourceVersion;
      for (const c of controllers) {
        ctx.api.manager = fieldManagerOf(c.name);
        c.sync(ctx);
      }
      if (ctx.api.store.resourceVersion === before) return pass;
    }
  } finally {
    ctx.api.manager = caller;
  }
  throw new Error(`controllers did not settle after ${MAX_PASSES} passes`);
}
