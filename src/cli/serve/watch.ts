// WATCH of `kubesim serve` (?watch=true): newline-delimited watch events in one chunked response, from the watch
// cache (watch-cache.ts), as kube-apiserver's cacher serves them: without a resourceVersion (or "0") the current
// objects first as ADDED; with one, the events after it (410 Expired as an ERROR event when they were dropped);
// label and field selectors turn an object that starts or stops matching into ADDED or DELETED;
// allowWatchBookmarks gets BOOKMARK events (every minute, and 2 s before timeoutSeconds ends); sendInitialEvents
// ends the initial ADDED events with a bookmark annotated k8s.io/initial-events-end. The lock is never held while
// a watch waits: the cache is fed by readings of the state.

import type { ServerResponse } from 'node:http';
import { matchesFields } from '../../cluster/apiserver/fields.js';
import { matches } from '../../cluster/apiserver/labels.js';
import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { parseResourceVersion, validateListOptions } from './list-options.js';
import { selectors, statusAnswer, tableOf, wantsTable, type ResourcePath } from './rest.js';
import type { CacheFeeder, CachedEvent, WatchCache } from './watch-cache.js';

/** kube-apiserver's cacher sends a bookmark to each watcher about once a minute. */
const BOOKMARK_EVERY_MS = 60_000;

export interface WatchRequest {
  cache: WatchCache;
  feeder: CacheFeeder;
  path: ResourcePath;
  query: URLSearchParams;
  accept: string | undefined;
  res: ServerResponse;
  stopped: () => boolean;
}

/** The event objects a bookmark carries: an empty object of the kind with the cache's resourceVersion. */
export function bookmarkObject(p: ResourcePath, rv: number, initialEventsEnd: boolean): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  const obj: Record<string, unknown> = { kind: p.resource.kind, apiVersion: p.resource.apiVersion, metadata };
  if (p.resource.kind === 'Pod') Object.assign(obj, { spec: { containers: null }, status: {} });
  return obj;
}

/** Checks the request (the API server's 400/422 answers before the stream starts); throws a StatusError. */
export function checkWatch(p: ResourcePath, q: URLSearchParams): void {
  validateListOptions(q, true);
  parseResourceVersion(q.get('resourceVersion'));
  selectors(q, p.resource);
}

/** Streams events until the client goes, timeoutSeconds passes, or stopped() (the server closing). */
export async function serveWatch(w: WatchRequest): Promise<void> {
  const { cache, path: p, query: q, res } = w;
  const key = resourceKey(p.resource);
  const table = wantsTable(w.accept);
  const { selector, fields } = selectors(q, p.resource);
  const inScope = (o: KubeObject) =>
    (!p.resource.namespaced || p.namespace === undefined || o.metadata.namespace === p.namespace) && (p.name === undefined || o.metadata.name === p.name);
  const selected = (o: KubeObject | undefined) =>
    !!o && inScope(o) && (!selector || matches(selector, o.metadata.labels)) && (!fields.length || matchesFields(p.resource, fields, o));
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  const rvText = q.get('resourceVersion') ?? '';
  const sendInitial = q.get('sendInitialEvents');
  const initial = sendInitial === 'true' || (sendInitial === null && (rvText === '' || rvText === '0'));
  let headerSent = false;
  const write = (type: string, object: unknown) => res.write(JSON.stringify({ type, object }) + '\n');
  const send = (type: string, obj: KubeObject) => {
    if (!table) return write(type, p.conversion ? p.conversion.toServed(obj) : obj);
    const now = cache.latest?.clock.now() ?? new Date();
    const body = tableOf(p.resource, [obj], now, q.get('includeObject') ?? 'Metadata', obj.metadata.resourceVersion ?? '') as Record<string, unknown>;
    if (headerSent) body.columnDefinitions = [];
    headerSent = true;
    write(type, body);
  };
  const bookmark = (initialEventsEnd: boolean) => {
    const obj = bookmarkObject(p, cache.resourceVersion, initialEventsEnd);
    write('BOOKMARK', table ? { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: String(cache.resourceVersion) }, columnDefinitions: null, rows: null } : obj);
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  // the API server's watch answers its headers at once (the client knows the watch is open before any event)
  res.flushHeaders();
  // a reading taken now: the events up to this request are in the cache
  await w.feeder.refresh();
  const epoch = cache.epoch;
  let cursor: number;
  let pending: CachedEvent[] = [];
  if (initial) {
    for (const o of cache.current(key)) if (selected(o)) send('ADDED', o);
    cursor = cache.resourceVersion;
    if (sendInitial === 'true') bookmark(true);
  } else {
    cursor = rvText === '' || rvText === '0' ? cache.resourceVersion : parseResourceVersion(rvText);
    try {
      pending = cache.since(key, cursor);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      write('ERROR', statusAnswer(e).body);
      res.end();
      return;
    }
  }
  const deliver = (events: CachedEvent[]) => {
    for (const e of events) {
      if (e.rv <= cursor) continue;
      const before = e.type === 'ADDED' ? false : selected(e.prev);
      const now = e.type === 'DELETED' ? false : selected(e.object);
      if (now && before) send('MODIFIED', e.object);
      else if (now) send('ADDED', e.object);
      else if (before) send('DELETED', e.object);
    }
    if (events.length) cursor = Math.max(cursor, events[events.length - 1]!.rv);
  };
  deliver(pending);
  const timeoutMs = Math.max(0, Number(q.get('timeoutSeconds') ?? 0) || 0) * 1000;
  const start = Date.now();
  const deadline = timeoutMs > 0 ? start + timeoutMs : undefined;
  let nextBookmark = bookmarks ? nextBookmarkTime(start, deadline) : undefined;
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(timer);
      resolve();
    };
    const unsubscribe = cache.subscribe(() => {
      if (done) return;
      if (cache.epoch !== epoch) {
        write('ERROR', statusAnswer(new StatusError('Expired', `too old resource version: ${cursor} (${cache.resourceVersion})`)).body);
        return finish();
      }
      try {
        deliver(cache.since(key, cursor));
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        write('ERROR', statusAnswer(e).body);
        finish();
      }
    });
    const timer = setInterval(() => {
      const now = Date.now();
      if (w.stopped() || (deadline !== undefined && now >= deadline)) return finish();
      if (nextBookmark !== undefined && now >= nextBookmark) {
        bookmark(false);
        nextBookmark = nextBookmarkTime(now, deadline);
      }
    }, 100);
    res.on('close', finish);
  });
  res.end();
}

/** cacheWatcher.nextBookmarkTime: every minute, or 2 s before the watch's deadline when that comes first. */
export function nextBookmarkTime(now: number, deadline: number | undefined): number | undefined {
  let at = now + BOOKMARK_EVERY_MS;
  if (deadline === undefined) return at;
  if (deadline - 2000 < at) at = deadline - 2000;
  return at <= now ? undefined : at;
}
