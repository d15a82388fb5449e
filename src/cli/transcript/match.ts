// Matching actual output against expected transcript lines: exact by default; `[..]` matches any text within a
// line, a line `...` matches any number of lines, a ` (re)` suffix makes the line a regular expression and
// ` (glob)` a `*`/`?` glob (cram). Produces the line alignment that the diff and `--update` are built on.

export const ELLIPSIS = '...';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const cache = new Map<string, RegExp | null>();

function patternRegex(pattern: string): RegExp | null {
  if (cache.has(pattern)) return cache.get(pattern)!;
  let re: RegExp | null = null;
  if (pattern.endsWith(' (re)')) {
    try {
      re = new RegExp(`^(?:${pattern.slice(0, -5)})$`);
    } catch {
      re = null;
    }
  } else if (pattern.endsWith(' (glob)')) {
    const body = pattern.slice(0, -7);
    re = new RegExp(
      '^' +
        body
          .split(/(\\\*|\\\?|\*|\?)/)
          .map((p) => (p === '*' ? '.*' : p === '?' ? '.' : p === '\\*' ? '\\*' : p === '\\?' ? '\\?' : escapeRe(p)))
          .join('') +
        '$',
    );
  } else if (pattern.includes('[..]')) {
    re = new RegExp('^' + pattern.split('[..]').map(escapeRe).join('.*') + '$');
  }
  cache.set(pattern, re);
  return re;
}

/** Does one actual line match one expected line? Literal equality is tried first (cram does the same). */
export function lineMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const re = patternRegex(expected);
  return re ? re.test(actual) : false;
}

export type AlignOp =
  | { op: 'equal'; e: number; a: number }
  /** actual line a swallowed by the `...` at expected line e */
  | { op: 'ellipsis'; e: number; a: number }
  /** a `...` that matched no line */
  | { op: 'ellipsis-empty'; e: number }
  | { op: 'delete'; e: number }
  | { op: 'insert'; a: number };

/**
 * Aligns expected lines with actual lines at the least number of unmatched lines (an edit distance where `...`
 * absorbs any run of actual lines for free). `matched` is true when every line is accounted for.
 */
export function align(expected: string[], actual: string[]): { ops: AlignOp[]; matched: boolean } {
  const n = expected.length;
  const m = actual.length;
  // cost[i][j]: cost to align expected[i..] with actual[j..]
  const cost: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) {
        cost[i][j] = 0;
        continue;
      }
      let best = Number.MAX_SAFE_INTEGER;
      if (i < n && expected[i] === ELLIPSIS) {
        best = Math.min(best, cost[i + 1][j]); // matches nothing more
        if (j < m) best = Math.min(best, cost[i][j + 1]); // swallows actual[j]
      }
      if (i < n && j < m && expected[i] !== ELLIPSIS && lineMatches(expected[i], actual[j])) best = Math.min(best, cost[i + 1][j + 1]);
      if (i < n && expected[i] !== ELLIPSIS) best = Math.min(best, cost[i + 1][j] + 1);
      if (j < m) best = Math.min(best, cost[i][j + 1] + 1);
      cost[i][j] = best;
    }
  }
  const ops: AlignOp[] = [];
  let i = 0;
  let j = 0;
  let swallowed = false;
  while (i < n || j < m) {
    const c = cost[i][j];
    if (i < n && expected[i] === ELLIPSIS) {
      if (j < m && cost[i][j + 1] === c) {
        ops.push({ op: 'ellipsis', e: i, a: j });
        swallowed = true;
        j++;
        continue;
      }
      if (cost[i + 1][j] === c) {
        if (!swallowed) ops.push({ op: 'ellipsis-empty', e: i });
        swallowed = false;
        i++;
        continue;
      }
    }
    if (i < n && j < m && expected[i] !== ELLIPSIS && lineMatches(expected[i], actual[j]) && cost[i + 1][j + 1] === c) {
      ops.push({ op: 'equal', e: i, a: j });
      i++;
      j++;
      continue;
    }
    if (i < n && expected[i] !== ELLIPSIS && cost[i + 1][j] + 1 === c) {
      ops.push({ op: 'delete', e: i });
      i++;
      continue;
    }
    ops.push({ op: 'insert', a: j });
    j++;
  }
  return { ops, matched: cost[0][0] === 0 };
}

/** True when the actual lines satisfy the expected lines. */
export function outputMatches(expected: string[], actual: string[]): boolean {
  return align(expected, actual).matched;
}

/**
 * The expected lines `--update` writes: matching lines keep their wildcards, a `...` stays once, unmatched
 * expected lines go, and actual lines nothing matched are written literally.
 */
export function updatedExpected(expected: string[], actual: string[]): string[] {
  const { ops } = align(expected, actual);
  const out: string[] = [];
  let lastEllipsis = -1;
  for (const op of ops) {
    if (op.op === 'equal') out.push(expected[op.e]);
    else if (op.op === 'ellipsis' || op.op === 'ellipsis-empty') {
      if (lastEllipsis !== op.e) out.push(ELLIPSIS);
      lastEllipsis = op.e;
    } else if (op.op === 'insert') out.push(actual[op.a]);
  }
  return out;
}
