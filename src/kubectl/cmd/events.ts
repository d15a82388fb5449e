// `kubectl events` (cmd/events/events.go and event_printer.go of v1.32): the namespace's (or, with -A, every
// namespace's) Events sorted by time, filtered by `--for TYPE/NAME` (the involvedObject.kind/name field selector)
// and `--types`, printed as LAST SEEN / TYPE / REASON / OBJECT / MESSAGE.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { humanDuration, parseTimestamp } from '../printers/duration.js';
import { tabwrite } from '../printers/tabwriter.js';
import { tryResolveType } from '../resolve.js';

interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  involvedObject?: { kind?: string; name?: string };
}

/** eventTime(): the instant kubectl sorts by (series last observation, else lastTimestamp, else eventTime). */
function sortTime(e: EventObject): number {
  if (e.series) return parseTimestamp(e.series.lastObservedTime) ?? 0;
  return parseTimestamp(e.lastTimestamp) ?? parseTimestamp(e.eventTime) ?? 0;
}

function since(ts: string | null | undefined, nowMs: number): string {
  const t = parseTimestamp(ts);
  return t === null ? '<unknown>' : humanDuration(nowMs - t);
}

/** getInterval(): "5s", or "5s (x3 over 2m)" for a repeated event. */
function interval(e: EventObject, nowMs: number): string {
  const first = e.eventTime ? since(e.eventTime, nowMs) : since(e.firstTimestamp, nowMs);
  if (e.series) return `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
  return first;
}

/** escapeCell(): a cell is cut at the first form feed or line break. */
function cell(s: string | undefined): string {
  const text = s ?? '';
  const i = text.search(/[\f\n\r]/);
  return i >= 0 ? `${text.slice(0, i)}...` : text;
}

export interface EventTableOptions {
  allNamespaces: boolean;
  noHeaders: boolean;
  nowMs: number;
}

/** The EventPrinter's table for events already filtered and sorted. */
export function renderEvents(events: readonly EventObject[], o: EventTableOptions): string {
  let text = '';
  if (!o.noHeaders) text += `${o.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const e of events) {
    if (o.allNamespaces) text += `${e.metadata.namespace ?? ''}\t`;
    text += `${interval(e, o.nowMs)}\t${cell(e.type)}\t${cell(e.reason)}\t${cell(e.involvedObject?.kind)}/${cell(e.involvedObject?.name)}\t${cell((e.message ?? '').trim())}\n`;
  }
  return tabwrite(text);
}

/** The events kubectl would list: type filter (case-insensitive), then a stable sort by time. */
export function selectEvents(events: readonly EventObject[], types: string[], forObject?: { kind: string; name: string }): EventObject[] {
  const wanted = types.map((t) => t.toLowerCase());
  const picked = events.filter(
    (e) =>
      (wanted.length === 0 || wanted.includes((e.type ?? '').toLowerCase())) &&
      (!forObject || (e.involvedObject?.kind === forObject.kind && e.involvedObject?.name === forObject.name)),
  );
  return picked.map((e, i) => ({ e, i })).sort((a, b) => sortTime(a.e) - sortTime(b.e) || a.i - b.i).map(({ e }) => e);
}

function forObjectOf(text: string): { kind: string; name: string } | undefined {
  if (text === '') return undefined;
  if (!text.includes('/')) throw new KubectlError('error: --for must be in resource/name form');
  const seg = text.split('/');
  if (seg.length !== 2) throw new KubectlError('error: arguments in resource/name form may not have more than one slash');
  const info = tryResolveType(seg[0]);
  if (!info) throw new KubectlError(`error: no matches for /, Resource=${seg[0]}`);
  return { kind: info.kind, name: seg[1] };
}

const verb: Verb = {
  name: 'events',
  readOnly: true,
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'for', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    // the EventList through the generic printers, and the watch, are not simulated yet: refused, never ignored
    { name: 'output', short: 'o', type: 'string', unsimulated: true },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string', unsimulated: true },
    { name: 'types', type: 'stringSlice' },
    { name: 'watch', short: 'w', type: 'bool', unsimulated: true },
  ],
  run(ctx: KubectlContext, args: ParsedArgs) {
    const all = bool(args, 'all-namespaces');
    const forObject = forObjectOf(str(args, 'for'));
    const types = list(args, 'types');
    if (types.some((t) => t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning')) throw new KubectlError('error: valid --types are Normal or Warning');
    const events = selectEvents(ctx.api.list<EventObject>('events', all ? undefined : ctx.namespace), types, forObject);
    if (events.length === 0) {
      ctx.err(all ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    ctx.out(renderEvents(events, { allNamespaces: all, noHeaders: bool(args, 'no-headers'), nowMs: ctx.now().getTime() }));
    return 0;
  },
};

export default verb;
