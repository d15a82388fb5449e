// The watch cache of `kubesim serve` (kube-apiserver's cacher/watch_cache in miniature): a bounded history of
// watch events per resource, built from successive readings of the cluster state (the state file other kubesim
// commands write, and every write made through serve). It lets a watch resume from a resourceVersion (the events
// after it), answers 410 Expired `too old resource version` once the events after it were dropped, and gives the
// state at an older resourceVersion (continue tokens, resourceVersionMatch=Exact) by undoing newer events.
//
// The server's own writes come as the store's journal of each request (ObjectStore.journal): one event per write, in
// resourceVersion order, a deletion at the resourceVersion its delete bumped to. Other processes' writes (kubesim
// commands in other terminals) are seen by readings of the state file: there two changes of one object between
// readings are one MODIFIED event carrying the later object, and an object deleted between readings gets a DELETED
// event at the reading's resourceVersion.

import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { StoreChange } from '../../cluster/apiserver/store.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CachedEvent {
  type: WatchEventType;
  rv: number;
  /** etcd-style key inside the resource: `ns/name`, or `/name` for cluster-scoped objects */
  key: string;
  object: KubeObject;
  /** the object before this event (MODIFIED, DELETED) */
  prev?: KubeObject;
}

interface History {
  events: CachedEvent[];
  /** a resume from a resourceVersion below this is too old (kube's "oldest - 1") */
  floor: number;
  current: Map<string, KubeObject>;
}

/** kube-apiserver's default watch cache size is dynamic from 100; kubesim keeps a fixed number per resource. */
export const DEFAULT_WATCH_CACHE_SIZE = 1000;

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function rvOf(o: KubeObject): number {
  return Number(o.metadata.resourceVersion ?? 0);
}

export function tooOld(rv: number, floor: number): StatusError {
  return new StatusError('Expired', `too old resource version: ${rv} (${floor})`);
}

