// File utilities on the container's filesystem, in busybox's or coreutils' words: ls (-l -a -A -1 -d -h), mkdir
// (-p), rm (-r -f), rmdir, touch, cp (-r), mv, chmod and ln -s.

import { FsError, STRERROR, basename, entrySize, join, type FsEntry, type FsErrorCode } from '../../../cluster/containerfs/types.js';
import type { ContainerFs } from '../../../cluster/containerfs/vfs.js';
import { absPath, fsOf, type CmdIO, type ContainerSession } from '../context.js';

type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

const busybox = (s: ContainerSession) => s.facts.flavour === 'busybox';

/** Splits `-la` style options from operands (a lone `-` and everything after `--` are operands). */
function parseOpts(argv: string[]): { flags: Set<string>; args: string[] } {
  const flags = new Set<string>();
  const args: string[] = [];
  let rest = false;
  for (const a of argv.slice(1)) {
    if (rest || !a.startsWith('-') || a === '-') args.push(a);
    else if (a === '--') rest = true;
    else for (const ch of a.slice(1)) flags.add(ch);
  }
  return { flags, args };
}

function code(e: unknown): FsErrorCode {
  if (e instanceof FsError) return e.code;
  throw e;
}

// ---------------------------------------------------------------- ls

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ls -l`'s time: `Mon dd HH:MM` within six months of now, else `Mon dd  YYYY`. */
export function lsTime(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = nowMs - ms < 182.5 * 86_400_000 && ms <= nowMs + 3_600_000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

/** The mode column: type, then rwx triplets with setuid/setgid/sticky. */
export function modeString(e: FsEntry): string {
  const type = e.t === 'd' ? 'd' : e.t === 'l' ? 'l' : '-';
  if (e.t === 'l') return 'lrwxrwxrwx';
  const m = e.m;
  const tri = (v: number) => `${v & 4 ? 'r' : '-'}${v & 2 ? 'w' : '-'}${v & 1 ? 'x' : '-'}`;
  let s = type + tri((m >> 6) & 7) + tri((m >> 3) & 7) + tri(m & 7);
  if (m & 0o1000) s = s.slice(0, 9) + (m & 1 ? 't' : 'T');
  return s;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[i];
}

interface Row {
  name: string;
  entry: FsEntry;
  links: number;
}

/** Renders `ls -l` rows (pure): GNU columns padded to the widest value, busybox's fixed widths. */
export function renderLong(rows: Row[], nowMs: number, flavour: 'busybox' | 'gnu', humanSizes = false): string {
  const size = (r: Row) => (humanSizes ? human(entrySize(r.entry)) : String(entrySize(r.entry)));
  const name = (r: Row) => (r.entry.t === 'l' ? `${r.name} -> ${r.entry.to}` : r.name);
  if (flavour === 'busybox') {
    return rows.map((r) => `${modeString(r.entry)} ${String(r.links).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${size(r).padStart(9)} ${lsTime(r.entry.ts, nowMs)} ${name(r)}\n`).join('');
  }
  const lw = Math.max(...rows.map((r) => String(r.links).length));
  const sw = Math.max(...rows.map((r) => size(r).length));
  return rows.map((r) => `${modeString(r.entry)} ${String(r.links).padStart(lw)} root root ${size(r).padStart(sw)} ${lsTime(r.entry.ts, nowMs)} ${name(r)}\n`).join('');
}

/** 1K blocks as `total` counts them: whole 4 KiB blocks of files and directories, none for links. */
function blocks(e: FsEntry): number {
  if (e.t === 'l') return 0;
  return Math.ceil(entrySize(e) / 4096) * 4;
}

function linksOf(fs: ContainerFs, path: string, e: FsEntry): number {
  if (e.t !== 'd') return 1;
  let n = 2;
  try {
    for (const c of fs.readdir(path)) if (fs.stat(join(path, c), false)?.entry.t === 'd') n++;
  } catch {
    /* unreadable: count it alone */
  }
  return n;
}

const ls: Tool = (argv, s, io) => {
  const { flags, args } = parseOpts(argv);
  const bad = [...flags].find((f) => !'laA1dhFR'.includes(f));
  if (bad) {
    io.err(busybox(s) ? `ls: invalid option -- '${bad}'\n` : `ls: invalid option -- '${bad}'\nTry 'ls --help' for more information.\n`);
    return busybox(s) ? 1 : 2;
  }
  const fs = fsOf(s);
  const long = flags.has('l');
  const all = flags.has('a');
  const almost = flags.has('A');
  const flavour = busybox(s) ? 'busybox' : 'gnu';
  const now = s.cluster.clock.nowMs();
  const operands = args.length ? args : ['.'];
  let status = 0;
  const files: Row[] = [];
  const dirs: Array<{ arg: string; path: string }> = [];
  for (const a of operands) {
    const p = absPath(s, a);
    let st;
    try {
      st = fs.stat(p, !long || a.endsWith('/')) ?? undefined;
    } catch (e) {
      code(e);
      st = undefined;
    }
    if (!st) {
      io.err(busybox(s) ? `ls: ${a}: No such file or directory\n` : `ls: cannot access '${a}': No such file or directory\n`);
      status = busybox(s) ? 1 : 2;
      continue;
    }
    if (st.entry.t === 'd' && !flags.has('d')) dirs.push({ arg: a, path: st.path });
    else files.push({ name: a, entry: st.entry, links: linksOf(fs, st.path, st.entry) });
  }
  const list = (rows: Row[]): string => {
    if (!rows.length) return '';
    if (long) return renderLong(rows, now, flavour, flags.has('h'));
    if (io.piped || !s.tty || flags.has('1')) return rows.map((r) => `${r.name}\n`).join('');
    return rows.map((r) => r.name).join('  ') + '\n';
  };
  let out = list(files);
  const headers = operands.length > 1;
  dirs.forEach((d, i) => {
    let names = fs.readdir(d.path);
    if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
    const rows: Row[] = [];
    if (all) {
      const self = fs.stat(d.path)!;
      rows.push({ name: '.', entry: self.entry, links: linksOf(fs, d.path, self.entry) });
      const parentPath = d.path === '/' ? '/' : d.path.slice(0, d.path.lastIndexOf('/')) || '/';
      const parent = fs.stat(parentPath)!;
      rows.push({ name: '..', entry: parent.entry, links: linksOf(fs, parentPath, parent.entry) });
    }
    for (const n of names) {
      const full = join(d.path, n);
      const st = fs.stat(full, false);
      if (st) rows.push({ name: n, entry: st.entry, links: linksOf(fs, full, st.entry) });
    }
    if (out || i > 0) out += '\n';
    if (headers || files.length) out += `${d.arg}:\n`;
    if (long) out += `total ${rows.reduce((n, r) => n + blocks(r.entry), 0)}\n`;
    out += list(rows);
  });
  io.out(out);
  return status;
};

// ---------------------------------------------------------------- changing files

function report(s: ContainerSession, io: CmdIO, gnu: string, bb: string, c: FsErrorCode): void {
  io.err(`${busybox(s) ? bb : gnu}: ${STRERROR[c]}\n`);
}

const mkdir: Tool = (argv, s, io) => {
  const { flags, args } = parseOpts(argv);
  let m = 0o755;
  const modeIdx = argv.indexOf('-m');
  if (modeIdx > 0 && argv[modeIdx + 1]) m = parseInt(argv[modeIdx + 1], 8);
  const targets = modeIdx > 0 ? args.filter((a) => a !== argv[modeIdx + 1]) : args;
  if (!targets.length) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: mkdir [-m MODE] [-p] DIRECTORY...\n' : "mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    return 1;
  }
  const fs = fsOf(s);
  let status = 0;
  for (const a of targets) {
    try {
      fs.mkdir(absPath(s, a), flags.has('p'), m);
    } catch (e) {
      report(s, io, `mkdir: cannot create directory '${a}'`, `mkdir: can't create directory '${a}'`, code(e));
      status = 1;
    }
  }
  return status;
};

