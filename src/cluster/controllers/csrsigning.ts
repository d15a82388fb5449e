// kube-controller-manager's csrsigning controller (pkg/controller/certificates/signer): an Approved, not Denied or
// Failed CertificateSigningRequest for one of the kubernetes.io signers kubeadm configures (all on the cluster CA)
// gets status.certificate; a kube-apiserver-client request with usages a client certificate cannot have is Failed.

import { X509Certificate } from 'node:crypto';
import { parseCsrPem } from '../certificates/csr.js';
import { signCertificate } from '../certificates/signer.js';
import { der, oid, seq, set } from '../state/der.js';
import { clusterKey } from '../state/pki.js';
import type { KubeObject } from '../apiserver/types.js';
import type { Controller } from './controller.js';
import { clusterCA } from './serviceaccount.js';

const KEY = 'certificatesigningrequests.certificates.k8s.io';
const SIGNERS = new Set(['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']);
/** --cluster-signing-duration's default */
const MAX_TTL_MS = 8760 * 3600 * 1000;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}
interface Csr extends KubeObject {
  spec: { request?: string; signerName?: string; usages?: string[]; expirationSeconds?: number };
  status?: { conditions?: Condition[]; certificate?: string };
}

const has = (c: Csr, type: string) => (c.status?.conditions ?? []).some((x) => x.type === type && x.status === 'True');

/** validAPIServerClientUsages */
function clientUsageError(usages: string[]): string | undefined {
  let clientAuth = false;
  for (const u of usages) {
    if (u === 'client auth') clientAuth = true;
    else if (u !== 'digital signature' && u !== 'key encipherment') return `invalid usage for client certificate: ${u}`;
  }
  return clientAuth ? undefined : 'invalid usage for client certificate: missing required usage client auth';
}

export const csrSigningController: Controller = {
  name: 'csrsigning',
  // the CSRs, and kube-system's creation (when the cluster CA was made)
  reads: [KEY, 'namespaces'],
  sync(ctx) {
    const csrs = ctx.api.list(KEY) as Csr[];
    const pending = csrs.filter((c) => SIGNERS.has(c.spec.signerName ?? '') && has(c, 'Approved') && !has(c, 'Denied') && !has(c, 'Failed') && !c.status?.certificate);
    if (pending.length === 0) return;
    const now = ctx.clock.now().getTime();
    const ca = new X509Certificate(clusterCA(ctx));
    const caKey = clusterKey(ctx.config.seed, 'ca');
    for (const c of pending) {
      const next = structuredClone(c);
      next.status ??= {};
      const fail = c.spec.signerName === 'kubernetes.io/kube-apiserver-client' ? clientUsageError(c.spec.usages ?? []) : undefined;
      if (fail) {
        const ts = ctx.clock.timestamp();
        (next.status.conditions ??= []).push({ type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: fail, lastUpdateTime: ts, lastTransitionTime: ts });
        ctx.api.updateStatus(next);
        continue;
      }
      const csr = parseCsrPem(Buffer.from(c.spec.request ?? '', 'base64').toString('latin1'));
      const ttl = Math.min(c.spec.expirationSeconds ? c.spec.expirationSeconds * 1000 : MAX_TTL_MS, MAX_TTL_MS);
      const cert = signCertificate({
        csr,
        usages: c.spec.usages ?? [],
        caKey,
        caName: seq(set(seq(oid('2.5.4.3'), der(0x13, Buffer.from('kubernetes'))))),
        caNotAfterMs: Date.parse(ca.validTo),
        nowMs: now,
        ttlMs: ttl,
        // rand.Int(rand.Reader, 2^128)
        serial: BigInt(`0x${ctx.rng.hex(32)}`) || 1n,
      });
      next.status.certificate = Buffer.from(cert).toString('base64');
      ctx.api.updateStatus(next);
    }
  },
};
