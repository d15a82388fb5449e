// The official httpd (Apache 2.4) image: the "It works!" page on port 80, Apache's headers and error pages, the
// common-format access log on stdout and the AH00558/AH00489/AH00094 start-up lines on stderr.

import { stableHash } from '../dataplane/topology.js';
import { apacheTime, byteLength, clfTime, httpDate, requestLine, wantsClose } from './format.js';
import { mimeType } from './nginx.js';
import type { ImageServer, IncomingRequest, LogWrite, ServerResponse, StartupContext, TimedLogWrite } from './types.js';

export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
const LAST_MODIFIED = 'Mon, 11 Jun 2007 18:53:14 GMT';
const ETAG = '"2d-432a5e4a73a80"';

function errorPage(title: string, heading: string, text: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${title}</title>\n</head><body>\n<h1>${heading}</h1>\n<p>${text}</p>\n</body></html>\n`;
}

/** `2.4.62` from the image tag (latest as of the simulated epoch otherwise). */
export function httpdVersion(tag: string): string {
  const m = /^(2\.4\.\d+)/.exec(tag);
  return m ? m[1] : '2.4.62';
}

/** The document for a path under htdocs (DirectoryIndex index.html), from the container's files. */
function serveFile(req: IncomingRequest, path: string): { path: string; content: string; mtimeMs: number } | undefined {
  let p = `/usr/local/apache2/htdocs${path}`;
  let hit = req.files!(p);
  if (hit?.kind === 'dir') {
    p = `${p.replace(/\/$/, '')}/index.html`;
    hit = req.files!(p);
  }
  return hit?.kind === 'file' ? { path: p, content: hit.content, mtimeMs: hit.mtimeMs } : undefined;
}

/** The mtime of htdocs/index.html in the httpd image (Last-Modified of the "It works!" page). */
export const HTTPD_INDEX_MTIME = Date.parse(LAST_MODIFIED);

export function httpdServer(tag: string): ImageServer {
  const server = `Apache/${httpdVersion(tag)} (Unix)`;
  return {
    kind: 'httpd',
    listens: (port) => port === 80,
    handle(req: IncomingRequest) {
      const path = req.path.split('?')[0] || '/';
      const close = wantsClose(req.headers);
      const conn: Array<[string, string]> = close ? [['Connection', 'close']] : [['Keep-Alive', 'timeout=5, max=100'], ['Connection', 'Keep-Alive']];
      const head = req.method === 'HEAD';
      let res: ServerResponse;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const body = errorPage('405 Method Not Allowed', 'Method Not Allowed', `The requested method ${req.method} is not allowed for this URL.`);
        res = { status: 405, statusText: 'Method Not Allowed', headers: [['Date', httpDate(req.nowMs)], ['Server', server], ['Allow', 'POST,OPTIONS,HEAD,GET,TRACE'], ['Content-Length', String(byteLength(body))], ...conn, ['Content-Type', 'text/html; charset=iso-8859-1']], body };
      } else if (req.files && serveFile(req, path)) {
        const f = serveFile(req, path)!;
        const etag = f.mtimeMs === HTTPD_INDEX_MTIME && f.content === HTTPD_INDEX ? ETAG : `"${byteLength(f.content).toString(16)}-${(f.mtimeMs * 1000).toString(16)}"`;
        res = {
          status: 200,
          statusText: 'OK',
          headers: [['Date', httpDate(req.nowMs)], ['Server', server], ['Last-Modified', httpDate(f.mtimeMs)], ['ETag', etag], ['Accept-Ranges', 'bytes'], ['Content-Length', String(byteLength(f.content))], ...conn, ['Content-Type', mimeType(f.path)]],
          body: head ? '' : f.content,
        };
      } else if (!req.files && (path === '/' || path === '/index.html')) {
        res = {
          status: 200,
          statusText: 'OK',
          headers: [['Date', httpDate(req.nowMs)], ['Server', server], ['Last-Modified', LAST_MODIFIED], ['ETag', ETAG], ['Accept-Ranges', 'bytes'], ['Content-Length', String(byteLength(HTTPD_INDEX))], ...conn, ['Content-Type', 'text/html']],
          body: head ? '' : HTTPD_INDEX,
        };
      } else {
        const body = errorPage('404 Not Found', 'Not Found', 'The requested URL was not found on this server.');
        res = { status: 404, statusText: 'Not Found', headers: [['Date', httpDate(req.nowMs)], ['Server', server], ['Content-Length', String(byteLength(body))], ...conn, ['Content-Type', 'text/html; charset=iso-8859-1']], body: head ? '' : body };
      }
      const sent = head ? '-' : String(byteLength(res.body));
      const log: LogWrite[] = [{ stream: 'stdout', text: `${req.remoteIP} - - [${clfTime(req.nowMs)}] "${requestLine(req.method, req.path)}" ${res.status} ${sent}` }];
      return { response: res, log };
    },
  };
}

export function httpdStartup(ctx: StartupContext, tag: string): TimedLogWrite[] {
  const ip = ctx.pod.status?.podIP ?? '127.0.1.1';
  const h = stableHash((ctx.pod.metadata.uid ?? '') + ctx.container.name);
  const tid = 139_000_000_000_000 + (h % 1_999_999_999) * 997;
  const us = 100_000 + (h % 800_000);
  const at = ctx.startMs + Math.floor(us / 1000);
  const ah558 = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  return [
    { ms: at, stream: 'stderr', text: ah558 },
    { ms: at, stream: 'stderr', text: ah558 },
    { ms: at, stream: 'stderr', text: `[${apacheTime(ctx.startMs, us)}] [mpm_event:notice] [pid 1:tid ${tid}] AH00489: Apache/${httpdVersion(tag)} (Unix) configured -- resuming normal operations` },
    { ms: at, stream: 'stderr', text: `[${apacheTime(ctx.startMs, us + 211)}] [core:notice] [pid 1:tid ${tid}] AH00094: Command line: 'httpd -D FOREGROUND'` },
  ];
}
