// curl's TLS (OpenSSL backend, lib/vtls/openssl.c) against a simulated server: the handshake trace `-v` prints,
// the verification it makes (the chain against --cacert or the CA bundle, then the host name, unless -k), and the
// `curl: (N) ...` texts of each outcome. The handshake is simulated: the server's hello carries its real X.509
// chain, judged on the cluster clock.

import type { TlsServerHello } from '../../cluster/network/request-types.js';
import { curlVerifyHost, verifyChain, type VerifyError } from '../../cluster/network/tls/verify.js';
import { curlName, keyFacts, parseBundle, type Cert } from '../../cluster/network/tls/x509.js';

/** The OpenSSL each curl build links (Ubuntu 24.04, Debian bookworm, the Alpine images; the Alpine ones assumed). */
export function opensslOf(curlVersion: string): string {
  const table: Record<string, string> = { '8.5.0': '3.0.13', '7.88.1': '3.0.15', '8.7.1': '3.3.2', '8.11.1': '3.3.2', '8.18.0': '3.5.4', '7.38.0': '1.0.1t' };
  return `OpenSSL/${table[curlVersion] ?? '3.3.2'}`;
}

export interface CurlTlsOptions {
  insecure: boolean;
  /** --cacert FILE; undefined: the build's CA bundle */
  cacert?: string;
  /** the CA bundle file and path the build uses (`/etc/ssl/certs/ca-certificates.crt`, `/etc/ssl/certs`) */
  bundle: { file: string; path?: string };
  /** reads a file where curl runs (undefined: absent) */
  readFile(path: string): string | undefined;
  /** the host name as in the URL (checked against the certificate) */
  host: string;
  nowMs: number;
  /** curl 8.x offers `curl offers`, 7.x `offers` */
  v8: boolean;
  openssl: string;
}

/** What happened in the handshake, for the trace and the exit code. */
export type TlsOutcome =
  | { kind: 'ok'; server: TlsServerHello; certs: Cert[]; verified: Cert[]; verifyError?: VerifyError; hostInfo?: string }
  | { kind: 'badfile'; file: string }
  | { kind: 'chain'; server: TlsServerHello; certs: Cert[]; error: VerifyError }
  | { kind: 'host'; server: TlsServerHello; certs: Cert[]; message: string; info?: string };

/** The client's side of the handshake: returns `accept` for the data path and, afterwards, the outcome. */
export function curlHandshake(o: CurlTlsOptions): { accept(server: TlsServerHello): boolean; outcome(): TlsOutcome | undefined } {
  let outcome: TlsOutcome | undefined;
  return {
    outcome: () => outcome,
    accept(server) {
      const certs = parseBundle(server.chain.join('')).certs;
      if (o.insecure) {
        // -k: no verification is enforced, but curl still reports what OpenSSL found
        const v = verifyChain(certs, [], o.nowMs);
        outcome = { kind: 'ok', server, certs, verified: certs, verifyError: v.ok ? undefined : v.error };
        return true;
      }
      const file = o.cacert ?? o.bundle.file;
      const text = o.readFile(file);
      const trust = text === undefined ? undefined : parseBundle(text).certs;
      if (o.cacert !== undefined && (!trust || trust.length === 0)) {
        outcome = { kind: 'badfile', file: o.cacert };
        return false;
      }
      const v = verifyChain(certs, trust ?? [], o.nowMs);
      if (!v.ok) {
        outcome = { kind: 'chain', server, certs, error: v.error };
        return false;
      }
      const h = curlVerifyHost(certs[0], o.host);
      if (!h.ok) {
        outcome = { kind: 'host', server, certs, message: h.message, info: h.info };
        return false;
      }
      outcome = { kind: 'ok', server, certs, verified: v.chain, hostInfo: h.info };
      return true;
    },
  };
}

/** SSL_alert_desc_string_long and the wire number curl prints for the alert a verify error sends. */
function alertFor(code: number): string {
  if (code === 10) return 'certificate expired (557)';
  if (code === 9) return 'bad certificate (554)';
  if (code === 26) return 'unsupported certificate (555)';
  if (code === 7) return 'decrypt error (563)';
  return 'unknown CA (560)';
}

