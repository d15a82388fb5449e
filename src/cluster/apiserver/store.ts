// The object store (etcd in miniature): objects per resource, listed in etcd key order (namespace, then name),
// and the global resourceVersion counter. No validation here: that is the API server's job (server.ts).

import type { KubeObject } from './types.js';

export interface StoreSnapshot {
  resourceVersion: number;
  /** resource key (`pods`, `deployments.apps`) -> objects */
  objects: Record<string, KubeObject[]>;
}

function objKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : `/${name}`;
}

/** A resource's objects in key order, kept up to date by put/remove (no re-sort after each write). */
interface Sorted {
  keys: string[];
  objs: KubeObject[];
}

/** First index in sorted `keys` whose key is >= k. */
function lowerBound(keys: string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ObjectStore {
  private data = new Map<string, Map<string, KubeObject>>();
  private sortedCache = new Map<string, Sorted>();
  /** per resource, a counter bumped by every put/remove (lets readers keep derived indexes) */
  private writes = new Map<string, number>();
  /** per resource and namespace ('' for cluster-scoped), the same counters */
  private nsWrites = new Map<string, Map<string, number>>();
  /** per resource, a counter bumped when an object is added or removed (not when one is replaced) */
  private members = new Map<string, number>();
  /** bumped by restore(): every per-namespace count from before it is void */
  private epoch = 0;
  resourceVersion = 0;

  /** Changes whenever an object of `resource` is put or removed. */
  writeCount(resource: string): number {
    return this.writes.get(resource) ?? 0;
  }

  /**
   * Changes whenever an object of `resource` in namespace `ns` is put or removed (and on restore): lets a controller
   * skip a namespace whose objects it read last time are the very same.
   */
  nsWriteCount(resource: string, ns: string | undefined): string {
    return `${this.epoch}.${this.nsWrites.get(resource)?.get(ns ?? '') ?? 0}`;
  }

  /**
   * Changes whenever an object of `resource` is added or removed (and on restore), not when one is replaced: what
   * exists by name and uid (an owner, say) can change only then.
   */
  memberCount(resource: string): string {
    return `${this.epoch}.${this.members.get(resource) ?? 0}`;
  }

  private bumpMembers(resource: string): void {
    this.members.set(resource, (this.members.get(resource) ?? 0) + 1);
  }

  private bump(resource: string, ns: string | undefined): void {
    this.writes.set(resource, this.writeCount(resource) + 1);
    let m = this.nsWrites.get(resource);
    if (!m) this.nsWrites.set(resource, (m = new Map()));
    const k = ns ?? '';
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  static fromSnapshot(snap: StoreSnapshot): ObjectStore {
    const s = new ObjectStore();
    s.resourceVersion = snap.resourceVersion;
    for (const [res, objs] of Object.entries(snap.objects)) {
      const m = new Map<string, KubeObject>();
      for (const o of objs) m.set(objKey(o.metadata.namespace, o.metadata.name!), o);
      s.data.set(res, m);
    }
    return s;
  }

  /**
   * Replaces every object with a snapshot's (another process saved while this one waited without the lock). Write
   * counters move on, so indexes derived from the old contents are rebuilt.
   */
  restore(snap: StoreSnapshot): void {
    const fresh = ObjectStore.fromSnapshot(snap);
    const resources = new Set([...this.data.keys(), ...fresh.data.keys()]);
    this.data = fresh.data;
    this.sortedCache.clear();
    for (const r of resources) this.writes.set(r, (this.writes.get(r) ?? 0) + 1);
    this.epoch++;
    this.resourceVersion = fresh.resourceVersion;
  }

  snapshot(): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {};
    for (const res of [...this.data.keys()].sort()) {
      const list = this.list(res);
      if (list.length) objects[res] = list;
    }
    return { resourceVersion: this.resourceVersion, objects };
  }

  nextResourceVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  get(resource: string, ns: string | undefined, name: string): KubeObject | undefined {
    return this.data.get(resource)?.get(objKey(ns, name));
  }

  private sorted(resource: string): Sorted {
    let sorted = this.sortedCache.get(resource);
    if (!sorted) {
      const m = this.data.get(resource);
      const entries = m ? [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) : [];
      sorted = { keys: entries.map((e) => e[0]), objs: entries.map((e) => e[1]) };
      this.sortedCache.set(resource, sorted);
    }
    return sorted;
  }

  /** Objects of a resource, optionally in one namespace, sorted by namespace then name (etcd key order). */
  list(resource: string, ns?: string): KubeObject[] {
    const sorted = this.sorted(resource);
    if (ns === undefined) return sorted.objs.slice();
    // a namespace's keys (`ns/name`; `/name` for '') are one run in key order: '0' is the character after '/'
    const from = lowerBound(sorted.keys, ns + '/');
    const to = lowerBound(sorted.keys, ns + '0');
    const out: KubeObject[] = [];
    for (let i = from; i < to; i++) {
      const o = sorted.objs[i]!;
      if (o.metadata.namespace === ns) out.push(o);
    }
    return out;
  }

  put(resource: string, obj: KubeObject): void {
    let m = this.data.get(resource);
    if (!m) {
      m = new Map();
      this.data.set(resource, m);
    }
    const key = objKey(obj.metadata.namespace, obj.metadata.name!);
    const existed = m.has(key);
    m.set(key, obj);
    this.bump(resource, obj.metadata.namespace);
    if (!existed) this.bumpMembers(resource);
    const sorted = this.sortedCache.get(resource);
    if (!sorted) return;
    const i = lowerBound(sorted.keys, key);
    if (existed) sorted.objs[i] = obj;
    else {
      sorted.keys.splice(i, 0, key);
      sorted.objs.splice(i, 0, obj);
    }
  }

  remove(resource: string, ns: string | undefined, name: string): boolean {
    const key = objKey(ns, name);
    const removed = this.data.get(resource)?.delete(key) ?? false;
    if (removed) {
      this.bump(resource, ns);
      this.bumpMembers(resource);
    }
    const sorted = this.sortedCache.get(resource);
    if (removed && sorted) {
      const i = lowerBound(sorted.keys, key);
      sorted.keys.splice(i, 1);
      sorted.objs.splice(i, 1);
    }
    return removed;
  }

  resources(): string[] {
    return [...this.data.keys()];
  }
}
