// Event (core/v1) strategy: DNS-1123 subdomain names and the involvedObject namespace rule.

import { field, type FieldCause } from '../errors.js';
import type { Event } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta } from './validation.js';

function validateEvent(ev: Event): FieldCause[] {
  const out = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain);
  const ns = ev.involvedObject?.namespace;
  if (ns && ev.metadata.namespace && ns !== ev.metadata.namespace) {
    out.push(field.invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
  }
  return out;
}

export const eventStrategy: Strategy = {
  validate: (obj) => dedupe(validateEvent(obj as Event)),
  validateUpdate: (obj) => dedupe(validateEvent(obj as Event)),
};