const rm: Tool = (argv, s, io) => {
  const { flags, args } = parseOpts(argv);
  const recursive = flags.has('r') || flags.has('R');
  const force = flags.has('f');
  const fs = fsOf(s);
  let status = 0;
  for (const a of args) {
    const p = absPath(s, a);
    try {
      const st = fs.stat(p, false);
      if (!st) {
        if (force) continue;
        throw new FsError('ENOENT', p);
      }
      if (st.entry.t === 'd' && !recursive) {
        io.err(busybox(s) ? `rm: '${a}' is a directory\n` : `rm: cannot remove '${a}': Is a directory\n`);
        status = 1;
        continue;
      }
      fs.remove(p, recursive);
    } catch (e) {
      report(s, io, `rm: cannot remove '${a}'`, `rm: can't remove '${a}'`, code(e));
      status = 1;
    }
  }
  if (!args.length && !force) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: rm [-irf] FILE...\n' : "rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  return status;
};

const rmdir: Tool = (argv, s, io) => {
  const { args } = parseOpts(argv);
  const fs = fsOf(s);
  let status = 0;
  for (const a of args) {
    try {
      fs.rmdir(absPath(s, a));
    } catch (e) {
      report(s, io, `rmdir: failed to remove '${a}'`, `rmdir: '${a}'`, code(e));
      status = 1;
    }
  }
  return status;
};

