// The cluster's PKI as kubeadm makes it: an RSA-2048 CA (the `kubernetes` self-signed certificate that the
// root-ca publisher puts into every namespace's kube-root-ca.crt) and the RSA-2048 service-account signing key
// (sa.key). Both keys are derived from the cluster seed (primes drawn from a SHA-256 stream and tested by
// OpenSSL), so the same seed gives the same certificate and the same token bytes; they are memoized per process.
// Deriving a key takes a few hundred milliseconds, so derived keys are also kept in a cache directory (a pure
// function's results: deleting it changes nothing but speed). The certificate is a small fixed X.509 structure written in DER here and signed by node:crypto (loading a
// general X.509 library at every cluster bootstrap would cost more than the whole bootstrap).

import { checkPrimeSync, createHash, createPrivateKey, createPublicKey, sign, type KeyObject, type webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bitString, der, extension, integer, octets, oid, pem, seq, set, SHA256_RSA, time } from './der.js';

const SMALL_PRIMES: number[] = (() => {
  const out: number[] = [];
  for (let i = 3; out.length < 2000; i += 2) if (out.every((p) => i % p !== 0)) out.push(i);
  return out;
})();

/** A deterministic byte stream: SHA-256 of `label/counter`. */
function stream(label: string): (n: number) => Buffer {
  let counter = 0;
  return (n) => {
    const parts: Buffer[] = [];
    for (let len = 0; len < n; len += 32) parts.push(createHash('sha256').update(`${label}/${counter++}`).digest());
    return Buffer.concat(parts).subarray(0, n);
  };
}

function toBig(b: Buffer): bigint {
  return BigInt(`0x${b.toString('hex') || '0'}`);
}

