// `kubectl create secret generic|docker-registry|tls` (create_secret.go, create_secret_docker.go,
// create_secret_tls.go): the Secret built client-side (data keys sorted as Go's map marshalling does), the
// literal/file/env-file sources with kubectl's texts, --append-hash (hash.SecretHash) and tls.X509KeyPair's checks.

import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isConfigMapKey } from '../../cluster/apiserver/registry/validation.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { defaultSubCommandRun } from '../subcommand-run.js';
import { nameRequired } from './generators.js';
import { encodeHash } from '../content-hash.js';

export { encodeHash };

export interface GeneratorHooks {
  common: FlagSpec[];
  namespace(ctx: KubectlContext): string | undefined;
  create(ctx: KubectlContext, args: ParsedArgs, obj: KubeObject, failPrefix: string | null): void;
}

/** A Secret under construction: data as raw bytes by key. */
export interface SecretDraft {
  name: string;
  namespace?: string;
  type: string;
  data: Map<string, Buffer>;
}

function fail(msg: string): never {
  throw new KubectlError(`error: ${msg}`);
}

export function addKey(s: SecretDraft, key: string, value: Buffer): void {
  const errs = isConfigMapKey(key);
  if (errs.length) fail(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(';')}`);
  if (s.data.has(key)) fail(`cannot add key ${key}, another key by that name already exists`);
  s.data.set(key, value);
}

/** util.ParseLiteralSource: split at the first `=` (the value kept as given). */
export function parseLiteralSource(source: string): [string, string] {
  const eq = source.indexOf('=');
  if (eq <= 0) fail(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, eq), source.slice(eq + 1)];
}

/** util.ParseFileSource */
export function parseFileSource(source: string): [string, string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [path.posix.basename(source.replace(/\\/g, '/')), source];
  if (n === 1 && source.startsWith('=')) fail(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith('=')) fail(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) fail("key names or file paths cannot contain '='");
  const [k, p] = source.split('=');
  return [k, p];
}

function statOrFail(ctx: KubectlContext, file: string): fs.Stats {
  try {
    return fs.statSync(path.resolve(ctx.cwd, file));
  } catch {
    fail(`error reading ${file}: no such file or directory`);
  }
}

export function addFileSources(ctx: KubectlContext, s: SecretDraft, sources: string[]): void {
  for (const source of sources) {
    const [key, file] = parseFileSource(source);
    const abs = path.resolve(ctx.cwd, file);
    if (statOrFail(ctx, file).isDirectory()) {
      if (source.includes('=')) fail('cannot give a key name for a directory path');
      for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.isFile()) addKey(s, entry.name, fs.readFileSync(path.join(abs, entry.name)));
      }
    } else {
      addKey(s, key, fs.readFileSync(abs));
    }
  }
}

const ENV_NAME_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** validation.IsEnvVarName */
export function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) errs.push(ENV_NAME_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** cmdutil.AddFromEnvFile: KEY=value lines (leading blanks and comments skipped, a bare KEY reads the environment). */
export function parseEnvFile(ctx: KubectlContext, file: string, add: (key: string, value: string) => void): void {
  if (statOrFail(ctx, file).isDirectory()) fail('env secret file cannot be a directory');
  const text = fs.readFileSync(path.resolve(ctx.cwd, file), 'utf8');
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const errs = envVarNameErrors(key);
    if (errs.length) fail(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
    add(key, eq < 0 ? (ctx.env[key] ?? '') : line.slice(eq + 1));
  });
}

/** Go's json.Marshal of a string (HTML-safe escapes). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sortedKeys(m: Map<string, Buffer>): string[] {
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** hash.SecretHash: sha256 of {"data":...,"kind":"Secret","name":...,"type":...}, ten hex digits with vowels mapped away. */
export function secretHash(s: SecretDraft): string {
  const data = sortedKeys(s.data).map((k) => `${goJsonString(k)}:"${s.data.get(k)!.toString('base64')}"`).join(',');
  const encoded = `{"data":${s.data.size ? `{${data}}` : '{}'},"kind":"Secret","name":${goJsonString(s.name)},"type":${goJsonString(s.type)}}`;
  return encodeHash(encoded);
}


/** hash.ConfigMapHash: over {"data":...,"kind":"ConfigMap","name":...} (json.Marshal of a map: sorted keys). */
export function configMapHash(name: string, data: Record<string, string>): string {
  const body = Object.keys(data)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${goJsonString(k)}:${goJsonString(data[k])}`)
    .join(',');
  return encodeHash(`{"data":{${body}},"kind":"ConfigMap","name":${goJsonString(name)}}`);
}

/** The Secret as newSecretObj builds it, in Go struct order (kind, apiVersion, metadata, data, type). */
export function secretObject(s: SecretDraft, appendHash: boolean): KubeObject {
  const name = appendHash ? `${s.name}-${secretHash(s)}` : s.name;
  const data: Record<string, string> = {};
  for (const k of sortedKeys(s.data)) data[k] = s.data.get(k)!.toString('base64');
  const obj: Record<string, unknown> = {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name, ...(s.namespace ? { namespace: s.namespace } : {}), creationTimestamp: null },
  };
  if (s.data.size) obj.data = data;
  if (s.type) obj.type = s.type;
  return obj as unknown as KubeObject;
}

// ------------------------------------------------------------------ tls.X509KeyPair

interface PemBlock {
  type: string;
  der: Buffer;
}

function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ type: m[1], der: Buffer.from(m[2].replace(/^[\w-]+:.*$/gm, '').replace(/\s+/g, ''), 'base64') });
  return out;
}

