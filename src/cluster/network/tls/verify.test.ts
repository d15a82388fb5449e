import { describe, expect, it } from 'vitest';
import { fakeIngressCertificate, issueCertificate, keyFor } from './issue.js';
import { curlVerifyHost, hostMatches, verifyChain, x509CheckHost } from './verify.js';
import { curlName, opensslName, parseBundle, selfSigned, type Cert } from './x509.js';

const T0 = Date.UTC(2025, 0, 6, 10);
const YEAR = 365 * 24 * 3600 * 1000;
const one = (pem: string): Cert => parseBundle(pem).certs[0];

const caKey = keyFor('test/ca');
const leafKey = keyFor('test/leaf');
const ca = issueCertificate({ subject: [['CN', 'test-ca']], key: caKey, serial: 1n, notBeforeMs: T0, notAfterMs: T0 + 10 * YEAR, basicConstraints: 'ca', keyIds: true, keyUsage: 0xa4 });
const leaf = issueCertificate({
  subject: [['CN', 'web.default.svc']],
  key: leafKey,
  issuer: { subject: [['CN', 'test-ca']], key: caKey },
  serial: 2n,
  notBeforeMs: T0,
  notAfterMs: T0 + YEAR,
  basicConstraints: 'leaf',
  keyIds: true,
  keyUsage: 0xa0,
  serverAuth: true,
  dns: ['web', 'web.default.svc', '*.example.com'],
  ips: ['10.96.0.20'],
});
const selfCN = issueCertificate({ subject: [['CN', 'foo.bar.com'], ['O', 'my-nginx']], key: leafKey, serial: 3n, notBeforeMs: T0, notAfterMs: T0 + YEAR, basicConstraints: 'ca', keyIds: true });

describe('verifyChain (OpenSSL 3 X509_verify_cert)', () => {
  it('a self-signed certificate: 18 untrusted, ok when it is its own trust anchor', () => {
    const c = one(selfCN);
    expect(selfSigned(c)).toBe(true);
    expect(verifyChain([c], [], T0 + 1000)).toMatchObject({ ok: false, error: { code: 18, text: 'self-signed certificate', depth: 0 } });
    expect(verifyChain([c], [c], T0 + 1000).ok).toBe(true);
  });

  it('a CA-signed leaf: 20 without the CA, ok with it, the chain built to the anchor', () => {
    const l = one(leaf);
    const c = one(ca);
    expect(selfSigned(l)).toBe(false);
    expect(verifyChain([l], [], T0 + 1000)).toMatchObject({ ok: false, error: { code: 20, text: 'unable to get local issuer certificate' } });
    const v = verifyChain([l], [c], T0 + 1000);
    expect(v.ok && v.chain.map((x) => curlName(x.subject))).toEqual(['CN=web.default.svc', 'CN=test-ca']);
    // a presented CA that is not trusted: self-signed in the chain
    expect(verifyChain([l, c], [], T0 + 1000)).toMatchObject({ ok: false, error: { code: 19, depth: 1 } });
  });

  it('validity on the given clock: not yet valid (9), expired (10)', () => {
    const c = one(selfCN);
    expect(verifyChain([c], [c], T0 - 1000)).toMatchObject({ ok: false, error: { code: 9, text: 'certificate is not yet valid' } });
    expect(verifyChain([c], [c], T0 + YEAR + 1000)).toMatchObject({ ok: false, error: { code: 10, text: 'certificate has expired' } });
  });

  it("ingress-nginx's fake certificate is self-signed (OpenSSL 3 needs no keyCertSign for that)", () => {
    const f = one(fakeIngressCertificate('uid-x', T0).cert);
    expect(curlName(f.subject)).toBe('O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate');
    expect(opensslName(f.issuer)).toBe('O = Acme Co, CN = Kubernetes Ingress Controller Fake Certificate');
    expect(f.dnsNames).toEqual(['ingress.local']);
    expect(f.notAfterMs - f.notBeforeMs).toBe(YEAR);
    expect(verifyChain([f], [], T0 + 1)).toMatchObject({ ok: false, error: { code: 18 } });
  });
});

describe('host checks', () => {
  it("curl: subjectAltName entries of the target's type, else the CN", () => {
    const l = one(leaf);
    expect(curlVerifyHost(l, 'web')).toEqual({ ok: true, info: ' subjectAltName: host "web" matched cert\'s "web"' });
    expect(curlVerifyHost(l, 'a.example.com')).toMatchObject({ ok: true });
    expect(curlVerifyHost(l, 'a.b.example.com')).toMatchObject({ ok: false, message: "SSL: no alternative certificate subject name matches target host name 'a.b.example.com'" });
    expect(curlVerifyHost(l, '10.96.0.20')).toMatchObject({ ok: true });
    expect(curlVerifyHost(l, '10.96.0.21')).toMatchObject({ ok: false, info: ' subjectAltName does not match 10.96.0.21' });
    const c = one(selfCN);
    expect(curlVerifyHost(c, 'foo.bar.com')).toEqual({ ok: true, info: ' common name: foo.bar.com (matched)' });
    expect(curlVerifyHost(c, '10.244.1.5')).toEqual({ ok: false, message: "SSL: certificate subject name 'foo.bar.com' does not match target host name '10.244.1.5'" });
  });

  it('wildcards: one left-most label, at least two labels after it', () => {
    expect(hostMatches('*.example.com', 'x.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.com', 'example.com')).toBe(false);
    expect(hostMatches('FOO.bar.com', 'foo.BAR.com.')).toBe(true);
    expect(x509CheckHost(one(selfCN), 'foo.bar.com')).toBe(true);
    expect(x509CheckHost(one(leaf), 'web.default.svc')).toBe(true);
  });
});