function prime(bytes: (n: number) => Buffer, bits: number): bigint {
  for (;;) {
    const b = bytes(bits / 8);
    b[0] |= 0xc0; // two top bits set: the product has exactly 2*bits bits
    b[b.length - 1] |= 1;
    const start = toBig(b);
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let k = 0; k < 1 << 16; k += 2) {
      let composite = false;
      for (let i = 0; i < SMALL_PRIMES.length; i++) {
        if ((residues[i] + k) % SMALL_PRIMES[i] === 0) {
          composite = true;
          break;
        }
      }
      if (composite) continue;
      const c = start + BigInt(k);
      if (checkPrimeSync(c, { checks: 1 }) && checkPrimeSync(c, { checks: 32 })) return c;
    }
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

const keys = new Map<string, KeyObject>();

function cacheFile(id: string): string {
  return path.join(process.env.KUBESIM_PKI_CACHE || path.join(os.tmpdir(), 'kubesim-pki-cache'), `${id.replace('/', '-')}.jwk.json`);
}

function readCached(id: string): KeyObject | undefined {
  try {
    const jwk = JSON.parse(fs.readFileSync(cacheFile(id), 'utf8')) as webcrypto.JsonWebKey;
    return createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function writeCached(id: string, key: KeyObject): void {
  const file = cacheFile(id);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(key.export({ format: 'jwk' })));
    fs.renameSync(tmp, file);
  } catch {
    // a read-only or missing temp directory only costs time
  }
}

/** The RSA-2048 private key for a purpose (`ca`, `sa`) of the cluster with this seed. */
export function clusterKey(seed: number, purpose: 'ca' | 'sa' | 'apiserver' | 'admin'): KeyObject {
  const id = `${seed}/${purpose}`;
  let key = keys.get(id) ?? readCached(id);
  if (key) {
    keys.set(id, key);
    return key;
  }
  key = deriveKey(id);
  writeCached(id, key);
  keys.set(id, key);
  return key;
}

/**
 * An RSA-2048 key derived from `label` (a key a user's `openssl req -newkey rsa:2048` makes from the cluster's RNG,
 * the fake certificate an image generates at start): memoized and cached on disk like the cluster keys.
 */
export function derivedKey(label: string): KeyObject {
  const id = `derived/${createHash('sha256').update(label).digest('hex').slice(0, 32)}`;
  let key = keys.get(id) ?? readCached(id);
  if (!key) {
    key = deriveKey(id);
    writeCached(id, key);
  }
  keys.set(id, key);
  return key;
}

function deriveKey(id: string): KeyObject {
  const bytes = stream(`kubesim/pki/${id}`);
  const e = 65537n;
  let p: bigint;
  let q: bigint;
  do {
    p = prime(bytes, 1024);
    q = prime(bytes, 1024);
  } while (p === q || (p - 1n) % e === 0n || (q - 1n) % e === 0n);
  if (p < q) [p, q] = [q, p];
  const d = modInverse(e, (p - 1n) * (q - 1n));
  return createPrivateKey({
    key: { kty: 'RSA', n: b64url(p * q), e: b64url(e), d: b64url(d), p: b64url(p), q: b64url(q), dp: b64url(d % (p - 1n)), dq: b64url(d % (q - 1n)), qi: b64url(modInverse(q, p)) },
    format: 'jwk',
  });
}

/** The key id kube-apiserver puts in a token's header: base64url(SHA-256(DER public key)). */
export function keyId(key: KeyObject): string {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest('base64url');
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;
const caCerts = new Map<string, string>();

/**
 * kubeadm's cluster CA (certutil.NewSelfSignedCACert): CN and DNS name `kubernetes`, valid ten years from the
 * cluster's creation, keyUsage digitalSignature|keyEncipherment|keyCertSign, CA:TRUE, subject key id. PEM.
 */
export function caCertificate(seed: number, notBeforeMs: number): string {
  const id = `${seed}/${notBeforeMs}`;
  const cached = caCerts.get(id);
  if (cached) return cached;
  const key = clusterKey(seed, 'ca');
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  // the subjectPublicKey bits: after the SPKI's AlgorithmIdentifier, the BIT STRING's content minus its unused-bits byte
  const rsaPublicKey = spki.subarray(spki.length - 270);
  const serial = (toBig(createHash('sha256').update(`kubesim/pki/${seed}/serial`).digest().subarray(0, 8)) & ((1n << 63n) - 1n)) + 1n;
  const name = seq(set(seq(oid('2.5.4.3'), der(0x13, Buffer.from('kubernetes')))));
  const notBefore = Math.floor(notBeforeMs / 1000) * 1000;
  const tbs = seq(
    der(0xa0, integer(2n)),
    integer(serial),
    SHA256_RSA,
    name,
    seq(time(notBefore), time(notBefore + TEN_YEARS_MS)),
    name,
    spki,
    der(
      0xa3,
      seq(
        extension('2.5.29.15', true, bitString(Buffer.from([0xa4]), 2)),
        extension('2.5.29.19', true, seq(Buffer.from([0x01, 0x01, 0xff]))),
        extension('2.5.29.14', false, octets(createHash('sha1').update(rsaPublicKey).digest())),
        extension('2.5.29.17', false, seq(der(0x82, Buffer.from('kubernetes')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, key);
  const out = pem('CERTIFICATE', seq(tbs, SHA256_RSA, bitString(signature)));
  caCerts.set(id, out);
  return out;
}

export interface LeafCertificate {
  /** subject common name (`kube-apiserver`, `kubernetes-admin`) */
  cn: string;
  /** subject organization (`kubeadm:cluster-admins`) */
  o?: string;
  purpose: 'apiserver' | 'admin';
  usage: 'serverAuth' | 'clientAuth';
  dns?: string[];
  ips?: string[];
}

/**
 * A certificate signed by the cluster CA, as kubeadm issues apiserver.crt and the admin kubeconfig's client
 * certificate: valid as long as the CA (kubeadm gives a year; real clients check the host's time, and a virtual cluster
 * clock may sit a long way from it), keyUsage digitalSignature|keyEncipherment, the extended key
 * usage, the CA's key id and the subject alternative names. PEM.
 */
export function leafCertificate(seed: number, notBeforeMs: number, leaf: LeafCertificate): string {
  const id = `${seed}/${notBeforeMs}/${JSON.stringify(leaf)}`;
  const cached = caCerts.get(id);
  if (cached) return cached;
  const caKey = clusterKey(seed, 'ca');
  const caSpki = createPublicKey(caKey).export({ format: 'der', type: 'spki' });
  const key = clusterKey(seed, leaf.purpose);
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const serial = (toBig(createHash('sha256').update(`kubesim/pki/${seed}/serial/${leaf.purpose}`).digest().subarray(0, 8)) & ((1n << 63n) - 1n)) + 1n;
  const issuer = seq(set(seq(oid('2.5.4.3'), der(0x13, Buffer.from('kubernetes')))));
  const subject = seq(
    ...(leaf.o ? [set(seq(oid('2.5.4.10'), der(0x0c, Buffer.from(leaf.o))))] : []),
    set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(leaf.cn)))),
  );
  const notBefore = Math.floor(notBeforeMs / 1000) * 1000;
  const ipBytes = (ip: string) => Buffer.from(ip.includes(':') ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] : ip.split('.').map(Number));
  const sans = [...(leaf.dns ?? []).map((d) => der(0x82, Buffer.from(d))), ...(leaf.ips ?? []).map((ip) => der(0x87, ipBytes(ip)))];
  const exts = [
    extension('2.5.29.15', true, bitString(Buffer.from([0xa0]), 5)),
    extension('2.5.29.37', false, seq(oid(leaf.usage === 'serverAuth' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, seq()),
    extension('2.5.29.35', false, seq(der(0x80, createHash('sha1').update(caSpki.subarray(caSpki.length - 270)).digest()))),
    ...(sans.length ? [extension('2.5.29.17', false, seq(...sans))] : []),
  ];
  const tbs = seq(der(0xa0, integer(2n)), integer(serial), SHA256_RSA, issuer, seq(time(notBefore), time(notBefore + TEN_YEARS_MS)), subject, spki, der(0xa3, seq(...exts)));
  const out = pem('CERTIFICATE', seq(tbs, SHA256_RSA, bitString(sign('sha256', tbs, caKey))));
  caCerts.set(id, out);
  return out;
}

/** A cluster key as PKCS#1 PEM (`RSA PRIVATE KEY`, as kubeadm writes it). */
export function keyPem(seed: number, purpose: 'apiserver' | 'admin'): string {
  return clusterKey(seed, purpose).export({ format: 'pem', type: 'pkcs1' }).toString();
}
