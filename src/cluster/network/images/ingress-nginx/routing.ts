// ingress-nginx's routing, as its controller turns Ingress objects into nginx servers and locations
// (internal/ingress/controller/controller.go getBackendServers, nginx.tmpl): one server per host (rules without a
// host go to the catch-all server `_`), locations per path (Exact `location = /p`, Prefix `/p` as the path and its
// sub-paths, ImplementationSpecific a plain nginx prefix; regular expressions when use-regex or rewrite-target is
// set), the Ingress defaultBackend as the catch-all's default, upstream names `NAMESPACE-SERVICE-PORT`.

export interface IngressLike {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string>; creationTimestamp?: string };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: Backend;
    rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; pathType?: string; backend: Backend }> } }>;
    tls?: Array<{ hosts?: string[]; secretName?: string }>;
  };
}

export interface Backend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: { kind?: string; name?: string };
}

export interface Location {
  /** the Ingress path (`/foo`), or `/` for a default backend */
  path: string;
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  regex: boolean;
  rewriteTarget?: string;
  namespace: string;
  ingress: string;
  service?: string;
  port?: number | string;
  /** `default-foo-5678`, or `upstream-default-backend` */
  upstream: string;
}

export interface Route {
  server: string;
  location: Location | null;
  /** the path sent upstream (after rewrite-target) */
  upstreamPath: string;
}

const ANN = 'nginx.ingress.kubernetes.io/';

export function upstreamName(namespace: string, service: string, port: number | string | undefined): string {
  return `${namespace}-${service}-${port ?? ''}`;
}

function backendLocation(ing: IngressLike, path: string, pathType: Location['pathType'], b: Backend): Location {
  const ns = ing.metadata.namespace ?? 'default';
  const ann = ing.metadata.annotations ?? {};
  const rewriteTarget = ann[`${ANN}rewrite-target`];
  const regex = ann[`${ANN}use-regex`] === 'true' || rewriteTarget !== undefined;
  const svc = b.service;
  const port = svc?.port?.number ?? svc?.port?.name;
  return {
    path,
    pathType,
    regex,
    rewriteTarget,
    namespace: ns,
    ingress: ing.metadata.name ?? '',
    service: svc?.name,
    port,
    upstream: svc ? upstreamName(ns, svc.name, port) : 'upstream-default-backend',
  };
}

export interface ServerConfig {
  locations: Location[];
  /** the first Ingress defaultBackend (catch-all server only): where `location /` goes when no path claims it */
  defaultBackend?: Location;
}

/** Servers by host name (`_` is the catch-all), from the Ingresses the controller serves (oldest first wins). */
export function buildServers(ingresses: IngressLike[]): Map<string, ServerConfig> {
  const servers = new Map<string, ServerConfig>();
  const serverOf = (h: string) => {
    let s = servers.get(h);
    if (!s) servers.set(h, (s = { locations: [] }));
    return s;
  };
  serverOf('_');
  const sorted = [...ingresses].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const ing of sorted) {
    if (ing.spec?.defaultBackend) {
      const def = serverOf('_');
      def.defaultBackend ??= backendLocation(ing, '/', 'ImplementationSpecific', ing.spec.defaultBackend);
    }
    for (const rule of ing.spec?.rules ?? []) {
      const srv = serverOf(rule.host || '_');
      for (const p of rule.http?.paths ?? []) {
        const path = p.path || '/';
        const type = (p.pathType as Location['pathType']) ?? 'ImplementationSpecific';
        // the first Ingress to claim a host+path keeps it (the controller warns about the later one)
        if (srv.locations.some((l) => l.path === path && l.pathType === type)) continue;
        srv.locations.push(backendLocation(ing, path, type, p.backend));
      }
    }
  }
  return servers;
}

/** The server for a Host header: exact name, then a `*.` wildcard one label deep, then the catch-all. */
export function serverFor(servers: Map<string, ServerConfig>, hostHeader: string): string {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  if (servers.has(host)) return host;
  const dot = host.indexOf('.');
  if (dot > 0 && servers.has(`*${host.slice(dot)}`)) return `*${host.slice(dot)}`;
  return '_';
}

function regexOf(path: string): RegExp | null {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return null;
  }
}

/** nginx location choice: `=` exact, then the longest prefix (regex locations, when any, in length order). */
export function matchLocation(locations: Location[], uriPath: string): Location | null {
  let best: Location | null = null;
  for (const l of locations) {
    if (l.pathType === 'Exact' && !l.regex && uriPath === l.path) return l;
  }
  const byLength = [...locations].sort((a, b) => b.path.length - a.path.length);
  for (const l of byLength) {
    if (l.regex) {
      const re = regexOf(l.pathType === 'Exact' ? `${l.path}$` : l.path);
      if (re?.test(uriPath)) return l;
      continue;
    }
    if (l.pathType === 'Exact') continue;
    if (l.pathType === 'Prefix') {
      const p = l.path.replace(/\/+$/, '');
      if (p === '' || uriPath === p || uriPath.startsWith(`${p}/`)) {
        best = l;
        break;
      }
    } else if (uriPath.startsWith(l.path)) {
      best = l;
      break;
    }
  }
  return best;
}

/** rewrite "(?i)PATH" TARGET break: capture groups $1..$9 of the location's path. */
export function rewritePath(l: Location, uri: string): string {
  if (l.rewriteTarget === undefined) return uri;
  const [pathPart, query] = [uri.split('?')[0], uri.includes('?') ? uri.slice(uri.indexOf('?')) : ''];
  const m = regexOf(l.path)?.exec(pathPart);
  if (!m) return uri;
  const target = l.rewriteTarget.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
  return (target.startsWith('/') ? target : `/${target}`) + query;
}

/** Where a request goes: its server and location (null: the controller's own 404). */
export function routeRequest(servers: Map<string, ServerConfig>, host: string, uri: string): Route {
  const server = serverFor(servers, host);
  const pathOnly = uri.split('?')[0] || '/';
  // a path no location claims goes to the default backend, on a host's server as on the catch-all
  const location = matchLocation(servers.get(server)?.locations ?? [], pathOnly) ?? servers.get('_')?.defaultBackend ?? null;
  return { server, location, upstreamPath: location ? rewritePath(location, uri) : uri };
}
