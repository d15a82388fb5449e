import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../apiserver/types.js';
import type { IncomingRequest, ServerEnv } from '../types.js';
import { emissaryApiextServer, emissaryIngressServer, emissaryProgram } from './server.js';

const pod = { metadata: { name: 'emissary-ingress-x', namespace: 'emissary' }, spec: { containers: [] } } as unknown as Pod;
const container = { name: 'ambassador', image: 'docker.io/emissaryingress/emissary:2.2.2' } as Container;

function env(objects: Record<string, unknown[]>, upstream?: ServerEnv['send']): ServerEnv & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    list: <T>(r: string) => {
      if (!(r in objects) && r.endsWith('getambassador.io')) throw new Error(`unknown resource key ${r}`);
      return (objects[r] ?? []) as T[];
    },
    get: <T>(r: string, ns: string, n: string) => (objects[r] ?? []).find((o) => (o as { metadata: { name: string; namespace?: string } }).metadata.name === n && ((o as { metadata: { namespace?: string } }).metadata.namespace ?? ns) === ns) as T | undefined,
    send(ip, port, req) {
      sent.push({ ip, port, req });
      return upstream ? upstream(ip, port, req) : { ok: false, error: 'refused' };
    },
    random: () => 0.5,
  };
}

const listener = { metadata: { name: 'l', namespace: 'emissary' }, spec: { port: 8080, protocol: 'HTTP', securityModel: 'XFP', hostBinding: { namespace: { from: 'ALL' } } } };
const mapping = { metadata: { name: 'website', namespace: 'default' }, spec: { hostname: '*', prefix: '/web/', service: 'website' } };
const website = { metadata: { name: 'website', namespace: 'default' }, spec: { clusterIP: '10.96.10.10', ports: [{ port: 80 }] } };

function request(e: ServerEnv, path: string, port = 8080): IncomingRequest {
  return { method: 'GET', path, host: '172.18.0.2:31211', headers: { Accept: '*/*' }, userAgent: 'curl/7.68.0', remoteIP: '10.0.0.1', remotePort: 40000, localIP: '10.244.0.5', localPort: port, nowMs: Date.UTC(2022, 4, 19, 21, 38, 4), pod, container, env: e };
}

describe('emissary-ingress image', () => {
  const httpd = (): ReturnType<ServerEnv['send']> => ({
    ok: true,
    status: 200,
    statusText: 'OK',
    headers: [['Date', 'Thu, 19 May 2022 21:38:04 GMT'], ['Server', 'Apache/2.4.53 (Unix)'], ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', '45'], ['Connection', 'close'], ['Content-Type', 'text/html']],
    body: '<html><body><h1>It works!</h1></body></html>\n',
  });

  it('listens on 8877, 8005 and the Listeners ports only', () => {
    const s = emissaryIngressServer();
    expect(s.listens(8877)).toBe(true);
    expect(s.listens(8080)).toBe(false);
    expect(s.listens(8080, env({ 'listeners.getambassador.io': [listener] }))).toBe(true);
    expect(s.listens(80, env({ 'listeners.getambassador.io': [listener] }))).toBe(false);
    // no CRDs installed: no Listener, nothing on 8080
    expect(s.listens(8080, env({}))).toBe(false);
  });

  it('proxies a Mapping to the Service cluster IP with the prefix rewritten, Envoy headers on the way back', () => {
    const e = env({ 'listeners.getambassador.io': [listener], 'mappings.getambassador.io': [mapping], services: [website] }, httpd);
    const { response, log } = emissaryIngressServer().handle(request(e, '/web/'), () => null);
    expect(e.sent).toMatchObject([{ ip: '10.96.10.10', port: 80, req: { path: '/', host: '172.18.0.2:31211', headers: { 'x-forwarded-for': '10.0.0.1', 'x-forwarded-proto': 'http', 'x-envoy-original-path': '/web/', 'x-envoy-expected-rq-timeout-ms': '3000' } } }]);
    expect(response.headers).toEqual([
      ['date', 'Thu, 19 May 2022 21:38:04 GMT'],
      ['server', 'envoy'],
      ['last-modified', 'Mon, 11 Jun 2007 18:53:14 GMT'],
      ['etag', '"2d-432a5e4a73a80"'],
      ['accept-ranges', 'bytes'],
      ['content-length', '45'],
      ['content-type', 'text/html'],
      ['x-envoy-upstream-service-time', '1'],
    ]);
    expect(log[0].text).toMatch(/^ACCESS \[2022-05-19T21:38:04\.000Z\] "GET \/web\/ HTTP\/1\.1" 200 - 0 \d+ 1 1 "10\.0\.0\.1" "curl\/7\.68\.0" "[0-9a-f-]{36}" "172\.18\.0\.2:31211" "10\.96\.10\.10:80"$/);
  });

  it("answers Envoy's local replies: 404 NR with an empty body, 503 for a Service that does not exist or refuses", () => {
    const e = env({ 'listeners.getambassador.io': [listener], 'mappings.getambassador.io': [mapping, { metadata: { name: 'gone', namespace: 'default' }, spec: { prefix: '/gone/', service: 'gone' } }], services: [website] });
    const nr = emissaryIngressServer().handle(request(e, '/engine/'), () => null);
    expect([nr.response.status, nr.response.headers, nr.response.body]).toEqual([404, [['date', 'Thu, 19 May 2022 21:38:04 GMT'], ['server', 'envoy'], ['content-length', '0']], '']);
    expect(nr.log[0].text).toContain('" 404 NR 0 0 0 - ');
    const uh = emissaryIngressServer().handle(request(e, '/gone/'), () => null);
    expect([uh.response.status, uh.response.body]).toEqual([503, 'no healthy upstream']);
    const uf = emissaryIngressServer().handle(request(e, '/web/'), () => null);
    expect([uf.response.status, uf.response.body]).toEqual([503, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure']);
  });

  it('health checks on 8877; diagd is refused plainly', () => {
    const s = emissaryIngressServer();
    expect(s.handle(request(env({}), '/ambassador/v0/check_ready', 8877), () => null).response.body).toBe('Ambassador is ready and waiting\n');
    expect(s.handle(request(env({}), '/ambassador/v0/check_alive', 8877), () => null).response.body).toBe('Ambassador is alive and well\n');
    expect(s.handle(request(env({}), '/ambassador/v0/diag/', 8877), () => null).response.status).toBe(501);
  });

  it('apiext answers its probes; the programs follow the command', () => {
    const a = emissaryApiextServer();
    expect(a.handle(request(env({}), '/probes/live', 8080), () => null).response.body).toBe('Living!\n');
    expect(a.handle(request(env({}), '/probes/ready', 8080), () => null).response.body).toBe('Ready!\n');
    expect(emissaryProgram(['apiext', 'emissary-apiext'])).toBe('apiext');
    expect(emissaryProgram(['agent'])).toBe('agent');
    expect(emissaryProgram(undefined)).toBe('ambassador');
  });
});
