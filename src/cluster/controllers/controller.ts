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
  /**
   * Everything a run reads, when that is only objects of these resources (with the clock and the cluster config):
   * the runner then skips the controller while none of them was written since a run of it that changed nothing.
   * A controller that reads ctx.data (or any other state) leaves it unset and runs on every pass.
   */
  readonly reads?: readonly string[];
}

/**
 * KUBESIM_FULL_RELIST=1 turns off every skip of work whose inputs did not change (the runner's, the kubelet's per
 * pod, ...): each controller re-lists and recomputes everything on every pass. The state it reaches must be the
 * same bytes (reconcile-equivalence.test.ts compares the two).
 */
export function fullRelist(): boolean {
  return process.env.KUBESIM_FULL_RELIST === '1';
}

/**
 * Per API server, per key: the inputs (a signature) of the last run that changed nothing -- no write, no draw
 * from the RNG. Running again on the same inputs at the same instant would change nothing either.
 */
const settled = new WeakMap<ApiServer, Map<string, unknown>>();

export function settledMemo(api: ApiServer): Map<string, unknown> {
  let m = settled.get(api);
  if (!m) settled.set(api, (m = new Map()));
  return m;
}

const refused = new WeakMap<ApiServer, number>();

/**
 * A controller's write the API server refused (tryCreatePod's FailedCreate): a run that met one is never taken as
 * one that changed nothing, since what admission checked (a ServiceAccount, a quota, the namespace) is not among
 * the controller's reads.
 */
export function noteRefusedWrite(api: ApiServer): void {
  refused.set(api, (refused.get(api) ?? 0) + 1);
}

/** A mark of what a run may change or meet: equal marks before and after = no write, no draw, no refusal. */
export function changeMark(ctx: Pick<ControllerContext, 'api' | 'rng'>): string {
  return `${ctx.api.store.resourceVersion}:${ctx.rng.draws}:${refused.get(ctx.api) ?? 0}`;
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

/** The inputs of a controller that declares its reads: the instant and each resource's write counter. */
function readSignature(ctx: ControllerContext, reads: readonly string[]): string {
  let sig = String(ctx.clock.nowMs());
  for (const r of reads) sig += `,${ctx.api.store.writeCount(r)}`;
  return sig;
}

/** Runs one controller, or skips it when it declares its reads and none changed since a run that changed nothing. */
function runController(c: Controller, ctx: ControllerContext, memo: Map<string, unknown> | undefined): void {
  if (!memo || !c.reads) {
    c.sync(ctx);
    return;
  }
  const sig = readSignature(ctx, c.reads);
  const key = `controller/${c.name}`;
  if (memo.get(key) === sig) return;
  const mark = changeMark(ctx);
  c.sync(ctx);
  if (changeMark(ctx) === mark) memo.set(key, sig);
  else memo.delete(key);
}

/** Runs controllers in order until the store's resourceVersion stops moving. */
export function runToFixedPoint(controllers: readonly Controller[], ctx: ControllerContext): number {
  const caller = ctx.api.manager;
  const memo = fullRelist() ? undefined : settledMemo(ctx.api);
  try {
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      const before = ctx.api.store.resourceVersion;
      for (const c of controllers) {
        ctx.api.manager = fieldManagerOf(c.name);
        runController(c, ctx, memo);
      }
      if (ctx.api.store.resourceVersion === before) return pass;
    }
  } finally {
    ctx.api.manager = caller;
  }
  throw new Error(`controllers did not settle after ${MAX_PASSES} passes`);
}
