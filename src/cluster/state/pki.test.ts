import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caCertificate, clusterKey, leafCertificate } from './pki.js';

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

describe('leaf certificates', () => {
  it('the serving certificate is signed by the cluster CA for 127.0.0.1 and kubernetes.default', () => {
    const born = Date.parse('2025-01-06T10:00:00Z');
    const ca = new X509Certificate(caCertificate(11, born));
    const cert = new X509Certificate(leafCertificate(11, born, { cn: 'kube-apiserver', purpose: 'apiserver', usage: 'serverAuth', dns: ['kubernetes.default', 'localhost'], ips: ['127.0.0.1', '::1'] }));
    expect(cert.subject).toBe('CN=kube-apiserver');
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:kubernetes.default, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkPrivateKey(clusterKey(11, 'apiserver'))).toBe(true);
    const admin = new X509Certificate(leafCertificate(11, born, { cn: 'kubernetes-admin', o: 'kubeadm:cluster-admins', purpose: 'admin', usage: 'clientAuth' }));
    expect(admin.subject).toBe('O=kubeadm:cluster-admins\nCN=kubernetes-admin');
    expect(admin.verify(ca.publicKey)).toBe(true);
  });
});
