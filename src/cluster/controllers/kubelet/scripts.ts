// A client container whose command is a script of steps separated by sleeps (`touch /tmp/healthy; sleep 30; rm -f
// /tmp/healthy; sleep 600`, the probe page's exec-liveness.yaml) runs each step in the container's shell at its own
// instant on the cluster clock: the step's files land in the container's writable layer then (so an exec probe or
// `kubectl exec ... ls` sees them come and go), and what it prints goes to the log with that time. Finite `for`
// loops over literal words are unrolled. A step runs at the instant its sleeps end (steps without a sleep between
// them at the same instant, in order); a probe tick at that very instant still sees the state before it.
// Scripts of echo/printf/date alone keep their closed-form replay (network/images/script-output.ts); endless loops
// (kubelet/loops.ts), other compound commands and statements that keep state for later ones are not timed this way.

import type { Container } from '../../apiserver/types.js';
import { imageFamily } from '../../network/images/index.js';
import { containerArgv } from '../runtime.js';
import { statements } from './statements.js';

export interface ScriptStep {
  /** from the run's start */
  atMs: number;
  /** the statement, run as `sh -c` */
  cmd: string;
}

export interface TimedScript {
  steps: ScriptStep[];
  /** whether the last statement is a step (its status is the script's exit code) */
  endsWithStep: boolean;
}

const SLEEP = /^sleep\s+(\d+(?:\.\d+)?)([smhd]?)$/;
const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const COMPOUND = /^(?:while|until|for|if|then|else|elif|fi|case|esac|do|done|function|exec|wait)\b|(?:&&|\|\||\|)\s*(?:sleep|exec|wait)\b|[{}()`]|(?:^|[^&>])&(?:[^&>]|$)/;
const CLOSED_FORM = new Set(['echo', 'printf', 'date', 'true', ':']);

/** Statements that keep state for the next ones (each step is its own `sh -c`, so they cannot be timed apart). */
const STATEFUL = /^(?:[A-Za-z_]\w*=|let\b|export\b|read\b|cd\b|set\b|shift\b|unset\b|trap\b|source\b|\.\s|alias\b)|\b(?:break|continue|return)\b/;
const MAX_STEPS = 1000;

/** `for NAME in WORDS` of literal words (no expansion to do), or undefined. */
function forHead(stmt: string): { name: string; words: string[] } | undefined {
  const m = /^for\s+([A-Za-z_]\w*)\s+in\s+(.*)$/.exec(stmt);
  if (!m || /[$`*?[\]{}()"'\\]/.test(m[2])) return undefined;
  return { name: m[1], words: m[2].trim().split(/\s+/).filter(Boolean) };
}

/**
 * The timed steps of a container's `sh -c` script, when it is a sequence of steps, sleeps and finite `for` loops
 * of them (unrolled, each step of an iteration run with the loop variable set) that this runner follows.
 */
export function timedScript(c: Container): TimedScript | undefined {
  if (c.stdin || c.tty || imageFamily(c.image ?? '') !== 'client') return undefined;
  const argv = containerArgv(c);
  if (!argv || argv.length !== 3 || argv[1] !== '-c') return undefined;
  if (!['sh', 'ash', 'bash'].includes((argv[0] ?? '').split('/').pop() ?? '')) return undefined;
  const top = statements(argv[2]).filter((x) => !x.startsWith('#'));
  // a flat list of statements, each with the loop variables it runs under
  const flat: Array<{ stmt: string; prefix: string }> = [];
  for (let i = 0; i < top.length; i++) {
    const head = forHead(top[i]);
    if (!head) {
      flat.push({ stmt: top[i], prefix: '' });
      continue;
    }
    const end = top.indexOf('done', i + 1);
    if (end < 0 || !/^do(?:\s|$)/.test(top[i + 1] ?? '')) return undefined;
    const body = [top[i + 1].replace(/^do\s*/, ''), ...top.slice(i + 2, end)].filter((x) => x !== '');
    for (const w of head.words) for (const b of body) flat.push({ stmt: b, prefix: `${head.name}=${w}; ` });
    if (flat.length > MAX_STEPS) return undefined;
    i = end;
  }
  const steps: ScriptStep[] = [];
  let t = 0;
  let sleeps = 0;
  let last: 'step' | 'sleep' = 'sleep';
  for (let k = 0; k < flat.length; k++) {
    const { stmt, prefix } = flat[k];
    const m = SLEEP.exec(stmt);
    if (m) {
      t += Math.round(Number(m[1]) * UNIT[m[2]] * 1000);
      sleeps++;
      last = 'sleep';
      continue;
    }
    if (/^sleep\s+inf/.test(stmt)) {
      t = Infinity;
      sleeps++;
      last = 'sleep';
      continue;
    }
    if (COMPOUND.test(stmt) || STATEFUL.test(stmt) || !Number.isFinite(t)) return undefined;
    // `exit` ends the script: only as its last statement
    if (/\bexit\b/.test(stmt) && k !== flat.length - 1) return undefined;
    steps.push({ atMs: t, cmd: prefix + stmt });
    last = 'step';
  }
  if (!sleeps || !steps.length) return undefined;
  // echo/date scripts are replayed in closed form
  const heads = steps.flatMap((s) => s.cmd.replace(/^[A-Za-z_]\w*=\S*; /, '').split(/&&|\|\||\|/).map((p) => p.trim().split(/\s+/)[0] ?? ''));
  if (heads.every((h) => CLOSED_FORM.has(h))) return undefined;
  return { steps, endsWithStep: last === 'step' };
}
