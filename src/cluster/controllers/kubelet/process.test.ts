import { afterEach, describe, expect, it } from 'vitest';
import type { Container } from '../../apiserver/types.js';
import { processArgv, setProcessRunner } from './process.js';

describe('which container commands run in the shell at start', () => {
  afterEach(() => setProcessRunner(undefined));
  const c = (image: string, command?: string[], args?: string[]): Container => ({ name: 'c', image, command, args }) as Container;

  it('runs finite client commands, not servers, endless loops or pure echo/date scripts', () => {
    setProcessRunner(() => ({ exitCode: 0, lines: [] }));
    expect(processArgv(c('busybox', ['wget', '-qO-', 'web']))).toEqual(['wget', '-qO-', 'web']);
    expect(processArgv(c('curlimages/curl', undefined, ['-s', 'web']))).toEqual(['curl', '-s', 'web']);
    expect(processArgv(c('busybox', ['sh', '-c', 'echo boom; exit 3']))).toEqual(['sh', '-c', 'echo boom; exit 3']);
    expect(processArgv(c('busybox', ['sh', '-c', 'while true; do echo hi; sleep 1; done']))).toBeUndefined();
    expect(processArgv(c('busybox', ['sh', '-c', 'echo start; sleep 5; date']))).toBeUndefined();
    expect(processArgv(c('busybox', ['sh', '-c', 'echo "at $(date) on $(hostname) $((1+2))"']))).toBeUndefined();
    expect(processArgv(c('busybox', ['sh', '-c', 'for i in $(seq 1 3); do echo $i; done']))).toEqual(['sh', '-c', 'for i in $(seq 1 3); do echo $i; done']);
    expect(processArgv(c('busybox', ['sleep', '3600']))).toBeUndefined();
    expect(processArgv(c('nginx', ['nginx', '-g', 'daemon off;']))).toBeUndefined();
  });

  it('keeps the estimate when no shell is registered (a bare cluster)', () => {
    expect(processArgv(c('busybox', ['wget', '-qO-', 'web']))).toBeUndefined();
  });
});
