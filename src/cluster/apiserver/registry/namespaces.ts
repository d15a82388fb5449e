// Namespace strategy: the kubernetes.io/metadata.name label, the `kubernetes` finalizer, phase Active,
// DNS-1123 label names; finalizers cannot be changed by a plain update.

import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, nameIsDNSLabel, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

function setNameLabel(obj: KubeObject): void {
  if (obj.metadata.name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
}

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    setNameLabel(obj);
    const spec = (obj.spec ??= {});
    const fin: string[] = spec.finalizers ?? [];
    if (!fin.includes('kubernetes')) spec.finalizers = [...fin, 'kubernetes'];
  },
  validate: (obj) => dedupe(validateObjectMeta(obj.metadata, false, nameIsDNSLabel)),
  defaultsUpdate(obj, old) {
    setNameLabel(obj);
    obj.spec = { ...(obj.spec ?? {}) };
    if (old.spec?.finalizers) obj.spec.finalizers = [...old.spec.finalizers];
    else delete obj.spec.finalizers;
  },
  validateUpdate: (obj, old) => dedupe(validateObjectMetaUpdate(obj.metadata, old.metadata)),
  initialStatus(obj) {
    obj.status = { phase: 'Active' };
  },
};
