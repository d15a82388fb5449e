// CronJob controller (pkg/controller/cronjob, the v2 controller): at each scheduled instant on the cluster clock
// (cron syntax parsed by cron-parser, in spec.timeZone or UTC) it creates a Job `<cronjob>-<minutes since the
// epoch>` from the jobTemplate, honouring suspend, concurrencyPolicy (Allow, Forbid, Replace),
// startingDeadlineSeconds and the 100-missed-starts cut-off, keeps status.active/lastScheduleTime/
// lastSuccessfulTime, trims finished Jobs to the history limits, and asks to be woken at the next schedule.

import { CronExpressionParser } from 'cron-parser';
import type { KubeObject, ObjectReference } from '../apiserver/types.js';
import { rfc3339 } from '../state/clock.js';
import type { Controller, ControllerContext } from './controller.js';
import { isJobFinished } from './job.js';
import { controllerRef, isControlledBy, writeStatus } from './util.js';

type Obj = Record<string, any>;
type CronJob = KubeObject & { spec: Obj; status?: Obj };
type Job = KubeObject & { spec: Obj; status?: Obj };

const SOURCE = { component: 'cronjob-controller' };
const CRONJOBS = 'cronjobs.batch';
const JOBS = 'jobs.batch';
export const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Scheduled instants in (after, until], at most `limit` + 1 of them (to tell "too many"). */
export function scheduleTimes(schedule: string, timeZone: string | undefined, after: number, until: number, limit = 100): number[] {
  const s = schedule.trim();
  const everyMatch = /^@every\s+(\S+)$/.exec(s);
  const out: number[] = [];
  if (everyMatch) {
    const ms = goDurationMs(everyMatch[1]);
    if (!ms) return out;
    for (let t = after + ms; t <= until && out.length <= limit; t += ms) out.push(t);
    return out;
  }
  const expr = s === '@midnight' ? '@daily' : s;
  const it = CronExpressionParser.parse(expr, { currentDate: new Date(after), tz: timeZone || 'UTC' });
  while (out.length <= limit) {
    let next: number;
    try {
      next = it.next().getTime();
    } catch {
      break;
    }
    if (next > until) break;
    out.push(next);
  }
  return out;
}

/** The next scheduled instant after `after`. */
export function nextSchedule(schedule: string, timeZone: string | undefined, after: number): number | undefined {
  const s = schedule.trim();
  const everyMatch = /^@every\s+(\S+)$/.exec(s);
  if (everyMatch) {
    const ms = goDurationMs(everyMatch[1]);
    return ms ? after + ms : undefined;
  }
  try {
    return CronExpressionParser.parse(s === '@midnight' ? '@daily' : s, { currentDate: new Date(after), tz: timeZone || 'UTC' }).next().getTime();
  } catch {
    return undefined;
  }
}

function goDurationMs(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 } as Record<string, number>)[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && total > 0 ? total : undefined;
}

function jobRef(job: Job): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
}

