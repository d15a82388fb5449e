// Endpoints strategy: port protocol defaults and ValidateEndpoints' subset rules.

import { field, type FieldCause } from '../errors.js';
import { ipToInt } from '../allocators/ipallocator.js';
import type { EndpointAddress, Endpoints, KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import {
  dedupe,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.js';

function defaultEndpoints(obj: KubeObject): void {
  for (const ss of (obj as Endpoints).subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
}

function validateSubsets(ep: Endpoints): FieldCause[] {
  const out: FieldCause[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    if (!ss.addresses?.length && !ss.notReadyAddresses?.length) {
      out.push(field.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    for (const [key, list] of [['addresses', ss.addresses], ['notReadyAddresses', ss.notReadyAddresses]] as const) {
      (list ?? []).forEach((a, j) => {
        if (ipToInt(a.ip) === null && !a.ip.includes(':')) {
          out.push(field.invalid(`${p}.${key}[${j}].ip`, a.ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
        }
      });
    }
    const ports = ss.ports ?? [];
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) out.push(field.required(`${pp}.name`));
      else if (port.name) out.push(...validateDNS1123Label(port.name, `${pp}.name`));
      for (const m of isValidPortNum(port.port)) out.push(field.invalid(`${pp}.port`, port.port, m));
      if (!port.protocol) out.push(field.required(`${pp}.protocol`));
      else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) out.push(field.notSupported(`${pp}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    });
  });
  return out;
}

/** Byte order of the IP strings, then the target's UID (endpoints.LessEndpointAddress). */
function lessAddress(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ua === ub) return 0;
  if (ub === undefined) return 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : 1;
}

/** The strategy's Canonicalize (RepackSubsets → SortSubsets): addresses in each subset sorted as the API server stores them. */
function canonicalizeEndpoints(obj: KubeObject): void {
  for (const ss of (obj as Endpoints).subsets ?? []) {
    if (ss.addresses) ss.addresses.sort(lessAddress);
    if (ss.notReadyAddresses) ss.notReadyAddresses.sort(lessAddress);
  }
}

export const endpointsStrategy: Strategy = {
  // runs after validation passed, where the upstream strategy canonicalizes
  allocate: canonicalizeEndpoints,
  defaults: defaultEndpoints,
  defaultsUpdate: defaultEndpoints,
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSubsets(obj as Endpoints)]),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSubsets(obj as Endpoints)]),
};
