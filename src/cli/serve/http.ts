// The HTTP layer of `kubesim serve`: HTTPS on 127.0.0.1 with the cluster CA's serving certificate, client
// certificates (kubernetes-admin) and ServiceAccount bearer tokens, discovery, and the resource endpoints. Each
// request runs in one Session.withCluster call, so the state lock is held per request only (reads take none), and
// writes go through the same ApiServer and controllers as every kubesim command, saved atomically.

import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { verifyToken } from '../../cluster/apiserver/tokens.js';
import { checkAccess, impersonate } from '../../cluster/rbac/access.js';
import type { UserInfo } from '../../cluster/rbac/types.js';
import type { Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';
import { versionInfo } from '../../kubectl/cmd/version.js';
import type { Session } from '../session.js';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_ACCEPT, openApiV2Json, openApiV2Protobuf } from './openapi-v2.js';
import { aggregatedContentType, aggregatedDoc, aggregatedVersionOf, apiGroupListDoc, apiVersionsDoc, resourceListDoc } from './discovery-docs.js';
import { openApiV3Doc, openApiV3Root } from './openapi-docs.js';
import { bodyKindOf, decodeBody, parseResourcePath, read, statusAnswer, write, type HttpAnswer, type ResourcePath } from './rest.js';
import { checkWatch, serveWatch } from './watch.js';
import { feedCache, WatchCache, type CacheFeeder } from './watch-cache.js';
import { serveLog } from './pod-log.js';
import { channelServer, refuseUpgrade, refuseUpgradeText, runWebSocketStream } from './exec-ws.js';
import { KubeletStreamError, streamRequest } from './exec-stream.js';
import { isSpdyUpgrade, serveSpdyStream } from './exec-spdy.js';
import { podTarget, portForwardServer } from './portforward-upgrade.js';

/** kube-apiserver's --max-request-bytes default */
const MAX_BODY = 3 * 1024 * 1024;

export interface TlsMaterial {
  cert: string;
  key: string;
  ca: string;
}

/** kube-apiserver indents JSON for ?pretty=true and for curl, wget and browsers (handlers/negotiation isPrettyPrint). */
function pretty(req: http.IncomingMessage): boolean {
  const p = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('pretty');
  if (p !== null) return p === 'true' || p === '1';
  const ua = req.headers['user-agent'] ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/');
}

