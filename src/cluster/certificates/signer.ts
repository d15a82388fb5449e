// The cluster signing authority of kube-controller-manager (pkg/controller/certificates/authority): an X.509
// certificate for a parsed request, signed by the kubeadm cluster CA: a 128-bit random serial, notBefore backdated
// five minutes, the request's subject and SANs, the key usages asked for, CA:FALSE, the CA's key id.

import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { bitString, der, extension, integer, oid, pem, seq, set, SHA256_RSA, time } from '../state/der.js';
import type { ParsedCsr } from './csr.js';

/** pkix.Name.ToRDNSequence's order, and the attribute OIDs */
const NAME_ORDER: Array<[string, string]> = [
  ['C', '2.5.4.6'], ['ST', '2.5.4.8'], ['L', '2.5.4.7'], ['street', '2.5.4.9'], ['postalCode', '2.5.4.17'], ['O', '2.5.4.10'],
  ['OU', '2.5.4.11'], ['CN', '2.5.4.3'], ['serialNumber', '2.5.4.5'],
];

/** Go's asn1 marshalling of a pkix.Name: PrintableString where the value allows it, else UTF8String */
function encodeGoName(subject: Array<[string, string]>): Buffer {
  const rdns: Buffer[] = [];
  for (const [attr, id] of NAME_ORDER) {
    const values = subject.filter(([k]) => k === attr).map(([, v]) => v);
    if (attr === 'CN' || attr === 'serialNumber') values.splice(1);
    for (const v of values) {
      const tag = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(v) ? 0x13 : 0x0c;
      rdns.push(set(seq(oid(id), der(tag, Buffer.from(v, 'utf8')))));
    }
  }
  return seq(...rdns);
}

const USAGE_BITS: Record<string, number> = {
  'digital signature': 0x80, signing: 0x80, 'content commitment': 0x40, 'key encipherment': 0x20, 'data encipherment': 0x10,
  'key agreement': 0x08, 'cert sign': 0x04, 'crl sign': 0x02, 'encipher only': 0x01,
};
const EXT_USAGES: Record<string, string> = {
  'server auth': '1.3.6.1.5.5.7.3.1', 'client auth': '1.3.6.1.5.5.7.3.2', 'code signing': '1.3.6.1.5.5.7.3.3', 'email protection': '1.3.6.1.5.5.7.3.4',
  's/mime': '1.3.6.1.5.5.7.3.4', 'ipsec end system': '1.3.6.1.5.5.7.3.5', 'ipsec tunnel': '1.3.6.1.5.5.7.3.6', 'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8', 'ocsp signing': '1.3.6.1.5.5.7.3.9', any: '2.5.29.37.0',
};

function unusedBits(b: number): number {
  let n = 0;
  while (n < 8 && !(b & (1 << n))) n++;
  return n;
}

function keyIdOf(key: KeyObject): Buffer {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return createHash('sha1').update(spki.subarray(spki.length - 270)).digest();
}

export interface SignRequest {
  csr: ParsedCsr;
  usages: string[];
  caKey: KeyObject;
  /** the CA's subject (`CN=kubernetes`) */
  caName: Buffer;
  caNotAfterMs: number;
  nowMs: number;
  ttlMs: number;
  serial: bigint;
}

/** authority.Sign: the certificate as PEM. */
export function signCertificate(r: SignRequest): string {
  const notBefore = Math.floor((r.nowMs - 5 * 60_000) / 1000) * 1000;
  let notAfter = Math.floor((r.nowMs + r.ttlMs) / 1000) * 1000;
  if (notAfter > r.caNotAfterMs) notAfter = r.caNotAfterMs;
  const exts: Buffer[] = [];
  const bits = r.usages.reduce((b, u) => b | (USAGE_BITS[u] ?? 0), 0);
  if (bits) exts.push(extension('2.5.29.15', true, bitString(Buffer.from([bits]), unusedBits(bits))));
  const ext = [...new Set(r.usages.map((u) => EXT_USAGES[u]).filter(Boolean))];
  if (ext.length) exts.push(extension('2.5.29.37', false, seq(...ext.map((o) => oid(o)))));
  exts.push(extension('2.5.29.19', true, seq()));
  exts.push(extension('2.5.29.35', false, seq(der(0x80, keyIdOf(r.caKey)))));
  const sans = [
    ...r.csr.dnsNames.map((d) => der(0x82, Buffer.from(d))),
    ...r.csr.emailAddresses.map((e) => der(0x81, Buffer.from(e))),
    ...r.csr.ipAddresses.filter((ip) => !ip.includes(':')).map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number)))),
  ];
  if (sans.length) exts.push(extension('2.5.29.17', false, seq(...sans)));
  const tbs = seq(
    der(0xa0, integer(2n)),
    integer(r.serial),
    SHA256_RSA,
    r.caName,
    seq(time(notBefore), time(notAfter)),
    encodeGoName(r.csr.subject),
    r.csr.spki,
    der(0xa3, seq(...exts)),
  );
  return pem('CERTIFICATE', seq(tbs, SHA256_RSA, bitString(sign('sha256', tbs, r.caKey))));
}
