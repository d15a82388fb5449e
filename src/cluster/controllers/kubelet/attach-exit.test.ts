import { describe, expect, it } from 'vitest';
import type { Pod } from '../../apiserver/types.js';
import { mainProcessExited } from './attach-exit.js';
import { startRuns } from './runs.js';
import { runPlan, type ContainerRecord } from './timeline.js';

const pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'sh', image: 'busybox', stdin: true, tty: true }], ephemeralContainers: [{ name: 'dbg', image: 'busybox', stdin: true, tty: true }] },
} as unknown as Pod;

const rec = (start: number | null): ContainerRecord => ({ name: 'x', image: 'busybox', id: 'i', pull: { start: 0, kind: 'present', ms: 0 } as ContainerRecord['pull'], runs: start === null ? null : startRuns(start), probes: {}, evAt: 0 });

describe('a shell ended by the client attached to it', () => {
  it("ends the container's current run at that instant with the shell's status, and no other run", () => {
    const shell = rec(1000);
    const data: Record<string, unknown> = { kubelet: { pods: { u1: { containers: [shell], ephemeral: { dbg: rec(2000) } } } } };
    const before = (data.kubelet as any).pods.u1;
    expect(mainProcessExited(data, pod, 'dbg', 5000, 3)).toBe(true);
    // a new runtime record, so the kubelet's memory of settled pods does not skip the pod
    expect((data.kubelet as any).pods.u1).not.toBe(before);
    const dbg = (data.kubelet as any).pods.u1.ephemeral.dbg as ContainerRecord;
    expect(dbg.exited).toEqual({ run: 2000, at: 5000, exitCode: 3 });
    expect(runPlan(pod, pod.spec.ephemeralContainers![0] as never, dbg)(2000)).toEqual({ durationMs: 3000, exitCode: 3 });
    // a later run (a regular container restarted) is the shell's own again: it waits for its input for ever
    expect(mainProcessExited(data, pod, 'sh', 4000, 0)).toBe(true);
    expect(runPlan(pod, pod.spec.containers[0], shell)(1000)).toEqual({ durationMs: 3000, exitCode: 0 });
    expect(runPlan(pod, pod.spec.containers[0], shell)(9000).durationMs).toBe(Infinity);
  });

  it('does nothing for a container with no run under way, or a pod the kubelet does not run', () => {
    const data: Record<string, unknown> = { kubelet: { pods: { u1: { containers: [rec(null)] } } } };
    expect(mainProcessExited(data, pod, 'sh', 5000, 0)).toBe(false);
    expect(mainProcessExited(data, pod, 'dbg', 5000, 0)).toBe(false);
    expect(mainProcessExited({}, pod, 'sh', 5000, 0)).toBe(false);
  });
});
