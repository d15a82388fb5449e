// The sample images of kubernetes.io tutorials and CKA/CKAD courses: kubernetes-bootcamp (the Basics tutorial's
// Node.js app), serve_hostname, agnhost's servers (netexec, serve-hostname, pause), echoserver 1.4 and 1.10,
// node-hello, and redis's start-up log. Each answers as the real image does.

import type { Container, Pod } from '../../apiserver/types.js';
import { byteLength, goDuration, httpDate, wantsClose } from './format.js';
import { goNotFound, goResponse, podHostname } from './go-servers.js';
import type { ImageServer, IncomingRequest, ServerResponse, StartupContext, TimedLogWrite } from './types.js';

export type SampleFamily = 'kubernetes-bootcamp' | 'serve-hostname' | 'agnhost' | 'echoserver' | 'node-hello' | 'redis';

/** The sample family of an image reference split as `registry/repo:tag` (undefined: not a sample image). */
export function sampleFamily(registry: string, repo: string): SampleFamily | undefined {
  const last = repo.split('/').pop() ?? '';
  const full = registry ? `${registry}/${repo}` : repo;
  if (last === 'kubernetes-bootcamp') return 'kubernetes-bootcamp';
  if (last === 'serve_hostname' || last === 'serve-hostname') return 'serve-hostname';
  if (last === 'agnhost') return 'agnhost';
  if (last === 'echoserver' && (full.includes('google_containers') || full.includes('k8s') || registry === 'registry.k8s.io')) return 'echoserver';
  if (full.endsWith('google-samples/node-hello')) return 'node-hello';
  if (repo === 'redis' || repo === 'bitnami/redis') return 'redis';
  return undefined;
}

/** Node.js http: headers the handler set, then Date, Connection, Transfer-Encoding (res.write without a length). */
function nodeResponse(req: IncomingRequest, body: string, contentType: string): ServerResponse {
  const headers: Array<[string, string]> = [['Content-Type', contentType], ['Date', httpDate(req.nowMs)], ['Connection', wantsClose(req.headers) ? 'close' : 'keep-alive'], ['Transfer-Encoding', 'chunked']];
  return { status: 200, statusText: 'OK', headers, body: req.method === 'HEAD' ? '' : body };
}

/** The bootcamp app's version: v1 answers `v=1`, v2 `v=2` (jocatalin/kubernetes-bootcamp:v2 of the update module). */
function bootcampVersion(tag: string): string {
  return /^v(\d+)$/.exec(tag)?.[1] ?? '1';
}

