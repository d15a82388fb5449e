// `kubectl certificate approve|deny` (cmd/certificates): the Approved or Denied condition added to each named
// CertificateSigningRequest through its approval subresource (kept when already there unless --force; a request
// already in the opposite state is an error), then the name printer's `approved` / `denied` line.

import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors } from './printing.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
];

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
}
type Csr = KubeObject & { status?: { conditions?: Condition[] } };

function modify(ctx: KubectlContext, args: ParsedArgs, cond: { type: string; opposite: string; reason: string; message: string; done: string }): number {
  const filenames = list(args, 'filename');
  if (args.args.length === 0 && filenames.length === 0) throw new KubectlError('error: one or more CSRs must be specified as <name> or -f <filename>');
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd));
  const csrInfo = ctx.api.discovery().find((r) => r.name === 'certificatesigningrequests') as ResourceInfo;
  const key = resourceKey(csrInfo);
  const errors: unknown[] = [];
  const names: string[] = [];
  if (filenames.length) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive') })) {
      if (item.kind === 'error') errors.push(new KubectlError(`error: ${item.message}`));
      else names.push(item.object.metadata.name ?? '');
    }
  } else {
    // the builder's ResourceNames("certificatesigningrequests", args...)
    void resolveRequest;
    names.push(...args.args);
  }
  for (const name of names) {
    try {
      const csr = ctx.api.get(key, undefined, name) as Csr;
      const conds: Condition[] = csr.status?.conditions ?? [];
      const opposite = conds.find((c) => c.type === cond.opposite);
      if (opposite) throw new KubectlError(`error: certificate signing request "${name}" is already ${opposite.type}`);
      const has = conds.some((c) => c.type === cond.type);
      let result: KubeObject = csr;
      if (!has || bool(args, 'force')) {
        const next = structuredClone(csr);
        next.status ??= {};
        (next.status.conditions ??= []).push({ type: cond.type, status: 'True', reason: cond.reason, message: cond.message, lastUpdateTime: ctx.cluster.clock.timestamp() });
        result = ctx.api.updateStatus(next, { subresource: 'approval' });
      }
      printer.print(csrInfo, result, cond.done);
    } catch (e) {
      if (e instanceof StatusError || e instanceof KubectlError) errors.push(e);
      else throw e;
    }
  }
  return reportErrors(ctx, errors);
}

const approve: Verb = {
  name: 'approve',
  path: 'kubectl certificate approve',
  flags: FLAGS,
  run: (ctx, args) =>
    modify(ctx, args, { type: 'Approved', opposite: 'Denied', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', done: 'approved' }),
};

const deny: Verb = {
  name: 'deny',
  path: 'kubectl certificate deny',
  flags: FLAGS,
  run: (ctx, args) => modify(ctx, args, { type: 'Denied', opposite: 'Approved', reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.', done: 'denied' }),
};

const certificate: Verb = {
  name: 'certificate',
  flags: [],
  subcommands: { approve, deny },
  // cobra prints the parent's help (exit 0) for no or an unknown sub-command: it has no Run of its own
  async run(ctx) {
    const { HELP_TEXTS } = await import('../help-texts.js');
    ctx.out(HELP_TEXTS.certificate ?? '');
    return 0;
  },
};

export default certificate;