const touch: Tool = (argv, s, io) => {
  const { args } = parseOpts(argv);
  const fs = fsOf(s);
  let status = 0;
  for (const a of args) {
    try {
      fs.touch(absPath(s, a));
    } catch (e) {
      report(s, io, `touch: cannot touch '${a}'`, `touch: ${a}`, code(e));
      status = 1;
    }
  }
  return status;
};

const cp: Tool = (argv, s, io) => {
  const { flags, args } = parseOpts(argv);
  if (args.length < 2) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: cp [-arPLHpfinlsTu] SOURCE DEST\n' : args.length ? `cp: missing destination file operand after '${args[0]}'\nTry 'cp --help' for more information.\n` : "cp: missing file operand\nTry 'cp --help' for more information.\n");
    return 1;
  }
  const recursive = flags.has('r') || flags.has('R') || flags.has('a');
  const fs = fsOf(s);
  const dest = absPath(s, args[args.length - 1]);
  let status = 0;
  for (const a of args.slice(0, -1)) {
    const st = fs.stat(absPath(s, a));
    if (!st) {
      report(s, io, `cp: cannot stat '${a}'`, `cp: can't stat '${a}'`, 'ENOENT');
      status = 1;
      continue;
    }
    if (st.entry.t === 'd' && !recursive) {
      io.err(busybox(s) ? `cp: omitting directory '${a}'\n` : `cp: -r not specified; omitting directory '${a}'\n`);
      status = 1;
      continue;
    }
    try {
      fs.copy(st.path, dest, recursive);
    } catch (e) {
      report(s, io, `cp: cannot create regular file '${args[args.length - 1]}'`, `cp: can't create '${args[args.length - 1]}'`, code(e));
      status = 1;
    }
  }
  return status;
};

const mv: Tool = (argv, s, io) => {
  const { args } = parseOpts(argv);
  if (args.length < 2) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: mv [-finT] SOURCE DEST\n' : "mv: missing file operand\nTry 'mv --help' for more information.\n");
    return 1;
  }
  const fs = fsOf(s);
  const dest = absPath(s, args[args.length - 1]);
  let status = 0;
  for (const a of args.slice(0, -1)) {
    try {
      fs.move(absPath(s, a), dest);
    } catch (e) {
      const c = code(e);
      if (c === 'ENOENT' && !fs.stat(absPath(s, a), false)) report(s, io, `mv: cannot stat '${a}'`, `mv: can't stat '${a}'`, c);
      else report(s, io, `mv: cannot move '${a}' to '${args[args.length - 1]}'`, `mv: can't rename '${a}'`, c);
      status = 1;
    }
  }
  return status;
};

