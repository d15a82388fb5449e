import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../state/bootstrap.js';
import { buildConfig } from '../state/config.js';
import { clusterKey, keyId } from '../state/pki.js';
import { createToken } from './tokens.js';

const cluster = bootstrapCluster(buildConfig({ seed: 3, clock: 'virtual', nodes: 1 } as never));
const api = cluster.api;
api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('TokenRequest', () => {
  it('issues an RS256 JWT with kube-apiserver claims, verifiable with the cluster sa key', () => {
    const r = createToken(api, 'default', 'robot', {});
    const [h, p, s] = r.status.token.split('.');
    const key = clusterKey(3, 'sa');
    expect(decode(h)).toEqual({ alg: 'RS256', kid: keyId(key) });
    const claims = decode(p);
    expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(claims.sub).toBe('system:serviceaccount:default:robot');
    expect(claims.aud).toEqual(['https://kubernetes.default.svc.cluster.local']);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey(key), Buffer.from(s, 'base64url'))).toBe(true);
    expect(r.spec).toEqual({ audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, boundObjectRef: null });
  });
  it('binds to a pod (with its node) and extends the kubelet 3607 s lifetime with warnafter', () => {
    const pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { serviceAccountName: 'robot', nodeName: 'kubesim-control-plane', containers: [{ name: 'c', image: 'nginx' }] } } as never);
    const r = createToken(api, 'default', 'robot', { expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } });
    const claims = decode(r.status.token.split('.')[1]);
    expect(claims['kubernetes.io'].pod).toEqual({ name: 'p', uid: pod.metadata.uid });
    expect(claims['kubernetes.io'].node.name).toBe('kubesim-control-plane');
    expect(claims['kubernetes.io'].warnafter - claims.iat).toBe(3607);
    expect(claims.exp - claims.iat).toBe(365 * 24 * 3600);
  });
  it('refuses short lifetimes, unknown accounts, mismatched uids and another account\'s pod', () => {
    expect(message(() => createToken(api, 'default', 'robot', { expirationSeconds: 60 }))).toBe('TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
    expect(message(() => createToken(api, 'default', 'nope', {}))).toBe('serviceaccounts "nope" not found');
    expect(message(() => createToken(api, 'default', 'robot', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'x' } }))).toMatch(/^Operation cannot be fulfilled on pods "p": the UID in the bound object reference \(x\) does not match/);
    expect(message(() => createToken(api, 'default', 'default', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } }))).toBe('cannot bind token for serviceaccount "default" to pod running with different serviceaccount name.');
  });
});

describe('serviceaccount controller and root CA publisher', () => {
  it('every namespace has a default ServiceAccount and kube-root-ca.crt, restored when deleted', () => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    cluster.reconcile();
    expect(api.tryGet('serviceaccounts', 'team', 'default')).toBeDefined();
    const cm = api.get('configmaps', 'team', 'kube-root-ca.crt') as never as { data: Record<string, string> };
    expect(cm.data['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    api.delete('configmaps', 'team', 'kube-root-ca.crt');
    api.delete('serviceaccounts', 'team', 'default');
    cluster.reconcile();
    expect((api.get('configmaps', 'team', 'kube-root-ca.crt') as never as { data: Record<string, string> }).data).toEqual(cm.data);
    expect(api.tryGet('serviceaccounts', 'team', 'default')).toBeDefined();
  });
  it('a pod naming a missing ServiceAccount is Forbidden; automountServiceAccountToken false on the account is honoured', () => {
    expect(message(() => api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-', namespace: 'default' }, spec: { serviceAccountName: 'ghost', containers: [{ name: 'c', image: 'nginx' }] } } as never))).toBe(
      'pods "x-" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
    );
    api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet', namespace: 'default' }, automountServiceAccountToken: false, imagePullSecrets: [{ name: 'reg' }] } as never);
    const pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'default' }, spec: { serviceAccountName: 'quiet', containers: [{ name: 'c', image: 'nginx' }] } } as never) as never as { spec: Record<string, unknown> };
    expect(pod.spec.volumes).toBeUndefined();
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'reg' }]);
  });
});
