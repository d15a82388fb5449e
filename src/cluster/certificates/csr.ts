// PKCS#10 certificate requests as the API server and kube-controller-manager read them (x509.ParseCertificateRequest
// after the PEM block): the subject, the public key, the SANs of the extensionRequest attribute, and whether the
// request's signature verifies with its own key.

import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { children, DerError, oidText, readTlv } from './der-read.js';

/** pkix.Name's attributes kubectl describe prints, by OID */
const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.17': 'postalCode',
};

export interface ParsedCsr {
  /** [attribute, value] in the order of the request */
  subject: Array<[string, string]>;
  publicKey: KeyObject;
  spki: Buffer;
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  /** the signature over CertificationRequestInfo checks out */
  signatureValid: boolean;
}

export class CsrError extends Error {}

/** the PEM block a request must be */
export function pemBlock(text: string): { type: string; der: Buffer } | undefined {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  return { type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') };
}

function parseName(tlv: Buffer): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const rdn of children(readTlv(tlv).content)) {
    for (const atv of children(rdn.content)) {
      const [id, value] = children(atv.content);
      const name = NAME_OIDS[oidText(id.content)] ?? oidText(id.content);
      out.push([name, value.content.toString('utf8')]);
    }
  }
  return out;
}

const SIG_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
};

/** certificates.ParseCSR: the PEM text's CERTIFICATE REQUEST block, parsed. */
export function parseCsrPem(pemText: string): ParsedCsr {
  const block = pemBlock(pemText);
  if (!block || block.type !== 'CERTIFICATE REQUEST') throw new CsrError('PEM block type must be CERTIFICATE REQUEST');
  try {
    return parseCsrDer(block.der);
  } catch (e) {
    if (e instanceof DerError || e instanceof TypeError || e instanceof RangeError) throw new CsrError('asn1: structure error: tags don\'t match');
    throw e;
  }
}

export function parseCsrDer(der: Buffer): ParsedCsr {
  const top = readTlv(der);
  const [info, algo, sig] = children(top.content);
  const fields = children(info.content);
  const subject = parseName(fields[1].raw);
  const spki = fields[2].raw;
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const dnsNames: string[] = [];
  const emailAddresses: string[] = [];
  const ipAddresses: string[] = [];
  const attrs = fields[3];
  if (attrs && attrs.tag === 0xa0) {
    for (const attr of children(attrs.content)) {
      const [id, values] = children(attr.content);
      if (oidText(id.content) !== '1.2.840.113549.1.9.14') continue;
      for (const exts of children(values.content)) {
        for (const ext of children(exts.content)) {
          const parts = children(ext.content);
          if (oidText(parts[0].content) !== '2.5.29.17') continue;
          const value = parts[parts.length - 1];
          for (const gn of children(readTlv(value.content).content)) {
            if (gn.tag === 0x82) dnsNames.push(gn.content.toString('ascii'));
            else if (gn.tag === 0x81) emailAddresses.push(gn.content.toString('ascii'));
            else if (gn.tag === 0x87) ipAddresses.push(gn.content.length === 4 ? [...gn.content].join('.') : gn.content.toString('hex').replace(/(.{4})(?!$)/g, '$1:'));
          }
        }
      }
    }
  }
  const hash = SIG_HASH[oidText(children(algo.content)[0].content)];
  let signatureValid = false;
  if (hash) {
    try {
      signatureValid = verify(hash, info.raw, publicKey, sig.content.subarray(1));
    } catch {
      signatureValid = false;
    }
  }
  return { subject, publicKey, spki, dnsNames, emailAddresses, ipAddresses, signatureValid };
}
