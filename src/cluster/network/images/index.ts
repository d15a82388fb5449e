// Image catalogue: from a container's image reference (and its command/args/env) to the simulated server that
// runs in it, and to the lines it logs when it starts. Client images (busybox, alpine, netshoot, curl...) serve
// nothing; an unknown image answers a generic page on its declared container ports.

import type { Container, Pod } from '../../apiserver/types.js';
import { byteLength, clfTime, goLogTime, httpDate, requestLine } from './format.js';
import {
  echoOptions,
  goResponse,
  helloAppServer,
  helloAppStartup,
  helloGoGkeServer,
  httpEchoServer,
  httpEchoStartup,
  jwilderWhoamiServer,
  whoamiServer,
  whoamiStartup,
} from './go-servers.js';
import { kubeProxyServer } from './kube-proxy.js';
import { desoWhoamiServer } from './deso-whoami.js';
import { ciliumAgentServer, ciliumOperatorServer } from './cilium.js';
import { sampleFamily, sampleServer, sampleStartup } from './samples.js';
import { httpdServer, httpdStartup } from './httpd.js';
import { metricsServerServer, metricsServerStartup } from './metrics-server.js';
import { scriptOutput } from './script-output.js';
import { corednsStartup, kubeProxyStartup } from './system.js';
import { nginxAccessLine, nginxErrorPage, nginxResponse, nginxServer, nginxStartup, nginxVersion } from './nginx.js';
import { ingressNginxServer } from './ingress-nginx/server.js';
import { certgenStartup, controllerStartup } from './ingress-nginx/startup.js';
import { emissaryApiextServer, emissaryIngressServer, emissaryProgram } from './emissary/server.js';
import type { ImageServer, StartupContext, TimedLogWrite } from './types.js';

export interface ImageRef {
  /** registry host, '' for Docker Hub */
  registry: string;
  /** repository path without registry, `library/` stripped (`httpd`, `traefik/whoami`) */
  repo: string;
  tag: string;
}

/** Splits `registry/path/name:tag@digest` the way container runtimes do (a first part with `.`/`:` is a host). */
export function parseImage(image: string): ImageRef {
  let rest = image.trim().split('@')[0];
  let registry = '';
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = '';
  if (rest.startsWith('library/')) rest = rest.slice('library/'.length);
  return { registry, repo: rest, tag };
}

const CLIENT_IMAGES = new Set([
  'busybox', 'alpine', 'nicolaka/netshoot', 'curlimages/curl', 'ubuntu', 'debian', 'radial/busyboxplus', 'centos',
  'fedora', 'praqma/network-multitool', 'wbitt/network-multitool', 'tutum/dnsutils', 'infoblox/dnstools', 'appropriate/curl',
  'e2e-test-images/jessie-dnsutils', 'google-containers/busybox', 'k8s.gcr.io/busybox', 'pause',
]);

/** Commands that replace an image's server process (`command: [sleep, 3600]`). */
const NON_SERVER_COMMANDS = new Set(['sleep', 'sh', 'bash', 'ash', 'tail', 'echo', 'cat', 'true', 'false', 'env', 'printenv', 'watch', 'ping', 'wget', 'curl']);

function replacesServer(c: Container): boolean {
  const cmd = c.command?.[0];
  if (!cmd) return false;
  const base = cmd.split('/').pop() ?? cmd;
  return NON_SERVER_COMMANDS.has(base);
}

