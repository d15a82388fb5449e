// `kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t]` (cmd/attach/attach.go): joins the container's main
// process — for a shell image run with -it (busybox `sh`), an interactive shell with the attach banner and the
// "Session ended, resume using ..." hint.

import type { Pod } from '../../cluster/apiserver/types.js';
import { checkPodSubresource } from '../../cluster/rbac/access.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { attachablePod, checkStreamable, containerToRun } from './exec.js';
import { interactiveSession } from './interactive.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
];

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (args.args.length === 0) throw new KubectlError('error: at least 1 argument is required for attach');
  const pod: Pod = attachablePod(ctx, ctx.namespace, args.args.length === 2 ? `${args.args[0]}/${args.args[1]}` : args.args[0]);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KubectlError(`error: cannot attach a container in a completed pod; current phase is ${phase}`);
  const quiet = bool(args, 'quiet');
  const container = containerToRun(ctx, pod, str(args, 'container'), quiet);
  try {
    checkStreamable(pod, container);
  } catch (e) {
    // attach.go prints its banner before the upgrade, which the kubelet refuses for a container that is not running
    if (!quiet && e instanceof KubectlError && e.message.startsWith('error: unable to upgrade connection')) ctx.err("If you don't see a command prompt, try pressing enter.\n");
    throw e;
  }
  checkPodSubresource(ctx.cluster.api, ctx.user, 'create', 'attach', pod.metadata.namespace ?? ctx.namespace, pod.metadata.name ?? '');
  return interactiveSession(ctx, pod, container, { stdin: bool(args, 'stdin'), tty: bool(args, 'tty'), mode: 'attach', quiet });
}

const attachVerb: Verb = { name: 'attach', flags: FLAGS, run };
export default attachVerb;
