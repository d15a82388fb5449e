// Node strategy: cluster-scoped, DNS-1123 subdomain names, allocatable defaults to capacity.

import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

function defaultNode(obj: KubeObject): void {
  obj.spec ??= {};
  const st = obj.status;
  if (st?.capacity && !st.allocatable) st.allocatable = { ...st.capacity };
}

export const nodeStrategy: Strategy = {
  defaults: defaultNode,
  defaultsUpdate: defaultNode,
  validate: (obj) => dedupe(validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain)),
  validateUpdate: (obj, old) => dedupe(validateObjectMetaUpdate(obj.metadata, old.metadata)),
};
