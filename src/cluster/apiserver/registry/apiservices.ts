// APIService (apiregistration.k8s.io/v1) strategy: kube-aggregator's defaults (service port 443) and
// ValidateAPIService, with its messages. kubesim serves one aggregated API, metrics-server's
// v1beta1.metrics.k8s.io (availability: controllers/apiservice-availability.ts); any other APIService is refused
// rather than stored and left without a server behind it.

import { field, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, isDNS1035Label, isDNS1123Subdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

type Any = Record<string, any>;

/** The aggregated APIs kubesim simulates a server for. */
export const SIMULATED_APISERVICES = ['v1beta1.metrics.k8s.io'];

function defaults(obj: KubeObject): void {
  const svc = (obj.spec as Any | undefined)?.service;
  if (svc && typeof svc === 'object') svc.port ??= 443;
}

/** path.IsValidPathSegmentName */
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

function validate(obj: KubeObject): FieldCause[] {
  const spec = (obj.spec ?? {}) as Any;
  const group = String(spec.group ?? '');
  const version = String(spec.version ?? '');
  const requiredName = `${version}.${group}`;
  const out: FieldCause[] = [
    ...validateObjectMeta(obj.metadata, false, (name) => {
      const minimal = pathSegmentErrors(name);
      if (minimal.length) return minimal;
      return name === requiredName ? [] : [`must be \`spec.version+"."+spec.group\`: ${JSON.stringify(requiredName)}`];
    }),
  ];
  if (group === '' && version !== 'v1') out.push(field.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '') for (const e of isDNS1123Subdomain(group)) out.push(field.invalid('spec.group', group, e));
  for (const e of isDNS1035Label(version)) out.push(field.invalid('spec.version', version, e));
  const gpm = Number(spec.groupPriorityMinimum ?? 0);
  if (gpm <= 0 || gpm > 20000) out.push(field.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = Number(spec.versionPriority ?? 0);
  if (vp <= 0 || vp > 1000) out.push(field.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  const caBundle = String(spec.caBundle ?? '');
  if (!spec.service) {
    if (caBundle) out.push(field.invalid('spec.caBundle', `${Buffer.from(caBundle, 'base64').length} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify) out.push(field.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
  } else {
    const svc = spec.service as Any;
    if (!svc.namespace) out.push(field.required('spec.service.namespace'));
    if (!svc.name) out.push(field.required('spec.service.name'));
    const port = Number(svc.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) out.push(field.invalid('spec.service.port', svc.port, 'port is not valid: must be between 1 and 65535, inclusive'));
    if (spec.insecureSkipTLSVerify && caBundle) out.push(field.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  }
  if (out.length === 0 && !(SIMULATED_APISERVICES.includes(obj.metadata.name ?? '') && spec.service)) {
    out.push(field.forbidden('spec', `kubesim does not simulate aggregated API servers other than metrics-server (${SIMULATED_APISERVICES.join(', ')} backed by a Service); the API server's own group/versions need no APIService`));
  }
  return out;
}

export const apiServiceStrategy: Strategy = {
  defaults,
  defaultsUpdate: defaults,
  validate: (obj) => dedupe(validate(obj)),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)]),
};