function send(res: http.ServerResponse, a: HttpAnswer, req?: http.IncomingMessage): void {
  const headers: Record<string, string> = { 'Content-Type': a.contentType ?? 'application/json', 'Cache-Control': 'no-cache, private' };
  const body = a.raw ?? (typeof a.body === 'string' ? a.body : JSON.stringify(a.body, null, req && pretty(req) ? 2 : undefined) + '\n');
  res.writeHead(a.code, { ...headers, ...(a.warnings?.length ? { Warning: a.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') } : {}) });
  res.end(body);
}

const unauthorized: HttpAnswer = { code: 401, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } };
const notFoundPath = (path: string): HttpAnswer => ({
  code: 404,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `the server could not find the requested resource`, reason: 'NotFound', details: {}, code: 404 },
  contentType: path.startsWith('/api') ? 'application/json' : 'application/json',
});

/** The body as text; a protobuf body as latin1, one char per byte, for decodeBody to turn back into bytes. */
function readBody(req: http.IncomingMessage): Promise<string> {
  const binary = (req.headers['content-type'] ?? '').split(';')[0]!.trim() === 'application/vnd.kubernetes.protobuf';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY ? reject(new StatusError('RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`)) : resolve(Buffer.concat(chunks).toString(binary ? 'latin1' : 'utf8'))));
    req.on('error', reject);
  });
}

/** Who made the request: the client certificate's CN and O, a ServiceAccount token's subject, or nobody. */
function authenticate(req: http.IncomingMessage, cluster: ClusterBase, secure: boolean, plainUser: UserInfo): UserInfo | undefined {
  // a plain HTTP listener has no authentication: the insecure port (kube-apiserver's old --insecure-port acted as a
  // system:masters member) or kubectl proxy (the kubeconfig's user)
  if (!secure) return plainUser;
  const sock = req.socket as TLSSocket;
  if (sock.authorized) {
    const subject = sock.getPeerCertificate()?.subject as Record<string, string | string[]> | undefined;
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const cn = list(subject?.CN)[0];
    if (cn) return { name: cn, groups: [...list(subject?.O), 'system:authenticated'] };
  }
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (m) {
    const who = verifyToken(cluster.config, m[1], cluster.clock.nowMs());
    if (who && cluster.api.tryGet('serviceaccounts', who.namespace, who.name)) {
      return { name: who.user, groups: ['system:serviceaccounts', `system:serviceaccounts:${who.namespace}`, 'system:authenticated'] };
    }
  }
  return undefined;
}

/** The impersonation headers (kubectl --as, --as-group), checked as the impersonation filter does. */
function effectiveUser(req: http.IncomingMessage, cluster: ClusterBase, user: UserInfo): UserInfo {
  const as = req.headers['impersonate-user'];
  if (typeof as !== 'string' || as === '') return user;
  const raw = req.headers['impersonate-group'];
  const groups = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return impersonate(cluster.api, user, as, groups);
}

function verbOf(method: string, p: ResourcePath, watch: boolean): string {
  if (method === 'GET' || method === 'HEAD') return watch ? 'watch' : p.name === undefined ? 'list' : 'get';
  return ({ POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: p.name === undefined ? 'deletecollection' : 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
}

/** RBAC for one request; throws the API server's Forbidden. */
function authorizeRequest(cluster: ClusterBase, user: UserInfo, method: string, p: ResourcePath | undefined, path: string, watch: boolean): void {
  if (!p) {
    checkAccess(cluster.api, { user, verb: method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase(), path });
    return;
  }
  checkAccess(cluster.api, {
    user,
    verb: verbOf(method, p, watch),
    apiGroup: p.resource.group,
    resource: p.resource.name,
    subresource: p.subresource,
    namespace: p.namespace ?? '',
    name: p.name ?? '',
  });
}

function nonResource(path: string, cluster: ClusterBase, accept: string, host: string): HttpAnswer | undefined {
  const aggregated = aggregatedVersionOf(accept);
  if (path === '/version') return { code: 200, body: versionInfo(cluster.config.kubernetesVersion) };
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { code: 200, body: 'ok', contentType: 'text/plain' };
  if (path === '/api') return aggregated ? { code: 200, body: aggregatedDoc(true, aggregated), contentType: aggregatedContentType(aggregated) } : { code: 200, body: apiVersionsDoc(host) };
  if (path === '/apis') return aggregated ? { code: 200, body: aggregatedDoc(false, aggregated), contentType: aggregatedContentType(aggregated) } : { code: 200, body: apiGroupListDoc() };
  if (path === '/openapi/v3') return { code: 200, body: openApiV3Root() };
  if (path === '/openapi/v2') {
    return OPENAPI_V2_PROTOBUF_ACCEPT.some((t) => accept.includes(t)) ? { code: 200, body: undefined, raw: openApiV2Protobuf(), contentType: OPENAPI_V2_PROTOBUF } : { code: 200, body: openApiV2Json() };
  }
  const v3 = /^\/openapi\/v3\/(?:api|apis)\/(.+)$/.exec(path);
  if (v3) {
    const text = openApiV3Doc(v3[1]);
    return text === undefined ? undefined : { code: 200, body: undefined, raw: text };
  }
  const gv = path === '/api/v1' ? 'v1' : /^\/apis\/([^/]+\/[^/]+)$/.exec(path)?.[1];
  if (gv) {
    const doc = resourceListDoc(gv);
    return doc ? { code: 200, body: doc } : undefined;
  }
  return undefined;
}

function tooLargeAnswer(a: HttpAnswer): boolean {
  const b = a.body as { reason?: string; details?: { retryAfterSeconds?: number; causes?: Array<{ reason?: string }> } } | undefined;
  return a.code === 504 && b?.reason === 'Timeout' && b.details?.retryAfterSeconds === 1 && !!b.details.causes?.some((c) => c.reason === 'ResourceVersionTooLarge');
}

export interface ServeOptions {
  session: Session;
  port: number;
  /** plain HTTP without authentication (curl demos) */
  insecure?: boolean;
  /** plain HTTP as this user (kubectl proxy) */
  plainUser?: UserInfo;
  /** kubectl proxy's filter: false answers 403 Forbidden (plain text, as the proxy does) */
  filter?: (host: string, path: string) => boolean;
  tls?: TlsMaterial;
  /** each request, for `-v` logging */
  log?: (line: string) => void;
  /** the watch cache shared by this process's listeners (one is made when not given) */
  watchCache?: SharedWatchCache;
}

export interface SharedWatchCache {
  cache: WatchCache;
  feeder: CacheFeeder;
}

/** One watch cache fed from the session's state, for the listeners of one serve process. */
export function sharedWatchCache(session: Session, size?: number): SharedWatchCache {
  const cache = new WatchCache(size);
  const source = session.clusterSource();
  return { cache, feeder: feedCache(cache, () => source.reload()) };
}

export interface RunningServer {
  server: http.Server;
  close(): Promise<void>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  let stopping = false;
  const secure = !o.insecure && !o.plainUser;
  const plainUser = o.plainUser ?? { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
  const source = o.session.clusterSource();
  const ownCache = !o.watchCache;
  const wc = o.watchCache ?? sharedWatchCache(o.session);
  await wc.feeder.refresh();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      send(res, e instanceof StatusError ? statusAnswer(e) : statusAnswer(new StatusError('InternalError', `Internal error occurred: ${(e as Error).message}`)));
    });
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const accept = String(req.headers.accept ?? '');
    o.log?.(`${method} ${url.pathname}${url.search}`);
    if (o.filter && !o.filter(String(req.headers.host ?? ''), url.pathname)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Forbidden\n');
      return;
    }
    const p = parseResourcePath(url.pathname);
    const isRead = method === 'GET' || method === 'HEAD';
    if (method === 'POST' && p && p.resource.name === 'pods' && p.name !== undefined && (p.subresource === 'exec' || p.subresource === 'attach')) {
      // a stream without an upgrade: the API server's proxy requires one (UpgradeAwareHandler.UpgradeRequired)
      return spdyStream(req, res, p, url);
    }
    const bodyText = isRead ? '' : await readBody(req);
    if (isRead && p && (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1')) {
      const first = await o.session.withCluster((c) => c, { readOnly: true });
      const who = authenticate(req, first, secure, plainUser);
      if (!who) return send(res, unauthorized, req);
      try {
        authorizeRequest(first, effectiveUser(req, first, who), method, p, url.pathname, true);
        checkWatch(p, url.searchParams);
      } catch (e) {
        if (e instanceof StatusError) return send(res, statusAnswer(e), req);
        throw e;
      }
      return serveWatch({ cache: wc.cache, feeder: wc.feeder, path: p, query: url.searchParams, accept, res, stopped: () => stopping });
    }
    if (isRead && p && p.resource.name === 'pods' && p.subresource === 'log' && p.name !== undefined) {
      // pods/log: text, and with follow=true a stream that waits without the lock
      const first = await o.session.withCluster((c) => c, { readOnly: true });
      const who = authenticate(req, first, secure, plainUser);
      if (!who) return send(res, unauthorized, req);
      try {
        authorizeRequest(first, effectiveUser(req, first, who), method, p, url.pathname, false);
        return await serveLog(source, first as Cluster, p.namespace ?? 'default', p.name, url.searchParams, res, () => stopping);
      } catch (e) {
        if (e instanceof StatusError && !res.headersSent) return send(res, statusAnswer(e), req);
        throw e;
      }
    }
    const q = url.searchParams;
    // a list at an older resourceVersion is rebuilt from the watch cache: take a reading that includes it
    if (isRead && p?.name === undefined && (q.has('continue') || q.get('resourceVersionMatch') === 'Exact' || (q.get('resourceVersion') && q.get('limit')))) await wc.feeder.refresh();
    const began = Date.now();
    let answer = await answerRequest(req, url, method, p, bodyText, accept);
    // resourceVersion newer than the state (NotOlderThan): the cacher waits up to 3 s for it before its 504
    while (isRead && tooLargeAnswer(answer) && Date.now() - began < 3000) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await answerRequest(req, url, method, p, bodyText, accept);
    }
    if (!isRead && answer.code < 300) void wc.feeder.refresh();
    send(res, answer, req);
  };
  const answerRequest = (req: http.IncomingMessage, url: URL, method: string, p: ResourcePath | undefined, bodyText: string, accept: string): Promise<HttpAnswer> => {
    const isRead = method === 'GET' || method === 'HEAD';
    return o.session.withCluster(
      (cluster) => {
        const who = authenticate(req, cluster, secure, plainUser);
        if (!who) return unauthorized;
        let user: UserInfo;
        try {
          user = effectiveUser(req, cluster, who);
          authorizeRequest(cluster, user, method, p, url.pathname, false);
        } catch (e) {
          if (e instanceof StatusError) return statusAnswer(e);
          throw e;
        }
        if (!p) {
          if (!isRead) return notFoundPath(url.pathname);
          return nonResource(url.pathname, cluster, accept, `127.0.0.1:${o.port}`) ?? notFoundPath(url.pathname);
        }
        try {
          if (isRead) return read(cluster, p, url.searchParams, accept, wc.cache);
          const body = bodyText === '' && method === 'DELETE' ? {} : decodeBody(bodyText, req.headers['content-type'], bodyKindOf(method, p));
          return write(cluster, { method, path: p, query: url.searchParams, body, contentType: req.headers['content-type'], user, userAgent: req.headers['user-agent'] });
        } catch (e) {
          // a failed write leaves nothing behind: withCluster saves only after fn returns, and a thrown error skips it
          if (e instanceof StatusError && !isRead) throw e;
          if (e instanceof StatusError) return statusAnswer(e);
          throw e;
        }
      },
      { readOnly: isRead, command: `kubesim serve: ${method} ${url.pathname}` },
    );
  };
  /** exec/attach checks shared by the WebSocket upgrade and the SPDY fallback; the request, or the answer sent */
  const streamCheck = async (req: http.IncomingMessage, p: ResourcePath, url: URL): Promise<{ ok: true; r: ReturnType<typeof streamRequest> } | { ok: false; code: number; body: unknown; text?: string }> => {
    const first = await o.session.withCluster((c) => c, { readOnly: true });
    const who = authenticate(req, first, secure, plainUser);
    if (!who) return { ok: false, code: 401, body: unauthorized.body };
    try {
      const user = effectiveUser(req, first, who);
      // exec and attach need create on the subresource, whatever the HTTP method (AuthorizePodWebsocketUpgradeCreatePermission)
      checkAccess(first.api, { user, verb: 'create', apiGroup: '', resource: 'pods', subresource: p.subresource, namespace: p.namespace ?? '', name: p.name ?? '' });
      return { ok: true, r: streamRequest(first as Cluster, p.subresource as 'exec' | 'attach', p.namespace ?? 'default', p.name!, url.searchParams) };
    } catch (e) {
      if (e instanceof KubeletStreamError) return { ok: false, code: 500, body: undefined, text: e.message };
      if (e instanceof StatusError) {
        const a = statusAnswer(e);
        return { ok: false, code: a.code, body: a.body };
      }
      throw e;
    }
  };
  const spdyStream = async (req: http.IncomingMessage, res: http.ServerResponse, p: ResourcePath, url: URL) => {
    const c = await streamCheck(req, p, url);
    if (!c.ok && c.text !== undefined) {
      res.writeHead(c.code, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(c.text);
      return;
    }
    if (!c.ok) return send(res, { code: c.code, body: c.body }, req);
    send(res, statusAnswer(new StatusError('BadRequest', 'Upgrade request required')), req);
  };
  /** pods/portforward: create on the subresource (as for exec), the pod, and its node */
  const forwardCheck = async (req: http.IncomingMessage, p: ResourcePath): Promise<{ ok: true; uid: string } | { ok: false; code: number; body: unknown }> => {
    const first = await o.session.withCluster((c) => c, { readOnly: true });
    const who = authenticate(req, first, secure, plainUser);
    if (!who) return { ok: false, code: 401, body: unauthorized.body };
    try {
      const user = effectiveUser(req, first, who);
      checkAccess(first.api, { user, verb: 'create', apiGroup: '', resource: 'pods', subresource: 'portforward', namespace: p.namespace ?? '', name: p.name ?? '' });
      const pod = first.api.get<Pod>('pods', p.namespace, p.name!);
      if (!pod.spec.nodeName) throw new StatusError('BadRequest', `pod ${p.name} does not have a host assigned`);
      return { ok: true, uid: pod.metadata.uid ?? '' };
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      const a = statusAnswer(e);
      return { ok: false, code: a.code, body: a.body };
    }
  };
  const portForwards = portForwardServer();
  const channels = channelServer();
  const spdySockets = new Set<import('node:stream').Duplex>();
  const onUpgrade = async (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const p = parseResourcePath(url.pathname);
    if (o.filter && !o.filter(String(req.headers.host ?? ''), url.pathname)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\nConnection: close\r\n\r\nForbidden\n');
      return;
    }
    if (p && p.resource.name === 'pods' && p.name !== undefined && p.subresource === 'portforward') {
      const c = await forwardCheck(req, p);
      if (!c.ok) return refuseUpgrade(socket, c.code, c.body);
      if (!portForwards.serve(req, socket, head, podTarget(source, p.namespace ?? 'default', p.name, c.uid))) {
        return refuseUpgrade(socket, 400, statusAnswer(new StatusError('BadRequest', 'Upgrade request required')).body);
      }
      return;
    }
    if (!p || p.resource.name !== 'pods' || p.name === undefined || (p.subresource !== 'exec' && p.subresource !== 'attach')) {
      return refuseUpgrade(socket, 404, notFoundPath(url.pathname).body);
    }
    const c = await streamCheck(req, p, url);
    if (isSpdyUpgrade(req)) {
      // kubectl 1.27-1.29, and later ones falling back: the kubelet's plain-text refusals reach kubectl as they are
      if (!c.ok && c.text !== undefined) return refuseUpgradeText(socket, c.code, c.text);
      if (!c.ok) return refuseUpgrade(socket, c.code, c.body);
      return serveSpdyStream(o.session, req, socket, head, c.r, spdySockets);
    }
    if (!c.ok) return refuseUpgrade(socket, c.code, c.body ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: c.text, code: c.code });
    channels.handleUpgrade(req, socket, head, (ws) => {
      runWebSocketStream(o.session, ws, c.r).catch(() => ws.terminate());
    });
  };
  const server = secure
    ? https.createServer({ cert: o.tls!.cert, key: o.tls!.key, ca: o.tls!.ca, requestCert: true, rejectUnauthorized: false }, handler)
    : http.createServer(handler);
  server.on('upgrade', (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (ownCache) wc.feeder.stop();
        for (const ws of channels.clients) ws.terminate();
        portForwards.closeAll();
        for (const sock of spdySockets) sock.destroy();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
