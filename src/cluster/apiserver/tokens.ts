// ServiceAccount tokens as kube-apiserver issues them (pkg/serviceaccount/claims.go, the TokenRequest storage in
// pkg/registry/core/serviceaccount/storage/token.go): an RS256 JWT signed with the cluster's sa.key, kid = the key's
// SHA-256, issuer and audience https://kubernetes.default.svc.<domain>, the kubernetes.io private claims (namespace,
// serviceaccount, bound pod and its node or secret, warnafter) and the TokenRequest validation and binding rules.

import { createHash, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ClusterConfig } from '../state/config.js';
import { clusterKey, keyId } from '../state/pki.js';
import { StatusError, field, invalid } from './errors.js';
import type { ApiServer } from './server.js';
import type { KubeObject, Pod } from './types.js';

/** jsonwebtoken, loaded on first use (a token is rarely needed, and never by a read of the cluster). */
type JwtModule = typeof import('jsonwebtoken');
let jwt: JwtModule | undefined;
function jwtModule(): JwtModule {
  if (!jwt) {
    const mod = createRequire(import.meta.url)('jsonwebtoken') as JwtModule & { default?: JwtModule };
    jwt = mod.default ?? mod;
  }
  return jwt;
}

/** --service-account-issuer and --api-audiences as kubeadm configures kube-apiserver. */
export function apiIssuer(config: Pick<ClusterConfig, 'clusterDomain'>): string {
  return `https://kubernetes.default.svc.${config.clusterDomain}`;
}

export const MIN_TOKEN_SECONDS = 600;
export const MAX_TOKEN_SECONDS = 2 ** 32;
/** The kubelet asks 3607 s for a projected token; kube-apiserver (--service-account-extend-token-expiration) makes it a year with a warnafter. */
export const WARN_ONLY_SECONDS = 3607;
const EXTENDED_SECONDS = 365 * 24 * 3600;

interface Ref {
  name: string;
  uid: string;
}

export interface TokenClaims {
  audiences: string[];
  issuedAtMs: number;
  expirationSeconds: number;
  namespace: string;
  serviceAccount: Ref;
  pod?: Ref;
  node?: Ref;
  secret?: Ref;
  warnAfterSeconds?: number;
  /** the token's jti */
  id: string;
}

