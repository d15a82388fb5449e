// Job controller (pkg/controller/job): keeps `parallelism` pods running until `completions` have succeeded
// (NonIndexed, or one per index for Indexed), counts failures against backoffLimit with the pod-failure back-off
// (10 s doubling, capped at 6 min) before replacements, honours activeDeadlineSeconds, suspend and
// podFailurePolicy, and finishes with the SuccessCriteriaMet/Complete or FailureTarget/Failed conditions and
// events v1.32 writes. Finished jobs are removed ttlSecondsAfterFinished later (the TTL-after-finished controller).

import type { KubeObject, Pod } from '../apiserver/types.js';
import { rfc3339 } from '../state/clock.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, controllerRef, isControlledBy, isPodReady, podFromTemplate, tryCreatePod, writeStatus } from './util.js';

type Obj = Record<string, any>;
type Job = KubeObject & { spec: Obj; status?: Obj };

const SOURCE = { component: 'job-controller' };
const JOBS = 'jobs.batch';
const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';
const POD_BACKOFF_MS = 10_000;
const MAX_POD_BACKOFF_MS = 360_000;

/** Pods counted once as succeeded/failed per job (the real controller uses a tracking finalizer for this). */
interface JobData {
  counted: Record<string, Record<string, 'S' | 'F' | 'I'>>;
  /** job uid -> instant of the last failure (the pod back-off starts there) */
  lastFailure: Record<string, number>;
}

function jobData(ctx: ControllerContext): JobData {
  const d = (ctx.data.jobs ??= {}) as Partial<JobData>;
  d.counted ??= {};
  d.lastFailure ??= {};
  return d as JobData;
}

