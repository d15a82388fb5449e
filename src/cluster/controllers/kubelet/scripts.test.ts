import { describe, expect, it } from 'vitest';
import type { Container } from '../../apiserver/types.js';
import { timedScript } from './scripts.js';

const c = (image: string, script: string): Container => ({ name: 'c', image, command: ['sh', '-c', script] }) as Container;

describe('which container scripts run step by step on the clock', () => {
  it('steps between sleeps, each at the instant the sleeps before it end', () => {
    expect(timedScript({ name: 'c', image: 'registry.k8s.io/busybox:1.27.2', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] } as Container)).toEqual({
      steps: [
        { atMs: 0, cmd: 'touch /tmp/healthy' },
        { atMs: 30_000, cmd: 'rm -f /tmp/healthy' },
      ],
      endsWithStep: false,
    });
    expect(timedScript(c('busybox', 'wget -qO- web; sleep 1m; wget -qO- web2'))).toEqual({
      steps: [
        { atMs: 0, cmd: 'wget -qO- web' },
        { atMs: 60_000, cmd: 'wget -qO- web2' },
      ],
      endsWithStep: true,
    });
  });
  it('unrolls finite for loops over literal words, then the work after them', () => {
    const s = timedScript(c('busybox', 'for h in a b; do wget -qO- $h; sleep 2; done; touch /done; sleep infinity'));
    expect(s?.steps).toEqual([
      { atMs: 0, cmd: 'h=a; wget -qO- $h' },
      { atMs: 2000, cmd: 'h=b; wget -qO- $h' },
      { atMs: 4000, cmd: 'touch /done' },
    ]);
  });
  it('leaves echo-only scripts to the closed form and refuses what cannot be timed apart', () => {
    expect(timedScript(c('busybox', 'echo a; sleep 5; echo b'))).toBeUndefined();
    expect(timedScript(c('busybox', 'wget -qO- web'))).toBeUndefined();
    expect(timedScript(c('busybox', 'X=1; sleep 5; wget -qO- $X'))).toBeUndefined();
    expect(timedScript(c('busybox', 'cd /tmp; sleep 5; touch x'))).toBeUndefined();
    expect(timedScript(c('busybox', 'touch a; exit 1; sleep 5; touch b'))).toBeUndefined();
    expect(timedScript(c('busybox', 'while true; do touch a; sleep 1; done'))).toBeUndefined();
    expect(timedScript(c('busybox', 'nc -l -p 80 & sleep 5; touch b'))).toBeUndefined();
    expect(timedScript(c('busybox', 'for f in $(ls); do touch $f; sleep 1; done'))).toBeUndefined();
    expect(timedScript(c('nginx', 'touch a; sleep 5; rm a'))).toBeUndefined();
    expect(timedScript(c('busybox', 'touch a 2>&1; sleep 5; rm a'))?.steps.length).toBe(2);
  });
});
