import { describe, expect, it } from 'vitest';
import { buildConfig, decide, globMatch, ingressRoutes, parseService, servesIngress, type CustomObject, type IngressObject } from './routes.js';

const obj = (name: string, namespace: string, spec: Record<string, unknown>, labels?: Record<string, string>): CustomObject => ({ metadata: { name, namespace, labels }, spec });
const listener = (port: number, extra: Record<string, unknown> = {}) => obj(`l-${port}`, 'emissary', { port, protocol: 'HTTP', securityModel: 'XFP', hostBinding: { namespace: { from: 'ALL' } }, ...extra });
const ingress = (spec: IngressObject['spec'], annotations?: Record<string, string>): IngressObject => ({ metadata: { name: 'web-ingress', namespace: 'default', annotations }, spec });

function config(mappings: CustomObject[], extra: { hosts?: CustomObject[]; ingresses?: IngressObject[]; listeners?: CustomObject[] } = {}) {
  return buildConfig({ listeners: extra.listeners ?? [listener(8080)], hosts: extra.hosts ?? [], mappings, ingresses: extra.ingresses ?? [], ingressClasses: [] });
}

const get = (path: string, authority = '172.18.0.2:31211', headers: Record<string, string> = {}) => ({ method: 'GET', authority, path, headers });

describe('Emissary routes', () => {
  it('a Mapping prefix is a string prefix; rewrite defaults to "/" and "" keeps the path', () => {
    const c = config([obj('website', 'default', { hostname: '*', prefix: '/web/', service: 'website' }), obj('keep', 'default', { hostname: '*', prefix: '/keep/', service: 'keep:8080', rewrite: '' })]);
    const d = decide(c, c.listeners[0], get('/web/index.html?x=1'));
    expect(d).toMatchObject({ kind: 'route', upstreamPath: '/index.html?x=1', route: { service: { name: 'website', namespace: 'default', port: 80 } } });
    expect(decide(c, c.listeners[0], get('/web'))).toEqual({ kind: 'no-route' });
    expect(decide(c, c.listeners[0], get('/keep/a'))).toMatchObject({ upstreamPath: '/keep/a', route: { service: { port: 8080 } } });
  });

  it('longer prefixes win, then precedence decides first', () => {
    const c = config([obj('short', 'default', { prefix: '/', service: 'a' }), obj('long', 'default', { prefix: '/api/', service: 'b' })]);
    expect(decide(c, c.listeners[0], get('/api/x'))).toMatchObject({ route: { name: 'long' } });
    expect(decide(c, c.listeners[0], get('/other'))).toMatchObject({ route: { name: 'short' } });
    const p = config([obj('short', 'default', { prefix: '/', service: 'a', precedence: 10 }), obj('long', 'default', { prefix: '/api/', service: 'b' })]);
    expect(decide(p, p.listeners[0], get('/api/x'))).toMatchObject({ route: { name: 'short' } });
  });

  it('matches the hostname glob against the authority without its port; host_regex; headers and method', () => {
    const c = config([
      obj('foo', 'default', { hostname: 'foo.example.com', prefix: '/', service: 'foo' }),
      obj('wild', 'default', { hostname: '*.example.org', prefix: '/', service: 'wild' }),
      obj('re', 'default', { host: '^b[a-z]+\\.test$', host_regex: true, prefix: '/', service: 're' }),
      obj('hdr', 'default', { hostname: '*', prefix: '/h/', service: 'h', headers: { 'x-canary': 'yes' }, method: 'GET' }),
    ]);
    const l = c.listeners[0];
    expect(decide(c, l, get('/', 'foo.example.com:8080'))).toMatchObject({ route: { name: 'foo' } });
    expect(decide(c, l, get('/', 'a.example.org'))).toMatchObject({ route: { name: 'wild' } });
    expect(decide(c, l, get('/', 'bar.test'))).toMatchObject({ route: { name: 're' } });
    expect(decide(c, l, get('/', 'other.example.com'))).toEqual({ kind: 'no-route' });
    expect(decide(c, l, get('/h/', 'x', { 'X-Canary': 'yes' }))).toMatchObject({ route: { name: 'hdr' } });
    expect(decide(c, l, get('/h/', 'x'))).toEqual({ kind: 'no-route' });
    expect(decide(c, l, { ...get('/h/', 'x', { 'x-canary': 'yes' }), method: 'POST' })).toEqual({ kind: 'no-route' });
  });

  it('Envoy listens only on the Listeners ports (no default listener in 2.x); invalid Listeners are dropped', () => {
    const c = config([], { listeners: [listener(80), obj('bad', 'emissary', { port: 8443, protocol: 'HTTPS' })] });
    expect(c.listeners.map((l) => l.port)).toEqual([80]);
  });

  it('with no Host the default host routes cleartext; a Host redirects insecure requests unless its policy says Route', () => {
    const m = [obj('website', 'default', { hostname: '*', prefix: '/web/', service: 'website' })];
    const c = config(m, { hosts: [obj('h', 'default', { hostname: 'shop.example.com' })] });
    expect(decide(c, c.listeners[0], get('/web/', 'shop.example.com'))).toEqual(expect.objectContaining({ kind: 'redirect', location: 'https://shop.example.com/web/' }));
    expect(decide(c, c.listeners[0], { ...get('/web/', 'shop.example.com'), xfp: 'https' })).toMatchObject({ kind: 'route' });
    // a Host the request's authority does not name: no virtual host, 404
    expect(decide(c, c.listeners[0], get('/web/', 'other.example.com'))).toEqual({ kind: 'no-route' });
    const r = config(m, { hosts: [obj('h', 'default', { hostname: '*', requestPolicy: { insecure: { action: 'Route' } } })] });
    expect(decide(r, r.listeners[0], get('/web/'))).toMatchObject({ kind: 'route' });
  });

  it('hostBinding SELF or a selector limits the Hosts a Listener takes', () => {
    const m = [obj('website', 'default', { hostname: '*', prefix: '/', service: 'website' })];
    const c = config(m, { hosts: [obj('h', 'default', { hostname: '*', requestPolicy: { insecure: { action: 'Route' } } })], listeners: [listener(8080, { hostBinding: { namespace: { from: 'SELF' } } })] });
    expect(decide(c, c.listeners[0], get('/'))).toEqual({ kind: 'no-route' });
  });

  it('parses service references the way the KubernetesServiceResolver resolves them', () => {
    expect(parseService('website', 'default')).toMatchObject({ name: 'website', namespace: 'default', port: 80 });
    expect(parseService('engine.web:8080', 'default')).toMatchObject({ name: 'engine', namespace: 'web', port: 8080 });
    expect(parseService('https://api.prod.svc.cluster.local', 'default')).toMatchObject({ name: 'api', namespace: 'prod', port: 443, scheme: 'https' });
  });

  it('globs', () => {
    expect(globMatch('*', 'x')).toBe(true);
    expect(globMatch('*.a.com', 'b.a.com')).toBe(true);
    expect(globMatch('*.a.com', 'a.com')).toBe(false);
    expect(globMatch('a.com', 'A.com')).toBe(true);
  });
});

