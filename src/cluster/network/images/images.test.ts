import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { busyboxDate, scriptOutput } from './script-output.js';
import { imageFamily, parseImage, serverFor, startupLogs } from './index.js';
import { nginxIndex, nginxErrorPage } from './nginx.js';
import { echoOptions } from './go-servers.js';

const T0 = Date.UTC(2025, 0, 6, 10, 0, 0);
const c = (command: string[] | undefined, args?: string[], image = 'busybox'): Container => ({ name: 'c', image, command, args });
const texts = (l: { text: string }[]) => l.map((x) => x.text);

describe('images', () => {
  it('parses references as container runtimes do', () => {
    expect(parseImage('httpd')).toEqual({ registry: '', repo: 'httpd', tag: 'latest' });
    expect(parseImage('docker.io/library/nginx:1.27.3')).toEqual({ registry: '', repo: 'nginx', tag: '1.27.3' });
    expect(parseImage('r.deso.tech/whoami/whoami:latest')).toEqual({ registry: 'r.deso.tech', repo: 'whoami/whoami', tag: 'latest' });
    expect(parseImage('localhost:5000/app@sha256:abc')).toEqual({ registry: 'localhost:5000', repo: 'app', tag: 'latest' });
    expect(imageFamily('r.deso.tech/whoami/whoami')).toBe('whoami');
    expect(imageFamily('gcr.io/google-samples/hello-go-gke:1.0')).toBe('hello-go-gke');
    expect(imageFamily('nicolaka/netshoot')).toBe('client');
    expect(imageFamily('myorg/api:2')).toBe('unknown');
    // seed 002's StatefulSet image answers with nginx's pre-1.21.2 welcome page
    expect(imageFamily('k8s.gcr.io/nginx-slim:0.8')).toBe('nginx');
  });

  it('nginx pages: 615-byte welcome page since 1.21.2, 612 before; the built-in 404', () => {
    expect(Buffer.byteLength(nginxIndex('1.27.3'))).toBe(615);
    expect(Buffer.byteLength(nginxIndex('1.14.2'))).toBe(612);
    expect(nginxErrorPage(404, 'Not Found', '1.27.3')).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
  });

  it('http-echo reads -text in every flag form; without it nothing listens', () => {
    expect(echoOptions(['-text=hello'], {}).text).toBe('hello');
    expect(echoOptions(['--text', 'hi there', '-listen=:8080'], {})).toEqual({ text: 'hi there', port: 8080, listen: ':8080' });
    const pod = { metadata: { name: 'p' }, spec: { containers: [] } } as unknown as Pod;
    expect(serverFor(pod, { name: 'e', image: 'hashicorp/http-echo' })).toBeNull();
    expect(serverFor(pod, { name: 'e', image: 'hashicorp/http-echo', args: ['-text=apple'] })?.listens(5678)).toBe(true);
    expect(serverFor(pod, { name: 'n', image: 'nginx', command: ['sleep', '3600'] })).toBeNull();
    expect(serverFor(pod, { name: 'g', image: 'myorg/api', ports: [{ containerPort: 8080 }] })?.listens(8080)).toBe(true);
    expect(serverFor(pod, { name: 'g', image: 'myorg/api', ports: [{ containerPort: 8080 }] })?.listens(80)).toBe(false);
  });

  it('nginx start-up lines follow the docker entrypoint', () => {
    const pod = { metadata: { name: 'web', uid: 'u' }, spec: { containers: [] }, status: { podIP: '10.244.1.2' } } as unknown as Pod;
    const lines = texts(startupLogs({ pod, container: { name: 'nginx', image: 'nginx' }, startMs: T0, kernel: '6.8.0-1017-aws' }));
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines[8]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines.slice(9)).toEqual([
      '2025/01/06 10:00:00 [notice] 1#1: using the "epoll" event method',
      '2025/01/06 10:00:00 [notice] 1#1: nginx/1.27.3',
      '2025/01/06 10:00:00 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
      '2025/01/06 10:00:00 [notice] 1#1: OS: Linux 6.8.0-1017-aws',
      '2025/01/06 10:00:00 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      '2025/01/06 10:00:00 [notice] 1#1: start worker processes',
      '2025/01/06 10:00:00 [notice] 1#1: start worker process 29',
      '2025/01/06 10:00:00 [notice] 1#1: start worker process 30',
    ]);
  });
});

describe('script output of client images', () => {
  it('echo and sh -c sequences', () => {
    expect(texts(scriptOutput(c(undefined, ['echo', 'Hello', 'Kubernetes']), T0, T0, 'p'))).toEqual(['Hello Kubernetes']);
    expect(texts(scriptOutput(c(['sh', '-c', 'echo "a b"; sleep 2; echo $HOSTNAME && date'], undefined), T0, T0 + 5000, 'p'))).toEqual(['a b', 'p', 'Mon Jan  6 10:00:02 UTC 2025']);
  });

  it('the counter loop of the Kubernetes logging docs accumulates with the clock', () => {
    const counter = c(['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']);
    expect(texts(scriptOutput(counter, T0, T0 + 2500, 'counter'))).toEqual(['0: Mon Jan  6 10:00:00 UTC 2025', '1: Mon Jan  6 10:00:01 UTC 2025', '2: Mon Jan  6 10:00:02 UTC 2025']);
    expect(busyboxDate(Date.UTC(2025, 0, 16, 9, 5, 7))).toBe('Thu Jan 16 09:05:07 UTC 2025');
  });

  it('unknown commands print nothing', () => {
    expect(scriptOutput(c(['sh', '-c', 'nc -l -p 80']), T0, T0 + 1000, 'p')).toEqual([]);
    expect(scriptOutput(c(['sleep', '3600']), T0, T0 + 1000, 'p')).toEqual([]);
  });

  it('kube-proxy and CoreDNS start-up lines', () => {
    const pod = { metadata: { name: 'kube-proxy-x', uid: 'u1' }, spec: { containers: [] }, status: { hostIP: '172.18.0.3' } } as unknown as Pod;
    const kp = texts(startupLogs({ pod, container: { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2' }, startMs: T0, kernel: '' }));
    expect(kp[0]).toMatch(/^I0106 10:00:00\.\d{6}       1 server_linux\.go:66\] "Using iptables proxy"$/);
    expect(kp[1]).toMatch(/server\.go:677\] "Successfully retrieved node IP\(s\)" IPs=\["172\.18\.0\.3"\]$/);
    expect(kp.filter((l) => l.includes('"Using iptables Proxier"'))).toHaveLength(1);
    expect(kp.some((l) => l.endsWith('"Version info" version="v1.32.2"'))).toBe(true);
    const dns = texts(startupLogs({ pod, container: { name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }, startMs: T0, kernel: '' }));
    expect(dns).toEqual(['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9']);
  });
});
