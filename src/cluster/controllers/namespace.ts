// Namespace controller (pkg/controller/namespace): a Terminating namespace has all its content deleted, then
// it is finalized and disappears.

import type { Controller } from './controller.js';

export const namespaceController: Controller = {
  name: 'namespace',
  sync(ctx) {
    const { api } = ctx;
    for (const ns of api.list('namespaces')) {
      if (!ns.metadata.deletionTimestamp) continue;
      const name = ns.metadata.name!;
      for (const key of api.store.resources().sort()) {
        if (key === 'namespaces' || !api.serves(key) || !api.resource(key).namespaced) continue;
        for (const obj of api.list(key, name)) api.delete(key, name, obj.metadata.name!);
      }
      api.finalizeNamespace(name);
    }
  },
};
