// `kubectl logs -f`: after what is already there, the lines the container writes as the cluster clock moves, until
// the container stops (the stream closes), Ctrl-C, or --request-timeout. Time passes as for get -w: a virtual clock
// is stepped from timer to timer (another process's writes are polled for), a wall clock by itself.

import type { Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { str, type ParsedArgs } from '../flags.js';
import { virtualWaitStep } from './waiting.js';

export interface FollowedStream {
  pod: Pod;
  container: string;
  /** the lines printed so far */
  printed: number;
}

const POLL_MS = 200;

function running(pod: Pod | undefined, container: string): boolean {
  const inits = pod?.status?.initContainerStatuses as Array<{ name: string; state: { running?: unknown } }> | undefined;
  const st = pod?.status?.containerStatuses?.find((c) => c.name === container) ?? inits?.find((c) => c.name === container);
  return !!st?.state?.running;
}

/** Follows the streams; `lines(cluster, pod, container)` renders a container's current log as printed lines. */
export async function follow(ctx: KubectlContext, args: ParsedArgs, streams: FollowedStream[], lines: (c: Cluster, pod: Pod, container: string) => string[]): Promise<number> {
  const timeoutText = str(args, 'request-timeout') || '0';
  let timeoutMs: number;
  try {
    timeoutMs = /^\d+$/.test(timeoutText) ? Number(timeoutText) * 1000 : parseDuration(timeoutText);
  } catch {
    throw new KubectlError(`error: invalid argument "${timeoutText}" for "--request-timeout" flag: time: invalid duration "${timeoutText}"`);
  }
  let cluster: Cluster = ctx.cluster;
  const source = ctx.clusterSource;
  let interrupted = false;
  const onInt = () => void (interrupted = true);
  process.on('SIGINT', onInt);
  const start = cluster.clock.nowMs();
  const wallStart = Date.now();
  try {
    let open = streams.filter((s) => running(s.pod, s.container));
    while (open.length) {
      if (interrupted) return 130;
      if (cluster.clock.mode === 'virtual' && (timeoutMs > 0 || !source?.persistent)) {
        const step = virtualWaitStep(cluster, start, timeoutMs);
        if (step === undefined) return 0;
        cluster = source ? await source.advance(step) : (cluster.advanceClock(step), cluster);
      } else {
        if (timeoutMs > 0 && Date.now() - wallStart >= timeoutMs) return 0;
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (source) cluster = await source.reload();
        else cluster.catchUp();
      }
      for (const s of open) {
        const pod = cluster.api.tryGet<Pod>('pods', s.pod.metadata.namespace, s.pod.metadata.name!);
        if (!pod || pod.metadata.uid !== s.pod.metadata.uid) continue;
        const all = lines(cluster, pod, s.container);
        if (all.length > s.printed) ctx.out(all.slice(s.printed).join(''));
        s.printed = all.length;
        s.pod = pod;
      }
      open = open.filter((s) => running(cluster.api.tryGet<Pod>('pods', s.pod.metadata.namespace, s.pod.metadata.name!), s.container));
    }
    return 0;
  } finally {
    process.off('SIGINT', onInt);
  }
}
