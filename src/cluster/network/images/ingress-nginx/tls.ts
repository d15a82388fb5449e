// ingress-nginx's TLS: the certificate each server presents (spec.tls of the Ingresses it serves: a
// kubernetes.io/tls Secret in the Ingress's namespace, chosen by the SNI name as its Lua certificate handler does),
// the controller's generated default certificate when nothing matches (no SNI, an unknown host, a missing Secret, a
// certificate that is not valid for the host: controller.go createServers falls back with "Using default
// certificate"), and the hosts whose plain HTTP requests its ssl-redirect sends to https with 308.

import type { Pod } from '../../../apiserver/types.js';
import type { TlsServerHello } from '../../request-types.js';
import { fakeIngressCertificate } from '../../tls/issue.js';
import { x509CheckHost } from '../../tls/verify.js';
import { parseBundle } from '../../tls/x509.js';
import { pemChain } from '../nginx-tls.js';
import type { ServerEnv } from '../types.js';
import type { IngressLike } from './routing.js';

interface SecretLike {
  type?: string;
  data?: Record<string, string>;
}

/** Hosts with TLS configured, to the Secret that should serve them (the oldest Ingress wins). */
export function tlsHosts(ingresses: IngressLike[]): Map<string, { namespace: string; secret?: string }> {
  const out = new Map<string, { namespace: string; secret?: string }>();
  const sorted = [...ingresses].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const ing of sorted) {
    const ns = ing.metadata.namespace ?? 'default';
    for (const t of ing.spec?.tls ?? []) {
      // a tls entry without hosts covers the Ingress's rule hosts
      const hosts = t.hosts?.length ? t.hosts : (ing.spec?.rules ?? []).map((r) => r.host).filter((h): h is string => !!h);
      for (const h of hosts) if (!out.has(h.toLowerCase())) out.set(h.toLowerCase(), { namespace: ns, secret: t.secretName });
    }
  }
  return out;
}

function tlsEntry(hosts: Map<string, { namespace: string; secret?: string }>, name: string): { namespace: string; secret?: string } | undefined {
  const h = name.replace(/:\d+$/, '').toLowerCase();
  const exact = hosts.get(h);
  if (exact) return exact;
  const dot = h.indexOf('.');
  return dot > 0 ? hosts.get(`*${h.slice(dot)}`) : undefined;
}

/** Whether a plain HTTP request for this Host header is redirected to https (ssl-redirect, force-ssl-redirect). */
export function redirectsToHttps(hosts: Map<string, { namespace: string; secret?: string }>, host: string, annotations: Record<string, string>): boolean {
  if (annotations['nginx.ingress.kubernetes.io/force-ssl-redirect'] === 'true') return true;
  if (annotations['nginx.ingress.kubernetes.io/ssl-redirect'] === 'false') return false;
  return tlsEntry(hosts, host) !== undefined;
}

/** The chain the controller presents for an SNI name. */
export function ingressCertificate(env: ServerEnv | undefined, ingresses: IngressLike[], sni: string | undefined, pod: Pod): string[] {
  if (sni && env) {
    const entry = tlsEntry(tlsHosts(ingresses), sni);
    const secret = entry?.secret ? env.get<SecretLike>('secrets', entry.namespace, entry.secret) : undefined;
    const crt = secret?.type === 'kubernetes.io/tls' && secret.data?.['tls.crt'] ? Buffer.from(secret.data['tls.crt'], 'base64').toString('utf8') : undefined;
    const chain = crt ? pemChain(crt) : [];
    const leaf = chain.length ? parseBundle(chain[0]).certs[0] : undefined;
    if (leaf && x509CheckHost(leaf, sni.toLowerCase())) return chain;
  }
  const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || 0;
  return [fakeIngressCertificate(pod.metadata.uid ?? pod.metadata.name ?? '', started).cert];
}

/** The controller's TLS hello on 443: OpenSSL 3 of its image, TLS 1.3, HTTP/2 offered (use-http2 defaults on). */
export function ingressHello(chain: string[]): TlsServerHello {
  return { chain, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519', signature: 'RSASSA-PSS', alpn: 'h2' };
}
