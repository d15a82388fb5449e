// Emissary-ingress 2.2's configuration as its Envoy runs it, from the getambassador.io resources and the Ingresses it
// serves (python/ambassador/ir: irlistener.py, irhost.py, irhttpmapping.py; fetch/ingress.py):
// - Envoy listens only on the ports of the Listeners (2.x synthesizes no default listener);
// - Hosts bound to a Listener by its hostBinding (namespace from ALL/SELF, selector matchLabels); with no Host at all,
//   the cleartext-only `default-host` (hostname "*", insecure action Route: Emissary OSS has no fallback cert);
// - Mappings are routes: hostname/host (glob, or host_regex), prefix (a string prefix, prefix_regex, prefix_exact),
//   method, headers, ordered by precedence then prefix length; `rewrite` (default "/") replaces the prefix;
// - an Ingress with the `kubernetes.io/ingress.class: ambassador` annotation, or an ingressClassName whose
//   IngressClass names the controller getambassador.io/ingress-controller, becomes one Mapping per path.

export type Any = Record<string, any>;

export interface CustomObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string };
  spec?: Any;
}

export interface ListenerConfig {
  name: string;
  namespace: string;
  port: number;
  protocol: string;
  securityModel: string;
  /** '*' for hostBinding.namespace.from ALL */
  hostNamespace: string;
  hostSelector?: Record<string, string>;
}

export interface HostConfig {
  name: string;
  namespace: string;
  hostname: string;
  labels: Record<string, string>;
  insecureAction: 'Route' | 'Redirect' | 'Reject';
  /** the internal default host (no Host resources) */
  synthesized: boolean;
}

export interface RouteConfig {
  /** `website` (namespace default), or `web-ingress-0-0` for an Ingress path */
  name: string;
  namespace: string;
  prefix: string;
  prefixRegex: boolean;
  prefixExact: boolean;
  caseSensitive: boolean;
  /** undefined: keep the path ("" in the Mapping) */
  rewrite?: string;
  regexRewrite?: { pattern: string; substitution: string };
  /** glob (`*`, `*.example.com`, exact) or, with hostRegex, a regular expression */
  hostname: string;
  hostRegex: boolean;
  method?: string;
  headers: Record<string, string>;
  /** headers that must be present (v2's `headers: {name: true}`) */
  presentHeaders: string[];
  regexHeaders: Record<string, string>;
  precedence: number;
  /** upstream: the Service's name, namespace and port (Emissary's KubernetesServiceResolver) */
  service: { raw: string; name: string; namespace: string; port: number; scheme: string };
  hostRewrite?: string;
  addRequestHeaders: Array<[string, string]>;
  addResponseHeaders: Array<[string, string]>;
  removeResponseHeaders: string[];
  timeoutMs: number;
}

export interface EmissaryConfig {
  listeners: ListenerConfig[];
  hosts: HostConfig[];
  routes: RouteConfig[];
}

/** The Ambassador ID an object is for (`ambassador_id` in spec, or the getambassador.io/ambassador-id annotation). */
function ambassadorIds(o: CustomObject): string[] {
  const id = o.spec?.ambassador_id ?? o.metadata.annotations?.['getambassador.io/ambassador-id'];
  if (id === undefined || id === null) return ['default'];
  return Array.isArray(id) ? id.map(String) : [String(id)];
}

function forUs(o: CustomObject, id: string): boolean {
  return ambassadorIds(o).includes(id);
}

/** `[scheme://]name[.namespace[.svc.cluster.local]][:port]` resolved in the Mapping's namespace. */
export function parseService(raw: string, namespace: string): RouteConfig['service'] {
  let rest = raw.trim();
  let scheme = 'http';
  const m = /^([a-z]+):\/\//i.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  let port = scheme === 'https' ? 443 : 80;
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(rest.slice(colon + 1))) {
    port = Number(rest.slice(colon + 1));
    rest = rest.slice(0, colon);
  }
  rest = rest.replace(/\/+$/, '');
  const labels = rest.replace(/\.svc(\.cluster\.local)?$/, '').split('.');
  return { raw, name: labels[0], namespace: labels.length > 1 ? labels[1] : namespace, port, scheme };
}