/** /server.js of gcr.io/google-samples/kubernetes-bootcamp (what `cat server.js` shows in module 3). */
export function bootcampServerJs(tag: string): string {
  return `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=${bootcampVersion(tag)}\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;
}

/** Files a sample image adds to its base (absolute path → content). */
export function sampleFiles(registry: string, repo: string, tag: string): Record<string, string> {
  return sampleFamily(registry, repo) === 'kubernetes-bootcamp' ? { '/server.js': bootcampServerJs(tag) } : {};
}

function bootcampServer(tag: string): ImageServer {
  const v = bootcampVersion(tag);
  return {
    kind: 'kubernetes-bootcamp',
    listens: (p) => p === 8080,
    handle: (req) => ({ response: nodeResponse(req, `Hello Kubernetes bootcamp! | Running on: ${podHostname(req)} | v=${v}\n`, 'text/plain'), log: [] }),
  };
}

/** serve_hostname and agnhost serve-hostname: the pod's hostname, no newline, on 9376 (`--port`). */
function serveHostnameServer(port: number): ImageServer {
  return {
    kind: 'serve-hostname',
    listens: (p) => p === port,
    handle: (req) => ({ response: goResponse(req, 200, 'OK', podHostname(req), 'text/plain; charset=utf-8'), log: [] }),
  };
}

/** agnhost netexec: /hostname, /clientip, /echo?msg=, /healthz, /header?key= (test/images/agnhost/netexec). */
function netexecServer(port: number): ImageServer {
  return {
    kind: 'agnhost-netexec',
    listens: (p) => p === port,
    handle(req) {
      const [path, query = ''] = req.path.split('?');
      const q = new URLSearchParams(query);
      const ok = (body: string): ServerResponse => goResponse(req, 200, 'OK', body, 'text/plain; charset=utf-8');
      switch (path || '/') {
        case '/':
        case '/echo':
          return { response: ok(path === '/echo' ? (q.get('msg') ?? '') : `NOW: ${new Date(req.nowMs).toISOString().replace('T', ' ').replace('Z', '')}`), log: [] };
        case '/hostname':
          return { response: ok(podHostname(req)), log: [] };
        case '/clientip':
          return { response: ok(`${req.remoteIP}:${req.remotePort}`), log: [] };
        case '/healthz':
          return { response: ok(''), log: [] };
        case '/header':
          return { response: ok(req.headers[(q.get('key') ?? '').toLowerCase()] ?? ''), log: [] };
        default:
          return { response: goNotFound(req), log: [] };
      }
    },
  };
}

function flagValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = new RegExp(`^--?${name}(?:=(.*))?$`).exec(args[i]);
    if (m) return m[1] ?? args[i + 1];
  }
  return undefined;
}

/** How long agnhost liveness's /healthz answers 200 after the server started (`duration.Seconds() > 10`). */
export const LIVENESS_HEALTHY_MS = 10_000;

/**
 * agnhost liveness (test/images/agnhost/liveness/server.go, the probe page's http-liveness.yaml): on :8080, /healthz
 * answers 200 "ok" for the first 10 s after the server started, then 500 "error: <seconds>"; /started answers the
 * Go duration since the start; /redirect?loc= answers 302 to loc. The answer of /healthz says when it changes.
 */
function livenessServer(): ImageServer {
  return {
    kind: 'agnhost-liveness',
    listens: (p) => p === 8080,
    handle(req) {
      const [path, query = ''] = req.path.split('?');
      const started = req.startedMs ?? req.nowMs;
      const since = Math.max(0, req.nowMs - started);
      const plain = (status: number, text: string, body: string): ServerResponse => goResponse(req, status, text, body, 'text/plain; charset=utf-8');
      switch (path) {
        case '/started':
          return { response: plain(200, 'OK', goDuration(since)), log: [] };
        case '/healthz':
          if (since > LIVENESS_HEALTHY_MS) return { response: plain(500, 'Internal Server Error', `error: ${since / 1000}`), log: [] };
          return { response: plain(200, 'OK', 'ok'), log: [], changesAtMs: started + LIVENESS_HEALTHY_MS + 1 };
        case '/redirect': {
          let loc: string;
          try {
            loc = decodeURIComponent((new URLSearchParams(query).get('loc') ?? '').replace(/\+/g, ' '));
          } catch {
            const raw = new URLSearchParams(query).get('loc') ?? '';
            return { response: goResponse(req, 400, 'Bad Request', `invalid redirect: "${raw}"\n`, '', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']]), log: [] };
          }
          const body = req.method === 'GET' || req.method === 'HEAD' ? `<a href="${loc}">Found</a>.\n\n` : '';
          return { response: goResponse(req, 302, 'Found', body, body ? 'text/html; charset=utf-8' : '', [['Location', loc]]), log: [] };
        }
        default:
          return { response: goNotFound(req), log: [] };
      }
    },
  };
}

/** agnhost SUBCOMMAND: its server, or null for the ones that serve nothing (pause, dns tools, ...). */
function agnhostServer(c: Container): ImageServer | null {
  const args = [...(c.command ?? []), ...(c.args ?? [])].filter((a) => !/(^|\/)agnhost$/.test(a));
  const sub = args.find((a) => !a.startsWith('-'));
  const rest = args.slice(args.indexOf(sub ?? '') + 1);
  if (sub === 'netexec') return netexecServer(Number(flagValue(rest, 'http-port') ?? 8080));
  if (sub === 'serve-hostname') return serveHostnameServer(Number(flagValue(rest, 'port') ?? 9376));
  if (sub === 'liveness') return livenessServer();
  return null;
}

/** echoserver: nginx + lua echoing the request (1.4: CLIENT VALUES; 1.10: Hostname, Request Information). */
function echoServer(tag: string): ImageServer {
  const legacy = /^1\.[0-9]$/.test(tag) || tag === '1.4';
  const nginx = legacy ? '1.10.0 - lua: 10001' : '1.13.3 - lua: 10008';
  return {
    kind: 'echoserver',
    listens: (p) => p === 8080,
    handle(req) {
      const [path, query] = req.path.split('?');
      const uri = `http://${req.host}${req.path || '/'}`;
      const headers = [['host', req.host], ['user-agent', req.userAgent], ...Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])]
        .filter(([, v]) => v !== '')
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let body: string;
      if (legacy) {
        body = `CLIENT VALUES:\nclient_address=${req.remoteIP}\ncommand=${req.method}\nreal path=${path || '/'}\nquery=${query ?? 'nil'}\nrequest_version=1.1\nrequest_uri=${uri}\n\n`;
        body += `SERVER VALUES:\nserver_version=nginx: ${nginx}\n\nHEADERS RECEIVED:\n${headers.map(([k, v]) => `${k}=${v}\n`).join('')}BODY:\n-no body in request-`;
      } else {
        body = `\n\nHostname: ${podHostname(req)}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: ${nginx}\n\n`;
        body += `Request Information:\n\tclient_address=${req.remoteIP}\n\tmethod=${req.method}\n\treal path=${path || '/'}\n\tquery=${query ?? ''}\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=${uri}\n\n`;
        body += `Request Headers:\n${headers.map(([k, v]) => `\t${k}=${v}\n`).join('')}\nRequest Body:\n\t-no body in request-\n\n`;
      }
      const version = nginx.split(' ')[0];
      const res: ServerResponse = {
        status: 200,
        statusText: 'OK',
        headers: [['Server', `nginx/${version}`], ['Date', httpDate(req.nowMs)], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', wantsClose(req.headers) ? 'close' : 'keep-alive']],
        body: req.method === 'HEAD' ? '' : body,
      };
      if (!legacy) res.headers.push(['Vary', 'Accept-Encoding']);
      return { response: res, log: [{ stream: 'stdout', text: `${req.remoteIP} - - [${clf(req.nowMs)}] "${req.method} ${req.path || '/'} HTTP/1.1" 200 ${byteLength(body)} "-" "${req.userAgent}"` }] };
    },
  };
}

