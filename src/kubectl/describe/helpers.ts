// Helpers shared by all describers, transcribed from kubectl describe.go: multi-line labels/annotations/tolerations/
// taints, "Controlled By", the events search and Events table, and the EndpointSlice "Endpoints:" formatting.

import type { Event, EndpointSlice, KubeObject, OwnerReference, Toleration } from '../../cluster/apiserver/types.js';
import { goSort } from './gosort.js';
import type { PrefixWriter } from './tabbed.js';
import { parseTime, since } from './time.js';

export interface DescribeContext {
  now: Date;
  /** all objects of a resource key ('pods', 'events', 'endpointslices.discovery.k8s.io', 'replicasets.apps', ...),
   * optionally in one namespace, sorted by namespace/name */
  list(resourceKey: string, namespace?: string): KubeObject[];
  /** show events (default true; --show-events=false) */
  showEvents: boolean;
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

const byteLen = (s: string) => Buffer.byteLength(s, 'utf8');

export function stringOrNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** Go's %v of a bool. */
export function goBool(b: unknown): string {
  return b ? 'true' : 'false';
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

function shorten(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length > max) return b.subarray(0, max).toString('utf8') + '...';
  return s;
}

/** printAnnotationsMultiline: last-applied-configuration skipped; long or multi-line values folded. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    let value = annotations![key];
    if (value.endsWith('\n')) value = value.slice(0, -1);
    if (byteLen(value) + byteLen(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

export type { Toleration };

/** printTolerationsMultilineWithIndent. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = goSort([...tolerations], (a, b) => (a.key ?? '') < (b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    const key = t.key ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    let s = key;
    if (value) s += `=${value}`;
    if (effect) s += `:${effect}`;
    if (t.operator === 'Exists' && !value) s += key || effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** printTaintsMultilineWithIndent: sorted by effect+","+key, each `taint.ToString()`. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const cmpKey = (t: Taint) => `${t.effect},${t.key}`;
  const sorted = goSort([...taints], (a, b) => cmpKey(a) < cmpKey(b));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`}\n`);
  });
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** printController: `Kind/name` of the controlling owner, or ''. */
export function printController(obj: KubeObject): string {
  const ref = controllerRef(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

export interface EventQuery {
  name: string;
  namespace?: string;
  /** involvedObject.kind to match; omitted for pods (kubectl clears it) */
  kind?: string;
  /** involvedObject.uid to match */
  uid?: string;
}

/** searchEvents: the events whose involvedObject matches the field selector kubectl builds, in list order. */
export function searchEvents(ctx: DescribeContext, q: EventQuery): Event[] {
  const ns = q.namespace ?? '';
  const events = ctx.list('events', ns || undefined) as Event[];
  return events.filter((e) => {
    const io = e.involvedObject ?? {};
    if ((io.name ?? '') !== q.name) return false;
    if ((io.namespace ?? '') !== ns) return false;
    if (q.kind && (io.kind ?? '') !== q.kind) return false;
    if (q.uid && (io.uid ?? '') !== q.uid) return false;
    return true;
  });
}

/** The standard query for an object: name, namespace, kind and uid. */
export function eventQueryFor(obj: KubeObject): EventQuery {
  return { name: obj.metadata.name ?? '', namespace: obj.metadata.namespace, kind: obj.kind, uid: obj.metadata.uid };
}

/**
 * The interval kubectl shows for an event (describe's Age, `kubectl events`' LAST SEEN): its age, or for a repeated
 * event `LAST (xN over FIRST)`, from the series when there is one.
 */
export function eventInterval(e: Event, now: Date): string {
  const first = parseTime(e.eventTime) === undefined ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  const series = e.series as { count?: number; lastObservedTime?: string } | undefined | null;
  if (series) return `${since(series.lastObservedTime, now)} (x${series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** DescribeEvents: `Events:\t<none>` or (after a flush) the sorted Type/Reason/Age/From/Message table. */
export function describeEvents(w: PrefixWriter, events: Event[], now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = goSort([...events], (a, b) => (parseTime(a.lastTimestamp) ?? -Infinity) < (parseTime(b.lastTimestamp) ?? -Infinity));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const interval = eventInterval(e, now);
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** Events section of a describer: only when events are shown. */
export function writeEvents(w: PrefixWriter, ctx: DescribeContext, q: EventQuery | EventQuery[]): void {
  if (!ctx.showEvents) return;
  const queries = Array.isArray(q) ? q : [q];
  describeEvents(w, queries.flatMap((x) => searchEvents(ctx, x)), ctx.now);
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpointSlices (pass `ports` = null for all ports), including its "+ N more..." counting quirk. */
export function formatEndpointSlices(slices: EndpointSlice[], ports: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const isReady = (ep: (typeof endpoints)[number]) => ep.conditions?.ready === undefined || ep.conditions?.ready === null || ep.conditions.ready === true;
    if (!slice.ports || slice.ports.length === 0) {
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(ep)) continue;
        if (!more) list.push(ep.addresses[0]);
        count++;
      }
    } else {
      for (const port of slice.ports) {
        if (ports === null || ports.has(port.name ?? '')) {
          for (const ep of endpoints) {
            if (list.length === max) more = true;
            const addr = ep.addresses[0];
            if (!isReady(ep)) continue;
            if (!more) list.push(joinHostPort(addr, port.port ?? 0));
            count++;
          }
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** The EndpointSlices of a service (label kubernetes.io/service-name), in list order. */
export function slicesForService(ctx: DescribeContext, namespace: string, name: string): EndpointSlice[] {
  return (ctx.list('endpointslices.discovery.k8s.io', namespace) as EndpointSlice[]).filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === name,
  );
}
