// The text filters labs pipe kubectl through, as the shell interpreter runs them (in containers and in kubesim's
// hermetic mode): awk (fields, -F, /regex/ and NR/NF conditions, print and printf, BEGIN/END, sums in variables),
// sed (s///g and numbered/regex addresses with p and d, -n, -e), cut (-d -f, -c), tr (sets, ranges, classes, -d,
// -s), uniq (-c, -d, -u) and printf (%s %d %i %x %f %c %%, widths, escapes). What they do not cover is refused
// with a message instead of giving a wrong answer.

import type { CmdIO, ContainerSession } from '../context.js';
import { inputs, splitLines as lines, type Tool } from './basic.js';
import { printf, unescape } from './printf.js';
import { awk } from './awk.js';
import { sed } from './sed.js';



function unsupported(io: CmdIO, tool: string, what: string): number {
  io.err(`kubesim: ${tool}: ${what} is not simulated\n`);
  return 2;
}

// ------------------------------------------------------------------ cut

function ranges(list: string): Array<[number, number]> | undefined {
  const out: Array<[number, number]> = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    out.push([a, b]);
  }
  return out;
}

const cut: Tool = (argv, s, io) => {
  let delim = '\t';
  let fields: string | undefined;
  let chars: string | undefined;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const val = (flag: string) => (a.length > 2 ? a.slice(2) : argv[++i]);
    if (a.startsWith('-d')) delim = val('-d') ?? '';
    else if (a.startsWith('-f')) fields = val('-f');
    else if (a.startsWith('-c') || a.startsWith('-b')) chars = val('-c');
    else if (a.startsWith('--delimiter=')) delim = a.slice(12);
    else if (a.startsWith('--fields=')) fields = a.slice(9);
    else if (a.startsWith('-') && a !== '-') return unsupported(io, 'cut', `option ${a}`);
    else files.push(a);
  }
  const list = fields ?? chars;
  const r = list === undefined ? undefined : ranges(list);
  if (!r) {
    io.err(list === undefined ? 'cut: you must specify a list of bytes, characters, or fields\n' : `cut: invalid field value '${list}'\n`);
    return 1;
  }
  const inside = (n: number) => r.some(([a, b]) => n >= a && n <= b);
  const { texts, code } = inputs(files, s, io, 'cut');
  for (const line of lines(texts.join(''))) {
    if (chars !== undefined) io.out([...line].filter((_c, k) => inside(k + 1)).join('') + '\n');
    else if (!line.includes(delim)) io.out(line + '\n');
    else io.out(line.split(delim).filter((_f, k) => inside(k + 1)).join(delim) + '\n');
  }
  return code;
};

// ------------------------------------------------------------------ tr

const CLASSES: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
CLASSES.alpha = CLASSES.upper + CLASSES.lower;
CLASSES.alnum = CLASSES.alpha + CLASSES.digit;

function expandSet(set: string): string[] {
  const text = unescape(set).replace(/\[:(\w+):\]/g, (m, c: string) => CLASSES[c] ?? m);
  const out: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      for (let c = chars[i].charCodeAt(0); c <= chars[i + 2].charCodeAt(0); c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

const tr: Tool = (argv, _s, io) => {
  let del = false;
  let squeeze = false;
  const sets: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^-[ds]+$/.test(a)) {
      del ||= a.includes('d');
      squeeze ||= a.includes('s');
    } else if (a.startsWith('-') && a.length > 1) return unsupported(io, 'tr', `option ${a}`);
    else sets.push(a);
  }
  if (sets.length === 0 || (!del && !squeeze && sets.length < 2)) {
    io.err(sets.length === 0 ? 'tr: missing operand\n' : `tr: missing operand after '${sets[0]}'\n`);
    return 1;
  }
  const from = expandSet(sets[0]);
  const to = sets[1] !== undefined ? expandSet(sets[1]) : [];
  let out = '';
  let last = '';
  for (const c of io.stdin) {
    const k = from.indexOf(c);
    let r: string;
    if (del && k >= 0) continue;
    if (!del && k >= 0 && to.length) r = to[Math.min(k, to.length - 1)];
    else r = c;
    const squeezeSet = del || !to.length ? from : to;
    if (squeeze && r === last && squeezeSet.includes(r)) continue;
    out += r;
    last = r;
  }
  io.out(out);
  return 0;
};

// ------------------------------------------------------------------ uniq

const uniq: Tool = (argv, s, io) => {
  let count = false;
  let dups = false;
  let uniques = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^-[cdu]+$/.test(a)) {
      count ||= a.includes('c');
      dups ||= a.includes('d');
      uniques ||= a.includes('u');
    } else if (a.startsWith('-') && a !== '-') return unsupported(io, 'uniq', `option ${a}`);
    else files.push(a);
  }
  const { texts, code } = inputs(files.slice(0, 1), s, io, 'uniq');
  const groups: Array<[string, number]> = [];
  for (const l of lines(texts.join(''))) {
    const g = groups[groups.length - 1];
    if (g && g[0] === l) g[1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) {
    if ((dups && n < 2) || (uniques && n > 1)) continue;
    io.out(count ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  }
  return code;
};

/** The text tools by name. */
export const textTools: Record<string, Tool> = { awk, sed, cut, tr, uniq, printf };
