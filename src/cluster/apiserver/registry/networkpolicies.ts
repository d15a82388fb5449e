// NetworkPolicy strategy (pkg/apis/networking/v1/defaults.go, pkg/apis/networking/validation ValidateNetworkPolicy
// as of v1.32): policyTypes default to Ingress (plus Egress when egress rules exist), port protocols to TCP; ports,
// peers, ipBlocks and selectors are validated with the API server's texts.

import { field, GoLiteral, type FieldCause } from '../errors.js';
import type { KubeObject, LabelSelector } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, eachInvalid, isValidPortName, isValidPortNum, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';
import { validateLabelSelector } from './workloads.js';
import { parseCIDRSloppy } from './cidr.js';

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}
export interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  ingress?: Array<{ ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[] }>;
  egress?: Array<{ ports?: NetworkPolicyPort[]; to?: NetworkPolicyPeer[] }>;
  policyTypes?: string[];
}
export type NetworkPolicy = KubeObject & { spec?: NetworkPolicySpec };

function defaultPolicy(obj: KubeObject): void {
  const np = obj as NetworkPolicy;
  const spec = (np.spec ??= {});
  spec.podSelector ??= {};
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const p of rule?.ports ?? []) if (p && p.protocol === undefined) p.protocol = 'TCP';
  }
  if (!spec.policyTypes || spec.policyTypes.length === 0) {
    spec.policyTypes = ['Ingress'];
    if (spec.egress && spec.egress.length) spec.policyTypes.push('Egress');
  }
}

function validatePort(port: NetworkPolicyPort, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (port.protocol !== undefined && port.protocol !== 'TCP' && port.protocol !== 'UDP' && port.protocol !== 'SCTP') {
    out.push(field.notSupported(`${path}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']));
  }
  if (port.port !== undefined && port.port !== null) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port)) out.push(field.invalid(`${path}.port`, port.port, m));
      if (port.endPort !== undefined && port.endPort !== null) {
        if (port.endPort < port.port) out.push(field.invalid(`${path}.endPort`, port.endPort, 'must be greater than or equal to `port`'));
        for (const m of isValidPortNum(port.endPort)) out.push(field.invalid(`${path}.endPort`, port.endPort, m));
      }
    } else {
      if (port.endPort !== undefined && port.endPort !== null) out.push(field.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'));
      out.push(...eachInvalid(`${path}.port`, String(port.port), isValidPortName(String(port.port))));
    }
  } else if (port.endPort !== undefined && port.endPort !== null) {
    out.push(field.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'));
  }
  return out;
}

function validateIPBlock(ipb: { cidr?: string; except?: string[] }, path: string): FieldCause[] {
  if (!ipb.cidr) return [field.required(`${path}.cidr`)];
  const net = parseCIDRSloppy(ipb.cidr);
  if (!net) return [field.invalid(`${path}.cidr`, ipb.cidr, 'not a valid CIDR')];
  const out: FieldCause[] = [];
  for (const [i, ex] of (ipb.except ?? []).entries()) {
    const p = `${path}.except[${i}]`;
    const e = parseCIDRSloppy(ex);
    if (!e) {
      out.push(field.invalid(p, ex, 'not a valid CIDR'));
      return out;
    }
    const contains = e.v6 === net.v6 && e.base >> BigInt(net.bits - net.prefix) === net.base >> BigInt(net.bits - net.prefix);
    if (!contains || net.prefix >= e.prefix) out.push(field.invalid(p, ex, 'must be a strict subset of `cidr`'));
  }
  return out;
}

function validatePeer(peer: NetworkPolicyPeer, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  let n = 0;
  if (peer.podSelector) {
    n++;
    out.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    n++;
    out.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    n++;
    out.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (n === 0) out.push(field.required(path, 'must specify a peer'));
  else if (n > 1 && peer.ipBlock) out.push(field.forbidden(path, 'may not specify both ipBlock and another peer'));
  return out;
}

export function validateNetworkPolicySpec(spec: NetworkPolicySpec): FieldCause[] {
  const out: FieldCause[] = [...validateLabelSelector(spec.podSelector, 'spec.podSelector')];
  (spec.ingress ?? []).forEach((rule, i) => {
    (rule?.ports ?? []).forEach((p, j) => out.push(...validatePort(p ?? {}, `spec.ingress[${i}].ports[${j}]`)));
    (rule?.from ?? []).forEach((p, j) => out.push(...validatePeer(p ?? {}, `spec.ingress[${i}].from[${j}]`)));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    (rule?.ports ?? []).forEach((p, j) => out.push(...validatePort(p ?? {}, `spec.egress[${i}].ports[${j}]`)));
    (rule?.to ?? []).forEach((p, j) => out.push(...validatePeer(p ?? {}, `spec.egress[${i}].to[${j}]`)));
  });
  const types = spec.policyTypes ?? [];
  if (types.length > 2) {
    const lit = new GoLiteral(`&[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`);
    out.push(field.invalid('spec.policyTypes', lit, 'may not specify more than two policyTypes'));
    return out;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') out.push(field.notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
  return out;
}

export const networkPolicyStrategy: Strategy = {
  defaults: (obj) => defaultPolicy(obj),
  defaultsUpdate: (obj) => defaultPolicy(obj),
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateNetworkPolicySpec((obj as NetworkPolicy).spec ?? {})]),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNetworkPolicySpec((obj as NetworkPolicy).spec ?? {})]),
};
