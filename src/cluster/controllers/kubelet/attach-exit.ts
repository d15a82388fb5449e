// A container whose main process is an interactive shell (`kubectl run -it`, `kubectl debug -it`) ends when a
// client attached to it ends that shell: `exit N`, or the end of input on a terminal (Ctrl-D) or on a container with
// stdinOnce. The attach session tells the kubelet here; the kubelet then sees the run end at that instant with the
// shell's exit status (Terminated: Completed or Error), restarts it as the pod's restartPolicy says, and never
// restarts an ephemeral container, whose later attaches are refused (the container is not running).

import type { Pod } from '../../apiserver/types.js';
import type { ContainerRecord } from './timeline.js';

interface Runtimes {
  pods?: Record<string, { containers?: ContainerRecord[]; ephemeral?: Record<string, ContainerRecord> }>;
}

/**
 * Records that the main process of `container` (regular or ephemeral) in `pod` exited at atMs with exitCode;
 * false when that container has no current run to end. The caller reconciles so the kubelet writes the status.
 */
export function mainProcessExited(data: Record<string, unknown>, pod: Pod, container: string, atMs: number, exitCode: number): boolean {
  const pods = (data.kubelet as Runtimes | undefined)?.pods;
  const uid = pod.metadata.uid ?? '';
  const rt = pods?.[uid];
  if (!pods || !rt) return false;
  const i = pod.spec.containers.findIndex((c) => c.name === container);
  const rec = rt.ephemeral?.[container] ?? (i >= 0 ? rt.containers?.[i] : undefined);
  const start = rec?.runs?.runStart;
  if (!rec || start === null || start === undefined || start > atMs || rec.runs?.done) return false;
  rec.exited = { run: start, at: atMs, exitCode };
  // a new runtime record: the kubelet's memory of pods whose last sync changed nothing (settled.ts) no longer holds
  pods[uid] = { ...rt };
  return true;
}