/** The checks tls.X509KeyPair makes of a certificate and key pair, with crypto/tls's error texts. */
export function checkKeyPair(certPem: Buffer, keyPem: Buffer): void {
  const certBlocks = pemBlocks(certPem.toString('latin1'));
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    if (certBlocks.length === 0) fail('tls: failed to find any PEM data in certificate input');
    if (certBlocks.length === 1 && certBlocks[0].type.endsWith('PRIVATE KEY')) {
      fail('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    }
    fail(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.type).join(' ')}]`);
  }
  const keyBlocks = pemBlocks(keyPem.toString('latin1'));
  const skipped: string[] = [];
  let key: PemBlock | undefined;
  for (const b of keyBlocks) {
    if (b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY')) {
      key = b;
      break;
    }
    skipped.push(b.type);
  }
  if (!key) {
    if (skipped.length === 0) fail('tls: failed to find any PEM data in key input');
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') fail('tls: found a certificate rather than a key in the PEM for the private key');
    fail(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0].der);
  } catch {
    fail('x509: malformed certificate');
  }
  let priv;
  try {
    const type = key.type === 'RSA PRIVATE KEY' ? 'pkcs1' : key.type === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
    priv = createPrivateKey({ key: key.der, format: 'der', type });
  } catch {
    fail('tls: failed to parse private key');
  }
  const pub = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  if (!cert.publicKey.export({ format: 'der', type: 'spki' }).equals(pub)) fail('tls: private key does not match public key');
}

// ------------------------------------------------------------------ verbs

export function secretVerbs(h: GeneratorHooks): Verb {
  const generic: Verb = {
    name: 'generic',
    path: 'kubectl create secret generic',
    flags: [
      ...h.common,
      { name: 'append-hash', type: 'bool' },
      { name: 'from-env-file', type: 'stringSlice' },
      { name: 'from-file', type: 'stringSlice' },
      { name: 'from-literal', type: 'stringArray' },
      { name: 'type', type: 'string' },
    ],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create secret generic');
      const envFiles = list(args, 'from-env-file');
      const files = list(args, 'from-file');
      const literals = list(args, 'from-literal');
      if (envFiles.length && (files.length || literals.length)) fail('from-env-file cannot be combined with from-file or from-literal');
      const s: SecretDraft = { name, namespace: h.namespace(ctx), type: str(args, 'type'), data: new Map() };
      for (const lit of literals) {
        const [k, v] = parseLiteralSource(lit);
        addKey(s, k, Buffer.from(v, 'utf8'));
      }
      addFileSources(ctx, s, files);
      for (const f of envFiles) parseEnvFile(ctx, f, (k, v) => addKey(s, k, Buffer.from(v, 'utf8')));
      h.create(ctx, args, secretObject(s, bool(args, 'append-hash')), 'failed to create secret');
    },
  };
  const dockerRegistry: Verb = {
    name: 'docker-registry',
    path: 'kubectl create secret docker-registry',
    flags: [
      ...h.common,
      { name: 'append-hash', type: 'bool' },
      { name: 'docker-email', type: 'string' },
      { name: 'docker-password', type: 'string' },
      { name: 'docker-server', type: 'string', default: 'https://index.docker.io/v1/' },
      { name: 'docker-username', type: 'string' },
      { name: 'from-file', type: 'stringSlice' },
    ],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create secret docker-registry');
      const files = list(args, 'from-file');
      const [user, pass, email, server] = ['docker-username', 'docker-password', 'docker-email', 'docker-server'].map((f) => str(args, f));
      if (!files.length && (!user || !pass || !server)) fail('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
      const s: SecretDraft = { name, namespace: h.namespace(ctx), type: 'kubernetes.io/dockerconfigjson', data: new Map() };
      if (files.length) addFileSources(ctx, s, files);
      else s.data.set('.dockerconfigjson', Buffer.from(dockerConfigJson(user, pass, email, server)));
      // the API server's error is wrapped without a colon here (create_secret_docker.go)
      h.create(ctx, args, secretObject(s, bool(args, 'append-hash')), 'failed to create secret %v');
    },
  };
  const tls: Verb = {
    name: 'tls',
    path: 'kubectl create secret tls',
    flags: [...h.common, { name: 'append-hash', type: 'bool' }, { name: 'cert', type: 'string' }, { name: 'key', type: 'string' }],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create secret tls');
      const certFile = str(args, 'cert');
      const keyFile = str(args, 'key');
      if (!certFile || !keyFile) fail('key and cert must be specified');
      const read = (f: string) => {
        try {
          return fs.readFileSync(path.resolve(ctx.cwd, f));
        } catch {
          fail(`Cannot read file ${f}, open ${f}: no such file or directory`);
        }
      };
      const cert = read(certFile);
      const key = read(keyFile);
      checkKeyPair(cert, key);
      const s: SecretDraft = { name, namespace: h.namespace(ctx), type: 'kubernetes.io/tls', data: new Map([['tls.crt', cert], ['tls.key', key]]) };
      h.create(ctx, args, secretObject(s, bool(args, 'append-hash')), 'failed to create secret');
    },
  };
  return {
    name: 'secret',
    path: 'kubectl create secret',
    flags: [],
    subcommands: { 'docker-registry': dockerRegistry, generic, tls },
    run: defaultSubCommandRun('create secret'),
  };
}

/** handleDockerCfgJSONContent: {"auths":{SERVER:{"username","password","email"?,"auth"}}} as json.Marshal writes it. */
export function dockerConfigJson(user: string, pass: string, email: string, server: string): string {
  const auth = Buffer.from(`${user}:${pass}`).toString('base64');
  const entry = [`"username":${goJsonString(user)}`, `"password":${goJsonString(pass)}`, ...(email ? [`"email":${goJsonString(email)}`] : []), `"auth":"${auth}"`];
  return `{"auths":{${goJsonString(server)}:{${entry.join(',')}}}}`;
}
