// `kubectl config set-credentials NAME --client-certificate=F --client-key=F [--embed-certs]` and what a context's
// user then means: the client certificate is checked as the API server's x509 authenticator does (signed by the
// cluster CA, valid on the cluster clock, the key its own) and the user is its CN, the groups its O values.
// Token, basic-auth, auth-provider and exec credentials are refused: kubesim authenticates certificates only.

import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UserInfo } from '../../cluster/rbac/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { caCertificate } from '../../cluster/state/pki.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { bool, str, type FlagSpec, type ParsedArgs } from '../flags.js';

export interface UserEntry {
  name: string;
  clientCertificate?: string;
  clientKey?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** the working directory set-credentials ran in: relative paths are read from there */
  base?: string;
}

export const SET_CREDENTIALS_FLAGS: FlagSpec[] = [
  { name: 'auth-provider', type: 'string', unsimulated: true },
  { name: 'auth-provider-arg', type: 'stringSlice', unsimulated: true },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'embed-certs', type: 'bool' },
  { name: 'exec-api-version', type: 'string', unsimulated: true },
  { name: 'exec-arg', type: 'stringSlice', unsimulated: true },
  { name: 'exec-command', type: 'string', unsimulated: true },
  { name: 'exec-env', type: 'stringArray', unsimulated: true },
  { name: 'exec-interactive-mode', type: 'string', unsimulated: true },
  { name: 'exec-provide-cluster-info', type: 'bool', unsimulated: true },
  { name: 'password', type: 'string', unsimulated: true },
  { name: 'token', type: 'string', unsimulated: true },
  { name: 'username', type: 'string', unsimulated: true },
];

/** The entry after set-credentials' flags are merged onto the existing one (undefined fields kept). */
export function mergeCredentials(ctx: Pick<KubectlContext, 'cwd'>, args: ParsedArgs, old: UserEntry | undefined, name: string): UserEntry {
  const entry: UserEntry = { ...(old ?? {}), name };
  const embed = bool(args, 'embed-certs');
  for (const [flag, file, data] of [
    ['client-certificate', 'clientCertificate', 'clientCertificateData'],
    ['client-key', 'clientKey', 'clientKeyData'],
  ] as const) {
    if (!args.changed.has(flag)) continue;
    const p = str(args, flag);
    if (embed) {
      const abs = path.resolve(ctx.cwd, p);
      if (!fs.existsSync(abs)) throw new KubectlError(`error: could not stat ${flag} file ${p}: stat ${p}: no such file or directory`);
      entry[data] = fs.readFileSync(abs).toString('base64');
      delete entry[file];
    } else {
      entry[file] = p;
      entry.base = ctx.cwd;
      delete entry[data];
    }
  }
  return entry;
}

/** `config view`'s user map for an entry (data shown as DATA+OMITTED unless --raw) */
export function viewUser(u: UserEntry, raw: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (u.clientCertificate !== undefined) out['client-certificate'] = u.clientCertificate;
  if (u.clientCertificateData !== undefined) out['client-certificate-data'] = raw ? u.clientCertificateData : 'DATA+OMITTED';
  if (u.clientKey !== undefined) out['client-key'] = u.clientKey;
  if (u.clientKeyData !== undefined) out['client-key-data'] = raw ? u.clientKeyData : 'DATA+OMITTED';
  return out;
}

function readPem(u: UserEntry, which: 'cert' | 'key'): string | undefined {
  const data = which === 'cert' ? u.clientCertificateData : u.clientKeyData;
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = which === 'cert' ? u.clientCertificate : u.clientKey;
  if (!file) return undefined;
  const abs = path.resolve(u.base ?? '.', file);
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    throw new KubectlError(`error: unable to read ${which === 'cert' ? 'client-cert' : 'client-key'} ${abs} for ${u.name} due to open ${abs}: no such file or directory`);
  }
}

const UNAUTHORIZED = 'error: You must be logged in to the server (Unauthorized)';

/** client-go's TLS config, then the API server's x509 request authenticator. */
export function authenticate(cluster: Cluster, u: UserEntry): UserInfo {
  const certPem = readPem(u, 'cert');
  const keyPem = readPem(u, 'key');
  // no credentials at all: an anonymous request, which kubeadm's API server refuses
  if (!certPem || !keyPem) throw new KubectlError(UNAUTHORIZED);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    const pub = createPublicKey(createPrivateKey(keyPem)).export({ format: 'der', type: 'spki' });
    if (!pub.equals(cert.publicKey.export({ format: 'der', type: 'spki' }))) throw new KubectlError('error: tls: private key does not match public key');
  } catch (e) {
    if (e instanceof KubectlError) throw e;
    // tls.X509KeyPair's words
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(certPem)) throw new KubectlError('error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    throw new KubectlError('error: tls: failed to find any PEM data in certificate input');
  }
  const born = cluster.api.tryGet('namespaces', undefined, 'kube-system')?.metadata.creationTimestamp;
  const ca = new X509Certificate(caCertificate(cluster.config.seed, born ? Date.parse(born) : 0));
  const now = cluster.clock.now().getTime();
  const valid = cert.verify(ca.publicKey) && Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
  if (!valid) throw new KubectlError(UNAUTHORIZED);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
  const orgs = [...cert.subject.matchAll(/(?:^|\n)O=([^\n]*)/g)].map((m) => m[1]);
  return { name: cn, groups: [...orgs, 'system:authenticated'] };
}
