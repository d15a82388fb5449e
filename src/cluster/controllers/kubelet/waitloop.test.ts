import { afterEach, describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { containerLog } from '../../network/logs.js';
import { cluster, settle } from '../controllers.fixtures.js';
import { setProcessRunner } from './process.js';
import { stepWaitLoop, waitLoop } from './waitloop.js';

const c = (image: string, script: string): Container => ({ name: 'c', image, command: ['sh', '-c', script] }) as Container;

describe('which polling loops with a condition run on the clock', () => {
  it('until and while loops, with the statements around them', () => {
    expect(waitLoop(c('busybox:1.28', 'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done'))).toEqual({
      before: '',
      cond: 'nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local',
      until: true,
      work: 'echo waiting for myservice',
      periodMs: 2000,
      after: '',
      tailMs: 0,
    });
    expect(waitLoop(c('busybox', 'echo start; while ! wget -qO- -T 1 web; do sleep 5; done; echo up; sleep infinity'))).toEqual({ before: 'echo start', cond: '! wget -qO- -T 1 web', until: false, work: '', periodMs: 5000, after: 'echo up', tailMs: Infinity });
    expect(waitLoop(c('busybox', 'until [ -f /data/ready ]; do sleep 1; done; cat /data/ready; sleep 30'))?.tailMs).toBe(30_000);
  });
  it('leaves constant conditions to the endless-loop runner and refuses what it cannot time', () => {
    expect(waitLoop(c('busybox', 'while true; do wget -qO- web; sleep 2; done'))).toBeUndefined();
    expect(waitLoop(c('busybox', 'until false; do wget -qO- web; sleep 2; done'))).toBeUndefined();
    expect(waitLoop(c('busybox', 'while sleep 2; do wget -qO- web; done'))).toBeUndefined();
    // no sleep to give the period, state across iterations, nested loops, an exit, a server image
    expect(waitLoop(c('busybox', 'until nslookup web; do echo waiting; done'))).toBeUndefined();
    expect(waitLoop(c('busybox', 'until nslookup web; do i=$((i+1)); sleep 1; done'))).toBeUndefined();
    expect(waitLoop(c('busybox', 'until nslookup web; do for h in a b; do echo $h; done; sleep 1; done'))).toBeUndefined();
    expect(waitLoop(c('busybox', 'until nslookup web; do sleep 1; done; exit 3'))).toBeUndefined();
    expect(waitLoop(c('nginx', 'until nslookup web; do sleep 1; done'))).toBeUndefined();
  });
  it('steps: the condition at each instant, the body while it holds, the statements after it when it lets go', () => {
    const loop = waitLoop(c('busybox', 'until test -f /ok; do echo waiting; sleep 2; done; echo ready'))!;
    const ran: string[] = [];
    let okAt = 5000;
    const shell = { run: (s: string, at: number) => (ran.push(`${at} ${s}`), s.startsWith('test') ? (at >= okAt ? 0 : 1) : 0) };
    const st = stepWaitLoop(loop, undefined, 1000, 4000, shell);
    expect(st).toEqual({ run: 1000, next: 5000 });
    expect(stepWaitLoop(loop, st, 1000, 9000, shell)).toEqual({ run: 1000, next: 5000, exitAt: 5000, exitCode: 0 });
    expect(ran).toEqual(['1000 test -f /ok', '1000 echo waiting', '3000 test -f /ok', '3000 echo waiting', '5000 test -f /ok', '5000 echo ready']);
    okAt = Infinity;
  });
});

describe('an init container waiting for a Service on the cluster clock', () => {
  afterEach(() => setProcessRunner(undefined));
  /** the shell stand-in: the condition holds once a Service `db` exists */
  const run = (steps: number[], serviceAtMs: number) => {
    setProcessRunner((ctx, _pod, _c, argv) => {
      const script = argv[2] ?? '';
      if (script.startsWith('nslookup')) {
        const found = ctx.api.list('services').some((s) => s.metadata.name === 'db');
        return { exitCode: found ? 0 : 1, lines: [{ stream: found ? 'stdout' : 'stderr', text: found ? 'Name: db' : "nslookup: can't resolve 'db'" }] };
      }
      return { exitCode: 0, lines: [{ stream: 'stdout', text: script.replace(/^echo /, '') }] };
    });
    const cl = cluster();
    cl.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app', namespace: 'default' },
      spec: { initContainers: [{ ...c('busybox', 'until nslookup db; do echo waiting; sleep 2; done'), name: 'wait' }], containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }] },
    } as Pod);
    settle(cl, 0);
    let t = 0;
    let created = false;
    for (let ms of steps) {
      if (!created && t + ms > serviceAtMs) {
        cl.advanceClock(serviceAtMs - t);
        ms -= serviceAtMs - t;
        t = serviceAtMs;
        cl.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { ports: [{ port: 80 }] } } as never);
        cl.reconcile();
        created = true;
      }
      cl.advanceClock(ms);
      t += ms;
    }
    const p = cl.api.get<Pod>('pods', 'default', 'app');
    const log = containerLog(cl.data, p, 'wait', '', cl.clock.nowMs()).map((l) => `${l.ms - Date.parse(p.metadata.creationTimestamp!)} ${l.text}`);
    const init = (p.status?.initContainerStatuses ?? [])[0] as { ready?: boolean; state?: { terminated?: { exitCode?: number } } };
    return { log, ready: init?.ready, exit: init?.state?.terminated?.exitCode, app: p.status?.containerStatuses?.[0]?.state };
  };

  it('waits, lets go once the Service exists, and one long advance leaves what many short ones do', () => {
    const one = run([60_000], 9_000);
    expect(one.log.filter((l) => l.endsWith('waiting')).length).toBeGreaterThanOrEqual(4);
    expect(one.log.at(-1)).toMatch(/ Name: db$/);
    expect(one.ready).toBe(true);
    expect(one.exit).toBe(0);
    expect(one.app?.running).toBeDefined();
    expect(run(Array(60).fill(1_000), 9_000)).toEqual(one);
    expect(run([7_000, 13_000, 40_000], 9_000)).toEqual(one);
  });
});
