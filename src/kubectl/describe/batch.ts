// `kubectl describe` for batch/v1: Job and CronJob (describe.go describeJob, describeCronJob, describeJobTemplate,
// printActiveJobs, capIndexesListOrNone).

import type { KubeObject, LabelSelector } from '../../cluster/apiserver/types.js';
import { formatSelector, fromLabelSelector } from '../../cluster/apiserver/labels.js';
import { humanDuration } from '../printers/duration.js';
import { describePodTemplate } from './containers.js';
import { type DescribeContext, LEVEL_0, eventQueryFor, printAnnotationsMultiline, printController, printLabelsMultiline, writeEvents } from './helpers.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { parseTime, rfc1123z } from './time.js';

type Any = Record<string, any>;

function selectorString(sel: LabelSelector | undefined): string {
  const reqs = fromLabelSelector(sel);
  return reqs ? formatSelector(reqs) : '';
}

/** capIndexesListOrNone: the completed indexes, cut after the first comma past softLimit characters. */
export function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return `${indexes.slice(0, ix + 1)}...`;
}

export function describeJob(job: KubeObject, ctx: DescribeContext): string {
  const spec = (job.spec ?? {}) as Any;
  const st = (job.status ?? {}) as Any;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const by = printController(job);
    if (by) w.write(LEVEL_0, `Controlled By:\t${by}\n`);
    if (spec.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
    if (spec.completionMode !== undefined) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
    if (st.startTime && st.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(parseTime(st.completionTime)! - parseTime(st.startTime)!)}\n`);
    if (spec.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    if (st.ready === undefined) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(st.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w);
    writeEvents(w, ctx, eventQueryFor(job));
  });
}

function describeJobTemplate(tmpl: Any | undefined, w: PrefixWriter): void {
  const spec = (tmpl?.spec ?? {}) as Any;
  w.write(LEVEL_0, `Selector:\t${spec.selector ? selectorString(spec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${spec.parallelism ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec.template, w);
}

export function describeCronJob(cj: KubeObject, ctx: DescribeContext): string {
  const spec = (cj.spec ?? {}) as Any;
  const st = (cj.status ?? {}) as Any;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
    describeJobTemplate(spec.jobTemplate, w);
    w.write(LEVEL_0, `Last Schedule Time:\t${st.lastScheduleTime ? rfc1123z(st.lastScheduleTime) : '<unset>'}\n`);
    const active = (st.active ?? []) as Any[];
    w.write(LEVEL_0, `Active Jobs:\t${active.length ? active.map((j) => j.name).join(', ') : '<none>'}\n`);
    writeEvents(w, ctx, eventQueryFor(cj));
  });
}
