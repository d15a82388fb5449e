// Container logs as the container runtime keeps them: the image's start-up lines (derived from the container's
// start time, so the kubelet need not write them) followed by the lines written since (access logs...), kept in
// cluster data under `containerLogs["<ns>/<pod>/<container>"]` and tied to the pod UID so a recreated pod with the
// same name starts a fresh log.

import type { ApiServer } from '../apiserver/server.js';
import type { ContainerStatus, Node, Pod } from '../apiserver/types.js';
import { startupLogs } from './images/index.js';
import type { TimedLogWrite } from './images/types.js';

/** One stored line: [ms, stream 'o'|'e', text]. */
type StoredLine = [number, 'o' | 'e', string];

interface StoredLog {
  uid: string;
  lines: StoredLine[];
}

type LogStore = Record<string, StoredLog>;

function key(pod: Pod, container: string): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}/${container}`;
}

/** Appends a line to a container's log (stdout by default). Caller sets cluster.touched. */
export function appendContainerLog(data: Record<string, unknown>, pod: Pod, container: string, ms: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  const store = (data.containerLogs ??= {}) as LogStore;
  const k = key(pod, container);
  const uid = pod.metadata.uid ?? '';
  let entry = store[k];
  if (!entry || entry.uid !== uid) entry = store[k] = { uid, lines: [] };
  entry.lines.push([ms, stream === 'stdout' ? 'o' : 'e', text]);
  // the kubelet rotates container logs (containerLogMaxSize 10Mi); keep the state file bounded the same way
  if (entry.lines.length > MAX_STORED_LINES) entry.lines.splice(0, entry.lines.length - MAX_STORED_LINES);
}

/** Lines kept per container (older ones are rotated away). */
export const MAX_STORED_LINES = 5000;

/** The status of a container or an init container of the pod. */
function statusOf(pod: Pod, container: string): ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((c) => c.name === container) ?? (pod.status?.initContainerStatuses as ContainerStatus[] | undefined)?.find((c) => c.name === container);
}

/** When the container started (ms), or undefined if it never ran. */
export function containerStartMs(pod: Pod, container: string): number | undefined {
  const st = statusOf(pod, container);
  const started = st?.state?.running?.startedAt ?? st?.state?.terminated?.startedAt;
  if (started) return Date.parse(started);
  if (st) return undefined;
  // no container status written (yet): a Running pod's start time stands in
  if (pod.status?.phase === 'Running') {
    const t = pod.status.startTime ?? pod.metadata.creationTimestamp;
    return t ? Date.parse(t) : undefined;
  }
  return undefined;
}

/** Until when the container ran: its finish time if it terminated, else the read time. */
function endOf(pod: Pod, container: string, nowMs: number | undefined): number | undefined {
  const st = statusOf(pod, container);
  const fin = st?.state?.terminated?.finishedAt;
  if (fin) return Date.parse(fin) + 999;
  return nowMs;
}

/**
 * The window [start, end] of the container run whose log is read: the current run (or, while the container waits
 * to restart, the run that just ended, as the runtime still has it), or the previous one (`logs --previous`).
 */
export function runWindow(pod: Pod, container: string, which: 'current' | 'previous', nowMs?: number): { start: number; end?: number } | undefined {
  const st = statusOf(pod, container);
  const last = (st?.lastState as { terminated?: { startedAt?: string; finishedAt?: string } } | undefined)?.terminated;
  if (which === 'previous') {
    if (!last?.startedAt) return undefined;
    return { start: Date.parse(last.startedAt), end: last.finishedAt ? Date.parse(last.finishedAt) + 999 : undefined };
  }
  const start = containerStartMs(pod, container);
  if (start !== undefined) return { start, end: endOf(pod, container, nowMs) };
  if (st?.state?.waiting && last?.startedAt) return { start: Date.parse(last.startedAt), end: last.finishedAt ? Date.parse(last.finishedAt) + 999 : nowMs };
  return undefined;
}

/** The nodes as an image that logs them sees them (name and InternalIP), in list order. */
export function nodeAddresses(api: ApiServer): Array<{ name: string; ip: string }> {
  return api.list<Node>('nodes').map((n) => ({ name: n.metadata.name ?? '', ip: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '' }));
}

/** Every line of a container's log, oldest first: start-up lines then what was written since. */
export function containerLog(
  data: Record<string, unknown>,
  pod: Pod,
  container: string,
  kernel: string,
  nowMs?: number,
  which: 'current' | 'previous' = 'current',
  nodes?: Array<{ name: string; ip: string }>,
): TimedLogWrite[] {
  const c = pod.spec.containers.find((x) => x.name === container) ?? pod.spec.initContainers?.find((x) => x.name === container);
  const out: TimedLogWrite[] = [];
  const w = runWindow(pod, container, which, nowMs);
  if (!w) return out;
  const printed = processOutput(data, pod, container);
  // a command run in the shell printed the same lines at the start of every run; otherwise the image's own lines
  if (printed) for (const [s, text] of printed) out.push({ ms: w.start, stream: s === 'o' ? 'stdout' : 'stderr', text });
  else if (c) out.push(...startupLogs({ pod, container: c, startMs: w.start, kernel, nowMs: w.end ?? nowMs, nodes }));
  const entry = ((data.containerLogs ?? {}) as LogStore)[key(pod, container)];
  if (entry && entry.uid === (pod.metadata.uid ?? '')) {
    for (const [ms, s, text] of entry.lines) {
      if (ms < w.start || (w.end !== undefined && ms > w.end)) continue;
      out.push({ ms, stream: s === 'o' ? 'stdout' : 'stderr', text });
    }
  }
  return out;
}

/** Drops the logs of pods that no longer exist (the kubelet's container garbage collection). */
export function forgetContainerLogs(data: Record<string, unknown>, liveUids: Set<string>): void {
  const store = data.containerLogs as LogStore | undefined;
  if (!store) return;
  for (const [k, entry] of Object.entries(store)) if (!liveUids.has(entry.uid)) delete store[k];
}

/** Records what a container's command printed when run in the shell (each run of it prints the same). */
export function recordProcessOutput(data: Record<string, unknown>, pod: Pod, container: string, lines: Array<{ stream: 'stdout' | 'stderr'; text: string }>): void {
  const store = (data.processLogs ??= {}) as Record<string, Array<['o' | 'e', string]>>;
  store[`${pod.metadata.uid ?? ''}/${container}`] = lines.slice(0, MAX_STORED_LINES).map((l) => [l.stream === 'stdout' ? 'o' : 'e', l.text]);
}

function processOutput(data: Record<string, unknown>, pod: Pod, container: string): Array<['o' | 'e', string]> | undefined {
  return ((data.processLogs ?? {}) as Record<string, Array<['o' | 'e', string]>>)[`${pod.metadata.uid ?? ''}/${container}`];
}

/** Drops the markers of pods that no longer exist. */
export function forgetProcessLogs(data: Record<string, unknown>, liveUids: Set<string>): void {
  const m = data.processLogs as Record<string, unknown> | undefined;
  if (!m) return;
  for (const k of Object.keys(m)) if (!liveUids.has(k.split('/')[0])) delete m[k];
}
