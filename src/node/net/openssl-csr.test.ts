import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivedKey } from '../../cluster/state/pki.js';
import { der, oid, seq, set } from '../../cluster/state/der.js';
import { certificateRequest } from './openssl-csr.js';
import { CsrError, parseCsrPem } from '../../cluster/certificates/csr.js';
import { signCertificate } from '../../cluster/certificates/signer.js';

describe('certificate requests and the signer', () => {
  const key = derivedKey('csr-test/jane');
  const pem = certificateRequest([['CN', 'jane'], ['O', 'dev'], ['O', 'ops']], key, ['jane.example.com'], ['10.0.0.1']);
  it('parses the subject, SANs and the signature of a PKCS#10 request', () => {
    const csr = parseCsrPem(pem);
    expect(csr.subject).toEqual([['CN', 'jane'], ['O', 'dev'], ['O', 'ops']]);
    expect(csr.dnsNames).toEqual(['jane.example.com']);
    expect(csr.ipAddresses).toEqual(['10.0.0.1']);
    expect(csr.signatureValid).toBe(true);
    const tampered = pem.replace(/[A-Za-z](?=[A-Za-z0-9+/=]*\n-----END)/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(parseCsrPem(tampered).signatureValid).toBe(false);
    expect(() => parseCsrPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(CsrError);
  });
  it('issues a client certificate in Go order (O before CN), CA:FALSE, backdated five minutes', () => {
    const ca = derivedKey('csr-test/ca');
    const cert = new X509Certificate(
      signCertificate({
        csr: parseCsrPem(pem),
        usages: ['digital signature', 'client auth'],
        caKey: ca,
        caName: seq(set(seq(oid('2.5.4.3'), der(0x13, Buffer.from('kubernetes'))))),
        caNotAfterMs: Date.parse('2035-01-01T00:00:00Z'),
        nowMs: Date.parse('2025-01-06T10:00:00Z'),
        ttlMs: 24 * 3600 * 1000,
        serial: 12345n,
      }),
    );
    expect(cert.subject).toBe('O=dev\nO=ops\nCN=jane');
    expect(cert.issuer).toBe('CN=kubernetes');
    expect(cert.validFrom).toBe('Jan  6 09:55:00 2025 GMT');
    expect(cert.validTo).toBe('Jan  7 10:00:00 2025 GMT');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.verify(createPublicKey(ca))).toBe(true);
  });
});
