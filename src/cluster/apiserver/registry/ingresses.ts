// Ingress and IngressClass strategies (pkg/registry/networking/ingress/strategy.go, pkg/apis/networking/validation
// ValidateIngressCreate/Update and ValidateIngressClass as of v1.32), and the DefaultIngressClass admission plugin
// (plugin/pkg/admission/network/defaultingressclass): an Ingress created without spec.ingressClassName and without
// the legacy `kubernetes.io/ingress.class` annotation gets the IngressClass annotated
// `ingressclass.kubernetes.io/is-default-class: "true"` (the newest, then the first by name, when several are).

import { field, GoLiteral, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import { parseIPSloppy } from './cidr.js';
import type { RegistryContext, Strategy } from './strategy.js';
import {
  dedupe,
  eachInvalid,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  maxLenError,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.js';

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface Backend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}
interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: Backend;
  tls?: Array<{ hosts?: string[]; secretName?: string }>;
  rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; pathType?: string; backend?: Backend }> } }>;
}
type Ingress = KubeObject & { spec?: IngressSpec };
type IngressClass = KubeObject & { spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string; scope?: string; namespace?: string } } };

const WILDCARD_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!WILDCARD_RE.test(v)) errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  return errs;
}

/** pathvalidation.IsValidPathSegmentName */
function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) out.push(`may not contain '${c}'`);
  return out;
}

function validateBackend(b: Backend, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (b.resource && b.service) return [field.invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const r = b.resource;
    const p = `${path}.resource`;
    if (r.apiGroup !== undefined && r.apiGroup !== null) out.push(...eachInvalid(`${p}.apiGroup`, r.apiGroup, isDNS1123Subdomain(r.apiGroup)));
    if (!r.kind) out.push(field.required(`${p}.kind`, 'kind is required'));
    else out.push(...eachInvalid(`${p}.kind`, r.kind, isValidPathSegmentName(r.kind)));
    if (!r.name) out.push(field.required(`${p}.name`, 'name is required'));
    else out.push(...eachInvalid(`${p}.name`, r.name, isValidPathSegmentName(r.name)));
    return out;
  }
  if (!b.service) return [field.invalid(path, '', 'resource or service backend is required')];
  const s = b.service;
  if (!s.name) out.push(field.required(`${path}.service.name`));
  else out.push(...eachInvalid(`${path}.service.name`, s.name, nameIsDNS1035Label(s.name, false)));
  const name = s.port?.name ?? '';
  const num = s.port?.number ?? 0;
  if (name && num) out.push(field.invalid(path, '', 'cannot set both port name & port number'));
  else if (name) out.push(...eachInvalid(`${path}.service.port.name`, name, isValidPortName(name)));
  else if (num) for (const m of isValidPortNum(num)) out.push(field.invalid(`${path}.service.port.number`, num, m));
  else out.push(field.required(path, 'port name or number is required'));
  return out;
}

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

function validatePath(p: { path?: string; pathType?: string; backend?: Backend }, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const value = p.path ?? '';
  if (!p.pathType) return [field.required(`${path}.pathType`, 'pathType must be specified')];
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) out.push(field.invalid(`${path}.path`, value, 'must be an absolute path'));
      if (value.length > 0) {
        for (const seq of INVALID_SEQUENCES) if (value.includes(seq)) out.push(field.invalid(`${path}.path`, value, `must not contain '${seq}'`));
        for (const suf of INVALID_SUFFIXES) if (value.endsWith(suf)) out.push(field.invalid(`${path}.path`, value, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value.length > 0 && !value.startsWith('/')) out.push(field.invalid(`${path}.path`, value, 'must be an absolute path'));
      break;
    default:
      out.push(field.notSupported(`${path}.pathType`, p.pathType, ['Exact', 'ImplementationSpecific', 'Prefix']));
  }
  out.push(...validateBackend(p.backend ?? {}, `${path}.backend`));
  return out;
}

function validateHost(host: string, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (parseIPSloppy(host)) out.push(field.invalid(path, host, 'must be a DNS name, not an IP address'));
  const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  out.push(...eachInvalid(path, host, msgs));
  return out;
}

export function validateIngressSpec(spec: IngressSpec): FieldCause[] {
  const out: FieldCause[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) {
    const lit = new GoLiteral(spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)');
    out.push(field.invalid('spec', lit, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) out.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const p = `spec.rules[${i}]`;
    if (r?.host) out.push(...validateHost(r.host, `${p}.host`));
    if (r?.http) {
      const paths = r.http.paths ?? [];
      if (paths.length === 0) out.push(field.required(`${p}.http.paths`));
      paths.forEach((hp, j) => out.push(...validatePath(hp ?? {}, `${p}.http.paths[${j}]`)));
    }
  });
  (spec.tls ?? []).forEach((t, i) => {
    (t?.hosts ?? []).forEach((h, j) => {
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      out.push(...eachInvalid(`spec.tls[${i}].hosts[${j}]`, h, msgs));
    });
    if (t?.secretName) out.push(...eachInvalid(`spec.tls[${i}].secretName`, t.secretName, nameIsDNSSubdomain(t.secretName, false)));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    out.push(...eachInvalid('spec.ingressClassName', spec.ingressClassName, nameIsDNSSubdomain(spec.ingressClassName, false)));
  }
  return out;
}

/** getDefaultClass: the IngressClasses annotated default, newest first, then by name. */
export function defaultIngressClass(classes: KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
    return tb - ta;
  });
  return defaults[0];
}

