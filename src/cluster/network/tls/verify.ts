// How a TLS client judges the certificate chain a server presents, as OpenSSL 3's X509_verify_cert does it (chain
// building from the trust store first, then the presented intermediates; CA and purpose checks; trust; signatures
// and validity top-down) with its error numbers and texts, and the host name checks clients make afterwards (curl's
// subjectAltName/CN rules). Time is the cluster's clock: the client runs inside the simulation.

import { isIPv4Literal } from './names.js';
import { commonName, curlName, selfSigned, type Cert } from './x509.js';

export interface VerifyError {
  /** X509_V_ERR_* */
  code: number;
  /** X509_verify_cert_error_string */
  text: string;
  /** depth of the certificate it concerns (0 = the server's own) */
  depth: number;
}

export type ChainVerdict = { ok: true; chain: Cert[] } | { ok: false; error: VerifyError; chain: Cert[] };

/** X509_verify_cert_error_string of OpenSSL 3 for the codes the simulation can produce. */
export const VERIFY_TEXT: Record<number, string> = {
  0: 'ok',
  7: 'certificate signature failure',
  9: 'certificate is not yet valid',
  10: 'certificate has expired',
  18: 'self-signed certificate',
  19: 'self-signed certificate in certificate chain',
  20: 'unable to get local issuer certificate',
  21: 'unable to verify the first certificate',
  24: 'invalid CA certificate',
  26: 'unsupported certificate purpose',
  62: 'hostname mismatch',
};

function err(code: number, depth: number, chain: Cert[]): ChainVerdict {
  return { ok: false, error: { code, text: VERIFY_TEXT[code], depth }, chain };
}

function issuedBy(child: Cert, parent: Cert): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/**
 * Verifies `presented` (leaf first, as the server sends it) against the trust anchors at `nowMs`. The error is the
 * first one OpenSSL's verify callback reports; curl and wget stop there.
 */
export function verifyChain(presented: Cert[], trust: Cert[], nowMs: number): ChainVerdict {
  if (presented.length === 0) return err(20, 0, []);
  const chain: Cert[] = [presented[0]];
  const untrusted = presented.slice(1);
  let trusted = false;
  const isAnchor = (c: Cert) => trust.some((t) => t.x509.raw.equals(c.x509.raw));
  for (let guard = 0; guard < 10; guard++) {
    const cur = chain[chain.length - 1];
    // X509_V_FLAG_TRUSTED_FIRST: a trusted copy of the certificate itself, or a trusted issuer
    if (isAnchor(cur) && selfSigned(cur)) {
      trusted = true;
      break;
    }
    const anchor = trust.find((t) => issuedBy(cur, t));
    if (anchor && !selfSigned(cur)) {
      chain.push(anchor);
      trusted = true;
      break;
    }
    if (isAnchor(cur)) {
      trusted = true;
      break;
    }
    if (selfSigned(cur)) return err(chain.length === 1 ? 18 : 19, chain.length - 1, chain);
    const next = untrusted.find((u) => !chain.includes(u) && issuedBy(cur, u));
    if (!next) return err(20, chain.length - 1, chain);
    chain.push(next);
  }
  if (!trusted) return err(20, chain.length - 1, chain);
  // check_chain_extensions: issuers must be CAs, the leaf must be for TLS servers
  for (let i = 1; i < chain.length; i++) if (!chain[i].x509.ca) return err(24, i, chain);
  const eku = chain[0].x509.keyUsage;
  if (eku && eku.length && !eku.includes(SERVER_AUTH) && !eku.includes('2.5.29.37.0')) return err(26, 0, chain);
  // internal_verify: from the top down, signatures then times
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i];
    const parent = chain[i + 1] ?? (selfSigned(c) ? c : undefined);
    if (parent && i < chain.length - 1 && !issuedBy(c, parent)) return err(7, i, chain);
    if (nowMs < c.notBeforeMs) return err(9, i, chain);
    if (nowMs > c.notAfterMs) return err(10, i, chain);
  }
  return { ok: true, chain };
}

/** curl's Curl_cert_hostcheck: case-insensitive, one leading `*.` label that matches exactly one label (never for IPs). */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.replace(/\.$/, '').toLowerCase();
  const h = host.replace(/\.$/, '').toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.') || isIPv4Literal(h)) return false;
  const rest = p.slice(1);
  if ((rest.match(/\./g) ?? []).length < 2) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === rest;
}

export type HostVerdict = { ok: true; info: string } | { ok: false; info?: string; message: string };

/** curl's ossl_verifyhost: subjectAltName entries of the target's type, else the last subject CN. */
export function curlVerifyHost(leaf: Cert, host: string): HostVerdict {
  const ip = isIPv4Literal(host);
  if (leaf.hasSan) {
    if (ip) {
      if (leaf.ipAddresses.includes(host)) return { ok: true, info: ` subjectAltName: host "${host}" matched cert's IP address!` };
    } else {
      const hit = leaf.dnsNames.find((d) => hostMatches(d, host));
      if (hit !== undefined) return { ok: true, info: ` subjectAltName: host "${host}" matched cert's "${hit}"` };
    }
    return { ok: false, info: ` subjectAltName does not match ${host}`, message: `SSL: no alternative certificate subject name matches target host name '${host}'` };
  }
  const cn = commonName(leaf);
  if (cn === undefined) return { ok: false, message: 'SSL: unable to obtain common name from peer certificate' };
  if (!hostMatches(cn, host)) return { ok: false, message: `SSL: certificate subject name '${cn}' does not match target host name '${host}'` };
  return { ok: true, info: ` common name: ${cn} (matched)` };
}

/** OpenSSL's X509_check_host (wget, s_client -verify_hostname): DNS SANs, or the CN when there are none. */
export function x509CheckHost(leaf: Cert, host: string): boolean {
  if (isIPv4Literal(host)) return leaf.ipAddresses.includes(host);
  if (leaf.dnsNames.length) return leaf.dnsNames.some((d) => hostMatches(d, host));
  const cn = commonName(leaf);
  return cn !== undefined && hostMatches(cn, host);
}

export { curlName };
