// Liveness probes on the virtual clock, as the probe page's two examples behave on a kind cluster: exec-liveness
// (a script that removes its health file after 30 s) and http-liveness (agnhost liveness, /healthz 500 after 10 s).
// The container shell is registered as the kubelet's process runner, so the script and the exec probe really run.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../apiserver/types.js';
import { setProcessRunner } from './process.js';
import { cluster } from '../controllers.fixtures.js';
import { newTrack, stepTrack } from './prober.js';
import { containerLog } from '../../network/logs.js';

const execLiveness = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'liveness-exec', namespace: 'default', labels: { test: 'liveness' } },
  spec: {
    containers: [
      {
        name: 'liveness',
        image: 'registry.k8s.io/busybox:1.27.2',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
      },
    ],
  },
} as unknown as Pod;

const httpLiveness = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'liveness-http', namespace: 'default', labels: { test: 'liveness' } },
  spec: {
    containers: [
      {
        name: 'liveness',
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
        args: ['liveness'],
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Custom-Header', value: 'Awesome' }] }, initialDelaySeconds: 3, periodSeconds: 3 },
      },
    ],
  },
} as unknown as Pod;

type C = ReturnType<typeof cluster>;

/** The pod's kubelet events as `reason count first..last` in seconds after `t0`, and its container status. */
function observe(c: C, name: string, t0: number) {
  const pod = c.api.get<Pod>('pods', 'default', name);
  const s = (iso: string | undefined) => (Date.parse(iso ?? '') - t0) / 1000;
  const events = (c.api.list('events', 'default') as Event[])
    .filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet')
    .map((e) => `${e.reason} x${e.count} ${s(e.firstTimestamp)}..${s(e.lastTimestamp)} ${e.message}`)
    .sort();
  const cs = pod.status?.containerStatuses?.[0];
  return { events, restarts: cs?.restartCount, state: cs?.state, last: cs?.lastState, ready: cs?.ready };
}

function start(pod: Pod): { c: C; t0: number } {
  const c = cluster();
  c.api.create(structuredClone(pod));
  c.reconcile();
  const t0 = c.clock.nowMs();
  return { c, t0 };
}

/** The container's start (after sandbox and pull), in seconds after t0. */
function startedAt(c: C, name: string, t0: number): number {
  const cs = c.api.get<Pod>('pods', 'default', name).status?.containerStatuses?.[0];
  return (Date.parse(String(cs?.lastState?.terminated?.startedAt ?? cs?.state?.running?.startedAt)) - t0) / 1000;
}

