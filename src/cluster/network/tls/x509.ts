// Certificates as clients read them: PEM bundles parsed with node:crypto's X509Certificate, the names in the two
// one-line forms clients print (curl's `CN=a; O=b`, the openssl tool's `CN = a, O = b`), validity as instants, the
// subject alternative names, and whether a certificate is self-signed as OpenSSL 3 decides it.

import { X509Certificate } from 'node:crypto';

export interface Cert {
  pem: string;
  x509: X509Certificate;
  /** attribute/value pairs in encoding order (`[['CN', 'foo.bar.com'], ['O', 'Acme Co']]`) */
  subject: Array<[string, string]>;
  issuer: Array<[string, string]>;
  notBeforeMs: number;
  notAfterMs: number;
  /** the text OpenSSL's ASN1_TIME_print gives (`Jan  6 10:00:00 2025 GMT`) */
  notBefore: string;
  notAfter: string;
  dnsNames: string[];
  ipAddresses: string[];
  /** the certificate has a subjectAltName extension with DNS or IP entries */
  hasSan: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan  6 10:00:00 2025 GMT` → ms */
export function parseAsn1Time(text: string): number {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text.trim());
  if (!m) return NaN;
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** ms → `Jan  6 10:00:00 2025 GMT` */
export function asn1Time(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

function parseName(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const eq = line.indexOf('=');
    let v = line.slice(eq + 1);
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    out.push([line.slice(0, eq), v]);
  }
  return out;
}

export function fromX509(x509: X509Certificate): Cert {
  const san = x509.subjectAltName ?? '';
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of san.split(', ')) {
    if (part.startsWith('DNS:')) dnsNames.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ipAddresses.push(part.slice(11));
  }
  return {
    pem: x509.toString(),
    x509,
    subject: parseName(x509.subject),
    issuer: parseName(x509.issuer),
    notBeforeMs: parseAsn1Time(x509.validFrom),
    notAfterMs: parseAsn1Time(x509.validTo),
    notBefore: x509.validFrom,
    notAfter: x509.validTo,
    dnsNames,
    ipAddresses,
    hasSan: dnsNames.length + ipAddresses.length > 0,
  };
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** The CERTIFICATE blocks of a PEM text, parsed (blocks that do not parse are skipped, as OpenSSL's loaders do not
 *  stop at them only when they are not certificates: `bad` counts the ones that failed). */
export function parseBundle(text: string): { certs: Cert[]; bad: number } {
  const certs: Cert[] = [];
  let bad = 0;
  for (const m of text.matchAll(BLOCK)) {
    if (m[1] !== 'CERTIFICATE' && m[1] !== 'TRUSTED CERTIFICATE') continue;
    try {
      certs.push(fromX509(new X509Certificate(m[0])));
    } catch {
      bad++;
    }
  }
  return { certs, bad };
}

/** curl's x509_name_oneline (XN_FLAG_SEP_SPLUS_SPC): `O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate` */
export function curlName(name: Array<[string, string]>): string {
  return name.map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The openssl command's default name form (OpenSSL 3 `-nameopt oneline`): `CN = foo.bar.com, O = my-nginx` */
export function opensslName(name: Array<[string, string]>): string {
  return name.map(([k, v]) => `${k} = ${/[,+;<>#"\\]/.test(v) ? `"${v}"` : v}`).join(', ');
}

export function sameName(a: Array<[string, string]>, b: Array<[string, string]>): boolean {
  return a.length === b.length && a.every(([k, v], i) => b[i][0] === k && b[i][1].toLowerCase() === v.toLowerCase());
}

/** OpenSSL 3's EXFLAG_SS: subject equals issuer and the certificate's own key verifies its signature. */
export function selfSigned(c: Cert): boolean {
  if (!sameName(c.subject, c.issuer)) return false;
  try {
    return c.x509.verify(c.x509.publicKey);
  } catch {
    return false;
  }
}

/** The last CN of the subject (the one clients compare when there is no subjectAltName). */
export function commonName(c: Cert): string | undefined {
  return [...c.subject].reverse().find(([k]) => k === 'CN')?.[1];
}

/** `PKEY: rsaEncryption, 2048 (bit)` facts: key type and size. */
export function keyFacts(c: Cert): { type: string; bits: number } {
  const k = c.x509.publicKey;
  const type = k.asymmetricKeyType ?? 'rsa';
  const bits = k.asymmetricKeyDetails?.modulusLength ?? (k.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 256 : 0);
  return { type, bits };
}
