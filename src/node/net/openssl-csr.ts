// openssl's certificate requests and bare keys, for what a lab does before a CertificateSigningRequest:
// `genrsa -out user.key 2048` (PKCS#8 as OpenSSL 3 writes it, the key derived from the cluster RNG) and
// `req -new -key user.key -subj "/CN=jane/O=dev" -out user.csr` (a PKCS#10 request signed with that key).

import { sign, createPublicKey, type KeyObject } from 'node:crypto';
import { der, integer, oid, pem, seq, set, SHA256_RSA, bitString, extension } from '../../cluster/state/der.js';
import { encodeName, type Name } from '../../cluster/network/tls/issue.js';

/** PKCS#10 CertificationRequest: version 0, subject, the key, the extensionRequest attribute when there are SANs. */
export function certificateRequest(subject: Name, key: KeyObject, dns: string[], ips: string[]): string {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const sans = [...dns.map((d) => der(0x82, Buffer.from(d))), ...ips.map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number))))];
  const attrs = sans.length
    ? der(0xa0, seq(oid('1.2.840.113549.1.9.14'), set(seq(extension('2.5.29.17', false, seq(...sans))))))
    : Buffer.from([0xa0, 0x00]);
  const info = seq(integer(0n), encodeName(subject, false), spki, attrs);
  return pem('CERTIFICATE REQUEST', seq(info, SHA256_RSA, bitString(sign('sha256', info, key))));
}