function headerPairs(v: unknown): Array<[string, string]> {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Any).map(([k, x]) => [k.toLowerCase(), typeof x === 'object' && x !== null ? String((x as Any).value ?? '') : String(x)]);
}

function routeOf(name: string, namespace: string, spec: Any): RouteConfig | undefined {
  if (typeof spec.prefix !== 'string' || typeof spec.service !== 'string' || !spec.service) return undefined;
  const headers: Record<string, string> = {};
  const present: string[] = [];
  for (const [k, v] of Object.entries((spec.headers ?? {}) as Any)) {
    if (v === true) present.push(k.toLowerCase());
    else if (typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  const hostRegex = spec.host_regex === true;
  const hostname = String(spec.hostname || spec.host || '*');
  const rewrite = spec.rewrite === undefined || spec.rewrite === null ? '/' : String(spec.rewrite);
  const rr = spec.regex_rewrite as Any | undefined;
  return {
    name,
    namespace,
    prefix: spec.prefix,
    prefixRegex: spec.prefix_regex === true,
    prefixExact: spec.prefix_exact === true,
    caseSensitive: spec.case_sensitive !== false,
    rewrite: rr ? undefined : rewrite === '' ? undefined : rewrite,
    regexRewrite: rr ? { pattern: String(rr.pattern ?? ''), substitution: String(rr.substitution ?? '') } : undefined,
    hostname,
    hostRegex,
    method: typeof spec.method === 'string' ? spec.method.toUpperCase() : undefined,
    headers,
    presentHeaders: present,
    regexHeaders: Object.fromEntries(Object.entries((spec.regex_headers ?? {}) as Any).map(([k, v]) => [k.toLowerCase(), String(v)])),
    precedence: Number(spec.precedence ?? 0) || 0,
    service: parseService(spec.service, namespace),
    hostRewrite: typeof spec.host_rewrite === 'string' ? spec.host_rewrite : undefined,
    addRequestHeaders: headerPairs(spec.add_request_headers),
    addResponseHeaders: headerPairs(spec.add_response_headers),
    removeResponseHeaders: ((spec.remove_response_headers ?? []) as unknown[]).map((h) => String(h).toLowerCase()),
    timeoutMs: Number(spec.timeout_ms ?? 3000) || 3000,
  };
}

export interface IngressObject extends CustomObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: { service?: { name: string; port?: { number?: number; name?: string } } };
    rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; pathType?: string; backend: { service?: { name: string; port?: { number?: number; name?: string } } } }> } }>;
  };
}

export const INGRESS_CONTROLLER = 'getambassador.io/ingress-controller';

/** Whether Emissary serves an Ingress (fetch/ingress.py: the annotation, or an IngressClass of its controller). */
export function servesIngress(ing: IngressObject, classes: Array<{ metadata: { name?: string }; spec?: { controller?: string } }>): boolean {
  const cls = ing.spec?.ingressClassName;
  const hasClass = !!cls && classes.some((c) => c.metadata.name === cls && (c.spec?.controller ?? '').toLowerCase() === INGRESS_CONTROLLER);
  const annotated = (ing.metadata.annotations?.['kubernetes.io/ingress.class'] ?? '').toLowerCase() === 'ambassador';
  return hasClass || annotated;
}

