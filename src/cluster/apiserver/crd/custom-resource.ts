// The custom resource handler's write path (apiextensions-apiserver customresource strategy): the request body
// decoded against the CRD's schema (unknown fields refused with Strict, warned with Warn, else pruned), defaults,
// the schema's validation, the status subresource (status is not written through the main resource) and
// metadata.generation (bumped when anything but metadata and status changes).

import { StatusError, invalid } from '../errors.js';
import type { ResourceInfo } from '../discovery.js';
import { jsonEqual } from '../jsonequal.js';
import type { FieldValidation } from '../schema/field-validation.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';
import { applyDefaults, prune, validateValue } from './schema.js';
import { checkConversionWebhook } from './conversion.js';
import { crdVersionOf } from './served.js';

type Any = Record<string, any>;

export interface CustomWrite {
  fieldValidation?: FieldValidation;
  warnings?: string[];
}

function rest(obj: KubeObject): Any {
  const { metadata: _m, status: _s, ...r } = obj as Any;
  return r;
}

/** Runs before the object is stored (create when old is undefined, else update). Throws the API server's errors. */
export function prepareCustomResource(obj: KubeObject, old: KubeObject | undefined, info: ResourceInfo, store: ObjectStore, opts: CustomWrite): void {
  const version = crdVersionOf(store, info);
  const schema = version?.schema?.openAPIV3Schema as Any | undefined;
  const hasStatus = !!version?.subresources?.status;
  if (hasStatus) {
    if (old) {
      if (old.status === undefined) delete (obj as Any).status;
      else (obj as Any).status = JSON.parse(JSON.stringify(old.status));
    } else delete (obj as Any).status;
  }
  const dropped = prune(obj, schema);
  if (dropped.length) {
    const unknown = dropped.map((p) => `unknown field "${p}"`);
    if (opts.fieldValidation === 'Strict') {
      throw new StatusError('BadRequest', `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: strict decoding error: ${unknown.join(', ')}`);
    }
    if (opts.fieldValidation === 'Warn') opts.warnings?.push(...unknown);
  }
  applyDefaults(obj, schema);
  const causes = validateValue(obj, schema, '');
  if (causes.length) throw invalid(info.kind, info.group, obj.metadata.name ?? '', causes);
  // stored at the storage version: a write at another version goes through the CRD's conversion webhook
  checkConversionWebhook(info, store);
  if (!old) obj.metadata.generation = 1;
  else {
    const changed = !jsonEqual(rest(obj), rest(old)) || (!hasStatus && !jsonEqual((obj as Any).status, (old as Any).status));
    obj.metadata.generation = (old.metadata.generation ?? 1) + (changed ? 1 : 0);
  }
}

/** A status write (PUT .../status) only exists when the version has the status subresource. */
export function hasStatusSubresource(info: ResourceInfo, store: ObjectStore): boolean {
  return !!crdVersionOf(store, info)?.subresources?.status;
}
