// The TLS side of an nginx server block: the chain in its ssl_certificate file (read from the container's files,
// typically a Secret volume), and what nginx negotiates with an OpenSSL 3 client. The official image (Debian
// bookworm, OpenSSL 3.0) gives TLSv1.3 / TLS_AES_256_GCM_SHA384 over X25519 with an RSA-PSS signature, and ALPN
// h2 only where http2 is enabled. bprashanth/nginxhttps:1.0 is a 2016 build on Debian jessie (OpenSSL 1.0.1t:
// TLS 1.2 at most, no ALPN); its exact build is assumed.

import type { TlsServerHello } from '../request-types.js';
import type { NginxServerConf } from './nginx-conf.js';
import type { FileLookup } from './types.js';

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g;

/** The PEM certificates of a file, leaf first (nginx sends the file's chain as it is). */
export function pemChain(text: string): string[] {
  return [...text.matchAll(CERT_BLOCK)].map((m) => (m[0].endsWith('\n') ? m[0] : `${m[0]}\n`));
}

export function nginxTlsHello(conf: NginxServerConf, port: number, files: FileLookup, image: 'nginx' | 'nginxhttps'): TlsServerHello | null {
  const path = conf.sslCertificate;
  if (!path) return null;
  const abs = path.startsWith('/') ? path : `/etc/nginx/${path}`;
  const f = files(abs);
  const chain = f?.kind === 'file' ? pemChain(f.content) : [];
  // nginx does not start without its certificate ("cannot load certificate"): nothing would answer
  if (!chain.length) return null;
  const h2 = conf.http2 || conf.listens.some((l) => l.port === port && l.http2);
  if (image === 'nginxhttps') return { chain, version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', group: 'prime256v1', signature: 'rsaEncryption' };
  return { chain, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519', signature: 'RSASSA-PSS', alpn: h2 ? 'h2' : 'http/1.1' };
}