/** The signed JWT: header {"alg":"RS256","kid"}, claims in the sorted order go-jose writes them. */
export function signToken(config: Pick<ClusterConfig, 'seed' | 'clusterDomain'>, c: TokenClaims): string {
  const key = clusterKey(config.seed, 'sa');
  const iat = Math.floor(c.issuedAtMs / 1000);
  const k8s: Record<string, unknown> = { namespace: c.namespace };
  if (c.node) k8s.node = c.node;
  if (c.pod) k8s.pod = c.pod;
  if (c.secret) k8s.secret = c.secret;
  k8s.serviceaccount = c.serviceAccount;
  if (c.warnAfterSeconds !== undefined) k8s.warnafter = iat + c.warnAfterSeconds;
  const payload = {
    aud: c.audiences,
    exp: iat + c.expirationSeconds,
    iat,
    iss: apiIssuer(config),
    jti: c.id,
    'kubernetes.io': k8s,
    nbf: iat,
    sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`,
  };
  // typ is left out of the header, as kube-apiserver's signer does
  return jwtModule().sign(payload, key, { algorithm: 'RS256', header: { alg: 'RS256', kid: keyId(key), typ: undefined } });
}

/** A UUID drawn from a hash (token ids that reading a file must not take from the cluster RNG). */
export function hashUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface TokenRequestSpec {
  audiences?: string[] | null;
  expirationSeconds?: number;
  boundObjectRef?: { kind: string; apiVersion: string; name: string; uid?: string } | null;
}

export interface TokenRequest extends KubeObject {
  spec: Required<TokenRequestSpec>;
  status: { token: string; expirationTimestamp: string };
}

/** POST serviceaccounts/NAME/token: validation, the account and bound object looked up, the token issued. */
export function createToken(api: ApiServer, namespace: string, name: string, spec: TokenRequestSpec): TokenRequest {
  const expirationSeconds = spec.expirationSeconds || 3600;
  const causes = [];
  if (expirationSeconds < MIN_TOKEN_SECONDS) causes.push(field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_TOKEN_SECONDS) causes.push(field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (causes.length) throw invalid('TokenRequest', 'authentication.k8s.io', name, causes);
  const sa = api.get('serviceaccounts', namespace, name);
  const claims: TokenClaims = {
    audiences: spec.audiences?.length ? spec.audiences : [apiIssuer(api.config)],
    issuedAtMs: api.clock.nowMs(),
    expirationSeconds,
    namespace,
    serviceAccount: { name, uid: sa.metadata.uid! },
    id: api.rng.uuid(),
  };
  const ref = spec.boundObjectRef;
  if (ref) {
    const keyOf: Record<string, string> = { Pod: 'pods', Secret: 'secrets' };
    const key = ref.apiVersion === 'v1' ? keyOf[ref.kind] : undefined;
    if (!key) throw new StatusError('BadRequest', `cannot bind token for serviceaccount "${name}" to object of kind "${ref.apiVersion === 'v1' ? '' : ref.apiVersion.split('/')[0]}/${ref.apiVersion.split('/').pop()}, Kind=${ref.kind}"`);
    const obj = api.get(key, namespace, ref.name);
    if (ref.uid && ref.uid !== obj.metadata.uid) {
      throw new StatusError('Conflict', `Operation cannot be fulfilled on ${key} "${ref.name}": the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`, { name: ref.name, kind: key });
    }
    const bound = { name: ref.name, uid: obj.metadata.uid! };
    if (key === 'pods') {
      const pod = obj as Pod;
      if ((pod.spec.serviceAccountName || 'default') !== name) throw new StatusError('BadRequest', `cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`);
      claims.pod = bound;
      const node = pod.spec.nodeName ? api.tryGet('nodes', undefined, pod.spec.nodeName) : undefined;
      if (node) claims.node = { name: node.metadata.name!, uid: node.metadata.uid! };
      const kubeAudiences = claims.audiences.length === 1 && claims.audiences[0] === apiIssuer(api.config);
      if (expirationSeconds === WARN_ONLY_SECONDS && kubeAudiences) {
        claims.expirationSeconds = EXTENDED_SECONDS;
        claims.warnAfterSeconds = WARN_ONLY_SECONDS;
      }
    } else claims.secret = bound;
  }
  const token = signToken(api.config, claims);
  // the token's jti came from the cluster RNG: the state must be saved though no object changed
  api.dirty = true;
  // in the typed response's field order (kind, apiVersion, ...; TokenRequestSpec, TokenRequestStatus)
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null } as unknown as KubeObject['metadata'],
    spec: { audiences: claims.audiences, expirationSeconds, boundObjectRef: ref ? { kind: ref.kind, apiVersion: ref.apiVersion, name: ref.name, ...(ref.uid ? { uid: ref.uid } : {}) } : null },
    // the status names the requested lifetime even when the token was given the extended one
    status: { token, expirationTimestamp: new Date(Math.floor(claims.issuedAtMs / 1000) * 1000 + expirationSeconds * 1000).toISOString().replace('.000Z', 'Z') },
  };
}

/**
 * The ServiceAccount token authenticator: the user a token signed by this cluster's sa.key stands for
 * (`system:serviceaccount:NS:NAME`), or undefined when the signature, issuer or expiry (on the cluster clock) fail.
 */
export function verifyToken(config: Pick<ClusterConfig, 'seed' | 'clusterDomain'>, token: string, nowMs: number): { user: string; namespace: string; name: string } | undefined {
  try {
    const claims = jwtModule().verify(token, createPublicKey(clusterKey(config.seed, 'sa')), { algorithms: ['RS256'], issuer: apiIssuer(config), clockTimestamp: Math.floor(nowMs / 1000) }) as {
      sub?: string;
    };
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims.sub ?? '');
    return m ? { user: claims.sub!, namespace: m[1], name: m[2] } : undefined;
  } catch {
    return undefined;
  }
}
