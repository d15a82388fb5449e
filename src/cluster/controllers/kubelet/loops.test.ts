import { afterEach, describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { containerLog } from '../../network/logs.js';
import { cluster, settle } from '../controllers.fixtures.js';
import { MIN_PERIOD_MS, periodicLoop } from './loops.js';
import { setProcessRunner } from './process.js';

const c = (image: string, script: string): Container => ({ name: 'c', image, command: ['sh', '-c', script] }) as Container;

describe('which container loops run iteration by iteration', () => {
  it('endless polling loops of client images, with their period and first delay', () => {
    expect(periodicLoop(c('busybox', 'while true; do wget -qO- web; echo; sleep 2; done'))).toEqual({ work: 'wget -qO- web; echo', periodMs: 2000, firstDelayMs: 0 });
    expect(periodicLoop(c('busybox:1.28', 'while :\ndo\n  nslookup web\n  sleep 5\ndone'))).toEqual({ work: 'nslookup web', periodMs: 5000, firstDelayMs: 0 });
    expect(periodicLoop(c('curlimages/curl', 'while sleep 3; do curl -s web | head -1; done'))).toEqual({ work: 'curl -s web | head -1', periodMs: 3000, firstDelayMs: 3000 });
    expect(periodicLoop(c('busybox', 'until false; do wget -qO- "web;x" ; sleep 1.5; done'))?.periodMs).toBe(1500);
  });
  it('leaves echo/date loops to the closed form, and refuses fast, stateful, nested or exiting loops', () => {
    expect(periodicLoop(c('busybox', 'while true; do echo hi; date; sleep 1; done'))).toBeUndefined();
    expect(periodicLoop(c('busybox', 'while sleep 0.01; do wget -q -O- http://php-apache; done'))).toBeUndefined();
    expect(MIN_PERIOD_MS).toBe(1000);
    expect(periodicLoop(c('busybox', 'while true; do i=$((i+1)); wget -qO- web; sleep 1; done'))).toBeUndefined();
    expect(periodicLoop(c('busybox', 'while true; do wget -qO- web || exit 1; sleep 1; done'))).toBeUndefined();
    expect(periodicLoop(c('busybox', 'while true; do for h in a b; do wget -qO- $h; done; sleep 1; done'))).toBeUndefined();
    expect(periodicLoop(c('busybox', 'wget -qO- web; while true; do wget -qO- web; sleep 1; done'))).toBeUndefined();
    expect(periodicLoop(c('nginx', 'while true; do wget -qO- web; sleep 1; done'))).toBeUndefined();
  });
});

describe('the loop runner on the cluster clock', () => {
  afterEach(() => setProcessRunner(undefined));
  const podLog = (cl: ReturnType<typeof cluster>) => {
    const p = cl.api.get<Pod>('pods', 'default', 'poller');
    return containerLog(cl.data, p, 'c', '', cl.clock.nowMs()).map((l) => `${new Date(l.ms).toISOString().slice(14, 19)} ${l.text}`);
  };
  const run = (steps: number[]) => {
    let calls = 0;
    setProcessRunner((ctx) => ({ exitCode: 0, lines: [{ stream: 'stdout', text: `run ${++calls} at ${new Date(ctx.clock.nowMs()).toISOString().slice(14, 19)}` }] }));
    const cl = cluster();
    cl.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'poller', namespace: 'default' }, spec: { containers: [c('busybox', 'while true; do wget -qO- web; sleep 5; done')] } } as Pod);
    settle(cl, 0);
    for (const ms of steps) cl.advanceClock(ms);
    return podLog(cl);
  };

  it('runs the body at each iteration instant, one advance or many', () => {
    const one = run([60_000]);
    expect(one.length).toBeGreaterThan(8);
    const [first, second] = one;
    expect(Number(second.split(' ')[0].split(':')[1]) - Number(first.split(' ')[0].split(':')[1])).toBe(5);
    // the body runs with the clock at its own instant, and the log line carries it
    for (const l of one) expect(l.slice(0, 5)).toBe(l.slice(-5));
    expect(run([10_000, 20_000, 30_000])).toEqual(one);
    expect(run(Array(12).fill(5_000))).toEqual(one);
  });
});
