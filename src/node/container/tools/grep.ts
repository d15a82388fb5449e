// grep (GNU's, and busybox's usage text) with the options labs use on kubectl output: -v -i -c -q -l -n -o -w -x -E -F -e, -m N, context lines
// (-A/-B/-C N, groups separated by `--`). Basic regexes are POSIX BREs (translated), -E extended, -F fixed strings.

import { inputs, splitLines as lines, type Tool } from './basic.js';
import { posixRegex } from './sed.js';



export const grep: Tool = (argv, s, io) => {
  const f = { v: false, i: false, c: false, q: false, l: false, n: false, o: false, w: false, x: false, E: false, F: false };
  let max = Infinity;
  let after = 0;
  let before = 0;
  const patterns: string[] = [];
  const files: string[] = [];
  let operands = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const num = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
    if (operands || a === '-' || !a.startsWith('-')) {
      if (!patterns.length && !operands) patterns.push(a);
      else if (!patterns.length) patterns.push(a);
      else files.push(a);
      continue;
    }
    if (a === '--') {
      operands = true;
      continue;
    }
    if (a === '-e' || a === '--regexp') {
      patterns.push(argv[++i] ?? '');
      continue;
    }
    if (a.startsWith('--')) {
      const [name, val] = a.slice(2).split('=');
      const long: Record<string, keyof typeof f> = { 'invert-match': 'v', 'ignore-case': 'i', count: 'c', quiet: 'q', silent: 'q', 'files-with-matches': 'l', 'line-number': 'n', 'only-matching': 'o', 'word-regexp': 'w', 'line-regexp': 'x', 'extended-regexp': 'E', 'fixed-strings': 'F' };
      if (long[name]) f[long[name]] = true;
      else if (name === 'max-count' && num(val) !== undefined) max = num(val)!;
      else if (name === 'color' || name === 'colour') continue;
      else {
        io.err(`kubesim: grep: option ${a} is not simulated\n`);
        return 2;
      }
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c in f) f[c as keyof typeof f] = true;
      else if ('mABC'.includes(c)) {
        const rest = a.slice(k + 1);
        const v = num(rest || argv[++i]);
        if (v === undefined) {
          io.err(`grep: invalid ${c === 'm' ? 'max count' : 'context length argument'}\n`);
          return 2;
        }
        if (c === 'm') max = v;
        if (c === 'A' || c === 'C') after = v;
        if (c === 'B' || c === 'C') before = v;
        break;
      } else if (c === 'h' || c === 's' || c === 'H') continue;
      else {
        io.err(`kubesim: grep: option -${c} is not simulated\n`);
        return 2;
      }
    }
  }
  if (!patterns.length) {
    io.err(s.facts.flavour === 'busybox' ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n' : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const sources = patterns.flatMap((p) => p.split('\n')).map((p) => (f.F ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : posixRegex(p, f.E)));
  let body = sources.map((p) => `(?:${p})`).join('|');
  if (f.w) body = `(?<![\\w])(?:${body})(?![\\w])`;
  if (f.x) body = `^(?:${body})$`;
  let re: RegExp;
  try {
    re = new RegExp(body, f.i ? 'gi' : 'g');
  } catch {
    io.err('grep: Unmatched ( or \\(\n');
    return 2;
  }
  const { texts, code } = inputs(files, s, io, 'grep');
  let matched = 0;
  const all = lines(texts.join(''));
  let lastPrinted = -1;
  let afterLeft = 0;
  const print = (k: number, sep: ':' | '-') => {
    if (lastPrinted >= 0 && k > lastPrinted + 1 && (before || after)) io.out('--\n');
    io.out(`${f.n ? `${k + 1}${sep}` : ''}${all[k]}\n`);
    lastPrinted = k;
  };
  for (let k = 0; k < all.length; k++) {
    const line = all[k];
    re.lastIndex = 0;
    const hit = re.test(line) !== f.v;
    if (hit && matched < max) {
      matched++;
      if (f.c || f.q || f.l) continue;
      if (f.o && !f.v) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0]) io.out(`${f.n ? `${k + 1}:` : ''}${m[0]}\n`);
        continue;
      }
      for (let b = Math.max(lastPrinted + 1, k - before); b < k; b++) print(b, '-');
      print(k, ':');
      afterLeft = after;
    } else if (afterLeft > 0 && !(f.c || f.q || f.l)) {
      print(k, '-');
      afterLeft--;
    } else if (matched >= max && afterLeft === 0) break;
  }
  if (f.c) io.out(`${matched}\n`);
  if (f.l && matched) io.out(`${files[0] ?? '(standard input)'}\n`);
  return code ? 2 : matched ? 0 : 1;
};
