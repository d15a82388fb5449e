// The pods/log subresource of `kubesim serve` (GET .../pods/NAME/log): the container's log as text/plain, with the
// PodLogOptions kube-apiserver takes (container, follow, tailLines, previous, sinceSeconds, sinceTime, timestamps,
// limitBytes) and the API server's and kubelet's BadRequest answers. With follow=true the response stays open and
// new lines are written as later readings of the cluster show them (no lock held while it waits), until the
// client goes, the container stops running or the server closes. Stock `kubectl logs [-f]` reads it.

import type { ServerResponse } from 'node:http';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { Node, Pod } from '../../cluster/apiserver/types.js';
import { containerLog, nodeAddresses } from '../../cluster/network/logs.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import type { ClusterSource } from '../../node/io.js';
import { checkContainerState, rfc3339Nano } from '../../kubectl/cmd/logs.js';

const POLL_MS = 200;

export interface LogQuery {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceMs?: number;
  limitBytes?: number;
}

const bad = (m: string) => new StatusError('BadRequest', m);

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^-?\d+$/.test(v)) throw bad(`${name}: Invalid value: "${v}": must be an integer`);
  const n = Number(v);
  if (n < min) throw bad(`PodLogOptions.${name}: Invalid value: ${n}: must be ${min === 1 ? 'greater than 0' : 'greater than or equal to 0'}`);
  return n;
}

/** The query as PodLogOptions (validation.ValidatePodLogOptions), the container defaulted as the API server does. */
export function logQuery(pod: Pod, q: URLSearchParams, nowMs: number): LogQuery {
  const flag = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  let container = q.get('container') ?? '';
  if (!container) {
    if (pod.spec.containers.length === 1) container = pod.spec.containers[0].name;
    else {
      const init = pod.spec.initContainers ?? [];
      const initText = init.length ? ` or one of the init containers: [${init.map((c) => c.name).join(' ')}]` : '';
      throw bad(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]${initText}`);
    }
  }
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...(((pod.spec as { ephemeralContainers?: Array<{ name: string }> }).ephemeralContainers) ?? [])];
  if (!all.some((c) => c.name === container)) throw bad(`container ${container} is not valid for pod ${pod.metadata.name}`);
  const sinceSeconds = intParam(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime) throw bad('PodLogOptions.sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  let sinceMs: number | undefined;
  if (sinceSeconds !== undefined) sinceMs = nowMs - sinceSeconds * 1000;
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw bad(`sinceTime: Invalid value: "${sinceTime}": parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
    sinceMs = t;
  }
  return {
    container,
    follow: flag('follow'),
    previous: flag('previous'),
    timestamps: flag('timestamps'),
    tailLines: intParam(q, 'tailLines', 0),
    sinceMs,
    limitBytes: intParam(q, 'limitBytes', 1),
  };
}

type Line = { ms: number; text: string };

function lines(cluster: Cluster, pod: Pod, o: LogQuery): Line[] {
  const kernel = cluster.api.tryGet<Node>('nodes', undefined, pod.spec.nodeName ?? '')?.status?.nodeInfo?.kernelVersion ?? '';
  const ls = containerLog(cluster.data, pod, o.container, kernel, cluster.clock.nowMs(), o.previous ? 'previous' : 'current', nodeAddresses(cluster.api));
  return o.sinceMs !== undefined ? ls.filter((l) => l.ms >= o.sinceMs!) : ls;
}

/** The lines as text, stamped as `kubesim logs --timestamps` stamps them (index i of what is printed). */
function render(pod: Pod, ls: Line[], o: LogQuery): string {
  return ls.map((l, i) => (o.timestamps ? `${rfc3339Nano(l.ms, i + (pod.metadata.uid?.length ?? 0))} ` : '') + l.text + '\n').join('');
}

/**
 * Answers one log request. Errors are thrown as StatusError before anything is written (the caller answers them
 * with a Status), so a failed request writes no partial body.
 */
export async function serveLog(source: ClusterSource, first: Cluster, namespace: string, name: string, q: URLSearchParams, res: ServerResponse, stopped: () => boolean): Promise<void> {
  const pod = first.api.get<Pod>('pods', namespace, name);
  const o = logQuery(pod, q, first.clock.nowMs());
  if (!pod.spec.nodeName) throw bad(`pod ${name} does not have a host assigned`);
  checkContainerState(pod, o.container, o.previous);
  const all = lines(first, pod, o);
  const initial = o.tailLines !== undefined ? (o.tailLines === 0 ? [] : all.slice(-o.tailLines)) : all;
  let budget = o.limitBytes ?? Infinity;
  const write = (text: string): boolean => {
    if (budget <= 0) return false;
    const buf = Buffer.from(text);
    const part = buf.length > budget ? buf.subarray(0, budget) : buf;
    budget -= part.length;
    res.write(part);
    return budget > 0;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(o.follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  let more = write(render(pod, initial, o));
  if (!o.follow || o.previous || !more) {
    res.end();
    return;
  }
  let printed = all.length;
  let closed = false;
  res.on('close', () => (closed = true));
  while (more && !closed && !stopped()) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (closed || stopped()) break;
    const cluster = await source.reload();
    const now = cluster.api.tryGet<Pod>('pods', namespace, name);
    if (!now || now.metadata.uid !== pod.metadata.uid) break;
    const ls = lines(cluster, now, o);
    if (ls.length > printed) more = write(render(now, ls.slice(printed), o));
    printed = Math.max(printed, ls.length);
    const st = now.status?.containerStatuses?.find((c) => c.name === o.container);
    if (st && !st.state?.running) break;
  }
  res.end();
}
