// WATCH of `kubesim serve` (?watch=true): newline-delimited watch events (ADDED, MODIFIED, DELETED) in one chunked
// response, found by comparing each object's resourceVersion between readings of the cluster. The readings come
// from the session's cluster source (the state file other kubesim commands write; on a wall clock due timers are
// caught up first), so the lock is held only while a reading catches up, never while the watch waits.

import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import type { ClusterSource } from '../../node/io.js';
import { read, tableOf, wantsTable, type ResourcePath } from './rest.js';

const POLL_MS = 200;

function snapshotOf(cluster: Cluster, p: ResourcePath, q: URLSearchParams): Map<string, KubeObject> {
  const list = read(cluster, { ...p, name: undefined }, q, undefined).body as { items: KubeObject[] };
  const out = new Map<string, KubeObject>();
  for (const o of list.items) if (p.name === undefined || o.metadata.name === p.name) out.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  return out;
}

/** Streams events until the client goes, timeoutSeconds passes, or stop() is called (the server closing). */
export async function serveWatch(source: ClusterSource, first: Cluster, p: ResourcePath, q: URLSearchParams, accept: string | undefined, res: ServerResponse, stopped: () => boolean): Promise<void> {
  const table = wantsTable(accept);
  const listQuery = new URLSearchParams(q);
  for (const k of ['watch', 'resourceVersion', 'timeoutSeconds', 'allowWatchBookmarks', 'limit', 'continue']) listQuery.delete(k);
  if (p.name !== undefined) listQuery.delete('fieldSelector');
  let headerSent = false;
  let cluster = first;
  const send = (type: string, obj: KubeObject) => {
    let object: unknown = obj;
    if (table) {
      // a deleted object is printed as it last was
      const body = tableOf(p.resource, [obj], cluster.clock.now(), q.get('includeObject') ?? 'Metadata', obj.metadata.resourceVersion ?? '') as Record<string, unknown>;
      if (headerSent) body.columnDefinitions = [];
      headerSent = true;
      object = body;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  let seen = snapshotOf(cluster, p, listQuery);
  const since = q.get('resourceVersion');
  for (const o of seen.values()) {
    // no resourceVersion (or "0"): the current state first, as ADDED events; else what changed after it
    if (!since || since === '0' || Number(o.metadata.resourceVersion) > Number(since)) send('ADDED', o);
  }
  const timeoutMs = Number(q.get('timeoutSeconds') ?? 0) * 1000;
  const start = Date.now();
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  while (!closed && !stopped() && (timeoutMs <= 0 || Date.now() - start < timeoutMs)) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (closed || stopped()) break;
    cluster = await source.reload();
    const now = snapshotOf(cluster, p, listQuery);
    for (const [k, o] of now) {
      const before = seen.get(k);
      if (!before) send('ADDED', o);
      else if (before.metadata.resourceVersion !== o.metadata.resourceVersion) send('MODIFIED', o);
    }
    for (const [k, o] of seen) if (!now.has(k)) send('DELETED', o);
    seen = now;
  }
  res.end();
}
