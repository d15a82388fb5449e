import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';
import { dockerConfigJson, secretHash } from './create-secret.js';
import { oracleKubectl } from './oracle.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-secret-'));
fs.writeFileSync(path.join(dir, 'f.txt'), 'hello\n');
fs.writeFileSync(path.join(dir, 'app.env'), 'A=1\n B=2\n#x\n\nD=\n');
fs.mkdirSync(path.join(dir, 'd'));
fs.writeFileSync(path.join(dir, 'd', 'one'), '1');
let tls = false;
try {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt'), '-subj', '/CN=x', '-days', '1'], { stdio: 'ignore' });
  tls = true;
} catch {
  console.warn('openssl not found: skipping the tls secret cases');
}

const CASES: string[][] = [
  ['generic', 'db', '--from-literal=user=admin', '--from-literal=pass=s3cr3t', '-o', 'yaml'],
  ['generic', 'db', '--from-literal=user=admin', '-n', 'foo', '-o', 'json'],
  ['generic', 'db', '--from-file=f.txt', '--from-file=k=app.env', '--type=foo', '-o', 'yaml'],
  ['generic', 'db', '--from-file=d', '-o', 'yaml', '--append-hash'],
  ['generic', 'db', '--from-env-file=app.env', '-o', 'json'],
  ['generic', 'x', '--from-literal=a'],
  ['generic', 'x', '--from-literal=a=1', '--from-literal=a=2'],
  ['generic', 'x', '--from-file=nope'],
  ['generic', 'x', '--from-env-file=app.env', '--from-literal=a=b'],
  ['generic', 'x', '--from-literal=a/b=1'],
  ['tls', 'x'],
  ['tls', 'x', '--cert=f.txt', '--key=f.txt'],
  ...(tls ? [['tls', 'x', '--cert=tls.crt', '--key=tls.key', '-o', 'yaml'], ['tls', 'x', '--cert=tls.key', '--key=tls.key']] : []),
  ['docker-registry', 'x'],
  ['docker-registry', 'reg', '--docker-server=r.io', '--docker-username=u', '--docker-password=p<&>', '--docker-email=e@x', '-o', 'json'],
  ['docker-registry', 'reg', '--docker-username=u', '--docker-password=p', '-o', 'yaml', '--append-hash'],
];

describe('create secret matches kubectl 1.32 (client dry run)', () => {
  it.skipIf(!oracleKubectl).each(CASES)('%s %s %s %s', async (...argv: string[]) => {
    const full = ['create', 'secret', ...argv, '--dry-run=client'];
    const expected = oracleKubectl!(full, dir);
    const t = testCluster([], { registry: true });
    const r = await t.run(full, { cwd: dir });
    expect({ out: r.out, err: r.err, code: r.code }).toEqual(expected);
  });
});

describe('secret helpers', () => {
  it('hash and docker config as kubectl computes them', () => {
    expect(secretHash({ name: 'x', type: '', data: new Map([['a', Buffer.from('1')]]) })).toBe('hbhk6tkb4h');
    expect(dockerConfigJson('u', 'p', '', 'https://index.docker.io/v1/')).toBe('{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","auth":"dTpw"}}}');
  });
  it('creating through the API server: the Secret is stored, a second create fails with the wrapped error', async () => {
    const t = testCluster([], { registry: true });
    expect((await t.run(['create', 'secret', 'generic', 'db', '--from-literal=a=b'])).out).toBe('secret/db created\n');
    const again = await t.run(['create', 'secret', 'generic', 'db', '--from-literal=a=b']);
    expect([again.code, again.err]).toEqual([1, 'error: failed to create secret: secrets "db" already exists\n']);
    expect((await t.run(['get', 'secret', 'db'])).out).toBe('NAME   TYPE     DATA   AGE\ndb     Opaque   1      0s\n');
  });
});
