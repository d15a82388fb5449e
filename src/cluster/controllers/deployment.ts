// Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template named
// `<deploy>-<pod-template-hash>`, revisions, scaling, rolling and recreate rollouts, history cleanup, and the
// status with its Available/Progressing conditions and ScalingReplicaSet events.

import { clone } from '../apiserver/server.js';
import { fromLabelSelector, matches } from '../apiserver/labels.js';
import type { Deployment, DeploymentCondition, Pod, PodTemplateSpec, ReplicaSet } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, canonical, computeHash, controllerOf, controllerRef, isControlledBy, isPodActive, scaledValue, unchangedSince, updateIfChanged, writeStatus } from './util.js';

const SOURCE = { component: 'deployment-controller' };
export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

// ---------------------------------------------------------------- arithmetic (deployment/util)

function replicasOf(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

export function maxSurge(d: Deployment): number {
  if (d.spec.strategy?.type !== 'RollingUpdate') return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', replicasOf(d), true);
  const unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicasOf(d), false);
  return surge === 0 && unavailable === 0 ? 0 : surge;
}

export function maxUnavailable(d: Deployment): number {
  if (d.spec.strategy?.type !== 'RollingUpdate' || replicasOf(d) === 0) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', replicasOf(d), true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicasOf(d), false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return Math.min(unavailable, replicasOf(d));
}

const specReplicas = (rs: ReplicaSet) => rs.spec.replicas ?? 0;
const sum = (rss: ReplicaSet[], f: (rs: ReplicaSet) => number) => rss.reduce((n, rs) => n + f(rs), 0);
const revisionOf = (rs: ReplicaSet) => parseInt(rs.metadata.annotations?.[REVISION] ?? '0', 10) || 0;

