// `kubectl describe csr` (describe.go describeCertificateSigningRequest): the requester, signer, requested duration,
// condition summary, and the request's subject and SANs as x509 parsed them.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { formatLabels } from '../../cluster/apiserver/labels.js';
import { parseCsrPem } from '../../cluster/certificates/csr.js';
import { csrCondition } from '../printers/csr-table.js';
import { humanDuration } from '../printers/duration.js';
import { type DescribeContext, LEVEL_0, eventQueryFor, writeEvents } from './helpers.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { rfc1123z } from './time.js';

interface CsrLike {
  spec?: { request?: string; signerName?: string; username?: string; expirationSeconds?: number };
}

export function describeCertificateSigningRequest(obj: KubeObject, ctx: DescribeContext): string {
  const o = obj as unknown as CsrLike;
  const cr = parseCsrPem(Buffer.from(o.spec?.request ?? '', 'base64').toString('latin1'));
  const status = csrCondition(obj);
  const all = (k: string) => cr.subject.filter(([a]) => a === k).map(([, v]) => v);
  const first = (k: string) => all(k)[0] ?? '';
  const list = (w: PrefixWriter, prefix: string, name: string, values: string[]) => {
    if (values.length === 0) return;
    w.write(LEVEL_0, `${prefix}${name}:\t`);
    w.write(LEVEL_0, values.join(`\n${prefix}\t`));
    w.write(LEVEL_0, '\n');
  };
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(obj.metadata.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(obj.metadata.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(obj.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${o.spec?.username ?? ''}\n`);
    if (o.spec?.signerName) w.write(LEVEL_0, `Signer:\t${o.spec.signerName}\n`);
    if (o.spec?.expirationSeconds !== undefined) w.write(LEVEL_0, `Requested Duration:\t${humanDuration(o.spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${status}\n`);
    w.write(LEVEL_0, 'Subject:\n');
    w.write(LEVEL_0, `\tCommon Name:\t${first('CN')}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${first('serialNumber')}\n`);
    list(w, '\t', 'Organization', all('O'));
    list(w, '\t', 'Organizational Unit', all('OU'));
    list(w, '\t', 'Country', all('C'));
    list(w, '\t', 'Locality', all('L'));
    list(w, '\t', 'Province', all('ST'));
    list(w, '\t', 'StreetAddress', all('street'));
    list(w, '\t', 'PostalCode', all('postalCode'));
    if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length > 0) {
      w.write(LEVEL_0, 'Subject Alternative Names:\n');
      list(w, '\t', 'DNS Names', cr.dnsNames);
      list(w, '\t', 'Email Addresses', cr.emailAddresses);
      list(w, '\t', 'IP Addresses', cr.ipAddresses);
    }
    writeEvents(w, ctx, eventQueryFor(obj));
  });
}
