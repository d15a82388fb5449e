// Service strategy: SetDefaults_Service, ClusterIP/ClusterIPs normalisation and IP-family init
// (registry alloc.go), type-change cleanup (dropTypeDependentFields), ValidateService / ValidateServiceUpdate
// messages, and allocation of ClusterIPs and NodePorts through ../allocators.

import { field, GoLiteral, type FieldCause } from '../errors.js';
import type { KubeObject, Service, ServicePort } from '../types.js';
import { allocateServiceCreate, allocateServiceUpdate, needsHealthCheck, needsNodePorts } from '../allocators/service-alloc.js';
import { ipToInt } from '../allocators/ipallocator.js';
import { goStrings } from './gofmt.js';
import type { Strategy } from './strategy.js';
import {
  dedupe,
  eachInvalid,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isHeadless = (s: Service): boolean => s.spec?.clusterIP === 'None';
const externallyAccessible = (s: Service): boolean =>
  s.spec.type === 'LoadBalancer' || s.spec.type === 'NodePort' || (s.spec.type === 'ClusterIP' && (s.spec.externalIPs?.length ?? 0) > 0);
const isIPv6 = (ip: string): boolean => ip.includes(':');
const validIP = (ip: string): boolean => ipToInt(ip) !== null || /^[0-9a-fA-F:]+(:\d+\.\d+\.\d+\.\d+)?$/.test(ip) && ip.includes(':');

/** SetDefaults_Service (pkg/apis/core/v1/defaults.go). */
export function setDefaultsService(svc: Service): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
}

/** NormalizeClusterIPs: keep clusterIP and clusterIPs in step. */
export function normalizeClusterIPs(svc: Service, old?: Service): void {
  const s = svc.spec;
  if (!old) {
    if (s.clusterIP && !s.clusterIPs?.length) s.clusterIPs = [s.clusterIP];
    return;
  }
  const o = old.spec;
  if (o.clusterIPs?.length && !s.clusterIPs?.length && o.clusterIP === s.clusterIP) s.clusterIPs = o.clusterIPs;
  if ((o.clusterIP ?? '') !== (s.clusterIP ?? '')) {
    if (o.clusterIP && !s.clusterIP && same(o.clusterIPs, s.clusterIPs)) delete s.clusterIPs;
    if (same(o.clusterIPs, s.clusterIPs)) s.clusterIPs = s.clusterIP ? [s.clusterIP] : [''];
  }
}

