import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caCertificate, clusterKey } from './pki.js';

describe('cluster PKI', () => {
  it('the CA is a self-signed kubernetes CA valid ten years, the same for the same seed', () => {
    const born = Date.parse('2025-01-06T10:00:00Z');
    const pem = caCertificate(11, born);
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe('CN=kubernetes');
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:kubernetes');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.validFrom).toBe('Jan  6 10:00:00 2025 GMT');
    expect(cert.validTo).toBe('Jan  4 10:00:00 2035 GMT');
    expect(cert.checkPrivateKey(clusterKey(11, 'ca'))).toBe(true);
    expect(caCertificate(11, born)).toBe(pem);
    expect(clusterKey(12, 'ca').export({ format: 'jwk' }).n).not.toBe(clusterKey(11, 'ca').export({ format: 'jwk' }).n);
  });
});
