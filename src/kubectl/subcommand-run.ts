// cmdutil.DefaultSubCommandRun, the Run of kubectl's parent commands (set, rollout, config, create service): with
// no argument cobra prints the command's own help and kubectl exits 1; an argument that names no sub-command is
// cobra's unknown-command usage error.

import { KubectlError, type KubectlContext } from './context.js';
import type { ParsedArgs } from './flags.js';

/** The Run of `kubectl KEY` (`set`, `create service`); `helpTo` is where that command's help goes. */
export function defaultSubCommandRun(key: string, helpTo: 'out' | 'err' = 'err') {
  return async (ctx: KubectlContext, args: ParsedArgs): Promise<number> => {
    const arg = args.args[0];
    if (arg !== undefined) throw new KubectlError(`error: unknown command "${args.args.join(' ')}"\nSee 'kubectl ${key} -h' for help and examples`);
    const { HELP_TEXTS } = await import('./help-texts.js');
    (helpTo === 'out' ? ctx.out : ctx.err)(HELP_TEXTS[key] ?? '');
    return 1;
  };
}
