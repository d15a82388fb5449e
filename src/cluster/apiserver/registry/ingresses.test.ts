import { describe, expect, it } from 'vitest';
import { ApiServer } from '../server.js';
import { ObjectStore } from '../store.js';
import { Clock } from '../../state/clock.js';
import { Rng } from '../../state/rng.js';
import { buildConfig } from '../../state/config.js';
import type { KubeObject } from '../types.js';
import { StatusError } from '../errors.js';
import { strategies } from './index.js';
import { defaultIngressClass, isWildcardDNS1123Subdomain } from './ingresses.js';

function api(): ApiServer {
  const a = new ApiServer(new ObjectStore(), Clock.create('virtual'), Rng.fromSeed(1), buildConfig({ seed: 1, clock: 'virtual' }), strategies);
  a.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KubeObject);
  return a;
}
const ing = (spec: unknown, annotations?: Record<string, string>) =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default', annotations }, spec }) as unknown as KubeObject;
const be = { service: { name: 'web', port: { number: 80 } } };
function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e.status.message;
    throw e;
  }
  return '';
}

describe('Ingress validation (v1.32 texts)', () => {
  it('needs rules or a default backend, a pathType, an absolute path and a port', () => {
    const a = api();
    expect(message(() => a.create(ing({})))).toBe('Ingress.networking.k8s.io "i" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified');
    expect(message(() => a.create(ing({ rules: [{ http: { paths: [{ path: '/', backend: be }] } }] })))).toBe('Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
    expect(message(() => a.create(ing({ rules: [{ http: { paths: [{ path: 'x', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } }] } }] })))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: [spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path, spec.rules[0].http.paths[0].backend: Required value: port name or number is required]',
    );
    expect(message(() => a.create(ing({ rules: [{ http: { paths: [{ path: '/', pathType: 'Regex', backend: be }] } }] })))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    );
    expect(message(() => a.create(ing({ defaultBackend: { service: { name: 'web', port: { number: 80, name: 'http' } } } })))).toBe('Ingress.networking.k8s.io "i" is invalid: spec.defaultBackend: Invalid value: "": cannot set both port name & port number');
  });
  it('hosts: DNS names, one leading wildcard label, no IPs', () => {
    expect(isWildcardDNS1123Subdomain('*.example.com')).toEqual([]);
    expect(isWildcardDNS1123Subdomain('a.*.com')[0]).toMatch(/^a wildcard DNS-1123 subdomain must start with '\*\.'/);
    const a = api();
    expect(message(() => a.create(ing({ rules: [{ host: '1.2.3.4', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be }] } }] })))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
    );
  });
  it('stores an empty status on create whatever the request says', () => {
    const a = api();
    const out = a.create({ ...ing({ defaultBackend: be }), status: { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } } } as KubeObject);
    expect(out.status).toEqual({ loadBalancer: {} });
  });
});

describe('DefaultIngressClass admission', () => {
  const cls = (name: string, ts: string, def?: string) => ({ metadata: { name, creationTimestamp: ts, annotations: def ? { 'ingressclass.kubernetes.io/is-default-class': def } : undefined } }) as KubeObject;
  it('picks the newest default class, then the first by name', () => {
    expect(defaultIngressClass([cls('a', '2025-01-01T00:00:00Z', 'true'), cls('b', '2025-01-02T00:00:00Z', 'true'), cls('c', '2025-01-03T00:00:00Z', 'false')])?.metadata.name).toBe('b');
    expect(defaultIngressClass([cls('z', '2025-01-01T00:00:00Z', 'true'), cls('y', '2025-01-01T00:00:00Z', 'true')])?.metadata.name).toBe('y');
    expect(defaultIngressClass([cls('a', '2025-01-01T00:00:00Z')])).toBeUndefined();
  });
  it('sets spec.ingressClassName only when neither the field nor the legacy annotation is set', () => {
    const a = api();
    a.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } } as unknown as KubeObject);
    const spec = (o: KubeObject) => (o as unknown as { spec: { ingressClassName?: string } }).spec;
    expect(spec(a.create(ing({ defaultBackend: be }))).ingressClassName).toBe('nginx');
    expect(spec(a.create({ ...ing({ defaultBackend: be }, { 'kubernetes.io/ingress.class': 'x' }), metadata: { name: 'j', namespace: 'default', annotations: { 'kubernetes.io/ingress.class': 'x' } } } as KubeObject)).ingressClassName).toBeUndefined();
  });
  it('IngressClass: controller is a domain-prefixed path and immutable', () => {
    const a = api();
    expect(message(() => a.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'c' }, spec: { controller: 'nginx' } } as unknown as KubeObject))).toBe(
      'IngressClass.networking.k8s.io "c" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    );
  });
});
