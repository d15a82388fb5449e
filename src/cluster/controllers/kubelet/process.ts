// A container's command run in the simulated shell when the container starts: what it prints goes to the
// container's log and its exit status ends the run. The shell lives above the cluster (node/container), so it
// registers itself here; without it (a bare Cluster in a unit test) the runtime's estimate of the run stands.
//
// Only finite commands of client images run this way (`wget -qO- web`, `nslookup kubernetes`, `sh -c 'ls /data'`):
// a server keeps serving, and a script of echo/printf/date/sleep loops is replayed in closed form as time passes.

import type { Container, Pod } from '../../apiserver/types.js';
import { imageFamily } from '../../network/images/index.js';
import { recordProcessOutput } from '../../network/logs.js';
import type { ControllerContext } from '../controller.js';
import { containerArgv, containerRun } from '../runtime.js';
import { timedScript } from './scripts.js';

export interface ProcessOutcome {
  exitCode: number;
  lines: Array<{ stream: 'stdout' | 'stderr'; text: string }>;
  /** the command reached a program the image has but the shell does not simulate */
  unsimulated?: boolean;
}

export type ProcessRunner = (ctx: ControllerContext, pod: Pod, c: Container, argv: string[]) => ProcessOutcome | undefined;

let runner: ProcessRunner | undefined;

export function setProcessRunner(r: ProcessRunner | undefined): void {
  runner = r;
}

const SCRIPT_WORDS = new Set(['echo', 'printf', 'date', 'sleep', 'true', ':', 'for', 'while', 'do', 'done', 'in', 'until']);

/** Whether the closed-form script replay covers the command (echo/printf/date/sleep and loops only). */
function replayable(argv: string[]): boolean {
  const base = argv[0]?.split('/').pop() ?? '';
  let script: string;
  if (['sh', 'ash', 'bash'].includes(base) && argv[1] === '-c' && argv[2] !== undefined) script = argv[2];
  else script = argv.join(' ');
  // the replay knows only $(date) and $(hostname): `for i in $(seq 1 3)` needs the shell
  if (/`|\$\((?!\(|\s*(?:date|hostname)\s*\))/.test(script)) return false;
  const heads = script
    .split(/[;&|\n]+|\bdo\b|\bthen\b/)
    .map((stmt) => stmt.trim().split(/\s+/)[0] ?? '')
    .filter((w) => w && !/^[A-Za-z_]\w*=/.test(w));
  return heads.every((w) => SCRIPT_WORDS.has(w));
}

/** The argv to run in the shell at start, when this container's command is a finite one the replay cannot cover. */
export function processArgv(c: Container): string[] | undefined {
  if (!runner || c.stdin || c.tty) return undefined;
  if (imageFamily(c.image ?? '') !== 'client') return undefined;
  const argv = containerArgv(c);
  if (!argv?.length || !Number.isFinite(containerRun(c).durationMs)) return undefined;
  // a script of steps between sleeps runs step by step at their instants (kubelet/scripts.ts)
  if (timedScript(c)) return undefined;
  return replayable(argv) ? undefined : argv;
}

/** Runs a container's command in the registered shell (undefined when there is none). */
export function runProcess(ctx: ControllerContext, pod: Pod, c: Container, argv: string[]): ProcessOutcome | undefined {
  return runner?.(ctx, pod, c, argv);
}

/**
 * Runs the container's command at its first start when it is one (processArgv): what it printed is the log of
 * every run, and the exit status is returned for the run plan; undefined leaves the runtime's estimate.
 */
export function runAtStart(ctx: ControllerContext, pod: Pod, c: Container, podIP: string | undefined, hostIP: string | undefined): number | undefined {
  const argv = processArgv(c);
  if (!argv) return undefined;
  // the kubelet writes the pod's IP after this sync; the process already has its sandbox's address
  const live: Pod = { ...pod, status: { ...(pod.status ?? {}), podIP: podIP ?? pod.status?.podIP, hostIP: hostIP ?? pod.status?.hostIP } };
  const out = runProcess(ctx, live, c, argv);
  if (!out) return undefined;
  recordProcessOutput(ctx.data, pod, c.name, out.lines);
  return out.exitCode;
}