function clf(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** gcr.io/google-samples/node-hello: `Hello Kubernetes!` on 8080 (the external-IP tutorial's old image). */
function nodeHelloServer(): ImageServer {
  return {
    kind: 'node-hello',
    listens: (p) => p === 8080,
    handle: (req) => ({ response: { status: 200, statusText: 'OK', headers: [['Date', httpDate(req.nowMs)], ['Connection', wantsClose(req.headers) ? 'close' : 'keep-alive'], ['Transfer-Encoding', 'chunked']], body: 'Hello Kubernetes!' }, log: [] }),
  };
}

function redisTime(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

/** The server of a sample image (null: it serves nothing, as agnhost pause; undefined: the generic server of its
 *  declared ports, for redis, whose protocol is not HTTP). */
export function sampleServer(fam: SampleFamily, tag: string, c: Container): ImageServer | null | undefined {
  switch (fam) {
    case 'kubernetes-bootcamp':
      return bootcampServer(tag);
    case 'serve-hostname':
      return serveHostnameServer(9376);
    case 'agnhost':
      return agnhostServer(c);
    case 'echoserver':
      return echoServer(tag);
    case 'node-hello':
      return nodeHelloServer();
    case 'redis':
      return undefined;
  }
}

/** What a sample image logs when it starts. */
export function sampleStartup(fam: SampleFamily, tag: string, ctx: StartupContext, pod: Pod): TimedLogWrite[] {
  const at = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): TimedLogWrite => ({ ms: ctx.startMs, stream, text });
  switch (fam) {
    case 'kubernetes-bootcamp':
      return [at(`Kubernetes Bootcamp App Started At: ${new Date(ctx.startMs).toISOString()} | Running On:  ${pod.spec.hostname ?? pod.metadata.name} `), at('')];
    case 'redis': {
      const t = redisTime(ctx.startMs);
      const v = /^\d+\.\d+\.\d+$/.test(tag) ? tag : '7.4.1';
      return [
        at(`1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
        at(`1:C ${t} * Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`),
        at(`1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`),
        at(`1:M ${t} * monotonic clock: POSIX clock_gettime`),
        at(`1:M ${t} * Running mode=standalone, port=6379.`),
        at(`1:M ${t} * Server initialized`),
        at(`1:M ${t} * Ready to accept connections tcp`),
      ];
    }
    default:
      return [];
  }
}
