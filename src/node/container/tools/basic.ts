// Everyday utilities inside containers (busybox applets or coreutils): cat, env, printenv, hostname, ls, sleep,
// echo, head, tail, wc, sort, id, whoami, uname, date, true/false, which, touch/rm/mkdir and apt-get.

import type { Node } from '../../../cluster/apiserver/types.js';
import { podHostname } from '../../../cluster/network/dns/index.js';
import { busyboxDate } from '../../../cluster/network/images/script-output.js';
import { FsError } from '../../../cluster/containerfs/types.js';
import { absPath, exportedEnv, fsOf, type CmdIO, type ContainerSession } from '../context.js';

export type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

/** `cat: can't open 'x': No such file or directory` (busybox) / `cat: x: No such file or directory` (coreutils). */
function noFile(s: ContainerSession, tool: string, path: string, verb = "can't open"): string {
  return s.facts.flavour === 'busybox' ? `${tool}: ${verb} '${path}': No such file or directory\n` : `${tool}: ${path}: No such file or directory\n`;
}

/** Input files of a filter (stdin when none or `-`); returns false after reporting a missing file. */
export function inputs(files: string[], s: ContainerSession, io: CmdIO, tool: string): { texts: string[]; code: number } {
  if (files.length === 0) return { texts: [io.stdin], code: 0 };
  const texts: string[] = [];
  let code = 0;
  for (const f of files) {
    if (f === '-') texts.push(io.stdin);
    else if (s.files) {
      const r = s.files.read(f);
      if (r === 'ENOENT' || r === 'EISDIR') {
        io.err(r === 'EISDIR' ? `${tool}: ${f}: Is a directory\n` : noFile(s, tool, f));
        code = 1;
      } else texts.push(r);
    } else {
      try {
        texts.push(fsOf(s).read(absPath(s, f)));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        if (e.code === 'EISDIR') io.err(s.facts.flavour === 'busybox' ? `${tool}: read error: Is a directory\n` : `${tool}: ${f}: Is a directory\n`);
        else io.err(noFile(s, tool, f));
        code = 1;
      }
    }
  }
  return { texts, code };
}

const cat: Tool = (argv, s, io) => {
  const { texts, code } = inputs(argv.slice(1).filter((a) => !/^-[a-zA-Z]+$/.test(a)), s, io, 'cat');
  io.out(texts.join(''));
  return code;
};

const env: Tool = (argv, s, io) => {
  const rest = argv.slice(1);
  if (rest.length && !rest[0].startsWith('-') && !rest[0].includes('=')) {
    io.err(`env: can't execute '${rest[0]}': No such file or directory\n`);
    return 127;
  }
  for (const [k, v] of exportedEnv(s)) io.out(`${k}=${v}\n`);
  return 0;
};

const printenv: Tool = (argv, s, io) => {
  const names = argv.slice(1);
  if (names.length === 0) return env(['env'], s, io);
  let code = 0;
  for (const n of names) {
    const v = s.exported.has(n) ? s.vars.get(n) : undefined;
    if (v === undefined) code = 1;
    else io.out(`${v}\n`);
  }
  return code;
};

const hostname: Tool = (argv, s, io) => {
  if (argv.includes('-i')) io.out(`${s.pod.status?.podIP ?? ''}\n`);
  else io.out(`${podHostname(s.pod)}\n`);
  return 0;
};

