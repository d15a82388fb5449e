// A container whose command waits for something in a polling loop with a condition, the init-container page's
// `until nslookup myservice.$(cat .../namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done`,
// runs that loop on the cluster clock: at each iteration's instant the condition runs in the container's shell
// against the cluster as it then is (DNS, the data path, files), its output and the body's go to the log with that
// time, and the run ends the moment the condition lets the loop go (until: it succeeds; while: it fails), after the
// statements that follow the loop. So the pod stays `Init:0/2` until the Service exists, then moves on.
// Loops whose condition is constant (`while true`, `until false`, `while sleep N`) are the endless loops of
// loops.ts; a body without a trailing `sleep`, nested loops and statements that keep state are not run this way.

import type { Container } from '../../apiserver/types.js';
import { imageFamily } from '../../network/images/index.js';
import { memoByObject } from '../../state/memo.js';
import { containerArgv } from '../runtime.js';
import { statements } from './statements.js';

export interface WaitLoop {
  /** statements before the loop, run together at the start */
  before: string;
  /** the condition, run as `sh -c` (a `!` in it is the shell's) */
  cond: string;
  /** until: the loop ends when the condition succeeds; while: when it fails */
  until: boolean;
  /** the body without its trailing sleep ('' when the body only sleeps) */
  work: string;
  periodMs: number;
  /** statements after the loop, run together when it ends ('' for none) */
  after: string;
  /** how long the container goes on after them: a trailing `sleep N` (Infinity for `sleep infinity`), else 0 */
  tailMs: number;
}

const SLEEP = /^sleep\s+(\d+(?:\.\d+)?)([smhd]?)$/;
const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const STATEFUL = /^(?:[A-Za-z_]\w*=|let\b|export\b|read\b|cd\b|set\b|shift\b|unset\b|trap\b|source\b|\.\s|alias\b)|\b(?:exit|break|continue|return|exec|wait)\b/;
/** a statement that opens or closes a compound command (its first word, or after && || |) */
const LOOPS = /(?:^|&&|\|\||\|)\s*(?:(?:while|until|for|do|done|if|then|else|elif|fi|case|esac)\b|[{}](?:\s|$))/;
/** conditions that never change: the endless loops of loops.ts */
const CONSTANT = /^(?:true|:|false|sleep\s+\S+)$/;

function sleepMs(stmt: string): number | undefined {
  const m = SLEEP.exec(stmt);
  return m ? Math.round(Number(m[1]) * UNIT[m[2]] * 1000) : undefined;
}

/** The polling loop with a condition that a container's command is, when it is one this runner follows. */
export const waitLoop = memoByObject(waitLoopOnce);

function waitLoopOnce(c: Container): WaitLoop | undefined {
  if (c.stdin || c.tty || imageFamily(c.image ?? '') !== 'client') return undefined;
  const argv = containerArgv(c);
  if (!argv || argv.length !== 3 || argv[1] !== '-c') return undefined;
  if (!['sh', 'ash', 'bash'].includes((argv[0] ?? '').split('/').pop() ?? '')) return undefined;
  const top = statements(argv[2]).filter((x) => !x.startsWith('#'));
  const i = top.findIndex((s) => /^(?:until|while)\s/.test(s));
  if (i < 0 || !/^do(?:\s|$)/.test(top[i + 1] ?? '')) return undefined;
  const end = top.indexOf('done', i + 2);
  if (end < 0) return undefined;
  const head = /^(until|while)\s+(.*)$/.exec(top[i])!;
  const cond = head[2].trim();
  if (CONSTANT.test(cond) || LOOPS.test(cond)) return undefined;
  const before = top.slice(0, i);
  const body = [top[i + 1].replace(/^do\s*/, ''), ...top.slice(i + 2, end)].filter((x) => x !== '');
  const rest = top.slice(end + 1);
  const parts = [...before, cond, ...body, ...rest];
  if (parts.some((s) => STATEFUL.test(s)) || [...before, ...body, ...rest].some((s) => LOOPS.test(s))) return undefined;
  const periodMs = sleepMs(body[body.length - 1] ?? '');
  if (periodMs === undefined || periodMs <= 0) return undefined;
  const work = body.slice(0, -1);
  if ([...before, ...work].some((s) => /^sleep\b/.test(s))) return undefined;
  // after the loop: steps, then at most one trailing sleep
  let tailMs = 0;
  let after = rest;
  const last = rest[rest.length - 1];
  if (last !== undefined && /^sleep\s+inf/.test(last)) {
    tailMs = Infinity;
    after = rest.slice(0, -1);
  } else if (last !== undefined && sleepMs(last) !== undefined) {
    tailMs = sleepMs(last)!;
    after = rest.slice(0, -1);
  }
  if (after.some((s) => /^sleep\b/.test(s))) return undefined;
  return { before: before.join('; '), cond, until: head[1] === 'until', work: work.join('; '), periodMs, after: after.join('; '), tailMs };
}

/** Where the loop of the run that started at `run` stands (kept in the kubelet's container record). */
export interface WaitState {
  run: number;
  /** the next iteration's instant */
  next: number;
  /** the instant the loop let go and the statements after it ran */
  exitAt?: number;
  exitCode?: number;
}

/** The most iterations one sync catches up on (older ones would have rotated out of the log anyway). */
export const MAX_WAIT_CATCH_UP = 500;

export interface WaitShell {
  /** runs `sh -c script` in the container at `atMs`, logging what it prints; returns its exit status */
  run(script: string, atMs: number): number;
}

/**
 * Runs the loop's iterations that are due by `now` (from `st`, or from the run's start) and returns the new state;
 * the iteration at an instant runs before anything else that sees the container at that instant.
 */
export function stepWaitLoop(loop: WaitLoop, st: WaitState | undefined, start: number, now: number, shell: WaitShell): WaitState {
  const s: WaitState = st && st.run === start ? { ...st } : { run: start, next: start };
  if (!st || st.run !== start) {
    if (start > now) return s;
    if (loop.before) shell.run(loop.before, start);
  }
  if (s.exitAt !== undefined) return s;
  if (s.next <= now) {
    const due = Math.floor((now - s.next) / loop.periodMs) + 1;
    if (due > MAX_WAIT_CATCH_UP) s.next += (due - MAX_WAIT_CATCH_UP) * loop.periodMs;
  }
  for (; s.next <= now; s.next += loop.periodMs) {
    const code = shell.run(loop.cond, s.next);
    if ((code === 0) === loop.until) {
      // POSIX: the loop's status is the last body's, or 0 when the body never ran; here the body ends in sleep
      s.exitAt = s.next;
      s.exitCode = loop.after ? shell.run(loop.after, s.next) : 0;
      return s;
    }
    if (loop.work) shell.run(loop.work, s.next);
  }
  return s;
}
