// Certificates made inside the simulation: what `openssl req -x509` writes for a user (the v3_ca extensions of
// OpenSSL 3's openssl.cnf), what `openssl x509 -req -CA` signs, and the fake certificate ingress-nginx generates
// at start. Real X.509 (DER written here, signed by node:crypto); keys are derived from a label (the cluster RNG's
// draws, a pod's uid), so the same seed and commands give the same bytes.

import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { bitString, der, extension, integer, octets, oid, pem, seq, set, SHA256_RSA, time } from '../../state/der.js';
import { derivedKey } from '../../state/pki.js';

const ATTR: Record<string, { oid: string; printable?: boolean; ia5?: boolean }> = {
  C: { oid: '2.5.4.6', printable: true },
  ST: { oid: '2.5.4.8' },
  L: { oid: '2.5.4.7' },
  O: { oid: '2.5.4.10' },
  OU: { oid: '2.5.4.11' },
  CN: { oid: '2.5.4.3' },
  emailAddress: { oid: '1.2.840.113549.1.9.1', ia5: true },
};

export function knownAttribute(name: string): boolean {
  return name in ATTR;
}

export type Name = Array<[string, string]>;

export function encodeName(name: Name, printable: boolean): Buffer {
  return seq(
    ...name.map(([k, v]) => {
      const a = ATTR[k];
      const tag = a.ia5 ? 0x16 : a.printable || (printable && /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(v)) ? 0x13 : 0x0c;
      return set(seq(oid(a.oid), der(tag, Buffer.from(v, 'utf8'))));
    }),
  );
}

export interface CertSpec {
  subject: Name;
  /** the subject's key (its public half goes into the certificate) */
  key: KeyObject;
  /** the signer; absent: self-signed */
  issuer?: { subject: Name; key: KeyObject };
  serial: bigint;
  notBeforeMs: number;
  notAfterMs: number;
  /** basicConstraints: CA:TRUE, CA:FALSE, or none */
  basicConstraints?: 'ca' | 'leaf';
  /** subjectKeyIdentifier (hash of the public key) and authorityKeyIdentifier (the signer's) */
  keyIds?: boolean;
  /** keyUsage bits (digitalSignature 0x80, keyEncipherment 0x20, keyCertSign 0x04) in the first octet */
  keyUsage?: number;
  serverAuth?: boolean;
  dns?: string[];
  ips?: string[];
  /** Go's crypto/x509 writes PrintableString where it can, OpenSSL UTF8String */
  printableNames?: boolean;
}

function keyIdOf(key: KeyObject): Buffer {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  // the subjectPublicKey bits of an RSA-2048 SPKI: its last 270 bytes
  return createHash('sha1').update(spki.subarray(spki.length - 270)).digest();
}

/** Unused trailing bits of a one-octet BIT STRING. */
function unusedBits(b: number): number {
  let n = 0;
  while (n < 8 && !(b & (1 << n))) n++;
  return n;
}

/** Writes and signs the certificate; PEM. */
export function issueCertificate(spec: CertSpec): string {
  const issuerName = spec.issuer?.subject ?? spec.subject;
  const signer = spec.issuer?.key ?? spec.key;
  const spki = createPublicKey(spec.key).export({ format: 'der', type: 'spki' });
  const exts: Buffer[] = [];
  if (spec.keyIds) {
    exts.push(extension('2.5.29.14', false, octets(keyIdOf(spec.key))));
    exts.push(extension('2.5.29.35', false, seq(der(0x80, keyIdOf(signer)))));
  }
  if (spec.basicConstraints) exts.push(extension('2.5.29.19', true, spec.basicConstraints === 'ca' ? seq(Buffer.from([0x01, 0x01, 0xff])) : seq()));
  if (spec.keyUsage !== undefined) exts.push(extension('2.5.29.15', true, bitString(Buffer.from([spec.keyUsage]), unusedBits(spec.keyUsage))));
  if (spec.serverAuth) exts.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
  const sans = [...(spec.dns ?? []).map((d) => der(0x82, Buffer.from(d))), ...(spec.ips ?? []).map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number))))];
  if (sans.length) exts.push(extension('2.5.29.17', false, seq(...sans)));
  const printable = spec.printableNames === true;
  const tbs = seq(
    der(0xa0, integer(2n)),
    integer(spec.serial),
    SHA256_RSA,
    encodeName(issuerName, printable),
    seq(time(spec.notBeforeMs), time(spec.notAfterMs)),
    encodeName(spec.subject, printable),
    spki,
    ...(exts.length ? [der(0xa3, seq(...exts))] : []),
  );
  return pem('CERTIFICATE', seq(tbs, SHA256_RSA, bitString(sign('sha256', tbs, signer))));
}

/** A serial of `bits` random bits (positive), from a draw function of [0,1). */
export function randomSerial(random: () => number, bits: number): bigint {
  let n = 0n;
  for (let i = 0; i < bits; i += 16) n = (n << 16n) | BigInt(Math.floor(random() * 65536));
  n &= (1n << BigInt(bits - 1)) - 1n;
  return n === 0n ? 1n : n;
}

/** An RSA-2048 key from a label (see pki.ts derivedKey); PKCS#8 PEM as OpenSSL 3 writes `-keyout`. */
export function keyFor(label: string): KeyObject {
  return derivedKey(label);
}

export function keyPemPkcs8(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const fakeCache = new Map<string, { cert: string; key: KeyObject }>();

/**
 * ingress-nginx's default certificate (internal/net/ssl/ssl.go getFakeHostSSLCert): RSA-2048, O=Acme Co,
 * CN=Kubernetes Ingress Controller Fake Certificate, DNS ingress.local, serverAuth, valid 365 days from the
 * controller's start, 128-bit serial, self-signed by Go's crypto/x509 (no key identifiers: not a CA).
 */
export function fakeIngressCertificate(podUid: string, startMs: number): { cert: string; key: KeyObject } {
  const id = `${podUid}/${startMs}`;
  const hit = fakeCache.get(id);
  if (hit) return hit;
  const key = keyFor(`ingress-nginx-fake/${podUid}`);
  const h = createHash('sha256').update(`kubesim/fake-cert/${id}`).digest();
  const serial = BigInt(`0x${h.subarray(0, 16).toString('hex')}`) >> 1n;
  const notBefore = Math.floor(startMs / 1000) * 1000;
  const cert = issueCertificate({
    subject: [['O', 'Acme Co'], ['CN', 'Kubernetes Ingress Controller Fake Certificate']],
    key,
    serial,
    notBeforeMs: notBefore,
    notAfterMs: notBefore + YEAR_MS,
    basicConstraints: 'leaf',
    keyUsage: 0xa0,
    serverAuth: true,
    dns: ['ingress.local'],
    printableNames: true,
  });
  const out = { cert, key };
  fakeCache.set(id, out);
  return out;
}
