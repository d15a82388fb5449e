// `kubectl debug POD --image=I -i/--attach` after the ephemeral container is patched in (debug.go handleAttachPod
// and waitForContainer): watch the pod until that container runs or has terminated, warning with the container's
// waiting message as it changes (`Warning: container debugger-xxxxx: Back-off pulling image ...`), then attach to
// it, or, when it has already terminated, print its log instead.

import type { ContainerStatus, Node, Pod } from '../../cluster/apiserver/types.js';
import { containerLog, nodeAddresses } from '../../cluster/network/logs.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { interactiveSession } from './interactive.js';
import { waitFor } from './waiting.js';

function statusOf(pod: Pod, name: string) {
  return [...((pod.status?.initContainerStatuses as ContainerStatus[] | undefined) ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find((s) => s.name === name);
}

export async function attachEphemeral(ctx: KubectlContext, ns: string, name: string, container: string, o: { interactive: boolean; tty: boolean; quiet: boolean }): Promise<number> {
  let warned = '';
  const pod = waitFor(ctx.cluster, 0, () => {
    const p = ctx.api.tryGet<Pod>('pods', ns, name);
    if (!p) throw new KubectlError('Error from server (NotFound): pods "" not found');
    const s = statusOf(p, container);
    if (!s) return undefined;
    if (s.state?.running || s.state?.terminated) return p;
    const msg = s.state?.waiting?.message;
    if (!o.quiet && msg && msg !== warned) {
      ctx.err(`Warning: container ${container}: ${msg}\n`);
      warned = msg;
    }
    return undefined;
  });
  if (!pod) throw new KubectlError('error: timed out waiting for the condition');
  if (statusOf(pod, container)?.state?.terminated) {
    // "Ephemeral container terminated, falling back to logs"
    const kernel = ctx.api.tryGet<Node>('nodes', undefined, pod.spec.nodeName ?? '')?.status?.nodeInfo?.kernelVersion ?? '';
    for (const l of containerLog(ctx.cluster.data, pod, container, kernel, ctx.now().getTime(), 'current', nodeAddresses(ctx.api))) ctx.out(`${l.text}\n`);
    return 0;
  }
  return interactiveSession(ctx, pod, container, { stdin: o.interactive, tty: o.tty, mode: 'attach', quiet: o.quiet, commandName: 'kubectl attach' });
}
