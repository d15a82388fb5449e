// The official nginx image: the welcome page on port 80 (615 bytes since 1.21.2, 612 before), nginx's built-in
// error pages, the `main` access-log format on stdout, the docker entrypoint and [notice] start-up lines.

import { byteLength, clfTime, goLogTime, httpDate, requestLine, header, wantsClose } from './format.js';
import type { ImageServer, IncomingRequest, LogWrite, ServerResponse, StartupContext, TimedLogWrite } from './types.js';

const LATEST = '1.27.3';
/** mtime of index.html in the 1.27.3 image (ETag "6745ef54-267") */
const INDEX_MTIME = 0x6745ef54 * 1000;

export function nginxVersion(tag: string): string {
  const m = /^(\d+\.\d+\.\d+)/.exec(tag);
  return m ? m[1] : LATEST;
}

function versionAtLeast(v: string, want: [number, number, number]): boolean {
  const p = v.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((p[i] ?? 0) !== want[i]) return (p[i] ?? 0) > want[i];
  return true;
}

const indexCache = new Map<string, string>();

export function nginxIndex(version: string): string {
  let page = indexCache.get(version);
  if (page === undefined) indexCache.set(version, (page = renderIndex(version)));
  return page;
}

function renderIndex(version: string): string {
  const style = versionAtLeast(version, [1, 21, 2])
    ? 'html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n'
    : '    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n';
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
${style}</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
}

/** nginx's built-in error page (ngx_http_special_response.c). */
export function nginxErrorPage(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export function nginxAccessLine(req: IncomingRequest, status: number, bytes: number): string {
  const referer = header(req.headers, 'referer') ?? '-';
  const xff = header(req.headers, 'x-forwarded-for') ?? '-';
  return `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${requestLine(req.method, req.path)}" ${status} ${bytes} "${referer}" "${req.userAgent || '-'}" "${xff}"`;
}

/** A response as nginx builds it (header order of ngx_http_header_filter_module.c). */
export function nginxResponse(req: IncomingRequest, version: string, status: number, statusText: string, body: string, contentType: string, extra: Array<[string, string]> = []): ServerResponse {
  const headers: Array<[string, string]> = [
    ['Server', `nginx/${version}`],
    ['Date', httpDate(req.nowMs)],
    ['Content-Type', contentType],
    ['Content-Length', String(byteLength(body))],
  ];
  const lm = extra.find(([k]) => k === 'Last-Modified');
  if (lm) headers.push(lm);
  headers.push(['Connection', wantsClose(req.headers) ? 'close' : 'keep-alive']);
  for (const e of extra) if (e[0] !== 'Last-Modified') headers.push(e);
  return { status, statusText, headers, body: req.method === 'HEAD' ? '' : body };
}

/** nginx's mime.types for the usual extensions (default_type application/octet-stream). */
export function mimeType(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  const types: Record<string, string> = {
    html: 'text/html', htm: 'text/html', shtml: 'text/html', css: 'text/css', xml: 'text/xml', txt: 'text/plain', js: 'application/javascript',
    json: 'application/json', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', ico: 'image/x-icon', pdf: 'application/pdf',
  };
  return types[ext] ?? 'application/octet-stream';
}

/** `location / { root /usr/share/nginx/html; index index.html index.htm; }` over the container's files. */
function serveFromDisk(req: IncomingRequest, version: string, path: string, files: NonNullable<IncomingRequest['files']>, log: LogWrite[]): ServerResponse {
  const root = '/usr/share/nginx/html';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* nginx keeps the raw bytes */
  }
  const full = `${root}${decoded}`;
  const hit = files(full);
  const notFound = (what: string): ServerResponse => {
    log.push({
      stream: 'stderr',
      text: `${goLogTime(req.nowMs)} [error] 29#29: *1 ${what} failed (2: No such file or directory), client: ${req.remoteIP}, server: localhost, request: "${requestLine(req.method, req.path)}", host: "${req.host}"`,
    });
    return nginxResponse(req, version, 404, 'Not Found', nginxErrorPage(404, 'Not Found', version), 'text/html');
  };
  const ok = (p: string, f: { content: string; mtimeMs: number }): ServerResponse => {
    const etag = `"${Math.floor(f.mtimeMs / 1000).toString(16)}-${byteLength(f.content).toString(16)}"`;
    return nginxResponse(req, version, 200, 'OK', f.content, mimeType(p), [['Last-Modified', httpDate(f.mtimeMs)], ['ETag', etag], ['Accept-Ranges', 'bytes']]);
  };
  if (!hit) return notFound(`open() "${full}"`);
  if (hit.kind === 'file') return ok(full, hit);
  if (!decoded.endsWith('/')) {
    const body = nginxErrorPage(301, 'Moved Permanently', version);
    return nginxResponse(req, version, 301, 'Moved Permanently', body, 'text/html', [['Location', `http://${req.host}${path}/`]]);
  }
  for (const idx of ['index.html', 'index.htm']) {
    const f = files(`${full}${idx}`);
    if (f?.kind === 'file') return ok(`${full}${idx}`, f);
  }
  log.push({
    stream: 'stderr',
    text: `${goLogTime(req.nowMs)} [error] 29#29: *1 directory index of "${full}" is forbidden, client: ${req.remoteIP}, server: localhost, request: "${requestLine(req.method, req.path)}", host: "${req.host}"`,
  });
  return nginxResponse(req, version, 403, 'Forbidden', nginxErrorPage(403, 'Forbidden', version), 'text/html');
}

