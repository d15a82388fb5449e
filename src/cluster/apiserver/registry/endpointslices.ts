// EndpointSlice strategy (discovery.k8s.io/v1): port name/protocol defaults, addressType and endpoint checks.

import { field, type FieldCause } from '../errors.js';
import type { EndpointSlice, KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, inclusiveRangeError, nameIsDNSSubdomain, validateDNS1123Label, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

function defaultSlice(obj: KubeObject): void {
  for (const p of (obj as EndpointSlice).ports ?? []) {
    if (p.name === undefined || p.name === null) p.name = '';
    if (!p.protocol) p.protocol = 'TCP';
  }
}

function validateSlice(s: EndpointSlice): FieldCause[] {
  const out: FieldCause[] = [];
  const types = ['FQDN', 'IPv4', 'IPv6'];
  if (!s.addressType) out.push(field.required('addressType'));
  else if (!types.includes(s.addressType)) out.push(field.notSupported('addressType', s.addressType, types));
  const eps = s.endpoints ?? [];
  if (eps.length > 1000) out.push({ reason: 'FieldValueTooMany', field: 'endpoints', message: `endpoints: Too many: ${eps.length}: must have at most 1000 items` });
  eps.forEach((e, i) => {
    if (!e.addresses?.length) out.push(field.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  const names = new Set<string>();
  (s.ports ?? []).forEach((p, i) => {
    const name = p.name ?? '';
    if (name) out.push(...validateDNS1123Label(name, `ports[${i}].name`));
    if (names.has(name)) out.push(field.duplicate(`ports[${i}].name`, name));
    names.add(name);
    if (p.port !== undefined && p.port !== null && (p.port < 1 || p.port > 65535)) out.push(field.invalid(`ports[${i}].port`, p.port, inclusiveRangeError(1, 65535)));
    if (p.protocol && !['SCTP', 'TCP', 'UDP'].includes(p.protocol)) out.push(field.notSupported(`ports[${i}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return out;
}

export const endpointSliceStrategy: Strategy = {
  defaults: defaultSlice,
  defaultsUpdate: defaultSlice,
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSlice(obj as EndpointSlice)]),
  validateUpdate: (obj, old) => {
    const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSlice(obj as EndpointSlice)];
    if ((obj as EndpointSlice).addressType !== (old as EndpointSlice).addressType) {
      out.push(field.invalid('addressType', (obj as EndpointSlice).addressType, 'field is immutable'));
    }
    return dedupe(out);
  },
};
