import { describe, expect, it } from 'vitest';
import { buildServers, matchLocation, routeRequest, type IngressLike } from './routing.js';
import { controllerOptions, ingressErrorPage, servesIngress } from './server.js';

const be = (name: string, port: number) => ({ service: { name, port: { number: port } } });
const ing = (name: string, spec: IngressLike['spec'], annotations?: Record<string, string>): IngressLike => ({ metadata: { name, namespace: 'default', annotations }, spec });

describe('ingress-nginx routing', () => {
  const servers = buildServers([
    ing('a', {
      rules: [
        { http: { paths: [{ path: '/foo', pathType: 'Prefix', backend: be('foo', 5678) }, { path: '/exact', pathType: 'Exact', backend: be('ex', 80) }, { path: '/impl', pathType: 'ImplementationSpecific', backend: be('impl', 80) }] } },
        { host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('wild', 80) }] } },
      ],
    }),
  ]);

  it('Prefix matches the path and its sub-paths element-wise, not a longer word', () => {
    expect(routeRequest(servers, 'localhost', '/foo').location?.upstream).toBe('default-foo-5678');
    expect(routeRequest(servers, 'localhost', '/foo/bar?x=1').location?.upstream).toBe('default-foo-5678');
    expect(routeRequest(servers, 'localhost', '/foobar').location).toBeNull();
  });

  it('Exact matches only the path; ImplementationSpecific is a plain nginx prefix', () => {
    expect(routeRequest(servers, 'localhost', '/exact').location?.service).toBe('ex');
    expect(routeRequest(servers, 'localhost', '/exact/x').location).toBeNull();
    expect(routeRequest(servers, 'localhost:80', '/implementation').location?.service).toBe('impl');
  });

  it('a wildcard host covers one label; other hosts fall to the catch-all server', () => {
    expect(routeRequest(servers, 'a.example.com', '/x').location?.service).toBe('wild');
    expect(routeRequest(servers, 'a.b.example.com', '/x').server).toBe('_');
  });

  it('rewrite-target uses the path as a case-insensitive regex with capture groups', () => {
    const s = buildServers([ing('r', { rules: [{ http: { paths: [{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific', backend: be('x', 80) }] } }] }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' })]);
    expect(routeRequest(s, 'h', '/SOMETHING/new?q=1').upstreamPath).toBe('/new?q=1');
    expect(routeRequest(s, 'h', '/something').upstreamPath).toBe('/');
  });

  it('the longest prefix wins; defaultBackend catches the rest', () => {
    const s = buildServers([ing('d', { defaultBackend: be('def', 80), rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('root', 80) }, { path: '/api', pathType: 'Prefix', backend: be('api', 80) }] } }] })]);
    expect(matchLocation(s.get('_')!.locations, '/api/v1')?.service).toBe('api');
    expect(routeRequest(s, 'other', '/x').location?.service).toBe('root');
    const only = buildServers([ing('d', { defaultBackend: be('def', 80) })]);
    expect(routeRequest(only, 'h', '/anything').location?.upstream).toBe('default-def-80');
  });

  it('serves its class, the legacy annotation, and class-less Ingresses only with --watch-ingress-without-class', () => {
    const o = controllerOptions(['/nginx-ingress-controller', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx', '--watch-ingress-without-class=true']);
    const classes = [{ metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }, { metadata: { name: 'other' }, spec: { controller: 'x' } }];
    expect(servesIngress(ing('a', { ingressClassName: 'nginx' }), classes, o)).toBe(true);
    expect(servesIngress(ing('a', { ingressClassName: 'other' }), classes, o)).toBe(false);
    expect(servesIngress(ing('a', {}), classes, o)).toBe(true);
    expect(servesIngress(ing('a', {}), classes, { ...o, watchWithoutClass: false })).toBe(false);
    expect(servesIngress(ing('a', {}, { 'kubernetes.io/ingress.class': 'nginx' }), classes, { ...o, watchWithoutClass: false })).toBe(true);
  });

  it('the 404 page is nginx\'s with server_tokens off (146 bytes)', () => {
    expect(Buffer.byteLength(ingressErrorPage(404, 'Not Found'))).toBe(146);
  });
});