function caLines(o: CurlTlsOptions): string {
  if (o.insecure) return '';
  return `*  CAfile: ${o.cacert ?? o.bundle.file}\n*  CApath: ${o.cacert === undefined || o.bundle.path ? (o.bundle.path ?? 'none') : 'none'}\n`;
}

/** The trace of the handshake up to the point the outcome ends it (`-v`), and the error when it fails. */
export function handshakeTrace(o: CurlTlsOptions, out: TlsOutcome | undefined, plain: boolean): { trace: string; error?: { code: number; message: string } } {
  let t = `* ALPN: ${o.v8 ? 'curl offers' : 'offers'} h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n` + caLines(o);
  if (plain) {
    const message = `${o.openssl}: error:0A00010B:SSL routines::wrong version number`;
    return { trace: t, error: { code: 35, message } };
  }
  if (!out) return { trace: t };
  if (out.kind === 'badfile') return { trace: t, error: { code: 77, message: `error setting certificate file: ${out.file}` } };
  const s = out.server;
  const v = s.version;
  t += `* TLSv1.3 (IN), TLS handshake, Server hello (2):\n`;
  if (v === 'TLSv1.3') t += `* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):\n* TLSv1.3 (IN), TLS handshake, Certificate (11):\n`;
  else t += `* TLSv1.2 (IN), TLS handshake, Certificate (11):\n`;
  if (out.kind === 'chain') {
    t += `* ${v} (OUT), TLS alert, ${alertFor(out.error.code)}:\n`;
    return { trace: t, error: { code: 60, message: `SSL certificate problem: ${out.error.text}` } };
  }
  if (v === 'TLSv1.3') {
    t += '* TLSv1.3 (IN), TLS handshake, CERT verify (15):\n* TLSv1.3 (IN), TLS handshake, Finished (20):\n';
    t += '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):\n* TLSv1.3 (OUT), TLS handshake, Finished (20):\n';
  } else {
    t += '* TLSv1.2 (IN), TLS handshake, Server key exchange (12):\n* TLSv1.2 (IN), TLS handshake, Server finished (14):\n';
    t += '* TLSv1.2 (OUT), TLS handshake, Client key exchange (16):\n* TLSv1.2 (OUT), TLS change cipher, Change cipher spec (1):\n';
    t += '* TLSv1.2 (OUT), TLS handshake, Finished (20):\n* TLSv1.2 (IN), TLS handshake, Finished (20):\n';
  }
  t += `* SSL connection using ${v} / ${s.cipher} / ${s.group} / ${s.signature}\n`;
  t += s.alpn ? `* ALPN: server accepted ${s.alpn}\n` : '* ALPN: server did not agree on a protocol. Uses default.\n';
  const leaf = out.certs[0];
  t += `* Server certificate:\n*  subject: ${curlName(leaf.subject)}\n*  start date: ${leaf.notBefore}\n*  expire date: ${leaf.notAfter}\n`;
  if (out.kind === 'host') {
    if (out.info) t += `* ${out.info}\n`;
    return { trace: t, error: { code: 60, message: out.message } };
  }
  if (out.hostInfo) t += `* ${out.hostInfo}\n`;
  t += `*  issuer: ${curlName(leaf.issuer)}\n`;
  t += out.verifyError ? `*  SSL certificate verify result: ${out.verifyError.text} (${out.verifyError.code}), continuing anyway.\n` : '*  SSL certificate verify ok.\n';
  out.verified.forEach((c, i) => {
    const k = keyFacts(c);
    const sec = k.bits >= 15360 ? 256 : k.bits >= 7680 ? 192 : k.bits >= 3072 ? 128 : k.bits >= 2048 ? 112 : 80;
    t += `*   Certificate level ${i}: Public key type ${k.type.toUpperCase()} (${k.bits}/${sec} Bits/secBits), signed using sha256WithRSAEncryption\n`;
  });
  return { trace: t };
}

/** The paragraph curl adds after a CURLE_PEER_FAILED_VERIFICATION (60) error (tool_operate.c). */
export function caCertErrorText(version: string, atLeast: (v: string, min: string) => boolean): string {
  const page = atLeast(version, '8.9.0') ? 'webpage' : 'web page';
  return `More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the ${page} mentioned above.\n`;
}