function finishedKind(job: Job): 'Complete' | 'Failed' | undefined {
  const c = (job.status?.conditions ?? []).find((x: Obj) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type;
}

/** A Job from the CronJob's template, as getJobFromTemplate2 builds it. */
export function jobFromTemplate(cj: CronJob, scheduled: number): Job {
  const tmpl = (cj.spec.jobTemplate ?? {}) as Obj;
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60000)}`;
  const labels = { ...(tmpl.metadata?.labels ?? {}) };
  const annotations = { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_ANNOTATION]: rfc3339(scheduled) };
  const metadata: Obj = { name, namespace: cj.metadata.namespace, annotations, ownerReferences: [controllerRef(cj)] };
  if (Object.keys(labels).length) metadata.labels = labels;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: JSON.parse(JSON.stringify(tmpl.spec ?? {})) };
}

function syncCronJob(ctx: ControllerContext, cj: CronJob): void {
  const { api } = ctx;
  const ns = cj.metadata.namespace!;
  const now = ctx.clock.nowMs();
  const jobs = api.list<Job>(JOBS, ns).filter((j) => isControlledBy(j, cj));
  const status: Obj = { ...(cj.status ?? {}) };
  // finished jobs leave the active list (SawCompletedJob), and the last success is noted
  const activeRefs = ((status.active ?? []) as ObjectReference[]).filter((r) => jobs.some((j) => j.metadata.uid === r.uid));
  for (const j of jobs) {
    const kind = finishedKind(j);
    const inActive = activeRefs.some((r) => r.uid === j.metadata.uid);
    if (kind && inActive) {
      api.recordEvent(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${kind}`, SOURCE);
      if (kind === 'Complete' && j.status?.completionTime) {
        if (!status.lastSuccessfulTime || j.status.completionTime > status.lastSuccessfulTime) status.lastSuccessfulTime = j.status.completionTime;
      }
    }
  }
  let active = activeRefs.filter((r) => !jobs.some((j) => j.metadata.uid === r.uid && isJobFinished(j)));
  for (const j of jobs) if (!isJobFinished(j) && !active.some((r) => r.uid === j.metadata.uid)) active.push(jobRef(j));
  // history limits: the oldest finished jobs go first
  const trim = (kind: 'Complete' | 'Failed', limit: number | undefined) => {
    if (limit === undefined || limit === null) return;
    const done = jobs.filter((j) => finishedKind(j) === kind).sort((a, b) => (a.status?.startTime ?? a.metadata.creationTimestamp ?? '').localeCompare(b.status?.startTime ?? b.metadata.creationTimestamp ?? ''));
    for (const j of done.slice(0, Math.max(0, done.length - limit))) {
      api.delete(JOBS, ns, j.metadata.name!, { propagationPolicy: 'Background' });
      api.recordEvent(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
    }
  };
  trim('Complete', cj.spec.successfulJobsHistoryLimit);
  trim('Failed', cj.spec.failedJobsHistoryLimit);

  const schedule = cj.spec.schedule as string;
  const tz = cj.spec.timeZone as string | undefined;
  const last = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : Date.parse(cj.metadata.creationTimestamp ?? rfc3339(now));
  if (!cj.spec.suspend) {
    let earliest = last;
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now - deadline * 1000);
    const times = scheduleTimes(schedule, tz, earliest, now);
    if (times.length > 100) {
      api.recordEvent(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', SOURCE);
    }
    const scheduled = times.at(-1);
    if (scheduled !== undefined) {
      const policy = cj.spec.concurrencyPolicy ?? 'Allow';
      if (policy === 'Forbid' && active.length) {
        api.recordEvent(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
        status.lastScheduleTime = rfc3339(scheduled);
      } else {
        if (policy === 'Replace') {
          for (const r of active) {
            const j = jobs.find((x) => x.metadata.uid === r.uid);
            if (!j) continue;
            api.delete(JOBS, ns, j.metadata.name!, { propagationPolicy: 'Background' });
            api.recordEvent(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
          }
          active = [];
        }
        const job = jobFromTemplate(cj, scheduled);
        if (!api.tryGet(JOBS, ns, job.metadata.name!)) {
          const created = api.create<Job>(job);
          api.recordEvent(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, SOURCE);
          active.push(jobRef(created));
        }
        status.lastScheduleTime = rfc3339(scheduled);
      }
    }
    const next = nextSchedule(schedule, tz, Math.max(now, scheduled ?? now));
    if (next !== undefined) ctx.requeueAt(next);
  }
  if (active.length) status.active = active;
  else delete status.active;
  const cur = api.tryGet<CronJob>(CRONJOBS, ns, cj.metadata.name!);
  if (cur) writeStatus(api, cur, status);
}

export const cronJobController: Controller = {
  name: 'cronjob',
  sync(ctx) {
    for (const cj of ctx.api.list<CronJob>(CRONJOBS)) {
      if (cj.metadata.deletionTimestamp) continue;
      syncCronJob(ctx, cj);
    }
  },
};
