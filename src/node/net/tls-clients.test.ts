import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureCluster } from '../../cluster/network/dataplane/fixture.js';
import { issueCertificate, keyFor, keyPemPkcs8 } from '../../cluster/network/tls/issue.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { runNodeCommand } from '../index.js';
import { parseCsrPem } from '../../cluster/certificates/csr.js';

const CONF = `server {
        listen 80 default_server;
        listen [::]:80 default_server ipv6only=on;
        listen 443 ssl;
        root /usr/share/nginx/html;
        index index.html;
        server_name localhost;
        ssl_certificate /etc/nginx/ssl/tls.crt;
        ssl_certificate_key /etc/nginx/ssl/tls.key;
        location / {
                try_files $uri $uri/ =404;
        }
}
`;

/** The kubernetes.io nginx-secure-app: nginx with an ssl server block, its certificate from a Secret volume. */
function world(image = 'nginx:1.27.3') {
  const c = new FixtureCluster();
  const key = keyFor('tls-clients-test');
  const now = c.clock.nowMs();
  const crt = issueCertificate({ subject: [['CN', 'my-nginx'], ['O', 'my-nginx']], key, serial: 42n, notBeforeMs: now, notAfterMs: now + 365 * 864e5, basicConstraints: 'ca', keyIds: true });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  c.put('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nginxsecret', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(crt), 'tls.key': b64(keyPemPkcs8(key)) } } as never);
  c.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nginxconfigmap', namespace: 'default' }, data: { 'default.conf': CONF } } as never);
  const pod = c.pod('default', 'my-nginx', 'kubesim-worker', '10.244.1.5', image, {
    volumes: [
      { name: 'secret-volume', secret: { secretName: 'nginxsecret' } },
      { name: 'configmap-volume', configMap: { name: 'nginxconfigmap' } },
    ],
    containers: [{ name: 'nginxhttps', image, volumeMounts: [{ name: 'secret-volume', mountPath: '/etc/nginx/ssl' }, { name: 'configmap-volume', mountPath: '/etc/nginx/conf.d' }] }],
  } as never);
  c.service('default', 'my-nginx', { clusterIP: '10.96.0.50', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }] }, [pod], 443, 'https');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-tls-'));
  fs.writeFileSync(path.join(dir, 'nginx.crt'), crt);
  fs.writeFileSync(path.join(dir, 'other.crt'), issueCertificate({ subject: [['CN', 'other']], key, serial: 43n, notBeforeMs: now, notAfterMs: now + 864e5, basicConstraints: 'ca', keyIds: true }));
  return { c, dir, crt };
}

async function run(c: FixtureCluster, dir: string, argv: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = await runNodeCommand(argv, c as unknown as Cluster, { out: (t) => (out += t), err: (t) => (err += t), stdin, isTTY: true, env: {}, cwd: dir });
  return { code, out, err };
}

const MORE = 'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';

