// `kubectl get csr` (printers.go printCertificateSigningRequest and extractCSRStatus): NAME, AGE, SIGNERNAME,
// REQUESTOR, REQUESTEDDURATION and CONDITION (Pending | Approved | Denied, then ,Failed and ,Issued).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { humanDuration } from './duration.js';
import { type Printer, NAME, AGE, c, age } from './table-types.js';

interface CsrLike {
  spec?: { signerName?: string; username?: string; expirationSeconds?: number };
  status?: { conditions?: Array<{ type: string }>; certificate?: string };
}

/** extractCSRStatus (an unknown condition type is its error: the printer fails) */
export function csrCondition(obj: KubeObject): string {
  const o = obj as unknown as CsrLike;
  let approved = false;
  let denied = false;
  let failed = false;
  for (const cond of o.status?.conditions ?? []) {
    if (cond.type === 'Approved') approved = true;
    else if (cond.type === 'Denied') denied = true;
    else if (cond.type === 'Failed') failed = true;
    else throw new Error(`unknown csr condition ${JSON.stringify(cond)}`);
  }
  let status = denied ? 'Denied' : approved ? 'Approved' : 'Pending';
  if (failed) status += ',Failed';
  if (o.status?.certificate) status += ',Issued';
  return status;
}

export const CSR_PRINTER: Printer = {
  columns: [NAME, AGE, c('SignerName'), c('Requestor'), c('RequestedDuration'), c('Condition')],
  row: (obj, now) => {
    const o = obj as unknown as CsrLike;
    const secs = o.spec?.expirationSeconds;
    return [
      obj.metadata.name ?? '',
      age(obj, now),
      o.spec?.signerName || '<none>',
      o.spec?.username ?? '',
      secs !== undefined ? humanDuration(secs * 1000) : '<none>',
      csrCondition(obj),
    ];
  },
};
