// A client container whose command is an endless polling loop (`while true; do wget -qO- web; sleep 2; done`, the
// classic load-balancing and DNS watch of the tutorials) runs its body in the simulated shell at each iteration's
// instant on the cluster clock: the body's requests go through the data path as the cluster then is (endpoints,
// rules, policies), its output goes to the container's log with that time, and the next iteration is a timer, so one
// 5-minute advance leaves the same log as five 1-minute ones. Loops of echo/printf/date alone keep their
// closed-form replay (network/images/script-output.ts); a loop faster than MIN_PERIOD_MS, one whose body keeps state
// across iterations (assignments, cd, read) or can leave the loop (exit, break) is not run this way.

import type { Container, Pod } from '../../apiserver/types.js';
import { imageFamily } from '../../network/images/index.js';
import { appendContainerLog } from '../../network/logs.js';
import type { Controller, ControllerContext } from '../controller.js';
import { containerArgv } from '../runtime.js';
import { runProcess } from './process.js';
import { statements } from './statements.js';
import { memoByObject } from '../../state/memo.js';

/** The fastest loop run iteration by iteration (faster ones, like the HPA walkthrough's 10 ms load loop, are a rate). */
export const MIN_PERIOD_MS = 1000;
/** The most iterations one sync catches up on (older ones would have rotated out of the log anyway). */
export const MAX_CATCH_UP = 500;

export interface PeriodicLoop {
  /** the body without its sleep, run as `sh -c` */
  work: string;
  periodMs: number;
  /** from the container's start to the first run of the body (`while sleep N` sleeps first) */
  firstDelayMs: number;
}

function sleepMs(stmt: string): number | undefined {
  const m = /^sleep\s+(\d+(?:\.\d+)?)s?$/.exec(stmt);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

const CLOSED_FORM_WORDS = new Set(['echo', 'printf', 'date', 'true', ':']);
const STATEFUL = /^(?:[A-Za-z_]\w*=|let\b|export\b|read\b|cd\b|set\b|shift\b|unset\b)|\b(?:exit|break|continue|return|exec|kill)\b/;

/** The loop a container's command is, when it is one this runner follows. */
export const periodicLoop = memoByObject(periodicLoopOnce);

function periodicLoopOnce(c: Container): PeriodicLoop | undefined {
  if (c.stdin || c.tty || imageFamily(c.image ?? '') !== 'client') return undefined;
  const argv = containerArgv(c);
  if (!argv) return undefined;
  const shell = (argv[0] ?? '').split('/').pop() ?? '';
  if (!['sh', 'ash', 'bash'].includes(shell) || argv[1] !== '-c' || argv[2] === undefined || argv.length > 3) return undefined;
  const top = statements(argv[2]);
  // while COND; do BODY...; done  →  ['while COND', 'do FIRST', ..., 'done']
  if (top.length < 3 || top[top.length - 1] !== 'done' || !/^do(?:\s|$)/.test(top[1])) return undefined;
  const cond = top[0];
  const body = [top[1].replace(/^do\s*/, ''), ...top.slice(2, -1)].filter((x) => x !== '');
  if (body.some((s) => /\b(?:while|until|for|do|done)\b/.test(s) || STATEFUL.test(s))) return undefined;
  let periodMs: number | undefined;
  let firstDelayMs = 0;
  let work: string[];
  if (/^(?:while\s+(?:true|:)|until\s+false)$/.test(cond)) {
    periodMs = sleepMs(body[body.length - 1]);
    work = body.slice(0, -1);
  } else {
    const m = /^while\s+(sleep\s+\S+)$/.exec(cond);
    periodMs = m ? sleepMs(m[1]) : undefined;
    firstDelayMs = periodMs ?? 0;
    work = body;
  }
  if (periodMs === undefined || periodMs < MIN_PERIOD_MS || work.length === 0) return undefined;
  if (work.some((s) => sleepMs(s) !== undefined)) return undefined;
  // echo/date loops are the closed-form replay's
  const heads = work.flatMap((s) => s.split(/&&|\|\||\|/).map((p) => p.trim().split(/\s+/)[0] ?? ''));
  if (heads.every((h) => CLOSED_FORM_WORDS.has(h))) return undefined;
  return { work: work.join('; '), periodMs, firstDelayMs };
}

interface LoopState {
  /** the run's start (ms): a restarted container starts its loop again */
  start: number;
  /** the next iteration's instant (ms) */
  next: number;
}

function runIteration(ctx: ControllerContext, pod: Pod, c: Container, loop: PeriodicLoop, atMs: number): void {
  const out = runProcess(ctx, pod, c, ['sh', '-c', loop.work]);
  for (const l of out?.lines ?? []) appendContainerLog(ctx.data, pod, c.name, atMs, l.text, l.stream);
}

export const containerLoopRunner: Controller = {
  name: 'container-loops',
  sync(ctx: ControllerContext): void {
    const store = (ctx.data.loopRuns ??= {}) as Record<string, LoopState>;
    const live = new Set<string>();
    const now = ctx.clock.nowMs();
    for (const pod of ctx.api.list<Pod>('pods')) {
      if (!pod.spec.nodeName || pod.status?.phase !== 'Running') continue;
      for (const c of pod.spec.containers) {
        const started = pod.status?.containerStatuses?.find((s) => s.name === c.name)?.state?.running?.startedAt;
        if (!started) continue;
        const loop = periodicLoop(c);
        if (!loop) continue;
        const k = `${pod.metadata.uid ?? ''}/${c.name}`;
        live.add(k);
        const start = Date.parse(started);
        let e = store[k];
        // the first iteration runs when the kubelet has started the container (startedAt keeps whole seconds only)
        if (!e || e.start !== start) e = store[k] = { start, next: Math.max(start + loop.firstDelayMs, now) };
        if (e.next <= now) {
          const due = Math.floor((now - e.next) / loop.periodMs) + 1;
          if (due > MAX_CATCH_UP) e.next += (due - MAX_CATCH_UP) * loop.periodMs;
        }
        for (; e.next <= now; e.next += loop.periodMs) runIteration(ctx, pod, c, loop, e.next);
        ctx.requeueAt(e.next);
      }
    }
    for (const k of Object.keys(store)) if (!live.has(k)) delete store[k];
  },
};
