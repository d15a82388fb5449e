// Registers the container shell as the kubelet's process runner: a container whose command is a finite client
// command (`wget -qO- web`, `nslookup kubernetes`) runs it here when it starts, as `kubectl exec` would.

import { setProcessRunner, type ProcessOutcome } from '../../cluster/controllers/kubelet/process.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { execInContainer } from './index.js';
import { imageFamily } from '../../cluster/network/images/index.js';

const UNSIMULATED = /^kubesim: ".*" is in this image but kubesim does not simulate it$/;

setProcessRunner((ctx, pod, c, argv) => {
  // the shell needs the cluster's parts the controllers have: API, clock, RNG, config and data
  const cluster = { api: ctx.api, clock: ctx.clock, rng: ctx.rng, config: ctx.config, data: ctx.data, touched: false } as unknown as Cluster;
  const lines: ProcessOutcome['lines'] = [];
  const partial = { stdout: '', stderr: '' };
  const write = (stream: 'stdout' | 'stderr') => (t: string) => {
    const parts = (partial[stream] + t).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const p of parts) lines.push({ stream, text: p });
  };
  let exitCode: number;
  try {
    exitCode = execInContainer(cluster, pod, c, argv, { stdin: '', tty: false, out: write('stdout'), err: write('stderr') });
  } catch {
    // a command the shell cannot follow keeps the runtime's estimate
    return undefined;
  }
  for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) lines.push({ stream, text: partial[stream] });
  // a program the image has but the shell does not simulate (runTool's note), or one kubesim does not know in an
  // image whose programs it does not all model (a server's `redis-cli`, an app's `/healthcheck`): the outcome says
  // nothing about the program
  const unknownProgram = (exitCode === 126 || exitCode === 127) && imageFamily(c.image ?? '') !== 'client';
  const unsimulated = unknownProgram || lines.some((l) => l.stream === 'stderr' && UNSIMULATED.test(l.text));
  return unsimulated ? { exitCode, lines, unsimulated } : { exitCode, lines };
});