function condition(type: string, reason: string, message: string, now: string): Obj {
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

export function isJobFinished(job: { status?: Obj }): boolean {
  return (job.status?.conditions ?? []).some((c: Obj) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function finishTime(job: Job): number | undefined {
  const c = (job.status?.conditions ?? []).find((x: Obj) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c ? Date.parse(c.lastTransitionTime) : undefined;
}

/** "0-2,4": the compact interval form of the completed indexes. */
export function formatIndexes(indexes: number[]): string {
  const s = [...new Set(indexes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return out.join(',');
}

function exitCodes(p: Pod): number[] {
  return (p.status?.containerStatuses ?? []).map((c) => c.state.terminated?.exitCode).filter((x): x is number => x !== undefined && x !== 0);
}

/** The podFailurePolicy rule a failed pod matches, if any. */
function failurePolicyAction(job: Job, pod: Pod): string | undefined {
  const rules = (job.spec.podFailurePolicy?.rules ?? []) as Obj[];
  for (const r of rules) {
    if (r.onExitCodes) {
      const codes = (pod.status?.containerStatuses ?? [])
        .filter((c) => !r.onExitCodes.containerName || c.name === r.onExitCodes.containerName)
        .map((c) => c.state.terminated?.exitCode)
        .filter((x): x is number => x !== undefined && x !== 0);
      const values = (r.onExitCodes.values ?? []) as number[];
      const hit = r.onExitCodes.operator === 'In' ? codes.some((c) => values.includes(c)) : codes.some((c) => !values.includes(c));
      if (hit) return r.action;
    }
    if (r.onPodConditions) {
      const hit = (r.onPodConditions as Obj[]).some((pc) => (pod.status?.conditions ?? []).some((c) => c.type === pc.type && c.status === (pc.status ?? 'True')));
      if (hit) return r.action;
    }
  }
  return undefined;
}

class JobSync {
  private readonly now: number;
  private readonly nowText: string;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly data: JobData,
    private job: Job,
  ) {
    this.now = ctx.clock.nowMs();
    this.nowText = rfc3339(this.now);
  }

  private get ns(): string {
    return this.job.metadata.namespace!;
  }

  private pods(): Pod[] {
    return this.ctx.api.list<Pod>(K.pods, this.ns).filter((p) => isControlledBy(p, this.job));
  }

  private newPod(index: number | undefined): void {
    const { api } = this.ctx;
    const extra: Record<string, string> = index !== undefined ? { [INDEX_LABEL]: String(index) } : {};
    const pod = podFromTemplate(this.job.spec.template, this.job, extra);
    pod.metadata.ownerReferences = [controllerRef(this.job)];
    pod.metadata.generateName = index !== undefined ? `${this.job.metadata.name}-${index}-` : `${this.job.metadata.name}-`;
    if (index !== undefined) {
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_ANNOTATION]: String(index) };
      pod.spec.hostname = `${this.job.metadata.name}-${index}`;
      if (pod.spec.subdomain === undefined && this.job.spec.template?.spec?.subdomain) pod.spec.subdomain = this.job.spec.template.spec.subdomain;
    }
    const created = tryCreatePod(api, this.job, pod, SOURCE, (m) => `Error creating: ${m}`);
    if (!created) return;
    api.recordEvent(this.job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
  }

  private deletePods(pods: Pod[]): void {
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      this.ctx.api.delete(K.pods, this.ns, p.metadata.name!);
      this.ctx.api.recordEvent(this.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
  }

  private finish(kind: 'Complete' | 'Failed', reason: string, message: string, active: Pod[], status: Obj): void {
    this.deletePods(active);
    const conds = [...(status.conditions ?? []).filter((c: Obj) => c.type !== 'Suspended')];
    if (kind === 'Complete') {
      conds.push(condition('SuccessCriteriaMet', reason, message, this.nowText), condition('Complete', reason, message, this.nowText));
      status.completionTime = this.nowText;
      this.ctx.api.recordEvent(this.job, 'Normal', 'Completed', 'Job completed', SOURCE);
    } else {
      conds.push(condition('FailureTarget', reason, message, this.nowText), condition('Failed', reason, message, this.nowText));
      this.ctx.api.recordEvent(this.job, 'Warning', reason, message, SOURCE);
    }
    status.conditions = conds;
    delete status.active;
    status.ready = 0;
    status.terminating = active.filter((p) => !p.metadata.deletionTimestamp).length + (status.terminating ?? 0);
  }

  run(): void {
    const { api } = this.ctx;
    const job = this.job;
    const spec = job.spec;
    const uid = job.metadata.uid!;
    const counted = (this.data.counted[uid] ??= {});
    const old = job.status ?? {};
    const status: Obj = { ...old };
    delete status.terminating;
    const all = this.pods();
    const terminating = all.filter((p) => p.metadata.deletionTimestamp);
    // count finished pods once (uncountedTerminatedPods emptied at once)
    let failuresNow = 0;
    for (const p of all) {
      const k = p.metadata.uid!;
      if (counted[k]) continue;
      if (p.status?.phase === 'Succeeded') counted[k] = 'S';
      else if (p.status?.phase === 'Failed') {
        counted[k] = 'F';
        failuresNow++;
        const action = failurePolicyAction(job, p);
        // podFailurePolicy Ignore: the failure does not count against backoffLimit
        if (action === 'Ignore') {
          counted[k] = 'I';
          failuresNow--;
        }
        if (action === 'FailJob') this.data.lastFailure[`${uid}/failjob`] = this.now;
      }
    }
    if (failuresNow) this.data.lastFailure[uid] = this.now;
    const values = Object.values(counted);
    const succeeded = values.filter((v) => v === 'S').length;
    const failed = values.filter((v) => v === 'F').length;
    const active = all.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const indexed = spec.completionMode === 'Indexed';
    const completedIndexes = indexed
      ? all.filter((p) => counted[p.metadata.uid!] === 'S').map((p) => Number(p.metadata.annotations?.[INDEX_ANNOTATION]))
      : [];
    if (failed) status.failed = failed;
    else delete status.failed;
    status.succeeded = succeeded;
    if (!succeeded) delete status.succeeded;
    if (indexed) status.completedIndexes = formatIndexes(completedIndexes);
    status.uncountedTerminatedPods = {};
    status.ready = active.filter(isPodReady).length;
    if (terminating.length) status.terminating = terminating.length;
    else status.terminating = 0;

    if (spec.suspend) {
      this.deletePods(active);
      if (!(status.conditions ?? []).some((c: Obj) => c.type === 'Suspended' && c.status === 'True')) {
        status.conditions = [...(status.conditions ?? []).filter((c: Obj) => c.type !== 'Suspended'), condition('Suspended', 'JobSuspended', 'Job suspended', this.nowText)];
        api.recordEvent(job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
      }
      delete status.active;
      delete status.startTime;
      this.write(status);
      return;
    }
    if ((status.conditions ?? []).some((c: Obj) => c.type === 'Suspended' && c.status === 'True')) {
      status.conditions = (status.conditions as Obj[]).map((c) => (c.type === 'Suspended' ? { ...c, status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: this.nowText, lastProbeTime: this.nowText } : c));
      api.recordEvent(job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
    }
    status.startTime ??= this.nowText;
    const start = Date.parse(status.startTime);

    // failure conditions
    const restarts = (spec.template?.spec?.restartPolicy === 'OnFailure' ? active : []).reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + c.restartCount, 0), 0);
    if (this.data.lastFailure[`${uid}/failjob`] !== undefined) {
      const p = all.find((x) => counted[x.metadata.uid!] === 'F' && failurePolicyAction(job, x) === 'FailJob');
      const code = p ? exitCodes(p)[0] : undefined;
      const c = p?.status?.containerStatuses?.find((s) => s.state.terminated?.exitCode === code);
      this.finish('Failed', 'PodFailurePolicy', `Container ${c?.name ?? ''} for pod ${this.ns}/${p?.metadata.name ?? ''} failed with exit code ${code ?? ''} matching FailJob rule at index 0`, active, status);
      return this.write(status);
    }
    if (failed + restarts > spec.backoffLimit) {
      this.finish('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', active, status);
      return this.write(status);
    }
    if (spec.activeDeadlineSeconds !== undefined) {
      const deadline = start + spec.activeDeadlineSeconds * 1000;
      if (this.now >= deadline) {
        this.finish('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline', active, status);
        return this.write(status);
      }
      this.ctx.requeueAt(deadline);
    }
    // success
    const completions: number | undefined = spec.completions ?? undefined;
    const done = completions !== undefined ? (indexed ? new Set(completedIndexes).size >= completions : succeeded >= completions) : succeeded > 0 && active.length === 0;
    if (done) {
      this.finish('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', active, status);
      return this.write(status);
    }
    // how many pods should run now
    let want = spec.parallelism ?? 1;
    if (completions !== undefined) want = Math.min(want, completions - (indexed ? new Set(completedIndexes).size : succeeded));
    else if (succeeded > 0) want = 0;
    const backoffUntil = failed > 0 && this.data.lastFailure[uid] !== undefined ? this.data.lastFailure[uid] + Math.min(POD_BACKOFF_MS * 2 ** (failed - 1), MAX_POD_BACKOFF_MS) : 0;
    const diff = want - active.length;
    // podReplacementPolicy Failed: a replacement waits until the terminating pod is gone
    const mayReplace = spec.podReplacementPolicy !== 'Failed' || terminating.length === 0;
    if (diff > 0 && mayReplace) {
      if (this.now < backoffUntil) this.ctx.requeueAt(backoffUntil);
      else if (indexed) {
        const busy = new Set([...active, ...all.filter((p) => counted[p.metadata.uid!] === 'S')].map((p) => Number(p.metadata.annotations?.[INDEX_ANNOTATION])));
        let made = 0;
        for (let i = 0; i < (completions ?? 0) && made < diff; i++) {
          if (busy.has(i)) continue;
          this.newPod(i);
          made++;
        }
      } else {
        for (let i = 0; i < diff; i++) this.newPod(undefined);
      }
    } else if (diff < 0) {
      this.deletePods(active.slice(diff));
    }
    const activeNow = this.pods().filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    if (activeNow) status.active = activeNow;
    else delete status.active;
    this.write(status);
  }

  private write(status: Obj): void {
    const cur = this.ctx.api.tryGet<Job>(JOBS, this.ns, this.job.metadata.name!);
    if (cur) this.job = writeStatus(this.ctx.api, cur, status);
  }
}

export const jobController: Controller = {
  name: 'job',
  sync(ctx) {
    const data = jobData(ctx);
    const live = new Set<string>();
    for (const job of ctx.api.list<Job>(JOBS)) {
      live.add(job.metadata.uid!);
      if (job.metadata.deletionTimestamp) continue;
      if (isJobFinished(job)) {
        // TTL-after-finished controller
        const ttl = job.spec.ttlSecondsAfterFinished;
        const fin = finishTime(job);
        if (ttl !== undefined && fin !== undefined) {
          if (ctx.clock.nowMs() >= fin + ttl * 1000) ctx.api.delete(JOBS, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
          else ctx.requeueAt(fin + ttl * 1000);
        }
        continue;
      }
      new JobSync(ctx, data, job).run();
    }
    for (const uid of Object.keys(data.counted)) if (!live.has(uid)) delete data.counted[uid];
    for (const k of Object.keys(data.lastFailure)) if (!live.has(k.split('/')[0])) delete data.lastFailure[k];
  },
};
