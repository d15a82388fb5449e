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
    const keys = api.store.resources().filter((k) => k !== 'events').sort();
    const owned: Array<{ key: string; obj: KubeObject }> = [];
    for (const key of keys) for (const obj of api.list(key)) if (obj.metadata.ownerReferences?.length) owned.push({ key, obj });
    if (!owned.length) return;
    const exists = (ref: OwnerReference, ns: string | undefined): boolean => {
      const info = resourceForKind(ref.apiVersion, ref.kind);
      if (!info) return false;
      const owner = api.tryGet(resourceKey(info), info.namespaced ? ns : undefined, ref.name);
      return !!owner && owner.metadata.uid === ref.uid;
    };
    for (const { key, obj } of owned) {
      const ns = obj.metadata.namespace;
      if (!api.tryGet(key, ns, obj.metadata.name!)) continue; // already removed in this pass
      const refs = obj.metadata.ownerReferences!;
      const solid = refs.filter((r) => exists(r, ns));
      if (solid.length === refs.length) continue;
      if (solid.length === 0) {
        api.delete(key, ns, obj.metadata.name!);
        continue;
      }
      updateIfChanged(api, obj, (c) => void (c.metadata.ownerReferences = solid));
    }
  },
};
