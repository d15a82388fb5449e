// batch/v1 strategies: Job and CronJob. Defaults from pkg/apis/batch/v1/defaults.go and the job strategy's
// generated selector (pkg/registry/batch/job/strategy.go: batch.kubernetes.io/controller-uid and job-name labels
// on the template, the job and the selector), validation from pkg/apis/batch/validation (restart policy,
// completions/parallelism/backoffLimit bounds, Indexed completions, the cron schedule and time zone), and the
// immutable template on update.

import { CronExpressionParser } from 'cron-parser';
import { field, type FieldCause } from '../errors.js';
import type { KubeObject, PodTemplateSpec } from '../types.js';
import { defaultTemplate, validatePodTemplateSpec } from './podspec.js';
import type { Strategy } from './strategy.js';
import { dedupe, validateNonnegative, validateObjectMetaUpdate } from './validation.js';

type Obj = Record<string, any>;

const UID_LABEL = 'batch.kubernetes.io/controller-uid';
const NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_UID_LABEL = 'controller-uid';
const LEGACY_NAME_LABEL = 'job-name';

const stable = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

/** SetDefaults_Job (the part that does not depend on the object's identity). */
export function defaultJobSpec(spec: Obj): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  if (spec.backoffLimit === undefined) spec.backoffLimit = spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(spec.template);
}

/** generateSelectorIfNeeded: the job's own uid selects its pods. */
function generateSelector(job: KubeObject): void {
  const spec = job.spec as Obj;
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...(spec.template.metadata.labels ?? {}),
    [UID_LABEL]: uid,
    [NAME_LABEL]: name,
    [LEGACY_UID_LABEL]: uid,
    [LEGACY_NAME_LABEL]: name,
  };
  spec.selector = { matchLabels: { [UID_LABEL]: uid } };
  spec.manualSelector = false;
}

function defaultJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  generateSelector(obj);
  defaultJobSpec(spec);
  if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) {
    const labels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
    if (Object.keys(labels).length) obj.metadata.labels = { ...labels };
  }
}

/** ValidateJobSpec (the checks a learner meets). */
export function validateJobSpec(spec: Obj | undefined, path: string, topLevel: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  if (!spec) return [field.required(path)];
  out.push(...validateNonnegative(spec.parallelism, `${path}.parallelism`));
  out.push(...validateNonnegative(spec.completions, `${path}.completions`));
  out.push(...validateNonnegative(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  out.push(...validateNonnegative(spec.backoffLimit, `${path}.backoffLimit`));
  out.push(...validateNonnegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') out.push(field.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed') {
    if (spec.completions === undefined || spec.completions === null) out.push(field.required(`${path}.completions`, `when completion mode is Indexed`));
    else if (spec.completions > 100000) out.push(field.invalid(`${path}.completions`, spec.completions, 'must be less than or equal to 100000 when completion mode is Indexed'));
  }
  if (spec.podReplacementPolicy !== undefined && spec.podReplacementPolicy !== 'TerminatingOrFailed' && spec.podReplacementPolicy !== 'Failed') {
    out.push(field.notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']));
  }
  const t = spec.template as PodTemplateSpec | undefined;
  if (!t) out.push(field.required(`${path}.template`));
  else {
    out.push(...validatePodTemplateSpec(t, `${path}.template`));
    const rp = t.spec?.restartPolicy;
    if (rp !== 'OnFailure' && rp !== 'Never') out.push(field.notSupported(`${path}.template.spec.restartPolicy`, rp ?? '', ['OnFailure', 'Never']));
  }
  void topLevel;
  return out;
}

function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  const spec = obj.spec as Obj;
  const o = old.spec as Obj;
  if (stable(spec.selector) !== stable(o.selector)) out.push(field.invalid('spec.selector', spec.selector, 'field is immutable'));
  if (stable(spec.template) !== stable(o.template)) out.push(field.invalid('spec.template', spec.template, 'field is immutable'));
  if (spec.completionMode !== o.completionMode) out.push(field.invalid('spec.completionMode', spec.completionMode, 'field is immutable'));
  out.push(...validateJobSpec(spec, 'spec', true).filter((c) => !c.field.startsWith('spec.template')));
  return dedupe(out);
}

export const jobStrategy: Strategy = {
  defaults: defaultJob,
  defaultsUpdate(obj) {
    defaultJobSpec((obj.spec ??= {}) as Obj);
  },
  validate: (obj) => dedupe(validateJobSpec(obj.spec as Obj, 'spec', true)),
  validateUpdate: validateJobUpdate,
  initialStatus(obj) {
    obj.status = {};
  },
};

// ---------------------------------------------------------------- CronJob

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** robfig/cron's bounds per field: minute, hour, day of month, month, day of week. */
const BOUNDS: Array<{ min: number; max: number; names?: string[]; base?: number }> = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, base: 1 },
  { min: 0, max: 6, names: DAYS, base: 0 },
];

