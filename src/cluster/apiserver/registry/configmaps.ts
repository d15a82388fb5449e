// ConfigMap strategy: DNS-1123 subdomain names and valid config keys (data and binaryData not overlapping).

import { field, type FieldCause } from '../errors.js';
import type { ConfigMap } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, eachInvalid, isConfigMapKey, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

function validateData(cm: ConfigMap): FieldCause[] {
  const out: FieldCause[] = [];
  let size = 0;
  for (const key of Object.keys(cm.data ?? {}).sort()) {
    out.push(...eachInvalid(`data[${key}]`, key, isConfigMapKey(key)));
    if (cm.binaryData && key in cm.binaryData) out.push(field.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += String(cm.data![key]).length;
  }
  for (const key of Object.keys(cm.binaryData ?? {}).sort()) {
    out.push(...eachInvalid(`binaryData[${key}]`, key, isConfigMapKey(key)));
    if (cm.data && key in cm.data) out.push(field.invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    size += Math.floor((String(cm.binaryData![key]).length * 3) / 4);
  }
  if (size > 1048576) {
    out.push({ reason: 'FieldValueTooLong', field: '', message: `: Too long: must have at most 1048576 bytes` });
  }
  return out;
}

export const configMapStrategy: Strategy = {
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateData(obj as ConfigMap)]),
  validateUpdate: (obj, old) => {
    const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateData(obj as ConfigMap)];
    if ((old as { immutable?: boolean }).immutable === true) {
      if ((obj as { immutable?: boolean }).immutable !== true) out.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
      const o = old as ConfigMap;
      const n = obj as ConfigMap;
      if (JSON.stringify(o.data ?? {}) !== JSON.stringify(n.data ?? {})) out.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
      if (JSON.stringify(o.binaryData ?? {}) !== JSON.stringify(n.binaryData ?? {})) out.push(field.forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
    return dedupe(out);
  },
};