const sleep: Tool = (argv, s, io) => {
  if (argv.length < 2) {
    io.err(s.facts.flavour === 'busybox' ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n' : 'sleep: missing operand\n');
    return 1;
  }
  return 0;
};

const echo: Tool = (argv, _s, io) => {
  let rest = argv.slice(1);
  let nl = true;
  if (rest[0] === '-n') {
    nl = false;
    rest = rest.slice(1);
  }
  io.out(rest.join(' ') + (nl ? '\n' : ''));
  return 0;
};

/** A text's lines, without the empty one after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function countOpt(argv: string[], dflt: number): { n: number; files: string[] } {
  let n = dflt;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n') n = Number(argv[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  return { n, files };
}

const head: Tool = (argv, s, io) => {
  const { n, files } = countOpt(argv, 10);
  const { texts, code } = inputs(files, s, io, 'head');
  for (const t of texts) io.out(splitLines(t).slice(0, n).map((l) => `${l}\n`).join(''));
  return code;
};

/** `tail -c N` / `-c+N` (`kubectl cp --retries` resumes with `tar cf - F | tail -c+N`): bytes, not lines. */
function tailBytes(argv: string[], s: ContainerSession, io: CmdIO): number | undefined {
  const i = argv.findIndex((a) => /^-c([+-]?\d+)?$/.test(a));
  if (i < 0) return undefined;
  const spec = argv[i].length > 2 ? argv[i].slice(2) : argv[i + 1] ?? '';
  if (!/^[+-]?\d+$/.test(spec)) return undefined;
  const files = argv.slice(1).filter((_, j) => j + 1 !== i && (argv[i].length > 2 || j !== i));
  const { texts, code } = inputs(files, s, io, 'tail');
  for (const t of texts) {
    const b = Buffer.from(t, 'utf8');
    const n = Number(spec.replace(/^[+-]/, ''));
    io.out((spec.startsWith('+') ? b.subarray(Math.max(n - 1, 0)) : b.subarray(Math.max(b.length - n, 0))).toString('utf8'));
  }
  return code;
}

const tail: Tool = (argv, s, io) => {
  const bytes = tailBytes(argv, s, io);
  if (bytes !== undefined) return bytes;
  const { n, files } = countOpt(argv, 10);
  const { texts, code } = inputs(files.filter((f) => f !== '-f'), s, io, 'tail');
  for (const t of texts) io.out(splitLines(t).slice(-n).map((l) => `${l}\n`).join(''));
  return code;
};

const wc: Tool = (argv, s, io) => {
  const flags = argv.slice(1).filter((a) => a.startsWith('-')).join('');
  const { texts, code } = inputs(argv.slice(1).filter((a) => !a.startsWith('-')), s, io, 'wc');
  const t = texts.join('');
  const lines = (t.match(/\n/g) ?? []).length;
  const words = t.split(/\s+/).filter(Boolean).length;
  const bytes = Buffer.byteLength(t);
  const busy = s.facts.flavour === 'busybox';
  const fmt = (n: number) => (busy ? String(n).padStart(7) : String(n));
  if (flags.includes('l')) io.out(`${busy ? fmt(lines) : lines}\n`);
  else if (flags.includes('w')) io.out(`${busy ? fmt(words) : words}\n`);
  else if (flags.includes('c')) io.out(`${busy ? fmt(bytes) : bytes}\n`);
  else io.out(busy ? `${fmt(lines)} ${fmt(words)} ${fmt(bytes)}\n` : `${String(lines).padStart(7)} ${String(words).padStart(7)} ${String(bytes).padStart(7)}\n`);
  return code;
};

const sort: Tool = (argv, s, io) => {
  const rev = argv.includes('-r');
  const { texts, code } = inputs(argv.slice(1).filter((a) => !a.startsWith('-')), s, io, 'sort');
  const lines = texts.flatMap(splitLines).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (rev) lines.reverse();
  io.out(lines.map((l) => `${l}\n`).join(''));
  return code;
};

const id: Tool = (_a, _s, io) => {
  io.out('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  return 0;
};

const whoami: Tool = (_a, _s, io) => {
  io.out('root\n');
  return 0;
};

const uname: Tool = (argv, s, io) => {
  const node = s.pod.spec.nodeName ? s.cluster.api.tryGet<Node>('nodes', undefined, s.pod.spec.nodeName) : undefined;
  const kernel = node?.status?.nodeInfo?.kernelVersion ?? '';
  if (argv.includes('-a')) io.out(`Linux ${podHostname(s.pod)} ${kernel} #18~22.04.1-Ubuntu SMP Thu Oct  3 19:57:42 UTC 2024 x86_64${s.facts.flavour === 'busybox' ? '' : ' GNU/Linux'}\n`);
  else if (argv.includes('-r')) io.out(`${kernel}\n`);
  else io.out('Linux\n');
  return 0;
};

// busybox and GNU date both default to "%a %b %e %H:%M:%S %Z %Y" (day space-padded), as the main-process
// script simulation prints it: one formatter for both
const date: Tool = (_a, s, io) => {
  io.out(`${busyboxDate(s.cluster.clock.now().getTime())}\n`);
  return 0;
};

const which: Tool = (argv, s, io) => {
  let code = 0;
  for (const a of argv.slice(1)) {
    if (s.facts.tools.has(a)) io.out(`${s.facts.flavour === 'busybox' ? '/bin' : '/usr/bin'}/${a}\n`);
    else code = 1;
  }
  return code;
};

/** apt-get in Debian-based images: there is no internet to install from. */
const aptGet: Tool = (argv, s, io) => {
  const sub = argv.slice(1).find((a) => !a.startsWith('-'));
  if (sub === 'update') {
    io.out('Ign:1 http://deb.debian.org/debian bookworm InRelease\nErr:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving \'deb.debian.org\'\nReading package lists... Done\n');
    io.err("W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\nW: Some index files failed to download. They have been ignored, or old ones used instead.\n");
    return 0;
  }
  if (sub === 'install') {
    const pkg = argv.slice(1).filter((a) => !a.startsWith('-') && a !== 'install');
    io.out('Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n');
    io.err(`E: Unable to locate package ${pkg[0] ?? ''}\n`);
    return 100;
  }
  void s;
  io.err('E: Invalid operation ' + (sub ?? '') + '\n');
  return 100;
};

export const basicTools: Record<string, Tool> = {
  cat,
  env,
  printenv,
  hostname,
  sleep,
  echo,
  head,
  tail,
  wc,
  sort,
  id,
  whoami,
  uname,
  date,
  which,
  true: () => 0,
  false: () => 1,
  pwd: (_a, s, io) => {
    io.out(`${s.cwd}\n`);
    return 0;
  },
  'apt-get': aptGet,
  apt: aptGet,
};