/** The Mappings Emissary generates for an Ingress (its default backend, then one per rule path). */
export function ingressRoutes(ing: IngressObject): RouteConfig[] {
  const ns = ing.metadata.namespace ?? 'default';
  const name = ing.metadata.name ?? '';
  const out: RouteConfig[] = [];
  const portOf = (b: { service?: { port?: { number?: number; name?: string } } }) => b.service?.port?.number ?? b.service?.port?.name;
  const db = ing.spec?.defaultBackend;
  if (db?.service?.name && portOf(db) !== undefined) {
    const r = routeOf(`${name}-default-backend`, ns, { hostname: '*', prefix: '/', service: `${db.service.name}.${ns}:${portOf(db)}` });
    if (r) out.push(r);
  }
  (ing.spec?.rules ?? []).forEach((rule, ri) => {
    (rule.http?.paths ?? []).forEach((p, pi) => {
      const port = portOf(p.backend);
      if (!p.backend.service?.name || port === undefined) return;
      const exact = p.pathType === 'Exact';
      const spec: Any = { prefix: p.path || '/', prefix_exact: exact, precedence: exact ? 1 : 0, service: `${p.backend.service.name}.${ns}:${port}` };
      if (rule.host?.startsWith('*.')) {
        spec.host = rule.host.replace(/\./g, '\\.').replace('*', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?') + '$';
        spec.host_regex = true;
      } else spec.hostname = rule.host ?? '*';
      const r = routeOf(`${name}-${ri}-${pi}`, ns, spec);
      if (r) out.push(r);
    });
  });
  return out;
}

function listenerOf(o: CustomObject): ListenerConfig | undefined {
  const s = o.spec ?? {};
  const port = Number(s.port);
  const protocol = typeof s.protocol === 'string' ? s.protocol : '';
  if (!Number.isInteger(port) || port <= 0 || !s.securityModel || !s.hostBinding) return undefined;
  if (!protocol && !Array.isArray(s.protocolStack)) return undefined;
  const from = String(s.hostBinding?.namespace?.from ?? '').toLowerCase();
  const ns = o.metadata.namespace ?? 'default';
  if (!from && !s.hostBinding?.selector) return undefined;
  return {
    name: o.metadata.name ?? '',
    namespace: ns,
    port,
    protocol: protocol || (s.protocolStack as string[]).join(';'),
    securityModel: String(s.securityModel),
    hostNamespace: from === 'all' ? '*' : ns,
    hostSelector: s.hostBinding?.selector?.matchLabels,
  };
}

function hostOf(o: CustomObject): HostConfig {
  const action = String(o.spec?.requestPolicy?.insecure?.action ?? 'Redirect');
  return {
    name: o.metadata.name ?? '',
    namespace: o.metadata.namespace ?? 'default',
    hostname: String(o.spec?.hostname ?? '*'),
    labels: o.metadata.labels ?? {},
    insecureAction: action === 'Route' || action === 'Reject' ? action : 'Redirect',
    synthesized: false,
  };
}

/** The configuration Emissary builds from the cluster's resources (ambassador_id `default`). */
export function buildConfig(input: { listeners: CustomObject[]; hosts: CustomObject[]; mappings: CustomObject[]; ingresses: IngressObject[]; ingressClasses: Array<{ metadata: { name?: string }; spec?: { controller?: string } }> }, id = 'default'): EmissaryConfig {
  const listeners = input.listeners.filter((l) => forUs(l, id)).map(listenerOf).filter((l): l is ListenerConfig => !!l);
  let hosts = input.hosts.filter((h) => forUs(h, id)).map(hostOf);
  if (!hosts.length) hosts = [{ name: 'default-host', namespace: '', hostname: '*', labels: {}, insecureAction: 'Route', synthesized: true }];
  const routes: RouteConfig[] = [];
  for (const m of input.mappings) {
    if (!forUs(m, id)) continue;
    const r = routeOf(m.metadata.name ?? '', m.metadata.namespace ?? 'default', m.spec ?? {});
    if (r) routes.push(r);
  }
  for (const ing of input.ingresses) if (servesIngress(ing, input.ingressClasses) && forUs(ing, id)) routes.push(...ingressRoutes(ing));
  routes.sort((a, b) => b.precedence - a.precedence || b.prefix.length - a.prefix.length || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { listeners, hosts, routes };
}

/** Glob match of Emissary's hostnames: `*` anything, a leading `*.`-style wildcard, or the exact name. */
export function globMatch(glob: string, host: string): boolean {
  const g = glob.toLowerCase();
  const h = host.toLowerCase();
  if (g === '*') return true;
  if (g.startsWith('*')) return h.endsWith(g.slice(1)) && h.length > g.length - 1;
  if (g.endsWith('*')) return h.startsWith(g.slice(0, -1));
  return g === h;
}

function regexOrNull(src: string, flags = ''): RegExp | null {
  try {
    return new RegExp(src, flags);
  } catch {
    return null;
  }
}

function pathMatches(r: RouteConfig, path: string): boolean {
  if (r.prefixRegex) {
    const re = regexOrNull(`^(?:${r.prefix})$`, r.caseSensitive ? '' : 'i');
    return !!re?.test(path);
  }
  const p = r.caseSensitive ? path : path.toLowerCase();
  const prefix = r.caseSensitive ? r.prefix : r.prefix.toLowerCase();
  return r.prefixExact ? p === prefix : p.startsWith(prefix);
}

export type Decision =
  | { kind: 'route'; route: RouteConfig; upstreamPath: string; host: HostConfig }
  | { kind: 'redirect'; location: string; host: HostConfig }
  | { kind: 'no-route' };

/** What Envoy does with a request that arrived on a Listener: its Host (by :authority), then the first route. */
export function decide(config: EmissaryConfig, listener: ListenerConfig, req: { method: string; authority: string; path: string; headers: Record<string, string>; xfp?: string }): Decision {
  const authority = req.authority.replace(/:\d+$/, '');
  const hosts = config.hosts.filter(
    (h) => h.synthesized || ((listener.hostNamespace === '*' || listener.hostNamespace === h.namespace) && Object.entries(listener.hostSelector ?? {}).every(([k, v]) => h.labels[k] === v)),
  );
  const host = hosts.find((h) => globMatch(h.hostname, authority));
  if (!host) return { kind: 'no-route' };
  const secure = listener.securityModel === 'SECURE' || (listener.securityModel === 'XFP' && (req.xfp ?? '').toLowerCase() === 'https');
  const [pathOnly, query] = [req.path.split('?')[0] || '/', req.path.includes('?') ? req.path.slice(req.path.indexOf('?')) : ''];
  if (!secure && host.insecureAction === 'Reject') return { kind: 'no-route' };
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = v;
  for (const r of config.routes) {
    const hostOk = r.hostRegex ? !!regexOrNull(r.hostname, 'i')?.test(authority) : globMatch(r.hostname, authority);
    if (!hostOk || !pathMatches(r, pathOnly)) continue;
    if (r.method && r.method !== req.method.toUpperCase()) continue;
    if (Object.entries(r.headers).some(([k, v]) => lower[k] !== v)) continue;
    if (r.presentHeaders.some((k) => lower[k] === undefined)) continue;
    if (Object.entries(r.regexHeaders).some(([k, v]) => lower[k] === undefined || !regexOrNull(`^(?:${v})$`)?.test(lower[k]))) continue;
    if (!secure && host.insecureAction === 'Redirect') return { kind: 'redirect', location: `https://${authority}${req.path}`, host };
    return { kind: 'route', route: r, upstreamPath: rewritten(r, pathOnly) + query, host };
  }
  return { kind: 'no-route' };
}

/** Envoy's prefix_rewrite (the matched prefix replaced) or regex_rewrite. */
export function rewritten(r: RouteConfig, path: string): string {
  if (r.regexRewrite) {
    const re = regexOrNull(r.regexRewrite.pattern, 'g');
    return re ? path.replace(re, r.regexRewrite.substitution.replace(/\\(\d)/g, '$$$1')) : path;
  }
  if (r.rewrite === undefined || r.prefixRegex) return r.rewrite !== undefined && r.prefixRegex ? r.rewrite : path;
  return r.rewrite + path.slice(r.prefix.length);
}
