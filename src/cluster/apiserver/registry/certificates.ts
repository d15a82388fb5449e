// CertificateSigningRequest strategy (pkg/registry/certificates/certificates/strategy.go, pkg/apis/certificates/
// validation): the requester's identity written into spec on create, status cleared, and the request validated:
// a PEM CERTIFICATE REQUEST whose signature verifies, a qualified signerName, known usages, expirationSeconds >= 600.

import { CsrError, parseCsrPem } from '../../certificates/csr.js';
import { field, GoLiteral, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, isDNS1123Subdomain, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

export const KEY_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];

interface CsrSpec {
  request?: string;
  signerName?: string;
  expirationSeconds?: number;
  usages?: string[];
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

const specOf = (o: KubeObject) => ((o as { spec?: CsrSpec }).spec ?? {}) as CsrSpec;

/** Go's %#v of a []byte */
function goBytes(b: Buffer): GoLiteral {
  return new GoLiteral(`[]byte{${[...b].map((x) => `0x${x.toString(16)}`).join(', ')}}`);
}

function validateSigner(name: string | undefined): FieldCause[] {
  const path = 'spec.signerName';
  if (!name) return [field.required(path, '')];
  const parts = name.split('/');
  if (parts.length < 2 || !parts[0] || !parts.slice(1).join('/')) {
    return [field.invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  const domainErrs = isDNS1123Subdomain(parts[0]);
  if (domainErrs.length) return [field.invalid(path, name, `validating domain component: ${domainErrs.join('; ')}`)];
  return [];
}

function validateSpec(o: KubeObject): FieldCause[] {
  const spec = specOf(o);
  const out: FieldCause[] = [];
  const raw = spec.request ? Buffer.from(spec.request, 'base64') : Buffer.alloc(0);
  if (raw.length === 0) out.push(field.required('spec.request', ''));
  else {
    try {
      const csr = parseCsrPem(raw.toString('latin1'));
      if (!csr.signatureValid) out.push(field.invalid('spec.request', goBytes(raw), 'crypto/rsa: verification error'));
    } catch (e) {
      if (!(e instanceof CsrError)) throw e;
      out.push(field.invalid('spec.request', goBytes(raw), e.message));
    }
  }
  const seen = new Set<string>();
  (spec.usages ?? []).forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) out.push(field.notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
    else if (seen.has(u)) out.push(field.duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  if (!spec.usages || spec.usages.length === 0) out.push(field.required('spec.usages', ''));
  out.push(...validateSigner(spec.signerName));
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600) {
    out.push(field.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  return out;
}

export const csrStrategy: Strategy = {
  defaults(obj, ctx) {
    // PrepareForCreate: the identity is the requester's, never the client's; no status yet
    const spec = ((obj as { spec?: CsrSpec }).spec ??= {});
    const user = ctx.user;
    delete spec.username;
    delete spec.uid;
    delete spec.groups;
    delete spec.extra;
    if (user) {
      spec.username = user.name;
      if (user.uid) spec.uid = user.uid;
      if (user.groups.length) spec.groups = [...user.groups];
      if (user.extra && Object.keys(user.extra).length) spec.extra = structuredClone(user.extra);
    }
    delete (obj as { status?: unknown }).status;
  },
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateSpec(obj)]),
  defaultsUpdate(obj, old) {
    // PrepareForUpdate: spec is immutable, status only through /status and /approval
    (obj as { spec?: unknown }).spec = structuredClone((old as { spec?: unknown }).spec);
  },
  validateUpdate: (obj, old) => dedupe(validateObjectMetaUpdate(obj.metadata, old.metadata)),
  // populateConditionTimestamps: a condition without times gets now; a changed one a new lastTransitionTime
  statusUpdate(obj, old, ctx) {
    const now = ctx.clock.timestamp();
    type Cond = { type: string; status: string; lastUpdateTime?: string; lastTransitionTime?: string };
    const conds = ((obj as { status?: { conditions?: Cond[] } }).status?.conditions ?? []) as Cond[];
    const before = ((old as { status?: { conditions?: Cond[] } }).status?.conditions ?? []) as Cond[];
    for (const c of conds) {
      if (!c.lastUpdateTime) c.lastUpdateTime = now;
      if (!c.lastTransitionTime) {
        const prev = before.find((p) => p.type === c.type);
        c.lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
      }
    }
  },
};
