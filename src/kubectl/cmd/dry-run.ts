// --dry-run as kubectl reads it (cmdutil.GetDryRunStrategy), in a module of its own so that printing helpers can
// use it without pulling in the -f manifest reader.

import { klogLine } from '../../cluster/klog.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { str, type FlagSpec, type ParsedArgs } from '../flags.js';

export type DryRun = 'none' | 'client' | 'server';

export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' };

/** cmdutil.GetDryRunStrategy */
export function dryRunOf(ctx: KubectlContext, args: ParsedArgs): DryRun {
  const v = str(args, 'dry-run');
  switch (v) {
    case '':
    case 'none':
    case 'false':
      return 'none';
    case 'client':
      return 'client';
    case 'server':
      return 'server';
    case 'unchanged':
    case 'true':
      ctx.err(`${klogLine('W', ctx.now().getTime(), 0, 'helpers.go:703', '--dry-run is deprecated and can be replaced with --dry-run=client.')}\n`);
      return 'client';
    default:
      throw new KubectlError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}
