// Row functions of the server-side table printers (printers.go) for nodes and events.

import { parseTimestamp, translateTimestampSince } from './duration.js';
import { age } from './table-types.js';

// ------------------------------------------------------------------ nodes

export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

export function nodeRow(node: any, now: Date): string[] {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c: any) => c.type === 'Ready').pop();
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = nodeRoles(node.metadata?.labels).join(',') || '<none>';
  const info = node.status?.nodeInfo ?? {};
  const addr = (type: string) => (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
  return [
    node.metadata.name,
    status.join(','),
    roles,
    age(node, now),
    info.kubeletVersion ?? '',
    addr('InternalIP'),
    addr('ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

// ------------------------------------------------------------------ events

export function eventRow(ev: any, now: Date): string[] {
  let first = translateTimestampSince(ev.firstTimestamp, now);
  if (parseTimestamp(ev.firstTimestamp) === null) first = translateTimestampSince(ev.eventTime, now);
  let last = translateTimestampSince(ev.lastTimestamp, now);
  if (parseTimestamp(ev.lastTimestamp) === null) last = first;
  let count: number = ev.count ?? 0;
  if (ev.series) {
    last = translateTimestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  const io = ev.involvedObject ?? {};
  const kind = String(io.kind ?? '').toLowerCase();
  const target = io.name ? `${kind}/${io.name}` : kind;
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  const source = host ? `${component}, ${host}` : component;
  return [last, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', source, String(ev.message ?? '').trim(), first, String(count), ev.metadata.name];
}