/** The DefaultIngressClass mutating admission plugin (create only). */
function admitDefaultClass(ing: Ingress, ctx: RegistryContext): void {
  const spec = (ing.spec ??= {});
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) return;
  if (ing.metadata.annotations && LEGACY_CLASS_ANNOTATION in ing.metadata.annotations) return;
  const def = defaultIngressClass(ctx.store.list('ingressclasses.networking.k8s.io'));
  if (def) spec.ingressClassName = def.metadata.name;
}

export const ingressStrategy: Strategy = {
  defaults: (obj, ctx) => admitDefaultClass(obj as Ingress, ctx),
  validate(obj) {
    const ing = obj as Ingress;
    const out = [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ing.spec ?? {})];
    const ann = obj.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
    const cls = ing.spec?.ingressClassName;
    if (ann !== undefined && cls !== undefined && cls !== null && ann !== cls) {
      out.push(field.invalid(`annotations.${LEGACY_CLASS_ANNOTATION}`, ann, 'must match `ingressClassName` when both are specified'));
    }
    return dedupe(out);
  },
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateIngressSpec((obj as Ingress).spec ?? {})]),
  // PrepareForCreate: the status is the controller's to write
  initialStatus(obj) {
    obj.status = { loadBalancer: {} };
  },
};

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH_RE = new RegExp(`^${HTTP_PATH_FMT}$`);

/** validation.IsDomainPrefixedPath */
function isDomainPrefixedPath(path: string, value: string): FieldCause[] {
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || !host || !rest) return [field.invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const out = eachInvalid(path, host, isDNS1123Subdomain(host));
  if (!HTTP_PATH_RE.test(rest)) out.push(field.invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return out;
}

function validateIngressClass(ic: IngressClass): FieldCause[] {
  const out: FieldCause[] = [];
  const controller = ic.spec?.controller ?? '';
  if (!controller) out.push(field.required('spec.controller'));
  else {
    if (controller.length > 250) out.push({ reason: 'FieldValueTooLong', field: 'spec.controller', message: 'spec.controller: Too long: may not be more than 250 bytes' });
    out.push(...isDomainPrefixedPath('spec.controller', controller));
  }
  const p = ic.spec?.parameters;
  if (p) {
    const at = 'spec.parameters';
    if (p.apiGroup !== undefined && p.apiGroup !== null) out.push(...eachInvalid(`${at}.apiGroup`, p.apiGroup, isDNS1123Subdomain(p.apiGroup)));
    if (!p.kind) out.push(field.required(`${at}.kind`));
    else out.push(...eachInvalid(`${at}.kind`, p.kind, isValidPathSegmentName(p.kind)));
    if (!p.name) out.push(field.required(`${at}.name`));
    else out.push(...eachInvalid(`${at}.name`, p.name, isValidPathSegmentName(p.name)));
    if (!p.scope) out.push(field.required(`${at}.scope`));
    else if (p.scope !== 'Cluster' && p.scope !== 'Namespace') out.push(field.notSupported(`${at}.scope`, p.scope, ['Cluster', 'Namespace']));
    else if (p.scope === 'Namespace' && !p.namespace) out.push(field.required(`${at}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else if (p.scope === 'Namespace') out.push(...eachInvalid(`${at}.namespace`, p.namespace!, nameIsDNSLabel(p.namespace!, false)));
    else if (p.namespace) out.push(field.forbidden(`${at}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return out;
}

/** SetDefaults_IngressClass: parameters without a scope are cluster-scoped. */
function defaultIngressClassParams(obj: KubeObject): void {
  const p = (obj as IngressClass).spec?.parameters;
  if (p && !p.scope) p.scope = 'Cluster';
}

export const ingressClassStrategy: Strategy = {
  defaults: defaultIngressClassParams,
  defaultsUpdate: defaultIngressClassParams,
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateIngressClass(obj as IngressClass)]),
  validateUpdate(obj, old) {
    const out: FieldCause[] = [...validateObjectMetaUpdate(obj.metadata, old.metadata)];
    const a = (obj as IngressClass).spec?.controller;
    const b = (old as IngressClass).spec?.controller;
    if (a !== b) out.push(field.invalid('spec.controller', a ?? '', 'field is immutable'));
    out.push(...validateIngressClass(obj as IngressClass));
    return dedupe(out);
  },
};
