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

export class ObjectStore {
  private data = new Map<string, Map<string, KubeObject>>();
  private sortedCache = new Map<string, KubeObject[]>();
  resourceVersion = 0;

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

  /** Objects of a resource, optionally in one namespace, sorted by namespace then name (etcd key order). */
  list(resource: string, ns?: string): KubeObject[] {
    let sorted = this.sortedCache.get(resource);
    if (!sorted) {
      const m = this.data.get(resource);
      sorted = m ? [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]) : [];
      this.sortedCache.set(resource, sorted);
    }
    return ns === undefined ? sorted.slice() : sorted.filter((o) => o.metadata.namespace === ns);
  }

  put(resource: string, obj: KubeObject): void {
    let m = this.data.get(resource);
    if (!m) {
      m = new Map();
      this.data.set(resource, m);
    }
    m.set(objKey(obj.metadata.namespace, obj.metadata.name!), obj);
    this.sortedCache.delete(resource);
  }

  remove(resource: string, ns: string | undefined, name: string): boolean {
    const removed = this.data.get(resource)?.delete(objKey(ns, name)) ?? false;
    if (removed) this.sortedCache.delete(resource);
    return removed;
  }

  resources(): string[] {
    return [...this.data.keys()];
  }
}
