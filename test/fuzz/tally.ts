// Figures of the fuzz and fault suite: per category, how many cases ran and how many broke each promise (stack
// traces, JavaScript error texts reaching the user, hangs, false successes, partial states), with a few examples.

export interface Tally {
  category: string;
  cases: number;
  stacks: number;
  jsErrors: number;
  hangs: number;
  falseSuccesses: number;
  partialStates: number;
  /** kill -9: the longest next writer's whole run (ms): start, lock, load, save */
  maxWaitMs?: number;
  examples: string[];
}

export function tally(category: string): Tally {
  return { category, cases: 0, stacks: 0, jsErrors: 0, hangs: 0, falseSuccesses: 0, partialStates: 0, examples: [] };
}

export type Problem = 'stacks' | 'jsErrors' | 'hangs' | 'falseSuccesses' | 'partialStates';

export function note(t: Tally, problem: Problem, example: string): void {
  t[problem]++;
  if (t.examples.length < 6) t.examples.push(`${problem}: ${example.slice(0, 300)}`);
}

/** A stack trace or kubesim's internal-error report. */
export const STACK = /\n\s+at \S.*[:(]\d+:\d+\)?|kubesim: internal error/;
/** JavaScript's own error texts, which no user should see. */
export const JS_ERROR = /\b(TypeError|ReferenceError|SyntaxError: Unexpected|RangeError|is not a function|Cannot read propert|Cannot set propert|is not iterable|undefined is not|Maximum call stack|Symbol\(Symbol)/;

/** One case's output judged for stacks and JS texts. */
export function judgeOutput(t: Tally, label: string, text: string): void {
  if (STACK.test(text)) note(t, 'stacks', `${label}: ${text}`);
  else if (JS_ERROR.test(text)) note(t, 'jsErrors', `${label}: ${text}`);
}

export function renderFigures(tallies: Tally[]): string {
  const head = ['category', 'cases', 'stacks', 'js-errors', 'hangs', 'false-success', 'partial', 'next-writer'];
  const rows = tallies.map((t) => [
    t.category,
    String(t.cases),
    String(t.stacks),
    String(t.jsErrors),
    String(t.hangs),
    String(t.falseSuccesses),
    String(t.partialStates),
    t.maxWaitMs === undefined ? '-' : `${Math.round(t.maxWaitMs)}ms`,
  ]);
  const total = ['total', ...[1, 2, 3, 4, 5, 6].map((i) => String(rows.reduce((n, r) => n + Number(r[i]), 0))), '-'];
  const all = [head, ...rows, total];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const lines = all.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  const examples = tallies.flatMap((t) => t.examples.map((e) => `  [${t.category}] ${e.replace(/\n/g, '\\n')}`));
  return lines.join('\n') + '\n' + (examples.length ? 'examples:\n' + examples.join('\n') + '\n' : '');
}

/** A small seeded generator (mulberry32): the same seed mutates the same way every run. */
export function seeded(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}
