// `kubectl completion bash|zsh|fish|powershell`: the shell code that makes TAB call `__complete` (cmd/completion of
// v1.32). The scripts are stock kubectl's; they run `${words[0]} __complete ...`, so `alias k=kubesim` plus
// `complete -o default -F __start_kubectl k` completes through kubesim.

import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import type { ParsedArgs } from '../flags.js';

const verb: Verb = {
  name: 'completion',
  readOnly: true,
  flags: [],
  async run(ctx: KubectlContext, args: ParsedArgs) {
    const usage = "\nSee 'kubectl completion -h' for help and examples";
    if (args.args.length === 0) throw new KubectlError(`error: Shell not specified.${usage}`);
    if (args.args.length > 1) throw new KubectlError(`error: Too many arguments. Expected only the shell type.${usage}`);
    const { COMPLETION_SCRIPTS } = await import('../completion-scripts.js');
    const script = COMPLETION_SCRIPTS[args.args[0]];
    if (script === undefined) throw new KubectlError(`error: Unsupported shell type "${args.args[0]}".${usage}`);
    ctx.out(script);
  },
};

export default verb;