/** The template without the pod-template-hash label (EqualIgnoreHash). */
function templateIgnoringHash(t: PodTemplateSpec): PodTemplateSpec {
  const c = clone(t);
  if (c.metadata?.labels) {
    delete c.metadata.labels[HASH_LABEL];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}

const templateKeys = new WeakMap<object, string>();

/** Canonical text of a template ignoring the hash label, cached per (immutable) stored template object. */
function templateKey(t: PodTemplateSpec): string {
  let k = templateKeys.get(t);
  if (k === undefined) {
    k = canonical(templateIgnoringHash(t));
    templateKeys.set(t, k);
  }
  return k;
}

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

function newCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** deploymentutil.SetDeploymentCondition: same status+reason keeps the old one; otherwise moved to the end. */
function setCondition(conds: DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const cur = conds.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return conds;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  return [...conds.filter((x) => x.type !== c.type), c];
}

// ---------------------------------------------------------------- the sync

class DeploymentSync {
  private readonly api;
  private readonly now: string;

  constructor(
    private readonly ctx: ControllerContext,
    private d: Deployment,
  ) {
    this.api = ctx.api;
    this.now = ctx.clock.timestamp();
  }

  private get ns(): string {
    return this.d.metadata.namespace!;
  }

  private ownedReplicaSets(): ReplicaSet[] {
    const selector = fromLabelSelector(this.d.spec.selector);
    const out: ReplicaSet[] = [];
    for (const rs of this.api.list<ReplicaSet>(K.replicasets, this.ns)) {
      if (isControlledBy(rs, this.d)) out.push(rs);
      else if (!controllerOf(rs) && !rs.metadata.deletionTimestamp && selector?.length && matches(selector, rs.metadata.labels)) {
        out.push(updateIfChanged(this.api, rs, (c) => {
          c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), controllerRef(this.d)];
        }));
      }
    }
    return out.sort(byCreation);
  }

  private findNew(rss: ReplicaSet[]): ReplicaSet | undefined {
    const want = templateKey(this.d.spec.template);
    return rss.find((rs) => templateKey(rs.spec.template) === want);
  }

  private setReplicasAnnotations(rs: ReplicaSet): void {
    const a = (rs.metadata.annotations ??= {});
    a[DESIRED_REPLICAS] = String(replicasOf(this.d));
    a[MAX_REPLICAS] = String(replicasOf(this.d) + maxSurge(this.d));
  }

  private copyAnnotations(rs: ReplicaSet): void {
    const a = (rs.metadata.annotations ??= {});
    for (const [k, v] of Object.entries(this.d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) a[k] = v;
  }

  /** scaleReplicaSet: new size and replica annotations, with the ScalingReplicaSet event. */
  private scale(rs: ReplicaSet, to: number): ReplicaSet {
    const from = specReplicas(rs);
    const next = updateIfChanged(this.api, rs, (c) => {
      c.spec.replicas = to;
      this.setReplicasAnnotations(c);
    });
    if (from !== to) {
      this.api.recordEvent(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${from < to ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE);
    }
    return next;
  }

  private writeStatus(mutate: (s: NonNullable<Deployment['status']>) => void): void {
    const cur = this.api.get<Deployment>(K.deployments, this.ns, this.d.metadata.name!);
    this.d = updateIfChanged(this.api, cur, (c) => {
      c.status ??= {};
      mutate(c.status);
    }, true);
  }

  private setRevision(revision: string): void {
    if (this.d.metadata.annotations?.[REVISION] === revision) return;
    const cur = this.api.get<Deployment>(K.deployments, this.ns, this.d.metadata.name!);
    // getNewReplicaSet writes the revision with UpdateStatus (the status strategy lets annotations through)
    this.d = updateIfChanged(this.api, cur, (c) => {
      c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [REVISION]: revision };
    }, true);
  }

  /** Whether the new RS lacks copied annotations, its revision or minReadySeconds (SetNewReplicaSetAnnotations). */
  private needsAnnotationSync(rs: ReplicaSet, maxOld: number): boolean {
    const a = rs.metadata.annotations ?? {};
    if ((parseInt(a[REVISION] ?? '0', 10) || 0) < maxOld + 1) return true;
    for (const [k, v] of Object.entries(this.d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k) && a[k] !== v) return true;
    return (rs.spec.minReadySeconds ?? 0) !== (this.d.spec.minReadySeconds ?? 0);
  }

  /** getNewReplicaSet: sync revision/annotations of the existing new RS, or create it. */
  private newReplicaSet(rss: ReplicaSet[], olds: ReplicaSet[], create: boolean): ReplicaSet | undefined {
    const existing = this.findNew(rss);
    const maxOld = olds.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
    const newRevision = String(maxOld + 1);
    if (existing) {
      const updated = this.needsAnnotationSync(existing, maxOld) ? updateIfChanged(this.api, existing, (c) => {
        this.copyAnnotations(c);
        const a = (c.metadata.annotations ??= {});
        const oldRev = a[REVISION];
        const oldRevInt = parseInt(oldRev ?? '0', 10) || 0;
        if (oldRevInt < maxOld + 1) {
          a[REVISION] = newRevision;
          if (oldRev !== undefined) a[REVISION_HISTORY] = a[REVISION_HISTORY] ? `${a[REVISION_HISTORY]},${oldRev}` : oldRev;
        }
        const mrs = this.d.spec.minReadySeconds ?? 0;
        if (mrs) c.spec.minReadySeconds = mrs;
        else delete c.spec.minReadySeconds;
      }) : existing;
      this.setRevision(updated.metadata.annotations?.[REVISION] ?? newRevision);
      if (!this.d.status?.conditions?.some((c) => c.type === 'Progressing') && this.d.spec.progressDeadlineSeconds !== undefined) {
        this.writeStatus((s) => {
          s.conditions = setCondition(s.conditions ?? [], newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${updated.metadata.name}"`, this.now));
        });
      }
      return updated;
    }
    if (!create) return undefined;
    const collision = this.d.status?.collisionCount;
    const hash = computeHash(this.d.spec.template, collision);
    const name = `${this.d.metadata.name}-${hash}`;
    const clash = this.api.tryGet<ReplicaSet>(K.replicasets, this.ns, name);
    if (clash) {
      // a different template already owns this name: bump collisionCount and retry on the next pass
      if (!(isControlledBy(clash, this.d) && templateKey(clash.spec.template) === templateKey(this.d.spec.template))) {
        this.writeStatus((s) => {
          s.collisionCount = (s.collisionCount ?? 0) + 1;
        });
      }
      return undefined;
    }
    const template = clone(this.d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = clone(this.d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: this.ns,
        labels: { ...(this.d.spec.template.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        annotations: {},
        ownerReferences: [controllerRef(this.d)],
      },
      spec: { replicas: 0, selector, template },
    };
    if (this.d.spec.minReadySeconds) rs.spec.minReadySeconds = this.d.spec.minReadySeconds;
    this.copyAnnotations(rs);
    rs.metadata.annotations![REVISION] = newRevision;
    this.setReplicasAnnotations(rs);
    const replicas = this.newRSNewReplicas(olds, undefined);
    rs.spec.replicas = replicas;
    const created = this.api.create<ReplicaSet>(rs);
    if (replicas > 0) {
      this.api.recordEvent(this.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, SOURCE);
    }
    this.setRevision(newRevision);
    if (this.d.spec.progressDeadlineSeconds !== undefined) {
      this.writeStatus((s) => {
        s.conditions = setCondition(s.conditions ?? [], newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`, this.now));
      });
    }
    return created;
  }

  /** NewRSNewReplicas. */
  private newRSNewReplicas(olds: ReplicaSet[], newRS: ReplicaSet | undefined): number {
    const want = replicasOf(this.d);
    if (this.d.spec.strategy?.type !== 'RollingUpdate') return want;
    const cur = newRS ? specReplicas(newRS) : 0;
    const total = sum(olds, specReplicas) + cur;
    const maxTotal = want + maxSurge(this.d);
    if (total >= maxTotal) return cur;
    return cur + Math.max(0, Math.min(maxTotal - total, want - cur));
  }

  private oldPodsRunning(olds: ReplicaSet[]): boolean {
    if (sum(olds, (rs) => rs.status?.replicas ?? 0) > 0) return true;
    const pods = this.api.list<Pod>(K.pods, this.ns);
    return olds.some((rs) => pods.some((p) => isControlledBy(p, rs) && isPodActive(p)));
  }

  run(): void {
    const d = this.d;
    let rss = this.ownedReplicaSets();
    if (d.spec.paused) {
      const newRS = this.findNew(rss);
      this.syncStatus(rss, newRS);
      return;
    }
    let olds = rss.filter((rs) => rs !== this.findNew(rss));
    let newRS = this.findNew(rss);
    const activeOlds = olds.filter((rs) => specReplicas(rs) > 0);
    // a pure scaling event: the new RS is the only active one
    if (newRS && activeOlds.length === 0 && specReplicas(newRS) !== replicasOf(d)) {
      newRS = this.newReplicaSet(rss, olds, false);
      if (newRS) this.scale(newRS, replicasOf(d));
    } else if (d.spec.strategy?.type === 'Recreate') {
      this.recreate(rss, olds);
    } else {
      this.rolling(rss, olds);
    }
    rss = this.ownedReplicaSets();
    newRS = this.findNew(rss);
    olds = rss.filter((rs) => rs !== newRS);
    if (this.isComplete()) this.cleanup(olds);
    this.syncStatus(this.ownedReplicaSets(), this.findNew(this.ownedReplicaSets()));
  }

  private recreate(rss: ReplicaSet[], olds: ReplicaSet[]): void {
    let newRS = this.newReplicaSet(rss, olds, false);
    for (const rs of olds.filter((r) => specReplicas(r) > 0)) this.scale(rs, 0);
    const refreshed = this.ownedReplicaSets().filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
    if (this.oldPodsRunning(refreshed)) return;
    if (!newRS) newRS = this.newReplicaSet(this.ownedReplicaSets(), refreshed, true);
    if (newRS && specReplicas(newRS) !== replicasOf(this.d)) this.scale(newRS, replicasOf(this.d));
  }

  private rolling(rss: ReplicaSet[], olds: ReplicaSet[]): void {
    const d = this.d;
    let newRS = this.newReplicaSet(rss, olds, true);
    if (!newRS) return;
    // reconcileNewReplicaSet
    const want = replicasOf(d);
    if (specReplicas(newRS) > want) newRS = this.scale(newRS, want);
    else if (specReplicas(newRS) < want) {
      const n = this.newRSNewReplicas(olds, newRS);
      if (n !== specReplicas(newRS)) newRS = this.scale(newRS, n);
    }
    // reconcileOldReplicaSets
    olds = this.ownedReplicaSets().filter((rs) => rs.metadata.uid !== newRS!.metadata.uid);
    if (sum(olds, specReplicas) === 0) return;
    const all = [...olds, newRS];
    const allPods = sum(all, specReplicas);
    const minAvailable = want - maxUnavailable(d);
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // cleanupUnhealthyReplicas
    const sorted = [...olds].sort(byCreation);
    for (const rs of sorted) {
      if (maxScaledDown <= 0) break;
      const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown, unhealthy);
      this.scale(rs, specReplicas(rs) - down);
      maxScaledDown -= down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const fresh = this.ownedReplicaSets();
    const available = sum(fresh, (rs) => rs.status?.availableReplicas ?? 0);
    if (available <= minAvailable) return;
    let total = available - minAvailable;
    for (const rs of fresh.filter((r) => r.metadata.uid !== newRS!.metadata.uid).sort(byCreation)) {
      if (total <= 0) break;
      if (specReplicas(rs) === 0) continue;
      const down = Math.min(specReplicas(rs), total);
      this.scale(rs, specReplicas(rs) - down);
      total -= down;
    }
  }

  private isComplete(): boolean {
    const d = this.api.get<Deployment>(K.deployments, this.ns, this.d.metadata.name!);
    const s = d.status ?? {};
    const want = replicasOf(d);
    return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  }

  /** cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, lowest revisions first. */
  private cleanup(olds: ReplicaSet[]): void {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = olds.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      this.api.delete(K.replicasets, this.ns, rs.metadata.name!);
    }
  }

  /** calculateStatus + syncRolloutStatus. */
  private syncStatus(rss: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    const d = this.api.get<Deployment>(K.deployments, this.ns, this.d.metadata.name!);
    const old = d.status ?? {};
    const want = replicasOf(d);
    const available = sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
    const total = sum(rss, specReplicas);
    const s: NonNullable<Deployment['status']> = {};
    s.observedGeneration = d.metadata.generation;
    const replicas = sum(rss, (rs) => rs.status?.replicas ?? 0);
    const updated = newRS ? (newRS.status?.replicas ?? 0) : 0;
    const ready = sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
    const unavailable = Math.max(0, total - available);
    if (replicas) s.replicas = replicas;
    if (updated) s.updatedReplicas = updated;
    if (ready) s.readyReplicas = ready;
    if (available) s.availableReplicas = available;
    if (unavailable) s.unavailableReplicas = unavailable;
    let conds = [...(old.conditions ?? [])];
    if (available >= want - maxUnavailable(d)) {
      conds = setCondition(conds, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', this.now));
    } else {
      conds = setCondition(conds, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', this.now));
    }
    if (d.spec.progressDeadlineSeconds === undefined) {
      conds = conds.filter((c) => c.type !== 'Progressing');
    } else {
      const cur = conds.find((c) => c.type === 'Progressing');
      const complete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && cur?.reason === 'NewReplicaSetAvailable';
      if (!complete && newRS) {
        const isComplete =
          (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
        const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
        const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
        const progressing =
          (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
          newOld < oldOld ||
          (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
          (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
        if (isComplete) {
          conds = setCondition(conds, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`, this.now));
        } else if (progressing) {
          const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newRS.metadata.name}" is progressing.`, this.now);
          if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
          conds = [...conds.filter((x) => x.type !== 'Progressing'), c];
        } else if (cur && cur.reason !== 'ProgressDeadlineExceeded' && d.spec.progressDeadlineSeconds !== undefined) {
          // deploymentutil.DeploymentTimedOut: no progress for progressDeadlineSeconds since the last update
          const deadline = Date.parse(cur.lastUpdateTime ?? '') + d.spec.progressDeadlineSeconds * 1000;
          if (this.ctx.clock.nowMs() >= deadline) {
            conds = setCondition(conds, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`, this.now));
            this.api.recordEvent(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${d.metadata.name}" has timed out progressing.`, SOURCE);
          } else this.ctx.requeueAt(deadline);
        }
      }
    }
    if (conds.length) s.conditions = conds;
    if (old.collisionCount !== undefined) s.collisionCount = old.collisionCount;
    this.d = writeStatus(this.api, d, s);
  }
}

export const deploymentController: Controller = {
  name: 'deployment',
  sync(ctx) {
    const rsByNs = new Map<string, string>();
    for (const d of ctx.api.list<Deployment>(K.deployments)) {
      if (d.metadata.deletionTimestamp) continue;
      const ns = d.metadata.namespace!;
      let rsRVs = rsByNs.get(ns);
      if (rsRVs === undefined) {
        rsRVs = ctx.api.list<ReplicaSet>(K.replicasets, ns).map((rs) => `${rs.metadata.name}@${rs.metadata.resourceVersion}`).join(',');
        rsByNs.set(ns, rsRVs);
      }
      // nothing this deployment depends on moved since its last run started (nor did its progress deadline pass):
      // the run would write nothing
      const prog = d.status?.conditions?.find((c) => c.type === 'Progressing');
      const pastDeadline = d.spec.progressDeadlineSeconds !== undefined && prog && prog.reason !== 'NewReplicaSetAvailable' && prog.reason !== 'ProgressDeadlineExceeded'
        ? ctx.clock.nowMs() >= Date.parse(prog.lastUpdateTime ?? '') + d.spec.progressDeadlineSeconds * 1000
        : false;
      if (unchangedSince(ctx.api, 'deployment', d.metadata.uid!, `${d.metadata.resourceVersion}|${rsRVs}|${pastDeadline}`)) continue;
      new DeploymentSync(ctx, d).run();
    }
  },
};