export function nginxServer(tag: string): ImageServer {
  const version = nginxVersion(tag);
  const index = nginxIndex(version);
  return {
    kind: 'nginx',
    listens: (port) => port === 80,
    handle(req: IncomingRequest) {
      // merge_slashes on (nginx's default): `//` is `/` (a proxy's prefix rewrite to "/" sends `//`)
      const path = (req.path.split('?')[0] || '/').replace(/\/{2,}/g, '/');
      const log: LogWrite[] = [];
      let res: ServerResponse;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res = nginxResponse(req, version, 405, 'Not Allowed', nginxErrorPage(405, 'Not Allowed', version), 'text/html');
      } else if (req.files) {
        res = serveFromDisk(req, version, path, req.files, log);
      } else if (path === '/' || path === '/index.html') {
        const etag = `"${(INDEX_MTIME / 1000).toString(16)}-${byteLength(index).toString(16)}"`;
        res = nginxResponse(req, version, 200, 'OK', index, 'text/html', [['Last-Modified', httpDate(INDEX_MTIME)], ['ETag', etag], ['Accept-Ranges', 'bytes']]);
      } else {
        res = nginxResponse(req, version, 404, 'Not Found', nginxErrorPage(404, 'Not Found', version), 'text/html');
        log.push({
          stream: 'stderr',
          text: `${goLogTime(req.nowMs)} [error] 29#29: *1 open() "/usr/share/nginx/html${path}" failed (2: No such file or directory), client: ${req.remoteIP}, server: localhost, request: "${requestLine(req.method, req.path)}", host: "${req.host}"`,
        });
      }
      log.push({ stream: 'stdout', text: nginxAccessLine(req, res.status, byteLength(res.body)) });
      return { response: res, log };
    },
  };
}

export function nginxStartup(ctx: StartupContext, tag: string): TimedLogWrite[] {
  const version = nginxVersion(tag);
  if (!versionAtLeast(version, [1, 19, 0])) return [];
  const ms = ctx.startMs;
  const out: TimedLogWrite[] = [];
  const say = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => out.push({ ms, stream, text });
  say('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
  say('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
  say('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
  say('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
  say('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
  if (versionAtLeast(version, [1, 25, 3])) say('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
  say('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
  say('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
  say('/docker-entrypoint.sh: Configuration complete; ready for start up');
  const t = goLogTime(ms);
  const gcc = tag.includes('alpine') ? 'built by gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309) ' : 'built by gcc 12.2.0 (Debian 12.2.0-14) ';
  for (const n of ['using the "epoll" event method', `nginx/${version}`, gcc, `OS: Linux ${ctx.kernel}`, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576', 'start worker processes', 'start worker process 29', 'start worker process 30'])
    say(`${t} [notice] 1#1: ${n}`, 'stderr');
  return out;
}