describe('curl https against nginx serving a certificate from a Secret', () => {
  it('-k gets the page; without it the self-signed certificate fails with 60 and the sslcerts paragraph', async () => {
    const { c, dir } = world();
    const ok = await run(c, dir, ['curl', '-sk', 'https://10.244.1.5/']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('<title>Welcome to nginx!</title>');
    expect(await run(c, dir, ['curl', '-s', 'https://10.244.1.5/'])).toEqual({ code: 60, out: '', err: '' });
    const f = await run(c, dir, ['curl', '-sS', 'https://10.244.1.5/']);
    expect(f).toEqual({ code: 60, out: '', err: `curl: (60) SSL certificate problem: self-signed certificate\n${MORE}` });
  });

  it('--cacert trusts the certificate; the name is then checked (the CN: no subjectAltName)', async () => {
    const { c, dir } = world();
    const ip = await run(c, dir, ['curl', '-sS', '--cacert', 'nginx.crt', 'https://10.244.1.5/']);
    expect(ip).toEqual({ code: 60, out: '', err: `curl: (60) SSL: certificate subject name 'my-nginx' does not match target host name '10.244.1.5'\n${MORE}` });
    const named = await run(c, dir, ['curl', '-sS', '--cacert', 'nginx.crt', '--resolve', 'my-nginx:443:10.96.0.50', 'https://my-nginx/']);
    expect(named.code).toBe(0);
    expect(named.out).toContain('Welcome to nginx!');
    const wrong = await run(c, dir, ['curl', '-sS', '--cacert', 'other.crt', '--resolve', 'my-nginx:443:10.96.0.50', 'https://my-nginx/']);
    expect(wrong.err).toBe(`curl: (60) SSL certificate problem: self-signed certificate\n${MORE}`);
    expect(await run(c, dir, ['curl', '-sS', '--cacert', 'missing.crt', 'https://10.244.1.5/'])).toEqual({ code: 77, out: '', err: 'curl: (77) error setting certificate file: missing.crt\n' });
  });

  it('-v shows the handshake and the server certificate', async () => {
    const { c, dir } = world();
    const v = await run(c, dir, ['curl', '-kv', 'https://10.244.1.5/']);
    expect(v.err).toContain('* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS\n* ALPN: server accepted http/1.1\n* Server certificate:\n*  subject: CN=my-nginx; O=my-nginx\n*  start date: Jan  6 10:00:00 2025 GMT\n*  expire date: Jan  6 10:00:00 2026 GMT\n*  issuer: CN=my-nginx; O=my-nginx\n*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n');
    expect(v.err).not.toContain('CAfile');
  });

  it('plain HTTP to the ssl port gets the 400 page; https to the plain port fails as curl does (35)', async () => {
    const { c, dir } = world();
    const plain = await run(c, dir, ['curl', '-s', 'http://10.244.1.5:443/']);
    expect(plain.out).toContain('<center>The plain HTTP request was sent to HTTPS port</center>');
    const wrong = await run(c, dir, ['curl', '-sS', 'https://10.244.1.5:80/']);
    expect(wrong).toEqual({ code: 35, out: '', err: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n' });
  });

  it('bprashanth/nginxhttps:1.0 speaks TLS 1.2 without ALPN', async () => {
    const { c, dir } = world('bprashanth/nginxhttps:1.0');
    const v = await run(c, dir, ['curl', '-kv', 'https://10.244.1.5/']);
    expect(v.err).toContain('* SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384 / prime256v1 / rsaEncryption\n* ALPN: server did not agree on a protocol. Uses default.\n');
    expect(v.out).toContain('Welcome to nginx!');
  });
});

describe('wget https', () => {
  it('GNU wget refuses the self-signed certificate (exit 5) unless --no-check-certificate, which warns', async () => {
    const { c, dir } = world();
    const r = await run(c, dir, ['wget', '-O-', 'https://10.244.1.5/']);
    expect(r.code).toBe(5);
    expect(r.err).toContain(
      "Connecting to 10.244.1.5:443... connected.\nERROR: cannot verify 10.244.1.5's certificate, issued by ‘O=my-nginx,CN=my-nginx’:\n  Self-signed certificate encountered.\nERROR: certificate common name ‘my-nginx’ doesn't match requested host name ‘10.244.1.5’.\nTo connect to 10.244.1.5 insecurely, use `--no-check-certificate'.\n",
    );
    const k = await run(c, dir, ['wget', '--no-check-certificate', '-O-', 'https://10.244.1.5/']);
    expect(k.code).toBe(0);
    expect(k.err).toContain("WARNING: cannot verify 10.244.1.5's certificate");
    expect(k.err).not.toContain('insecurely');
    expect(k.out).toContain('Welcome to nginx!');
  });
});

describe('openssl', () => {
  it('s_client prints the chain and the verify result', async () => {
    const { c, dir } = world();
    const r = await run(c, dir, ['openssl', 's_client', '-connect', '10.244.1.5:443'], '');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CONNECTED\(00000003\)\n---\nCertificate chain\n 0 s:CN = my-nginx, O = my-nginx\n {3}i:CN = my-nginx, O = my-nginx\n {3}a:PKEY: rsaEncryption, 2048 \(bit\); sigalg: RSA-SHA256\n/);
    expect(r.out).toContain('Verification error: self-signed certificate\n');
    expect(r.out).toContain('Verify return code: 18 (self-signed certificate)\n');
    expect(r.err).toBe('depth=0 CN = my-nginx, O = my-nginx\nverify error:num=18:self-signed certificate\nverify return:1\ndepth=0 CN = my-nginx, O = my-nginx\nverify return:1\nDONE\n');
    const t = await run(c, dir, ['openssl', 's_client', '-connect', '10.244.1.5:443', '-CAfile', 'nginx.crt'], '');
    expect(t.out).toContain('Verify return code: 0 (ok)\n');
  });

  it('req -x509 writes a key and a certificate dated on the cluster clock; x509 reads them', async () => {
    const { c, dir } = world();
    const r = await run(c, dir, ['openssl', 'req', '-x509', '-nodes', '-days', '365', '-newkey', 'rsa:2048', '-keyout', 'tls.key', '-out', 'tls.crt', '-subj', '/CN=foo.bar.com']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\n-----\n$/);
    expect(fs.readFileSync(path.join(dir, 'tls.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const x = await run(c, dir, ['openssl', 'x509', '-in', 'tls.crt', '-noout', '-subject', '-issuer', '-dates']);
    expect(x).toEqual({ code: 0, out: 'subject=CN = foo.bar.com\nissuer=CN = foo.bar.com\nnotBefore=Jan  6 10:00:00 2025 GMT\nnotAfter=Jan  6 10:00:00 2026 GMT\n', err: '' });
    expect((await run(c, dir, ['openssl', 'req', '-new', '-key', 'tls.key'])).err).toBe('kubesim: openssl req without -subj asks for the name interactively; that is not simulated (give -subj "/CN=...")\n');
  });

  it('genrsa and req -new make a key and a PKCS#10 request that parses and verifies', async () => {
    const { c, dir } = world();
    expect((await run(c, dir, ['openssl', 'genrsa', '-out', 'jane.key', '2048'])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'jane.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await run(c, dir, ['openssl', 'req', '-new', '-key', 'jane.key', '-subj', '/CN=jane/O=dev', '-out', 'jane.csr'])).code).toBe(0);
    const csr = parseCsrPem(fs.readFileSync(path.join(dir, 'jane.csr'), 'utf8'));
    expect(csr.subject).toEqual([['CN', 'jane'], ['O', 'dev']]);
    expect(csr.signatureValid).toBe(true);
    expect((await run(c, dir, ['openssl', 'genrsa', '4096'])).err).toBe('kubesim: openssl genrsa 4096 (only 2048-bit keys are made) is not simulated (genrsa, req -new, req -x509, x509 and s_client are)\n');
  });
});
