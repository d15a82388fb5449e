// Garbage collector (pkg/controller/garbagecollector): an object whose owners (by uid) are all gone is deleted,
// which cascades Deployment -> ReplicaSet -> Pod; references to owners that are gone are dropped when another
// owner still exists.
//
// Incremental, as the real collector works from its informers' events: per resource, the objects that have owners
// are kept while the resource is not written, and a dependent whose owners were all there is not checked again while
// it is the same object and no object was added to or removed from its owners' resources (what exists by name and
// uid changes only then). KUBESIM_FULL_RELIST=1 checks every dependent on every pass.

import { resourceForKind, resourceKey } from '../apiserver/discovery.js';
import { CRD_KEY } from '../apiserver/crd/served.js';
import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject, OwnerReference } from '../apiserver/types.js';
import { fullRelist, type Controller } from './controller.js';
import { updateIfChanged } from './util.js';

interface GcMemo {
  keysSig?: string;
  keys?: string[];
  /** per resource: its dependents as of its write count */
  owned: Map<string, { count: number; owned: KubeObject[] }>;
  /** per dependent: the owners' membership counts when all its owners were there */
  solid: WeakMap<KubeObject, string>;
}

const memos = new WeakMap<ApiServer, GcMemo>();

function ownerInfo(api: ApiServer, ref: OwnerReference) {
  return resourceForKind(ref.apiVersion, ref.kind) ?? api.discovery().find((r) => r.crd && r.apiVersion === ref.apiVersion && r.kind === ref.kind);
}

/** The served resource keys to walk (a custom resource's key stays in the store, empty, after its CRD is deleted). */
function servedKeys(api: ApiServer, memo: GcMemo | undefined): string[] {
  const all = api.store.resources();
  const sig = `${all.length}|${api.store.writeCount(CRD_KEY)}`;
  if (memo?.keys && memo.keysSig === sig) return memo.keys;
  const keys = all.filter((k) => k !== 'events' && api.serves(k)).sort();
  if (memo) {
    memo.keys = keys;
    memo.keysSig = sig;
  }
  return keys;
}

/** What the owners of obj resolve through: the CRDs (a custom kind) and each owner's resource, by membership. */
function ownersSignature(api: ApiServer, obj: KubeObject): string {
  let sig = api.store.writeCount(CRD_KEY).toString();
  for (const ref of obj.metadata.ownerReferences!) {
    const info = ownerInfo(api, ref);
    sig += `,${info ? api.store.memberCount(resourceKey(info)) : '?'}`;
  }
  return sig;
}

export const garbageCollector: Controller = {
  name: 'garbagecollector',
  sync(ctx) {
    const { api } = ctx;
    let memo = fullRelist() ? undefined : memos.get(api);
    if (!memo && !fullRelist()) memos.set(api, (memo = { owned: new Map(), solid: new WeakMap() }));
    const owned: Array<{ key: string; obj: KubeObject }> = [];
    for (const key of servedKeys(api, memo)) {
      let entry = memo?.owned.get(key);
      if (!entry || entry.count !== api.store.writeCount(key)) {
        entry = { count: api.store.writeCount(key), owned: api.list(key).filter((o) => o.metadata.ownerReferences?.length) };
        memo?.owned.set(key, entry);
      }
      for (const obj of entry.owned) owned.push({ key, obj });
    }
    if (!owned.length) return;
    // Owner lookups are memoised by uid (many dependents share an owner) until this pass writes something.
    const lookups = new Map<string, { ref: OwnerReference; ns: string | undefined; found: boolean }>();
    const exists = (ref: OwnerReference, ns: string | undefined): boolean => {
      const m = lookups.get(ref.uid);
      if (m && m.ns === ns && m.ref.name === ref.name && m.ref.kind === ref.kind && m.ref.apiVersion === ref.apiVersion) return m.found;
      const info = ownerInfo(api, ref);
      const owner = info && api.tryGet(resourceKey(info), info.namespaced ? ns : undefined, ref.name);
      const found = !!owner && owner.metadata.uid === ref.uid;
      lookups.set(ref.uid, { ref, ns, found });
      return found;
    };
    let wrote = false;
    for (const { key, obj } of owned) {
      const ns = obj.metadata.namespace;
      if (wrote && !api.tryGet(key, ns, obj.metadata.name!)) continue; // already removed in this pass
      const sig = memo && ownersSignature(api, obj);
      if (memo && memo.solid.get(obj) === sig) continue;
      const refs = obj.metadata.ownerReferences!;
      const solid = refs.filter((r) => exists(r, ns));
      if (solid.length === refs.length) {
        if (memo) memo.solid.set(obj, sig!);
        continue;
      }
      wrote = true;
      lookups.clear();
      if (solid.length === 0) {
        api.delete(key, ns, obj.metadata.name!);
        continue;
      }
      updateIfChanged(api, obj, (c) => void (c.metadata.ownerReferences = solid));
    }
  },
};