/** The changes between two readings of one resource, in resourceVersion order (a deletion after a write at the same version). */
export function diffReadings(before: Map<string, KubeObject>, after: Map<string, KubeObject>, readingRv: number): CachedEvent[] {
  const out: CachedEvent[] = [];
  for (const [key, o] of after) {
    const prev = before.get(key);
    if (!prev) out.push({ type: 'ADDED', rv: rvOf(o), key, object: o });
    else if (prev.metadata.resourceVersion !== o.metadata.resourceVersion) out.push({ type: 'MODIFIED', rv: rvOf(o), key, object: o, prev });
  }
  for (const [key, prev] of before) {
    if (after.has(key)) continue;
    const object = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(readingRv) } } as KubeObject;
    out.push({ type: 'DELETED', rv: readingRv, key, object, prev });
  }
  const order = (e: CachedEvent) => (e.type === 'DELETED' ? 1 : 0);
  return out.sort((a, b) => a.rv - b.rv || order(a) - order(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export class WatchCache {
  private histories = new Map<string, History>();
  private startRv = 0;
  private rv = -1;
  private listeners = new Set<() => void>();
  private latestReading: ClusterBase | undefined;
  /** bumped when the state's resourceVersion went back (kubesim init): watches from before end with 410 */
  epoch = 0;

  constructor(readonly capacity = DEFAULT_WATCH_CACHE_SIZE) {}

  /** The resourceVersion of the last reading. */
  get resourceVersion(): number {
    return this.rv;
  }

  get latest(): ClusterBase | undefined {
    return this.latestReading;
  }

  private history(key: string): History {
    let h = this.histories.get(key);
    if (!h) {
      h = { events: [], floor: this.startRv, current: new Map() };
      this.histories.set(key, h);
    }
    return h;
  }

  /** Takes a reading: what changed since the last one becomes events; listeners are told once all are in. */
  observe(cluster: ClusterBase): void {
    const rv = cluster.store.resourceVersion;
    this.latestReading = cluster;
    if (rv === this.rv) return;
    if (rv < this.rv) {
      // the state was replaced by an older one (kubesim init): no history connects them
      this.histories.clear();
      this.epoch++;
    }
    const first = rv < this.rv || this.rv < 0;
    if (first) this.startRv = rv;
    const resources = new Set([...cluster.store.resources(), ...this.histories.keys()]);
    for (const res of resources) {
      const after = new Map<string, KubeObject>();
      for (const o of cluster.store.list(res)) after.set(keyOf(o), o);
      const h = this.history(res);
      if (!first) this.append(h, diffReadings(h.current, after, rv));
      h.current = after;
    }
    this.rv = rv;
    for (const l of [...this.listeners]) l();
  }

  /**
   * The journal of writes made on `cluster` since its store was at fromRv: each becomes its own event, when they
   * follow on from the last reading (fromRv is its resourceVersion); false (nothing taken) when they do not, and a
   * reading must catch up instead.
   */
  ingest(cluster: ClusterBase, fromRv: number, changes: StoreChange[]): boolean {
    if (fromRv !== this.rv || this.rv < 0) return false;
    const last = cluster.store.resourceVersion;
    const byResource = new Map<string, CachedEvent[]>();
    for (const c of changes) {
      const rv = c.type === 'DELETED' ? c.rv ?? last : rvOf(c.object);
      const object = c.type === 'DELETED' ? ({ ...c.object, metadata: { ...c.object.metadata, resourceVersion: String(rv) } } as KubeObject) : c.object;
      const list = byResource.get(c.resource) ?? [];
      list.push(c.type === 'ADDED' ? { type: c.type, rv, key: c.key, object } : { type: c.type, rv, key: c.key, object, prev: c.prev });
      byResource.set(c.resource, list);
    }
    for (const [res, events] of byResource) {
      const h = this.history(res);
      this.append(h, events);
      for (const e of events) {
        if (e.type === 'DELETED') h.current.delete(e.key);
        else h.current.set(e.key, e.object);
      }
    }
    this.latestReading = cluster;
    this.rv = last;
    for (const l of [...this.listeners]) l();
    return true;
  }

  private append(h: History, events: CachedEvent[]): void {
    if (!events.length) return;
    h.events.push(...events);
    if (h.events.length <= this.capacity) return;
    let drop = h.events.length - this.capacity;
    // events of one resourceVersion go together, so a resume never sees half of them
    while (drop < h.events.length && h.events[drop]!.rv === h.events[drop - 1]!.rv) drop++;
    h.floor = h.events[drop - 1]!.rv;
    h.events.splice(0, drop);
  }

  /** The events of a resource after rv, or 410 Expired when some of them were dropped. */
  since(resource: string, rv: number): CachedEvent[] {
    const h = this.history(resource);
    if (rv < h.floor) throw tooOld(rv, h.floor);
    let lo = 0;
    let hi = h.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h.events[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return h.events.slice(lo);
  }

  /** Whether the state of a resource at rv can be rebuilt (floor <= rv <= the last reading). */
  covers(resource: string, rv: number): boolean {
    return rv >= this.history(resource).floor && rv <= this.rv;
  }

  /** The objects of a resource as they were at rv, in key order; undefined when that is older than the history. */
  stateAt(resource: string, rv: number): KubeObject[] | undefined {
    if (!this.covers(resource, rv)) return undefined;
    const h = this.history(resource);
    const state = new Map(h.current);
    const newer = this.since(resource, rv);
    for (let i = newer.length - 1; i >= 0; i--) {
      const e = newer[i]!;
      if (e.type === 'ADDED') state.delete(e.key);
      else state.set(e.key, e.prev!);
    }
    return [...state.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }

  /** The objects of a resource at the last reading, in key order. */
  current(resource: string): KubeObject[] {
    return [...this.history(resource).current.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }

  /** Calls fn after every reading until the returned function is called. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get watchers(): number {
    return this.listeners.size;
  }
}

/**
 * Keeps a cache fed: the server's writes by their journals (write()), other processes' by a reading every pollMs
 * and on demand (before a resume, or when a journal does not follow on from the cache).
 */
export interface CacheFeeder {
  /** a fresh reading taken after this call (several callers share one) */
  refresh(): Promise<void>;
  /** runs a write of the server with the store's journal on, then feeds its changes to the cache as events */
  write<T>(run: (journal: (cluster: ClusterBase) => void) => Promise<T>): Promise<T>;
  stop(): void;
}

export function feedCache(cache: WatchCache, reload: () => Promise<ClusterBase>, pollMs = 200): CacheFeeder {
  let running: Promise<void> | undefined;
  let again: Promise<void> | undefined;
  /** writes of the server under way: a reading meanwhile would fold their events together */
  let writing = 0;
  /** bumped by each journal taken: a reading that began before one is older than the cache, and is dropped */
  let journals = 0;
  const read = async () => {
    try {
      const seen = journals;
      const reading = await reload();
      if (seen === journals) cache.observe(reading);
    } catch {
      // a reading that failed (state file being replaced) is retried at the next poll
    }
  };
  const write = async <T>(run: (journal: (cluster: ClusterBase) => void) => Promise<T>): Promise<T> => {
    writing++;
    let cluster: ClusterBase | undefined;
    let from = -1;
    let changes: StoreChange[] | undefined;
    let result: T;
    try {
      result = await run((c) => {
        cluster = c;
        from = c.store.resourceVersion;
        c.store.journal = [];
      });
    } finally {
      writing--;
      if (cluster) {
        changes = cluster.store.journal;
        cluster.store.journal = undefined;
      }
    }
    if (cluster && changes?.length) {
      if (cache.ingest(cluster, from, changes)) journals++;
      else await refresh();
    }
    return result;
  };
  const refresh = (): Promise<void> => {
    if (!running) {
      running = read().finally(() => (running = undefined));
      return running;
    }
    // a reading is under way and may have started before the caller's change: queue one more after it
    again ??= running.then(() => {
      again = undefined;
      return refresh();
    });
    return again;
  };
  const timer = setInterval(() => {
    if (!writing) void refresh();
  }, pollMs);
  timer.unref?.();
  return { refresh, write, stop: () => clearInterval(timer) };
}
