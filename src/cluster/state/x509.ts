// Small X.509 issuer for the certificates workloads make for themselves (kube-webhook-certgen's CA and serving
// certificate, ingress-nginx's fake certificate): Ed25519 keys derived from a label (the cluster seed and the
// object's identity), so the same cluster gives the same bytes, and Ed25519 signatures, which are deterministic.
// Certificates are DER written here and signed with node:crypto; PEM out.

import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { der, oid, seq, set } from './der.js';

function integer(b: Buffer): Buffer {
  return der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return new Date(ms).getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${digits.slice(2)}Z`)) : der(0x18, Buffer.from(`${digits}Z`));
}
const bitString = (b: Buffer, unused = 0) => der(0x03, Buffer.concat([Buffer.from([unused]), b]));
const octets = (b: Buffer) => der(0x04, b);
const ED25519 = seq(oid('1.3.101.112'));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), octets(value));
}

export function pem(type: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** An Ed25519 key from a label (RFC 8410 PKCS#8 with the SHA-256 of the label as the seed). */
export function derivedKey(label: string): KeyObject {
  const seed = createHash('sha256').update(`kubesim/x509/${label}`).digest();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

export interface CertRequest {
  /** subject: organization (optional) and common name */
  organization?: string;
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  isCA?: boolean;
  notBeforeMs: number;
  notAfterMs: number;
  key: KeyObject;
  /** the issuer (absent: self-signed) */
  issuer?: { cert: Issued; key: KeyObject };
}

export interface Issued {
  der: Buffer;
  pem: string;
  subject: Buffer;
  /** the subject's fields, for printing */
  subjectText: { organization?: string; commonName: string };
  dnsNames: string[];
  ipAddresses: string[];
  isCA: boolean;
  notBeforeMs: number;
  notAfterMs: number;
}

function nameOf(o: { organization?: string; commonName: string }): Buffer {
  const rdns: Buffer[] = [];
  if (o.organization) rdns.push(set(seq(oid('2.5.4.10'), der(0x0c, Buffer.from(o.organization)))));
  rdns.push(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(o.commonName)))));
  return seq(...rdns);
}

function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

/** Issues (signs) a certificate. Serial numbers come from the key and subject, so they repeat only with them. */
export function issue(req: CertRequest): Issued {
  const spki = createPublicKey(req.key).export({ format: 'der', type: 'spki' });
  const subject = nameOf(req);
  const issuerName = req.issuer ? req.issuer.cert.subject : subject;
  const serial = createHash('sha256').update(spki).update(subject).digest().subarray(0, 16);
  serial[0] &= 0x7f;
  const notBefore = Math.floor(req.notBeforeMs / 1000) * 1000;
  const notAfter = Math.floor(req.notAfterMs / 1000) * 1000;
  const sans = [...(req.dnsNames ?? []).map((d) => der(0x82, Buffer.from(d))), ...(req.ipAddresses ?? []).map((ip) => der(0x87, ipBytes(ip)))];
  const exts = [
    extension('2.5.29.15', true, bitString(Buffer.from([req.isCA ? 0xa4 : 0xa0]), req.isCA ? 2 : 5)),
    ...(req.isCA ? [] : [extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1')))]),
    extension('2.5.29.19', true, req.isCA ? seq(Buffer.from([0x01, 0x01, 0xff])) : seq()),
    ...(sans.length ? [extension('2.5.29.17', false, seq(...sans))] : []),
  ];
  const tbs = seq(der(0xa0, integer(Buffer.from([2]))), integer(serial), ED25519, issuerName, seq(time(notBefore), time(notAfter)), subject, spki, der(0xa3, seq(...exts)));
  const signature = sign(null, tbs, req.issuer?.key ?? req.key);
  const certDer = seq(tbs, ED25519, bitString(signature));
  return {
    der: certDer,
    pem: pem('CERTIFICATE', certDer),
    subject,
    subjectText: { organization: req.organization, commonName: req.commonName },
    dnsNames: req.dnsNames ?? [],
    ipAddresses: req.ipAddresses ?? [],
    isCA: !!req.isCA,
    notBeforeMs: notBefore,
    notAfterMs: notAfter,
  };
}

export function keyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}