describe('Emissary and Ingress', () => {
  const lab = ingress({ ingressClassName: 'ambassador', rules: [{ http: { paths: [{ path: '/engine', pathType: 'Prefix', backend: { service: { name: 'engine', port: { number: 80 } } } }] } }] }, { 'kubernetes.io/ingress.class': 'ambassador' });

  it('serves the annotation, or a class whose IngressClass names its controller', () => {
    expect(servesIngress(lab, [])).toBe(true);
    const byClass = ingress({ ingressClassName: 'amb' });
    expect(servesIngress(byClass, [])).toBe(false);
    expect(servesIngress(byClass, [{ metadata: { name: 'amb' }, spec: { controller: 'getambassador.io/ingress-controller' } }])).toBe(true);
    expect(servesIngress(ingress({ ingressClassName: 'nginx' }), [{ metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }])).toBe(false);
  });

  it('a path becomes a Mapping with the default rewrite: /engine/ goes upstream as //', () => {
    expect(ingressRoutes(lab)).toMatchObject([{ name: 'web-ingress-0-0', prefix: '/engine', hostname: '*', service: { name: 'engine', namespace: 'default', port: 80 } }]);
    const c = config([], { ingresses: [lab] });
    expect(decide(c, c.listeners[0], get('/engine/'))).toMatchObject({ kind: 'route', upstreamPath: '//' });
    // Emissary's prefix is a string prefix, even for pathType Prefix
    expect(decide(c, c.listeners[0], get('/engines'))).toMatchObject({ kind: 'route', upstreamPath: '/s' });
  });

  it('Exact paths are prefix_exact with precedence 1; a wildcard rule host becomes a host_regex', () => {
    const r = ingressRoutes(ingress({ rules: [{ host: '*.foo.com', http: { paths: [{ path: '/x', pathType: 'Exact', backend: { service: { name: 's', port: { number: 80 } } } }] } }] }));
    expect(r[0]).toMatchObject({ prefixExact: true, precedence: 1, hostRegex: true, hostname: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.foo\\.com$' });
  });
});
