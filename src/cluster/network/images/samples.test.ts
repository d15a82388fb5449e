import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { imageFamily, serverFor, startupLogs } from './index.js';
import type { IncomingRequest } from './types.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' }, spec: { containers: [] }, status: { podIP: '10.244.1.5' } } as unknown as Pod;

function req(c: Container, path: string, port: number): IncomingRequest {
  return { method: 'GET', path, host: `web:${port}`, headers: { accept: '*/*' }, userAgent: 'curl/8.11.1', remoteIP: '10.244.2.7', remotePort: 40000, localIP: '10.244.1.5', localPort: port, nowMs: Date.UTC(2025, 0, 6, 10), pod, container: c } as IncomingRequest;
}

function get(image: string, path: string, port: number, extra: Partial<Container> = {}): string | null {
  const c = { name: 'c', image, ...extra } as Container;
  const srv = serverFor(pod, c);
  if (!srv || !srv.listens(port)) return null;
  return srv.handle(req(c, path, port), () => null).response.body;
}

describe('sample images of tutorials and courses', () => {
  it('kubernetes-bootcamp answers its pod and version on 8080 and logs its start', () => {
    expect(get('gcr.io/google-samples/kubernetes-bootcamp:v1', '/', 8080)).toBe('Hello Kubernetes bootcamp! | Running on: web-1 | v=1\n');
    expect(get('jocatalin/kubernetes-bootcamp:v2', '/', 8080)).toBe('Hello Kubernetes bootcamp! | Running on: web-1 | v=2\n');
    const logs = startupLogs({ pod, container: { name: 'c', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' } as Container, startMs: Date.UTC(2025, 0, 6, 10), kernel: '' });
    expect(logs.map((l) => l.text)).toEqual(['Kubernetes Bootcamp App Started At: 2025-01-06T10:00:00.000Z | Running On:  web-1 ', '']);
  });
  it('serve_hostname and agnhost serve-hostname answer the hostname on 9376; agnhost netexec its endpoints', () => {
    expect(get('registry.k8s.io/serve_hostname', '/', 9376)).toBe('web-1');
    expect(get('registry.k8s.io/e2e-test-images/agnhost:2.39', '/', 9376, { args: ['serve-hostname'] })).toBe('web-1');
    expect(get('registry.k8s.io/e2e-test-images/agnhost:2.39', '/clientip', 8080, { args: ['netexec', '--http-port=8080'] })).toBe('10.244.2.7:40000');
    expect(get('registry.k8s.io/e2e-test-images/agnhost:2.39', '/hostname', 8081, { command: ['/agnhost', 'netexec', '--http-port', '8081'] })).toBe('web-1');
    expect(serverFor(pod, { name: 'c', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', args: ['pause'] } as Container)).toBeNull();
  });
  it('echoserver 1.4 prints CLIENT VALUES, 1.10 the request information', () => {
    const old = get('registry.k8s.io/echoserver:1.4', '/x?a=1', 8080)!;
    expect(old.split('\n').slice(0, 7)).toEqual(['CLIENT VALUES:', 'client_address=10.244.2.7', 'command=GET', 'real path=/x', 'query=a=1', 'request_version=1.1', 'request_uri=http://web:8080/x?a=1']);
    expect(old).toContain('HEADERS RECEIVED:\naccept=*/*\nhost=web:8080\nuser-agent=curl/8.11.1\nBODY:\n-no body in request-');
    const v10 = get('registry.k8s.io/echoserver:1.10', '/', 8080)!;
    expect(v10).toContain('\n\nHostname: web-1\n');
    expect(v10).toContain('Request Information:\n\tclient_address=10.244.2.7\n\tmethod=GET\n');
  });
  it('hello-app at its registry paths, node-hello', () => {
    expect(imageFamily('us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0')).toBe('hello-app');
    expect(imageFamily('gcr.io/google-samples/hello-app:2.0')).toBe('hello-app');
    expect(get('us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0', '/', 8080)).toBe('Hello, world!\nVersion: 2.0.0\nHostname: web-1\n');
    expect(get('gcr.io/google-samples/node-hello:1.0', '/', 8080)).toBe('Hello Kubernetes!');
  });
});