const chmod: Tool = (argv, s, io) => {
  const { args } = parseOpts(argv);
  const [mode, ...paths] = args;
  if (!mode || !paths.length) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: chmod [-Rcvf] MODE[,MODE]... FILE...\n' : "chmod: missing operand\nTry 'chmod --help' for more information.\n");
    return 1;
  }
  const fs = fsOf(s);
  let status = 0;
  for (const a of paths) {
    const p = absPath(s, a);
    const st = fs.stat(p);
    if (!st) {
      report(s, io, `chmod: cannot access '${a}'`, `chmod: ${a}`, 'ENOENT');
      status = 1;
      continue;
    }
    const m = symbolicMode(mode, st.entry.t === 'l' ? 0o777 : st.entry.m);
    if (m === undefined) {
      io.err(busybox(s) ? `chmod: invalid mode '${mode}'\n` : `chmod: invalid mode: '${mode}'\nTry 'chmod --help' for more information.\n`);
      return 1;
    }
    try {
      fs.chmod(p, m);
    } catch (e) {
      report(s, io, `chmod: changing permissions of '${a}'`, `chmod: ${a}`, code(e));
      status = 1;
    }
  }
  return status;
};

/** An octal mode or a symbolic one (`u+x`, `go-w`, `a=r`, `+x`) applied to the current mode. */
export function symbolicMode(spec: string, current: number): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = current;
  for (const clause of spec.split(',')) {
    const r = /^([ugoa]*)([+=-])([rwxXst]*)$/.exec(clause);
    if (!r) return undefined;
    const who = r[1] || 'a';
    let bits = 0;
    for (const ch of r[3]) bits |= ch === 'r' ? 4 : ch === 'w' ? 2 : ch === 'x' || ch === 'X' ? 1 : 0;
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= bits << 6;
    if (who.includes('g') || who.includes('a')) mask |= bits << 3;
    if (who.includes('o') || who.includes('a')) mask |= bits;
    if (r[3].includes('t')) mask |= 0o1000;
    if (r[2] === '+') m |= mask;
    else if (r[2] === '-') m &= ~mask;
    else {
      let clear = 0;
      if (who.includes('u') || who.includes('a')) clear |= 0o700;
      if (who.includes('g') || who.includes('a')) clear |= 0o070;
      if (who.includes('o') || who.includes('a')) clear |= 0o007;
      m = (m & ~clear) | mask;
    }
  }
  return m;
}

const ln: Tool = (argv, s, io) => {
  const { flags, args } = parseOpts(argv);
  if (!flags.has('s')) {
    io.err('kubesim: hard links are not simulated; use ln -s\n');
    return 1;
  }
  if (args.length < 1) {
    io.err(busybox(s) ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ln [-sfnbtv] [-S SUF] TARGET... LINK|DIR\n' : "ln: missing file operand\nTry 'ln --help' for more information.\n");
    return 1;
  }
  const target = args[0];
  const fs = fsOf(s);
  let where = absPath(s, args[1] ?? basename(target));
  if (fs.stat(where)?.entry.t === 'd') where = join(where, basename(target));
  try {
    if (flags.has('f') && fs.stat(where, false)) fs.remove(where);
    fs.symlink(target, where);
    return 0;
  } catch (e) {
    const c = code(e);
    report(s, io, `ln: failed to create symbolic link '${args[1] ?? basename(target)}'`, `ln: ${args[1] ?? basename(target)}`, c);
    return 1;
  }
};

export const fileTools: Record<string, Tool> = { ls, mkdir, rm, rmdir, touch, cp, mv, chmod, ln };
