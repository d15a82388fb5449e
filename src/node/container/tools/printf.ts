// printf(1) and the C format it shares with awk's printf.

import type { CmdIO, ContainerSession } from '../context.js';

type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

export function unescape(text: string): string {
  return text.replace(/\\(n|t|r|\\|0[0-7]{0,3}|a|b|f|v|"|')/g, (_m, e: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', '"': '"', "'": "'" };
    return map[e] ?? String.fromCharCode(parseInt(e.slice(1) || '0', 8));
  });
}

/** C printf formatting of `args` through `format` (the format repeats while arguments remain, as printf(1) does). */
export function formatPrintf(format: string, args: string[]): string {
  let out = '';
  let i = 0;
  const spec = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifxXoceEgGb%])/g;
  do {
    let used = 0;
    out += unescape(format).replace(spec, (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[i++];
      used++;
      let v: string;
      const n = Number(arg ?? 0);
      switch (conv) {
        case 's':
        case 'b':
          v = arg ?? '';
          if (prec !== undefined) v = v.slice(0, Number(prec));
          break;
        case 'c':
          v = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
          v = String(Math.trunc(Number.isNaN(n) ? 0 : n));
          break;
        case 'x':
        case 'X':
          v = Math.trunc(n).toString(16);
          if (conv === 'X') v = v.toUpperCase();
          break;
        case 'o':
          v = Math.trunc(n).toString(8);
          break;
        case 'e':
        case 'E':
          v = n.toExponential(prec === undefined ? 6 : Number(prec));
          break;
        default:
          v = n.toFixed(prec === undefined ? 6 : Number(prec));
      }
      if (flags.includes('+') && /[dif]/.test(conv) && n >= 0) v = '+' + v;
      const w = width === undefined || width === '*' ? 0 : Number(width);
      if (v.length < w) v = flags.includes('-') ? v.padEnd(w) : flags.includes('0') && /[difxXo]/.test(conv) ? v.padStart(w, '0') : v.padStart(w);
      return v;
    });
    if (used === 0) break;
  } while (i < args.length);
  return out;
}

export const printf: Tool = (argv, _s, io) => {
  if (argv.length < 2) {
    io.err('printf: usage: printf format [arguments]\n');
    return 2;
  }
  io.out(formatPrintf(argv[1], argv.slice(2)));
  return 0;
};

