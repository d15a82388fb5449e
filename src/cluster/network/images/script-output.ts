// What a client image (busybox, alpine...) prints when its command is a small script: `echo hi`, `sh -c "echo a;
// sleep 5; echo b"`, and the classic logging loops (`while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done`)
// whose lines accumulate with the cluster clock. Only echo/printf/date/sleep/assignments/while/for are understood;
// anything else ends the simulation of the script (no output invented for it).

import type { Container } from '../../apiserver/types.js';
import type { TimedLogWrite } from './types.js';

const MAX_LINES = 5000;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** busybox `date`: `Mon Jan  6 10:00:00 UTC 2025` */
export function busyboxDate(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

type Stmt = { kind: 'simple'; words: string[] } | { kind: 'loop'; forever: boolean; varName?: string; items?: string[]; body: Stmt[] };

/**
 * Cuts src where `sep(i)` finds a separator (its length; 0 where there is none), outside quotes and parentheses
 * ($(...) included). The pieces keep their quotes (expansion happens at run time).
 */
function splitTopLevel(src: string, sep: (i: number) => number): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (q) {
      if (ch === q) q = null;
    } else if (ch === '"' || ch === "'") {
      q = ch;
    } else {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      const n = depth === 0 ? sep(i) : 0;
      if (n) {
        out.push(cur);
        cur = '';
        i += n - 1;
        continue;
      }
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Splits a script into top-level statements on `;`, `&&`, newlines. */
function splitStatements(src: string): string[] {
  const sep = (i: number) => (src[i] === ';' || src[i] === '\n' ? 1 : src[i] === '&' && src[i + 1] === '&' ? 2 : 0);
  return splitTopLevel(src, sep).map((s) => s.trim()).filter(Boolean);
}

/** Words of one statement, quotes kept. */
function words(stmt: string): string[] {
  return splitTopLevel(stmt, (i) => (/\s/.test(stmt[i]) ? 1 : 0)).filter(Boolean);
}

function parse(stmts: string[]): Stmt[] | null {
  const out: Stmt[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    const w = words(s);
    if (w[0] === 'while' || w[0] === 'for') {
      // header `while true` / `while :` / `for x in a b c`, then `do ...` ... `done`
      let forever = false;
      let varName: string | undefined;
      let items: string[] | undefined;
      if (w[0] === 'while') {
        if (!['true', ':', '[ 1 ]'].includes(w.slice(1).join(' '))) return null;
        forever = true;
      } else {
        if (w[2] !== 'in') return null;
        varName = w[1];
        items = w.slice(3);
      }
      const body: string[] = [];
      let j = i + 1;
      let first = stmts[j];
      if (!first?.startsWith('do')) return null;
      first = first.slice(2).trim();
      if (first) body.push(first);
      for (j = j + 1; j < stmts.length && stmts[j] !== 'done'; j++) body.push(stmts[j]);
      if (stmts[j] !== 'done') return null;
      const inner = parse(body);
      if (!inner) return null;
      out.push({ kind: 'loop', forever, varName, items, body: inner });
      i = j;
      continue;
    }
    out.push({ kind: 'simple', words: w });
  }
  return out;
}

interface Run {
  vars: Map<string, string>;
  ms: number;
  endMs: number;
  lines: TimedLogWrite[];
  stopped: boolean;
}

function arith(expr: string, vars: Map<string, string>): string {
  const e = expr.replace(/\$?([A-Za-z_]\w*)/g, (_, n: string) => vars.get(n) ?? '0');
  if (!/^[\d\s+\-*/%()]+$/.test(e)) return '0';
  try {
    return String(Math.trunc(Function(`"use strict"; return (${e});`)() as number));
  } catch {
    return '0';
  }
}

/** Expands one word: quotes removed, $VAR/${VAR}, $((expr)), $(date). */
function expand(word: string, r: Run): string {
  let out = '';
  let i = 0;
  let q: string | null = null;
  while (i < word.length) {
    const ch = word[i];
    if (q === "'") {
      if (ch === "'") q = null;
      else out += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      q = q ? null : '"';
      i++;
      continue;
    }
    if (ch === "'" && !q) {
      q = "'";
      i++;
      continue;
    }
    if (ch === '$') {
      if (word.startsWith('$((', i)) {
        const end = word.indexOf('))', i);
        out += arith(word.slice(i + 3, end), r.vars);
        i = end + 2;
        continue;
      }
      if (word.startsWith('$(', i)) {
        const end = word.indexOf(')', i);
        const cmd = word.slice(i + 2, end).trim();
        out += cmd === 'date' ? busyboxDate(r.ms) : cmd === 'hostname' ? (r.vars.get('HOSTNAME') ?? '') : '';
        i = end + 1;
        continue;
      }
      const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(word.slice(i));
      if (m) {
        out += r.vars.get(m[1] ?? m[2]) ?? '';
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function exec(stmts: Stmt[], r: Run): void {
  for (const s of stmts) {
    if (r.stopped) return;
    if (s.kind === 'loop') {
      if (s.forever) {
        while (!r.stopped) {
          const before = r.ms;
          exec(s.body, r);
          if (r.ms === before) {
            r.stopped = true; // a busy loop without sleep: stop simulating
          }
        }
      } else for (const item of s.items ?? []) {
        r.vars.set(s.varName!, expand(item, r));
        exec(s.body, r);
      }
      continue;
    }
    const w = s.words;
    const asg = /^([A-Za-z_]\w*)=(.*)$/s.exec(w[0] ?? '');
    if (asg && w.length === 1) {
      r.vars.set(asg[1], expand(asg[2], r));
      continue;
    }
    const cmd = w[0];
    if (cmd === 'echo') {
      let args = w.slice(1).map((x) => expand(x, r));
      let newline = true;
      if (args[0] === '-n') {
        newline = false;
        args = args.slice(1);
      }
      if (newline) emit(r, args.join(' '));
    } else if (cmd === 'printf') {
      const [fmt, ...rest] = w.slice(1).map((x) => expand(x, r));
      let k = 0;
      const text = (fmt ?? '').replace(/%[sd]/g, () => rest[k++] ?? '').replace(/\\n/g, '\n');
      for (const line of text.split('\n').slice(0, -1)) emit(r, line);
    } else if (cmd === 'date') emit(r, busyboxDate(r.ms));
    else if (cmd === 'sleep') {
      const n = Number(expand(w[1] ?? '0', r));
      if (!Number.isFinite(n)) return void (r.stopped = true);
      r.ms += n * 1000;
      if (r.ms > r.endMs) r.stopped = true;
    } else if (cmd === 'true' || cmd === ':') continue;
    else r.stopped = true;
  }
}

function emit(r: Run, text: string): void {
  if (r.ms > r.endMs || r.lines.length >= MAX_LINES) {
    r.stopped = true;
    return;
  }
  r.lines.push({ ms: r.ms, stream: 'stdout', text });
}

/** The statements of the container's command when it is a small script this replay understands. */
function scriptOf(c: Container): Stmt[] | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length === 0) return undefined;
  let script: string;
  const base = argv[0].split('/').pop();
  if ((base === 'sh' || base === 'ash' || base === 'bash') && argv[1] === '-c' && argv[2] !== undefined) script = argv[2];
  else if (base === 'echo' || base === 'date' || base === 'printf') script = argv.map((a) => (/[\s"'$]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
  else return undefined;
  return parse(splitStatements(script)) ?? undefined;
}

/** Lines the container's command printed between its start and `nowMs` (empty when it is not a small script). */
export function scriptOutput(c: Container, startMs: number, nowMs: number, hostname: string): TimedLogWrite[] {
  const stmts = scriptOf(c);
  if (!stmts) return [];
  const r: Run = { vars: new Map([['HOSTNAME', hostname]]), ms: startMs, endMs: nowMs, lines: [], stopped: false };
  exec(stmts, r);
  return r.lines;
}

const forever = (stmts: Stmt[]): boolean => stmts.some((s) => s.kind === 'loop' && (s.forever || forever(s.body)));

/**
 * How long a finite script of this replay runs (its sleeps, loops repeating them: `for i in 1 2 3; do echo $i;
 * sleep 1; done` runs 3 s), or undefined when it is not one.
 */
export function scriptDurationMs(c: Container): number | undefined {
  const stmts = scriptOf(c);
  if (!stmts || forever(stmts)) return undefined;
  const r: Run = { vars: new Map([['HOSTNAME', '']]), ms: 0, endMs: Number.MAX_SAFE_INTEGER, lines: [], stopped: false };
  exec(stmts, r);
  return r.stopped ? undefined : r.ms;
}
