// Unified diff of a transcript command's expected output against what kubesim printed, in file line numbers,
// built from the wildcard-aware alignment (lines a pattern matched show as context, not as changes).

import { align, type AlignOp } from './match.js';

export interface DiffInput {
  file: string;
  /** 1-based file line of the first expected output line */
  expectedLine: number;
  command: string;
  expected: string[];
  actual: string[];
  /** extra trailing lines (exit status) when they differ: expected text or undefined, actual text or undefined */
  exitExpected?: string;
  exitActual?: string;
  context?: number;
}

type Row = { tag: ' ' | '-' | '+'; text: string; e?: number; a?: number };

function rows(ops: AlignOp[], expected: string[], actual: string[]): Row[] {
  const out: Row[] = [];
  let lastEllipsis = -1;
  for (const op of ops) {
    if (op.op === 'equal') out.push({ tag: ' ', text: expected[op.e], e: op.e, a: op.a });
    else if (op.op === 'ellipsis' || op.op === 'ellipsis-empty') {
      if (lastEllipsis !== op.e) out.push({ tag: ' ', text: expected[op.e], e: op.e, a: op.op === 'ellipsis' ? op.a : undefined });
      lastEllipsis = op.e;
    } else if (op.op === 'delete') out.push({ tag: '-', text: expected[op.e], e: op.e });
    else out.push({ tag: '+', text: actual[op.a], a: op.a });
  }
  return out;
}

/** The diff text (`--- file:line`, `+++ actual`, hunks), or '' when expected and actual agree. */
export function transcriptDiff(d: DiffInput): string {
  const ctx = d.context ?? 3;
  const { ops } = align(d.expected, d.actual);
  const r = rows(ops, d.expected, d.actual);
  if (d.exitExpected !== d.exitActual) {
    if (d.exitExpected !== undefined) r.push({ tag: '-', text: d.exitExpected, e: d.expected.length });
    if (d.exitActual !== undefined) r.push({ tag: '+', text: d.exitActual, a: d.actual.length });
  }
  const changed = r.map((x, k) => (x.tag !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (!changed.length) return '';
  // group changes into hunks with context
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const lo = Math.max(0, k - ctx);
    const hi = Math.min(r.length, k + ctx + 1);
    const last = hunks[hunks.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else hunks.push([lo, hi]);
  }
  const firstCmdLine = d.command.split('\n')[0];
  let text = `--- ${d.file}:${d.expectedLine - 1} (expected)\n+++ actual\n`;
  for (const [lo, hi] of hunks) {
    // starting numbers: the first expected / actual index at or after lo
    let eStart = d.expected.length;
    let aStart = d.actual.length;
    for (let k = lo; k < r.length; k++) {
      if (r[k].e !== undefined) {
        eStart = r[k].e!;
        break;
      }
    }
    for (let k = lo; k < r.length; k++) {
      if (r[k].a !== undefined) {
        aStart = r[k].a!;
        break;
      }
    }
    const slice = r.slice(lo, hi);
    const eCount = slice.filter((x) => x.tag !== '+').length;
    const aCount = slice.filter((x) => x.tag !== '-').length;
    const base = d.expectedLine;
    text += `@@ -${base + eStart},${eCount} +${base + aStart},${aCount} @@ $ ${firstCmdLine}\n`;
    for (const x of slice) text += `${x.tag}${x.text}\n`;
  }
  return text;
}
