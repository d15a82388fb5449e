// `kubectl events` (cmd/events/events.go and event_printer.go of v1.32): the namespace's (or, with -A, every
// namespace's) Events sorted by time, filtered by `--for TYPE/NAME` (the involvedObject.kind/name field selector)
// and `--types`, printed as LAST SEEN / TYPE / REASON / OBJECT / MESSAGE.

import type { Event } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { goSort } from '../describe/gosort.js';
import { eventInterval } from '../describe/helpers.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { parseTimestamp } from '../printers/duration.js';
import { tabwrite } from '../printers/tabwriter.js';
import { tryResolveType } from '../resolve.js';

/** eventTime(): the instant kubectl sorts by (the series' last observation, else lastTimestamp, else eventTime). */
function sortTime(e: Event): number {
  const series = e.series as { lastObservedTime?: string } | undefined | null;
  if (series) return parseTimestamp(series.lastObservedTime) ?? -Infinity;
  return parseTimestamp(e.lastTimestamp) ?? parseTimestamp(e.eventTime) ?? -Infinity;
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
export function renderEvents(events: readonly Event[], o: EventTableOptions): string {
  let text = '';
  if (!o.noHeaders) text += `${o.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const e of events) {
    if (o.allNamespaces) text += `${e.metadata.namespace ?? ''}\t`;
    text += `${eventInterval(e, new Date(o.nowMs))}\t${cell(e.type)}\t${cell(e.reason)}\t${cell(e.involvedObject?.kind)}/${cell(e.involvedObject?.name)}\t${cell((e.message ?? '').trim())}\n`;
  }
  return tabwrite(text);
}

/** The events kubectl would list, in the API's order: type filter (case-insensitive), then Go's sort.Sort by time. */
export function selectEvents(events: readonly Event[], types: string[], forObject?: { kind: string; name: string }): Event[] {
  const wanted = types.map((t) => t.toLowerCase());
  const picked = events.filter(
    (e) =>
      (wanted.length === 0 || wanted.includes((e.type ?? '').toLowerCase())) &&
      (!forObject || (e.involvedObject?.kind === forObject.kind && e.involvedObject?.name === forObject.name)),
  );
  // sort.Sort is not stable: ties (common on the virtual clock) land where Go's pdqsort puts them
  return goSort(picked, (a, b) => sortTime(a) < sortTime(b));
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
    const events = selectEvents(ctx.api.list<Event>('events', all ? undefined : ctx.namespace), types, forObject);
    if (events.length === 0) {
      ctx.err(all ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    ctx.out(renderEvents(events, { allNamespaces: all, noHeaders: bool(args, 'no-headers'), nowMs: ctx.now().getTime() }));
    return 0;
  },
};

export default verb;