function literalEnv(c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

type Family = 'cilium-agent' | 'cilium-operator' | 'ingress-nginx' | 'emissary' | 'certgen' | 'metrics-server' | 'hpa-example' | 'kube-proxy' | 'coredns' | 'httpd' | 'nginx' | 'whoami' | 'jwilder-whoami' | 'http-echo' | 'hello-go-gke' | 'hello-frontend' | 'hello-app' | 'client' | 'unknown';

export function imageFamily(image: string): Family {
  const ref = parseImage(image);
  const full = ref.registry ? `${ref.registry}/${ref.repo}` : ref.repo;
  const last = ref.repo.split('/').pop()!;
  if (last === 'kube-proxy') return 'kube-proxy';
  if (full === 'quay.io/cilium/cilium') return 'cilium-agent';
  if (/^quay\.io\/cilium\/operator(-generic|-aws|-azure|-alibabacloud)?$/.test(full)) return 'cilium-operator';
  if (full === 'registry.k8s.io/ingress-nginx/controller') return 'ingress-nginx';
  if (full === 'registry.k8s.io/ingress-nginx/kube-webhook-certgen') return 'certgen';
  if (ref.repo === 'emissaryingress/emissary') return 'emissary';
  if (full === 'registry.k8s.io/metrics-server/metrics-server' || full === 'k8s.gcr.io/metrics-server/metrics-server') return 'metrics-server';
  if (full === 'registry.k8s.io/hpa-example' || full === 'k8s.gcr.io/hpa-example') return 'hpa-example';
  if (last === 'coredns') return 'coredns';
  if (ref.repo === 'httpd' || full === 'registry.k8s.io/e2e-test-images/httpd') return 'httpd';
  if (ref.repo === 'nginx' || full === 'registry.k8s.io/nginx' || full === 'mirror.gcr.io/library/nginx') return 'nginx';
  // the Kubernetes docs' StatefulSet image (k8s.gcr.io/nginx-slim:0.8): an nginx 1.1x build, the pre-1.21.2 welcome page
  if (last === 'nginx-slim') return 'nginx';
  // the kubernetes.io "Connecting Applications with Services" image: nginx serving HTTPS from a Secret volume
  if (ref.repo === 'bprashanth/nginxhttps') return 'nginx';
  if (['traefik/whoami', 'containous/whoami', 'whoami/whoami'].includes(ref.repo) || full === 'r.deso.tech/whoami/whoami') return 'whoami';
  if (ref.repo === 'jwilder/whoami') return 'jwilder-whoami';
  if (ref.repo === 'hashicorp/http-echo') return 'http-echo';
  if (full.endsWith('google-samples/hello-go-gke')) return 'hello-go-gke';
  if (full.endsWith('google-samples/hello-frontend')) return 'hello-frontend';
  // gcr.io/google-samples/hello-app and its current home us-docker.pkg.dev/google-samples/containers/gke/hello-app
  if (/(^|\/)google-samples\/(?:containers\/gke\/)?hello-app$/.test(full)) return 'hello-app';
  if (CLIENT_IMAGES.has(ref.repo) || CLIENT_IMAGES.has(full) || CLIENT_IMAGES.has(last) || last === 'netshoot' || last === 'dnsutils') return 'client';
  return 'unknown';
}

/** The nginx version tag of an nginx-family image (nginx-slim's own tags are not nginx versions). */
/** The nginx version an nginx-family image runs. */
export function nginxImageVersion(image: string): string {
  return nginxVersion(nginxTag(image, parseImage(image).tag));
}

function nginxTag(image: string, tag: string): string {
  const repo = parseImage(image).repo;
  if (repo === 'bprashanth/nginxhttps') return NGINXHTTPS_VERSION;
  return repo.split('/').pop() === 'nginx-slim' ? NGINX_SLIM_VERSION : tag;
}

/** nginx in bprashanth/nginxhttps:1.0 (`FROM nginx` of early 2016, Debian jessie; the exact version is assumed). */
const NGINXHTTPS_VERSION = '1.9.12';

/** nginx in k8s.gcr.io/nginx-slim 0.x (an nginx 1.1x build on ubuntu-slim; the exact patch version is assumed). */
const NGINX_SLIM_VERSION = '1.11.1';

function helloAppPort(c: Container): number {
  const p = Number(literalEnv(c).PORT);
  return Number.isInteger(p) && p > 0 ? p : 8080;
}

/** hello-frontend: nginx proxying `/` to http://hello (the backend Service in the same namespace). */
function helloFrontendServer(): ImageServer {
  const version = nginxVersion('');
  return {
    kind: 'hello-frontend',
    listens: (p) => p === 80,
    handle(req, upstream) {
      const up = upstream('hello', 80, req.path);
      let res;
      if (up && up.ok) res = nginxResponse(req, version, up.status, up.status === 200 ? 'OK' : String(up.status), up.body, 'application/json');
      else res = nginxResponse(req, version, 502, 'Bad Gateway', nginxErrorPage(502, 'Bad Gateway', version), 'text/html');
      return { response: res, log: [{ stream: 'stdout', text: nginxAccessLine(req, res.status, byteLength(res.body)) }] };
    },
  };
}

/** The HPA walkthrough's php-apache image: index.php burns CPU (a million square roots), then prints "OK!". */
function hpaExampleServer(): ImageServer {
  return {
    kind: 'hpa-example',
    listens: (p) => p === 80,
    handle(req) {
      const body = 'OK!';
      const res = {
        status: 200,
        statusText: 'OK',
        headers: [
          ['Date', httpDate(req.nowMs)],
          ['Server', 'Apache/2.4.10 (Debian)'],
          ['X-Powered-By', 'PHP/5.6.14'],
          ['Content-Length', '3'],
          ['Content-Type', 'text/html'],
        ] as Array<[string, string]>,
        body: req.method === 'HEAD' ? '' : body,
      };
      return { response: res, log: [{ stream: 'stdout', text: `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${requestLine(req.method, req.path)}" 200 ${byteLength(body)} "-" "${req.userAgent}"\n` }] };
    },
  };
}

/** An image kubesim does not know: a plain answer on the container's declared TCP ports. */
function genericServer(c: Container): ImageServer | null {
  const ports = new Set((c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort));
  if (ports.size === 0) return null;
  return {
    kind: 'generic',
    listens: (p) => ports.has(p),
    handle(req) {
      const body = `kubesim: container "${c.name}" of pod "${req.pod.metadata.name}" (image "${c.image}", simulated generically) answered ${req.method} ${req.path || '/'} on port ${req.localPort}\n`;
      const res = goResponse(req, 200, 'OK', body, 'text/plain; charset=utf-8');
      return { response: res, log: [{ stream: 'stdout', text: `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${requestLine(req.method, req.path)}" 200 ${byteLength(body)}` }] };
    },
  };
}

/** The server running in a container, or null when nothing listens there (client images, overridden commands). */
export function serverFor(pod: Pod, c: Container): ImageServer | null {
  const image = c.image ?? '';
  const fam = imageFamily(image);
  const tag = parseImage(image).tag;
  if (fam === 'kube-proxy') return kubeProxyServer('iptables');
  if (fam === 'cilium-agent') return c.command?.[0] === 'cilium-agent' ? ciliumAgentServer() : null;
  if (fam === 'cilium-operator') return ciliumOperatorServer();
  if (fam === 'client' || fam === 'coredns' || fam === 'certgen') return null;
  if (fam === 'ingress-nginx' && !replacesServer(c)) return ingressNginxServer([...(c.command ?? []), ...(c.args ?? [])]);
  if (fam === 'emissary') {
    const program = emissaryProgram(c.command);
    return program === 'ambassador' ? emissaryIngressServer() : program === 'apiext' ? emissaryApiextServer() : null;
  }
  const ref = parseImage(image);
  const sample = sampleFamily(ref.registry, ref.repo);
  if (sample && !replacesServer(c)) {
    const srv = sampleServer(sample, tag, c);
    if (srv !== undefined) return srv;
  }
  if (fam !== 'http-echo' && replacesServer(c)) return null;
  switch (fam) {
    case 'httpd':
      return httpdServer(tag);
    case 'nginx':
      return nginxServer(nginxTag(image, tag), parseImage(image).repo === 'bprashanth/nginxhttps' ? 'nginxhttps' : 'nginx');
    case 'whoami': {
      const env = literalEnv(c);
      const argPort = (c.args ?? []).map((a, i, all) => (/^--?port=(\d+)$/.exec(a)?.[1] ?? (/^--?port$/.test(a) ? all[i + 1] : undefined))).find((x) => x);
      const whoami = whoamiServer(Number(argPort ?? env.WHOAMI_PORT_NUMBER ?? 80));
      const ref = parseImage(image);
      return ref.registry === 'r.deso.tech' && ref.repo === 'whoami/whoami' ? desoWhoamiServer(whoami, env.NAME_APPLICATION) : whoami;
    }
    case 'jwilder-whoami':
      return jwilderWhoamiServer();
    case 'http-echo':
      return httpEchoServer(echoOptions([...(c.command ?? []), ...(c.args ?? [])], literalEnv(c)));
    case 'hello-go-gke':
      return helloGoGkeServer();
    case 'hello-frontend':
      return helloFrontendServer();
    case 'hello-app':
      return helloAppServer(tag, helloAppPort(c));
    case 'hpa-example':
      return hpaExampleServer();
    case 'metrics-server':
      return metricsServerServer(c);
    default:
      return genericServer(c);
  }
}

/** Lines the image writes when its container starts, with their times (for a script command: what it printed up
 *  to `ctx.nowMs`). */
export function startupLogs(ctx: StartupContext): TimedLogWrite[] {
  const c = ctx.container;
  const image = c.image ?? '';
  const fam = imageFamily(image);
  const tag = parseImage(image).tag;
  if (fam !== 'http-echo' && (fam === 'client' || replacesServer(c))) {
    return scriptOutput(c, ctx.startMs, ctx.nowMs ?? ctx.startMs, ctx.pod.spec.hostname ?? ctx.pod.metadata.name ?? '');
  }
  const ref = parseImage(image);
  const sample = sampleFamily(ref.registry, ref.repo);
  if (sample) return sampleStartup(sample, tag, ctx, ctx.pod);
  switch (fam) {
    case 'ingress-nginx':
      return controllerStartup(ctx, tag, 'v1.32.2');
    case 'certgen':
      return certgenStartup(ctx, c);
    case 'kube-proxy':
      return kubeProxyStartup(ctx, tag.startsWith('v') ? tag : 'v1.32.2');
    case 'coredns':
      return corednsStartup(ctx, tag);
    case 'httpd':
      return httpdStartup(ctx, tag);
    case 'nginx':
    case 'hello-frontend':
      return nginxStartup(ctx, fam === 'nginx' ? nginxTag(image, tag) : '');
    case 'whoami': {
      const srv = serverFor(ctx.pod, c);
      const port = srv ? [80, 8080, 8000].find((p) => srv.listens(p)) ?? 80 : 80;
      return whoamiStartup(ctx, port);
    }
    case 'http-echo': {
      const opts = echoOptions([...(c.command ?? []), ...(c.args ?? [])], literalEnv(c));
      if (opts.text === undefined) return [{ ms: ctx.startMs, stream: 'stderr', text: 'Missing -text option or ECHO_TEXT env var!' }];
      return httpEchoStartup(ctx, opts);
    }
    case 'hello-app':
      return helloAppStartup(ctx, helloAppPort(c));
    case 'metrics-server':
      return metricsServerStartup(ctx);
    case 'jwilder-whoami':
      return [{ ms: ctx.startMs, stream: 'stdout', text: `${goLogTime(ctx.startMs)} Listening on :8000` }];
    default:
      return [];
  }
}

export type { ImageServer, IncomingRequest, ServerResponse, StartupContext, TimedLogWrite, LogWrite, Upstream } from './types.js';
