// The API server's side of field management: which type a resource's objects have (the built-in schema, or the
// CRD's), which fields an endpoint resets (its strategy's GetResetFields: status on the main resource of a kind
// with a status subresource, everything but status on /status), and
// who writes when a request names no field manager.

import { crdVersionOf } from '../crd/served.js';
import type { ResourceInfo } from '../discovery.js';
import type { ObjectStore } from '../store.js';
import { FieldSet, fieldElement } from './fieldset.js';
import { typeOfCustomResource, typeOfKind, type TypeNode } from './types.js';

export function typeFor(info: ResourceInfo, store: ObjectStore): TypeNode {
  if (info.crd) return typeOfCustomResource(crdVersionOf(store, info)?.schema?.openAPIV3Schema);
  return typeOfKind(info.apiVersion, info.kind) ?? typeOfCustomResource(undefined);
}

function set(...paths: string[][]): FieldSet {
  const s = new FieldSet();
  for (const p of paths) s.insert(p.map(fieldElement));
  return s;
}

const STATUS = set(['status']);
const NOT_STATUS = set(['spec'], ['metadata']);
// deploymentStatusStrategy.GetResetFields: a status write may change annotations (the revision)
const DEPLOYMENT_NOT_STATUS = set(['spec'], ['metadata', 'labels']);

/** The fields an endpoint's writes never own. */
export function resetFields(key: string, hasStatusSubresource: boolean, subresource: string | undefined): FieldSet | undefined {
  if (subresource === 'status') return key === 'deployments.apps' ? DEPLOYMENT_NOT_STATUS : NOT_STATUS;
  return hasStatusSubresource ? STATUS : undefined;
}