function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: (typeof BOUNDS)[number]): number {
  const i = b.names?.indexOf(expr.toLowerCase()) ?? -1;
  if (i >= 0) return i + (b.base ?? 0);
  return mustParseInt(expr);
}

/** robfig/cron getRange: one comma-separated element of a field. */
function checkRange(expr: string, b: (typeof BOUNDS)[number]): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (single) end = b.max;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
}

/** cron.ParseStandard's verdict on a schedule (robfig/cron v3, as kube-apiserver validates it), or undefined. */
export function scheduleError(schedule: string): string | undefined {
  if (/^\s*(CRON_TZ|TZ)=/.test(schedule)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  const s = schedule.trim();
  if (s === '') return 'empty spec string';
  const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
  if (s.startsWith('@')) {
    if (descriptors.includes(s)) return undefined;
    const every = /^@every (.*)$/.exec(s);
    if (every) return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(every[1]) ? undefined : `failed to parse duration ${s}: time: invalid duration ${JSON.stringify(every[1])}`;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  try {
    fields.forEach((f, i) => f.split(',').forEach((r) => checkRange(r, BOUNDS[i])));
    CronExpressionParser.parse(s, { tz: 'UTC' });
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz !== '' && !/^\s|\s$/.test(tz) && tz !== 'Local';
  } catch {
    return false;
  }
}

function validateCronJob(obj: KubeObject): FieldCause[] {
  const spec = (obj.spec ?? {}) as Obj;
  const out: FieldCause[] = [];
  if (!spec.schedule) out.push(field.required('spec.schedule'));
  else {
    const err = scheduleError(spec.schedule);
    if (err) out.push(field.invalid('spec.schedule', spec.schedule, err));
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null && !validTimeZone(spec.timeZone)) {
    out.push(field.invalid('spec.timeZone', spec.timeZone, 'unknown time zone ' + spec.timeZone));
  }
  const cp = spec.concurrencyPolicy;
  if (cp !== undefined && !['Allow', 'Forbid', 'Replace'].includes(cp)) out.push(field.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  out.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  out.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  out.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  const name = obj.metadata.name ?? '';
  // the controller appends "-<11 digits>" to the name of each Job it makes
  if (name.length > 52) out.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'));
  out.push(...validateJobSpec(spec.jobTemplate?.spec, 'spec.jobTemplate.spec', false));
  return out;
}

function defaultCronJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= {};
  spec.jobTemplate.metadata ??= {};
  if (spec.jobTemplate.metadata.creationTimestamp === undefined) spec.jobTemplate.metadata.creationTimestamp = null;
  spec.jobTemplate.spec ??= {};
  const js = spec.jobTemplate.spec as Obj;
  if (js.completions === undefined && js.parallelism === undefined) {
    // SetDefaults_Job applies to the template too, minus the selector
    js.completions = 1;
    js.parallelism = 1;
  }
  js.parallelism ??= 1;
  js.backoffLimit ??= 6;
  js.completionMode ??= 'NonIndexed';
  js.suspend ??= false;
  js.podReplacementPolicy ??= js.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(js.template);
}

export const cronJobStrategy: Strategy = {
  defaults: defaultCronJob,
  defaultsUpdate: defaultCronJob,
  validate: (obj) => dedupe(validateCronJob(obj)),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateCronJob(obj).filter((c) => !c.field.startsWith('metadata.'))]),
  initialStatus(obj) {
    obj.status = {};
  },
};

export const JOB_LABELS = { UID_LABEL, NAME_LABEL, LEGACY_UID_LABEL, LEGACY_NAME_LABEL };