/** patchAllocatedValues: an update that omits allocated values keeps them. */
function patchAllocatedValues(svc: Service, old: Service): void {
  const s = svc.spec;
  const o = old.spec;
  if (o.type !== 'ExternalName' && s.type !== 'ExternalName') {
    if (!s.clusterIP && o.clusterIP) s.clusterIP = o.clusterIP;
    if (!s.clusterIPs?.length && o.clusterIPs?.length) s.clusterIPs = [...o.clusterIPs];
  }
  if (needsNodePorts(old) && needsNodePorts(svc)) {
    const oldUsed = new Set((o.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const newUsed = new Set((s.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const used = new Set([...oldUsed].filter((p) => newUsed.has(p)));
    const byName = new Map<string, number | undefined>();
    for (const p of o.ports ?? []) byName.set(p.name ?? '', p.nodePort);
    for (const p of s.ports ?? []) {
      if (!p.nodePort) {
        const v = byName.get(p.name ?? '');
        if (v && !used.has(v)) p.nodePort = v;
      }
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && !s.healthCheckNodePort) s.healthCheckNodePort = o.healthCheckNodePort;
}

/** dropTypeDependentFields: wipe what the old type had allocated when the new type does not need it. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const s = svc.spec;
  const o = old.spec;
  if (o.type !== 'ExternalName' && s.type === 'ExternalName') {
    if (same(o.clusterIPs, s.clusterIPs)) {
      delete s.clusterIP;
      delete s.clusterIPs;
    }
    if (same(o.ipFamilies, s.ipFamilies)) delete s.ipFamilies;
    if (same(o.ipFamilyPolicy, s.ipFamilyPolicy)) delete s.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(svc)) {
    const oldPorts = new Set((o.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    if ((s.ports ?? []).every((p) => !p.nodePort || oldPorts.has(p.nodePort))) for (const p of s.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && o.healthCheckNodePort === s.healthCheckNodePort) delete s.healthCheckNodePort;
  if (s.type !== 'LoadBalancer') delete s.allocateLoadBalancerNodePorts;
  if (s.type !== 'LoadBalancer' && o.loadBalancerClass === s.loadBalancerClass) delete s.loadBalancerClass;
  if (externallyAccessible(old) && !externallyAccessible(svc) && o.externalTrafficPolicy === s.externalTrafficPolicy) delete s.externalTrafficPolicy;
  if (o.type === 'LoadBalancer' && s.type !== 'LoadBalancer') svc.status = { ...(svc.status ?? {}), loadBalancer: {} };
}

/** initIPFamilyFields for a single-stack IPv4 cluster: ipFamilyPolicy and ipFamilies. */
function initIPFamilyFields(svc: Service, old?: Service): void {
  const s = svc.spec;
  if (s.type === 'ExternalName') return;
  const selectorless = !s.selector || Object.keys(s.selector).length === 0;
  if (!s.ipFamilyPolicy) {
    if (old?.spec.ipFamilyPolicy) s.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else if (s.clusterIP === 'None' && selectorless) s.ipFamilyPolicy = 'RequireDualStack';
    else s.ipFamilyPolicy = 'SingleStack';
  }
  if (old && s.ipFamilyPolicy === 'SingleStack') {
    if (same(old.spec.clusterIPs, s.clusterIPs) && (s.clusterIPs?.length ?? 0) > 1) s.clusterIPs = s.clusterIPs!.slice(0, 1);
    if (same(old.spec.ipFamilies, s.ipFamilies) && (s.ipFamilies?.length ?? 0) > 1) s.ipFamilies = s.ipFamilies!.slice(0, 1);
  }
  (s.clusterIPs ?? []).every((ip, i) => {
    if (ip === 'None' || !ip) return false;
    if (i >= (s.ipFamilies?.length ?? 0) && !isIPv6(ip)) s.ipFamilies = [...(s.ipFamilies ?? []), 'IPv4'];
    return true;
  });
  if (s.clusterIP === 'None' && selectorless) {
    if (!s.ipFamilies?.length) s.ipFamilies = ['IPv4'];
    if (s.ipFamilies.length < 2 && s.ipFamilyPolicy !== 'SingleStack') s.ipFamilies = [...s.ipFamilies, s.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    return;
  }
  if (!s.ipFamilies?.length) s.ipFamilies = ['IPv4'];
}

/** The errors initIPFamilyFields reports on a single-stack IPv4 cluster (returned alone, as upstream). */
function ipFamilyErrors(svc: Service): FieldCause[] {
  const s = svc.spec;
  if (s.type === 'ExternalName') return [];
  const out: FieldCause[] = [];
  (s.clusterIPs ?? []).forEach((ip, i) => {
    if (ip && ip !== 'None' && isIPv6(ip) && validIP(ip) && i >= (s.ipFamilies?.length ?? 0)) {
      out.push(field.invalid(`spec.clusterIPs[${i}]`, goStrings(s.clusterIPs), 'IPv6 is not configured on this cluster'));
    }
  });
  if (out.length) return out;
  const selectorless = !s.selector || Object.keys(s.selector).length === 0;
  if (s.clusterIP === 'None' && selectorless) return [];
  if (s.ipFamilyPolicy === 'RequireDualStack') out.push(field.invalid('spec.ipFamilyPolicy', 'RequireDualStack', 'this cluster is not configured for dual-stack services'));
  (s.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4') out.push(field.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  return out;
}

function goServicePortKey(p: ServicePort): GoLiteral {
  return new GoLiteral(
    `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (requireName && !sp.name) out.push(field.required(`${path}.name`));
  else if (sp.name) {
    out.push(...validateDNS1123Label(sp.name, `${path}.name`));
    if (names.has(sp.name)) out.push(field.duplicate(`${path}.name`, sp.name));
    else names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) out.push(field.invalid(`${path}.port`, sp.port ?? 0, m));
  if (!sp.protocol) out.push(field.required(`${path}.protocol`));
  else if (!['SCTP', 'TCP', 'UDP'].includes(sp.protocol)) out.push(field.notSupported(`${path}.protocol`, sp.protocol, ['SCTP', 'TCP', 'UDP']));
  const tp = sp.targetPort;
  if (typeof tp === 'string') out.push(...eachInvalid(`${path}.targetPort`, tp, isValidPortName(tp)));
  else for (const m of isValidPortNum(tp ?? 0)) out.push(field.invalid(`${path}.targetPort`, tp ?? 0, m));
  if (sp.appProtocol !== undefined) out.push(...eachInvalid(`${path}.appProtocol`, sp.appProtocol, isQualifiedName(sp.appProtocol)));
  return out;
}

function validateClusterIPsRelatedFields(svc: Service): FieldCause[] {
  const s = svc.spec;
  if (s.type === 'ExternalName') return [];
  const out: FieldCause[] = [];
  const ips = s.clusterIPs ?? [];
  if (s.clusterIP) {
    if (!ips.length) out.push(field.required('spec.clusterIPs'));
    else if (ips[0] !== s.clusterIP) out.push(field.invalid('spec.clusterIPs', goStrings(ips), 'first value must match `clusterIP`'));
  } else if (ips.length) {
    out.push(field.invalid('spec.clusterIPs', goStrings(ips), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (s.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') out.push(field.notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    if (seen.has(f)) out.push(field.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const pol = s.ipFamilyPolicy;
  if (pol && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(pol)) {
    out.push(field.notSupported('spec.ipFamilyPolicy', pol, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        out.push(field.invalid('spec.clusterIPs', goStrings(ips), "'None' must be the first and only value"));
      }
      return;
    }
    if (!validIP(ip)) {
      bad = true;
      out.push(field.invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });
  if (ips.length > 2) out.push(field.invalid('spec.clusterIPs', goStrings(ips), 'may only hold up to 2 values'));
  if (bad) return out;
  if (ips.length > 1 && isIPv6(ips[0]) === isIPv6(ips[1])) {
    out.push(field.invalid('spec.clusterIPs', goStrings(ips), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(svc) && ips.length && s.ipFamilies?.length) {
    ips.forEach((ip, i) => {
      const f = s.ipFamilies?.[i];
      if (f === 'IPv4' && isIPv6(ip)) out.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (f === 'IPv6' && !isIPv6(ip)) out.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return out;
}

/** ValidateService (pkg/apis/core/validation). healthCheckNodePort may still be 0: it is allocated later here. */
export function validateService(svc: Service): FieldCause[] {
  const s = (svc.spec ?? {}) as Service['spec'];
  const out = [...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label)];
  const ports = s.ports ?? [];
  if (ports.length === 0 && !isHeadless(svc) && s.type !== 'ExternalName') out.push(field.required('spec.ports'));
  if ((s.type === 'LoadBalancer' || s.type === 'NodePort') && isHeadless(svc)) {
    out.push(field.invalid('spec.clusterIPs[0]', s.clusterIPs?.[0] ?? 'None', `may not be set to 'None' for ${s.type} services`));
  }
  if (s.type === 'ExternalName') {
    if (s.clusterIPs?.length) out.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (s.ipFamilies?.length) out.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (s.ipFamilyPolicy) out.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (s.externalName ?? '').replace(/\.$/, '');
    if (cname) out.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
    else out.push(field.required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => out.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (s.selector) out.push(...validateLabels(s.selector, 'spec.selector'));
  if (!s.sessionAffinity) out.push(field.required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(s.sessionAffinity)) out.push(field.notSupported('spec.sessionAffinity', s.sessionAffinity, ['ClientIP', 'None']));
  if (s.sessionAffinity === 'ClientIP') {
    const t = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (!s.sessionAffinityConfig) out.push(field.required('spec.sessionAffinityConfig', 'when session affinity type is ClientIP'));
    else if (!s.sessionAffinityConfig.clientIP) out.push(field.required('spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP'));
    else if (t === undefined) out.push(field.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP'));
    else if (t <= 0 || t > 86400) out.push(field.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, 'must be greater than 0 and less than 86400'));
  } else if (s.sessionAffinity === 'None' && s.sessionAffinityConfig) {
    out.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  out.push(...validateClusterIPsRelatedFields(svc));
  (s.externalIPs ?? []).forEach((ip, i) => {
    if (!validIP(ip)) out.push(field.invalid(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (!s.type) out.push(field.required('spec.type'));
  else if (!types.includes(s.type)) out.push(field.notSupported('spec.type', s.type, types));
  if (s.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) out.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) out.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) out.push(field.duplicate(`spec.ports[${i}]`, goServicePortKey(p)));
    portKeys.add(key);
  });
  if (s.loadBalancerSourceRanges?.length && s.type !== 'LoadBalancer') {
    out.push(field.forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer') {
    out.push(field.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) out.push(field.required('allocateLoadBalancerNodePorts'));
  if (!externallyAccessible(svc)) {
    if (s.externalTrafficPolicy) out.push(field.invalid('spec.externalTrafficPolicy', s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!s.externalTrafficPolicy) out.push(field.required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(s.externalTrafficPolicy)) out.push(field.notSupported('spec.externalTrafficPolicy', s.externalTrafficPolicy, ['Cluster', 'Local']));
  if (!needsHealthCheck(svc)) {
    if (s.healthCheckNodePort) {
      out.push(field.invalid('spec.healthCheckNodePort', s.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (s.healthCheckNodePort) {
    for (const m of isValidPortNum(s.healthCheckNodePort)) out.push(field.invalid('spec.healthCheckNodePort', s.healthCheckNodePort, m));
  }
  if (!s.internalTrafficPolicy) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type ?? '')) out.push(field.required('spec.internalTrafficPolicy'));
  } else if (!['Cluster', 'Local'].includes(s.internalTrafficPolicy)) {
    out.push(field.notSupported('spec.internalTrafficPolicy', s.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (s.trafficDistribution !== undefined && s.trafficDistribution !== 'PreferClose') {
    out.push(field.notSupported('spec.trafficDistribution', s.trafficDistribution, ['PreferClose']));
  }
  return out;
}

/** validateUpgradeDowngradeClusterIPs: the primary ClusterIP may not change once set. */
function validateClusterIPsUpdate(svc: Service, old: Service): FieldCause[] {
  if (svc.spec.type === 'ExternalName' || old.spec.type === 'ExternalName') return [];
  if (isHeadless(svc) && isHeadless(old)) return [];
  const n = svc.spec.clusterIPs ?? [];
  const o = old.spec.clusterIPs ?? [];
  const out: FieldCause[] = [];
  if (n.length === o.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i]) out.push(field.invalid(`spec.clusterIPs[${i}]`, goStrings(n), 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0) out.push(field.invalid('spec.clusterIPs[0]', goStrings(svc.spec.clusterIPs), 'primary clusterIP can not be unset'));
    if (o.length && n.length && n[0] !== o[0]) out.push(field.invalid('spec.clusterIPs[0]', goStrings(n), 'may not change once set'));
    if (n.length === 1 && svc.spec.ipFamilyPolicy !== 'SingleStack') {
      out.push(field.invalid('spec.clusterIPs[0]', goStrings(n), "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (o.length && n[0] !== o[0]) {
    out.push(field.invalid('spec.clusterIPs[0]', goStrings(n), 'may not change once set'));
  }
  return out;
}

export const serviceStrategy: Strategy = {
  defaults(obj) {
    const svc = obj as Service;
    setDefaultsService(svc);
    normalizeClusterIPs(svc);
    initIPFamilyFields(svc);
  },
  validate(obj) {
    const svc = obj as Service;
    const fam = ipFamilyErrors(svc);
    if (fam.length) return fam;
    return dedupe(validateService(svc));
  },
  defaultsUpdate(obj, old) {
    const svc = obj as Service;
    setDefaultsService(svc);
    patchAllocatedValues(svc, old as Service);
    normalizeClusterIPs(svc, old as Service);
    dropTypeDependentFields(svc, old as Service);
    initIPFamilyFields(svc, old as Service);
  },
  validateUpdate(obj, old) {
    const svc = obj as Service;
    const o = old as Service;
    const fam = ipFamilyErrors(svc);
    if (fam.length) return fam;
    const out = [...validateObjectMetaUpdate(svc.metadata, o.metadata), ...validateClusterIPsUpdate(svc, o)];
    if (needsHealthCheck(o) && needsHealthCheck(svc) && svc.spec.healthCheckNodePort !== o.spec.healthCheckNodePort) {
      out.push(field.forbidden('spec.healthCheckNodePort', 'field is immutable'));
    }
    out.push(...validateService(svc).filter((c) => !/^metadata\.(name|namespace|generateName)$/.test(c.field)));
    return dedupe(out);
  },
  allocate(obj, old, ctx) {
    if (old) allocateServiceUpdate(obj as Service, old as Service, ctx);
    else allocateServiceCreate(obj as Service, ctx);
  },
  initialStatus(obj: KubeObject) {
    obj.status = { loadBalancer: {} };
  },
};