describe('liveness probes as the kubelet runs them', () => {
  beforeAll(async () => {
    await import('../../../node/container/process-runner.js');
  });
  afterAll(() => setProcessRunner(undefined));

  it('exec: Unhealthy at 35, 40, 45 s of the run, Killing at 45 s, SIGKILL after the 30 s grace, then a restart', () => {
    const { c, t0 } = start(execLiveness);
    c.advanceClock(34_000);
    expect(observe(c, 'liveness-exec', t0).events.filter((e) => e.startsWith('Unhealthy'))).toEqual([]);
    c.advanceClock(12_000);
    const run0 = startedAt(c, 'liveness-exec', t0);
    const at = observe(c, 'liveness-exec', t0);
    const unhealthy = at.events.find((e) => e.startsWith('Unhealthy'))!;
    expect(unhealthy).toMatch(/^Unhealthy x3 /);
    expect(unhealthy).toContain("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    const [first, last] = unhealthy.split(' ')[2].split('..').map(Number);
    expect(first - run0).toBeCloseTo(35, 0);
    expect(last - run0).toBeCloseTo(45, 0);
    expect(at.events.find((e) => e.startsWith('Killing'))).toBe(`Killing x1 ${last}..${last} Container liveness failed liveness probe, will be restarted`);
    // during the grace period the shell (PID 1 ignores SIGTERM) runs on, and the worker is on hold: no more events
    expect(at.state?.running).toBeDefined();
    expect(at.restarts).toBe(0);
    c.advanceClock(25_000);
    expect(observe(c, 'liveness-exec', t0).events.find((e) => e.startsWith('Unhealthy'))).toMatch(/^Unhealthy x3 /);
    c.advanceClock(10_000);
    const after = observe(c, 'liveness-exec', t0);
    expect(after.restarts).toBe(1);
    expect(after.last?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    const finished = (Date.parse(String(after.last?.terminated?.finishedAt)) - t0) / 1000;
    expect(finished - last).toBeCloseTo(30, 0);
    // the new run has its file again: healthy for 30 s
    expect(after.events.find((e) => e.startsWith('Unhealthy'))).toMatch(/^Unhealthy x3 /);
  });

  it('exec: the script really runs in the container, so kubectl exec sees the file come and go', () => {
    const { c } = start(execLiveness);
    c.advanceClock(10_000);
    const fs = c.data.containerFs as Record<string, { files: Record<string, unknown> }>;
    const layer = () => Object.values(fs)[0]?.files ?? {};
    expect(Object.keys(layer())).toContain('/tmp/healthy');
    c.advanceClock(25_000);
    expect(Object.keys(layer())).not.toContain('/tmp/healthy');
  });

  it('a script step at the instant the script ends still runs, and logs with its time', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'steps', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'touch /tmp/a; sleep 5; ls /tmp; echo end'] }] } } as unknown as Pod;
    const { c, t0 } = start(pod);
    c.advanceClock(20_000);
    const p = c.api.get<Pod>('pods', 'default', 'steps');
    const cs = p.status?.containerStatuses?.[0];
    expect(cs?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const began = Date.parse(String(cs?.state?.terminated?.startedAt));
    const log = containerLog(c.data, p, 'c', '', c.clock.nowMs()).map((l) => `${(l.ms - began) / 1000} ${l.text}`);
    expect(log.map((l) => l.replace(/^\S+/, (x) => String(Math.floor(Number(x)))))).toEqual(['5 a', '5 end']);
    expect(began).toBeGreaterThanOrEqual(t0);
  });

  it('http: agnhost liveness answers 200 for 10 s, then Unhealthy x3 at 12-18 s, Killing, restart at once (exit 2)', () => {
    const { c, t0 } = start(httpLiveness);
    c.advanceClock(25_000);
    const run0 = startedAt(c, 'liveness-http', t0);
    const o = observe(c, 'liveness-http', t0);
    const unhealthy = o.events.find((e) => e.startsWith('Unhealthy'))!;
    expect(unhealthy).toMatch(/^Unhealthy x3 .* Liveness probe failed: HTTP probe failed with statuscode: 500$/);
    const [first, last] = unhealthy.split(' ')[2].split('..').map(Number);
    expect(first - run0).toBeCloseTo(12, 0);
    expect(last - run0).toBeCloseTo(18, 0);
    expect(o.events).toContain(`Killing x1 ${last}..${last} Container liveness failed liveness probe, will be restarted`);
    expect(o.restarts).toBe(1);
    expect(o.last?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('then CrashLoopBackOff: the restarts back off 10 s, 20 s, 40 s', () => {
    const { c, t0 } = start(httpLiveness);
    c.advanceClock(180_000);
    const o = observe(c, 'liveness-http', t0);
    // runs of 18 s; restarts after 1 s, then 10 s, 20 s, 40 s ... : 4 restarts within 3 minutes
    expect(o.restarts).toBe(4);
    expect(o.events.find((e) => e.startsWith('BackOff'))).toMatch(/^BackOff x\d+ .* Back-off restarting failed container liveness in pod liveness-http_default/);
    expect(o.events.find((e) => e.startsWith('Killing'))).toMatch(/^Killing x5 /);
  });

  it('one long advance leaves the same state and events as many short ones', () => {
    for (const pod of [execLiveness, httpLiveness]) {
      const one = start(pod);
      one.c.advanceClock(600_000);
      const many = start(pod);
      for (let i = 0; i < 60; i++) many.c.advanceClock(10_000);
      const uneven = start(pod);
      for (const ms of [1_234, 45_678, 3_000, 250_000, 299_088]) uneven.c.advanceClock(ms);
      const a = observe(one.c, pod.metadata.name!, one.t0);
      expect(observe(many.c, pod.metadata.name!, many.t0)).toEqual(a);
      expect(observe(uneven.c, pod.metadata.name!, uneven.t0)).toEqual(a);
    }
  });
});

describe('a probe worker', () => {
  it('takes a stretch of one answer in one step, and stops at the kill', () => {
    const p = { periodSeconds: 10, failureThreshold: 3 };
    const fails: string[] = [];
    const t = stepTrack(p, 'Liveness', 0, newTrack('Liveness', 0), (at) => (at < 50_000 ? { ok: true, message: '', changesAt: 50_000 } : { ok: false, message: 'no' }), 1e9, (b) => fails.push(`${b.first}-${b.last}x${b.n}`));
    expect(fails).toEqual(['50000-70000x3']);
    expect(t.killAt).toBe(70_000);
    const r = stepTrack({ periodSeconds: 1 }, 'Readiness', 0, newTrack('Readiness', 0), () => ({ ok: false, message: 'x' }), 3_600_000, (b) => fails.push(`${b.n}`));
    expect(fails.at(-1)).toBe('3601');
    expect(r.result).toBe(false);
  });
});
