// seq(1): `seq LAST`, `seq FIRST LAST`, `seq FIRST INCR LAST` with -s SEP and -w (and coreutils' -f FORMAT), as
// busybox and coreutils print them: integers, or as many decimals as the arguments have; a zero or wrong-way
// increment prints nothing; bad numbers and missing operands get each one's message and status 1.

import type { CmdIO, ContainerSession } from '../context.js';
import { formatPrintf } from './printf.js';

const BUSYBOX_USAGE =
  'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n\nPrint numbers from FIRST to LAST, in steps of INC.\nFIRST, INC default to 1.\n\n\t-w\tPad to last with leading zeros\n\t-s SEP\tString separator\n';

export function seq(argv: string[], s: ContainerSession, io: CmdIO): number {
  const busybox = s.facts.flavour === 'busybox';
  let sep = '\n';
  let width = false;
  let format: string | undefined;
  const nums: string[] = [];
  const tryHelp = "Try 'seq --help' for more information.\n";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (nums.length === 0 && /^-[swf]/.test(a) && !/^-\d/.test(a)) {
      const flag = a[1];
      if (flag === 'w' && a.length === 2) {
        width = true;
        continue;
      }
      const v = a.length > 2 ? a.slice(2) : argv[++i];
      if (v === undefined) {
        io.err(busybox ? `seq: option requires an argument -- '${flag}'\n${BUSYBOX_USAGE}` : `seq: option requires an argument -- '${flag}'\n${tryHelp}`);
        return 1;
      }
      if (flag === 's') sep = v;
      else if (flag === 'f' && !busybox) format = v;
      else {
        io.err(busybox ? `seq: invalid option -- '${flag}'\n${BUSYBOX_USAGE}` : `seq: invalid option -- '${flag}'\n${tryHelp}`);
        return 1;
      }
      continue;
    }
    nums.push(a);
  }
  if (nums.length === 0 || nums.length > 3) {
    if (busybox) io.err(BUSYBOX_USAGE);
    else io.err(nums.length ? `seq: extra operand '${nums[3]}'\n${tryHelp}` : `seq: missing operand\n${tryHelp}`);
    return 1;
  }
  for (const n of nums) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(n.trim())) {
      io.err(busybox ? `seq: invalid number '${n}'\n` : `seq: invalid floating point argument: '${n}'\n${tryHelp}`);
      return 1;
    }
  }
  const [first, incr, last] = nums.length === 1 ? ['1', '1', nums[0]] : nums.length === 2 ? [nums[0], '1', nums[1]] : nums;
  if (Number(incr) === 0) {
    if (busybox) return 0;
    io.err(`seq: invalid Zero increment value: '${incr}'\n${tryHelp}`);
    return 1;
  }
  const decimals = Math.max(...[first, incr].map((n) => (n.includes('.') ? n.split('.')[1].replace(/[eE].*/, '').length : 0)));
  const a = Number(first);
  const d = Number(incr);
  const b = Number(last);
  const out: string[] = [];
  const fmt = (v: number): string => (format !== undefined ? formatPrintf(format, [String(v)]) : v.toFixed(decimals));
  for (let k = 0; ; k++) {
    const v = a + k * d;
    if (d > 0 ? v > b + 1e-9 : v < b - 1e-9) break;
    out.push(fmt(v));
    if (out.length > 1_000_000) break;
  }
  if (width && format === undefined) {
    const w = Math.max(...out.map((o) => o.length), fmt(b).length);
    for (let k = 0; k < out.length; k++) out[k] = out[k].startsWith('-') ? '-' + out[k].slice(1).padStart(w - 1, '0') : out[k].padStart(w, '0');
  }
  if (out.length) io.out(out.join(sep) + '\n');
  return 0;
}
