// Garbage collector (pkg/controller/garbagecollector): an object whose owners (by uid) are all gone is deleted,
// which cascades Deployment -> ReplicaSet -> Pod; references to owners that are gone are dropped when another
// owner still exists.

import { resourceForKind, resourceKey } from '../apiserver/discovery.js';
import type { KubeObject, OwnerReference } from '../apiserver/types.js';
import type { Controller } from './controller.js';
import { updateIfChanged } from './util.js';

export const garbageCollector: Controller = {
  name: 'garbagecollector',
  sync(ctx) {
    const { api } = ctx;
    // a custom resource's key stays in the store (empty) after its CRD is deleted: only served keys are walked
    const keys = api.store.resources().filter((k) => k !== 'events' && api.serves(k)).sort();
    const owned: Array<{ key: string; obj: KubeObject }> = [];
    for (const key of keys) for (const obj of api.list(key)) if (obj.metadata.ownerReferences?.length) owned.push({ key, obj });
    if (!owned.length) return;
    // Owner lookups are memoised by uid (many dependents share an owner) until this pass writes something.
    const memo = new Map<string, { ref: OwnerReference; ns: string | undefined; found: boolean }>();
    const exists = (ref: OwnerReference, ns: string | undefined): boolean => {
      const m = memo.get(ref.uid);
      if (m && m.ns === ns && m.ref.name === ref.name && m.ref.kind === ref.kind && m.ref.apiVersion === ref.apiVersion) return m.found;
      const info = resourceForKind(ref.apiVersion, ref.kind) ?? api.discovery().find((r) => r.crd && r.apiVersion === ref.apiVersion && r.kind === ref.kind);
      const owner = info && api.tryGet(resourceKey(info), info.namespaced ? ns : undefined, ref.name);
      const found = !!owner && owner.metadata.uid === ref.uid;
      memo.set(ref.uid, { ref, ns, found });
      return found;
    };
    let wrote = false;
    for (const { key, obj } of owned) {
      const ns = obj.metadata.namespace;
      if (wrote && !api.tryGet(key, ns, obj.metadata.name!)) continue; // already removed in this pass
      const refs = obj.metadata.ownerReferences!;
      const solid = refs.filter((r) => exists(r, ns));
      if (solid.length === refs.length) continue;
      wrote = true;
      memo.clear();
      if (solid.length === 0) {
        api.delete(key, ns, obj.metadata.name!);
        continue;
      }
      updateIfChanged(api, obj, (c) => void (c.metadata.ownerReferences = solid));
    }
  },
};
