// `tar` in a container, GNU tar 1.34 (Debian images) or busybox's applet, over the container's files: create
// (`tar cf - PATH...`), extract (`tar -xmf - -C DIR`, what `kubectl cp` runs) and list (`tar tvf -`), with each
// one's messages (`Removing leading `/' from member names`, `Cannot stat`, `This does not look like a tar
// archive`...) and exit statuses. The archive travels as a string (tar-format.ts).

import { FsError, STRERROR, dirname, join, type FsEntry } from '../../../cluster/containerfs/types.js';
import type { ContainerFs } from '../../../cluster/containerfs/vfs.js';
import { absPath, fsOf, type CmdIO, type ContainerSession } from '../context.js';
import { decodeTar, encodeTar, type TarEntry } from './tar-format.js';

interface TarOpts {
  mode?: 'c' | 'x' | 't';
  file?: string;
  dir?: string;
  verbose: boolean;
  touch: boolean;
  noSamePermissions: boolean;
  operands: string[];
}

const LONG: Record<string, (o: TarOpts) => void> = {
  '--no-same-permissions': (o) => (o.noSamePermissions = true),
  '--no-same-owner': () => undefined,
  '--same-owner': () => undefined,
  '--touch': (o) => (o.touch = true),
  '--verbose': (o) => (o.verbose = true),
  '--create': (o) => (o.mode = 'c'),
  '--extract': (o) => (o.mode = 'x'),
  '--get': (o) => (o.mode = 'x'),
  '--list': (o) => (o.mode = 't'),
};

/** Options the old way (`tar cf - x`: a first word of letters whose `f` and `C` take the next words) and the usual way. */
function parseTar(argv: string[]): TarOpts | string {
  const o: TarOpts = { verbose: false, touch: false, noSamePermissions: false, operands: [] };
  const words = argv.slice(1);
  const letters = (text: string, takeValue: () => string | undefined): string | undefined => {
    for (const ch of text) {
      if (ch === 'c' || ch === 'x' || ch === 't') o.mode = ch;
      else if (ch === 'v') o.verbose = true;
      else if (ch === 'm') o.touch = true;
      else if (ch === 'o' || ch === 'p') continue;
      else if (ch === 'f' || ch === 'C') {
        const v = takeValue();
        if (v === undefined) return `!option requires an argument -- '${ch}'`;
        if (ch === 'f') o.file = v;
        else o.dir = v;
      } else return `-${ch}`;
    }
    return undefined;
  };
  let i = 0;
  if (words[0] !== undefined && !words[0].startsWith('-')) {
    const bad = letters(words[i++], () => words.splice(i, 1)[0]);
    if (bad) return bad;
  }
  let rest = false;
  for (; i < words.length; i++) {
    const a = words[i];
    if (rest || !a.startsWith('-') || a === '-') o.operands.push(a);
    else if (a === '--') rest = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (name === '--directory' || name === '--file') {
        const v = eq > 0 ? a.slice(eq + 1) : words[++i];
        if (v === undefined) return `!option '${name}' requires an argument`;
        if (name === '--file') o.file = v;
        else o.dir = v;
      } else if (LONG[a]) LONG[a](o);
      else return a;
    } else {
      let inline: string | undefined;
      const text = a.slice(1);
      // `-fFILE` / `-CDIR`: the rest of the word is the value
      const k = [...text].findIndex((ch) => ch === 'f' || ch === 'C');
      if (k >= 0 && k < text.length - 1) inline = text.slice(k + 1);
      const bad = letters(k >= 0 && inline !== undefined ? text.slice(0, k + 1) : text, () => (inline !== undefined ? inline : words[++i]));
      if (bad) return bad;
    }
  }
  return o;
}

class TarRun {
  failed = false;
  private warnedSlash = false;
  constructor(
    readonly s: ContainerSession,
    readonly io: CmdIO,
  ) {}

  get gnu(): boolean {
    return this.s.facts.flavour !== 'busybox';
  }

  err(text: string): void {
    this.io.err(`tar: ${text}\n`);
  }

  stripSlash(name: string): string {
    const stripped = name.replace(/^\/+/, '');
    if (stripped !== name && !this.warnedSlash) {
      this.warnedSlash = true;
      this.err(this.gnu ? "Removing leading `/' from member names" : "removing leading '/' from member names");
    }
    return stripped;
  }

  /** GNU tar's final line and status after errors it carried on from; busybox's. */
  finish(): number {
    if (!this.failed) return 0;
    this.err(this.gnu ? 'Exiting with failure status due to previous errors' : 'error exit delayed from previous errors');
    return this.gnu ? 2 : 1;
  }
}

function errno(e: unknown): string {
  if (e instanceof FsError) return STRERROR[e.code];
  throw e;
}

// ---------------------------------------------------------------- create

function collect(t: TarRun, fs: ContainerFs, abs: string, name: string, out: TarEntry[]): void {
  const st = fs.stat(abs, false);
  const entry = st?.entry as FsEntry;
  const mtime = Math.floor(entry.ts / 1000);
  if (entry.t === 'd') {
    out.push({ name: name.endsWith('/') || name === '' ? name : `${name}/`, type: 'd', mode: entry.m, mtime });
    for (const child of fs.readdir(st!.path)) collect(t, fs, join(st!.path, child), name === '' || name.endsWith('/') ? `${name}${child}` : `${name}/${child}`, out);
  } else if (entry.t === 'l') out.push({ name, type: 'l', mode: 0o777, mtime, linkname: entry.to });
  else if (entry.sz !== undefined) {
    // a binary of the image: kubesim has its size, not its bytes
    t.err(`${name}: kubesim does not simulate the content of this binary file; not archived`);
    t.failed = true;
  } else out.push({ name, type: 'f', mode: entry.m, mtime, content: entry.c });
}

function create(t: TarRun, o: TarOpts): number {
  const { s, io } = t;
  if (!o.operands.length) {
    if (t.gnu) {
      io.err("tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n");
      return 2;
    }
    t.err('empty archive');
    return 1;
  }
  const fs = fsOf(s);
  const entries: TarEntry[] = [];
  for (const op of o.operands) {
    if (t.gnu) t.stripSlash(op);
    const abs = absPath(s, op);
    let exists;
    try {
      exists = fs.stat(abs, false);
    } catch (e) {
      t.err(t.gnu ? `${op}: Cannot stat: ${errno(e)}` : `${op}: ${errno(e)}`);
      t.failed = true;
      continue;
    }
    if (!exists) {
      t.err(t.gnu ? `${op}: Cannot stat: No such file or directory` : `${op}: No such file or directory`);
      t.failed = true;
      continue;
    }
    const before = entries.length;
    collect(t, fs, abs, t.stripSlash(op.replace(/\/+$/, '') || op), entries);
    if (o.verbose) for (const e of entries.slice(before)) (o.file === '-' || o.file === undefined ? io.err : io.out)(`${e.name}\n`);
  }
  const archive = encodeTar(entries, { gnu: t.gnu });
  if (o.file === undefined || o.file === '-') io.out(archive);
  else {
    try {
      fs.write(absPath(s, o.file), archive);
    } catch (e) {
      t.err(t.gnu ? `${o.file}: Cannot open: ${errno(e)}` : `can't open '${o.file}': ${errno(e)}`);
      return t.gnu ? 2 : 1;
    }
  }
  return t.finish();
}

// ---------------------------------------------------------------- extract and list

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `tar tv`'s line: GNU's `-rw-r--r-- root/root         2 2026-12-04 06:41 f`, busybox's with seconds. */
export function listLine(e: TarEntry, gnu: boolean): string {
  const type = e.type === 'd' ? 'd' : e.type === 'l' ? 'l' : '-';
  const tri = (v: number) => `${v & 4 ? 'r' : '-'}${v & 2 ? 'w' : '-'}${v & 1 ? 'x' : '-'}`;
  let mode = type + tri((e.mode >> 6) & 7) + tri((e.mode >> 3) & 7) + tri(e.mode & 7);
  if (e.mode & 0o1000) mode = mode.slice(0, 9) + (e.mode & 1 ? 't' : 'T');
  const size = String(e.type === 'f' ? Buffer.byteLength(e.content ?? '') : 0);
  const d = new Date(e.mtime * 1000);
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const name = e.type === 'l' ? `${e.name} -> ${e.linkname}` : e.name;
  if (gnu) return `${mode} root/root ${size.padStart(Math.max(19 - 'root/root'.length - 1, size.length))} ${day} ${name}\n`;
  return `${mode} root/root ${size.padStart(9)} ${day}:${pad2(d.getUTCSeconds())} ${name}\n`;
}

function extractEntry(t: TarRun, fs: ContainerFs, base: string, e: TarEntry, o: TarOpts): void {
  const name = t.stripSlash(e.name);
  if (!name) return;
  if (t.gnu && name.split('/').includes('..')) {
    t.err(`${name}: Member name contains '..'`);
    t.failed = true;
    return;
  }
  const target = join(base, name);
  const mode = o.noSamePermissions ? e.mode & ~0o022 : e.mode;
  const now = t.s.cluster.clock.nowMs();
  const shown = name.replace(/\/$/, '');
  try {
    fs.mkdir(dirname(target), true);
  } catch (err) {
    t.err(t.gnu ? `${shown}: Cannot open: ${errno(err)}` : `can't open '${shown}': ${errno(err)}`);
    t.failed = true;
    return;
  }
  try {
    const existing = fs.stat(target, false);
    if (e.type === 'd') {
      if (existing?.entry.t !== 'd') {
        if (existing) fs.remove(target);
        fs.mkdir(target, false, mode);
      } else fs.chmod(target, mode);
    } else {
      if (existing && existing.entry.t !== 'd') fs.remove(target);
      if (e.type === 'l') fs.symlink(e.linkname ?? '', target);
      else {
        fs.write(target, e.content ?? '', false, mode);
        fs.chmod(target, mode);
      }
    }
    if (e.type !== 'l') fs.setTime(target, o.touch ? now : e.mtime * 1000);
  } catch (err) {
    const what = e.type === 'd' ? 'mkdir' : e.type === 'l' ? 'create symlink to' : 'open';
    if (t.gnu) t.err(`${shown}: Cannot ${what}: ${errno(err)}`);
    else t.err(e.type === 'd' ? `can't make dir ${shown}: ${errno(err)}` : `can't open '${shown}': ${errno(err)}`);
    t.failed = true;
  }
}

function extractOrList(t: TarRun, o: TarOpts): number {
  const { s, io } = t;
  const fs = fsOf(s);
  let archive: string;
  if (o.file === undefined || o.file === '-') archive = io.stdin;
  else {
    try {
      archive = fs.read(absPath(s, o.file));
    } catch (e) {
      t.err(t.gnu ? `${o.file}: Cannot open: ${errno(e)}\ntar: Error is not recoverable: exiting now` : `can't open '${o.file}': ${errno(e)}`);
      return t.gnu ? 2 : 1;
    }
  }
  let base = s.cwd;
  const chdir = (): boolean => {
    if (o.dir === undefined) return true;
    const abs = absPath(s, o.dir);
    let st;
    try {
      st = fs.stat(abs);
    } catch {
      st = undefined;
    }
    if (st?.entry.t === 'd') {
      base = st.path;
      return true;
    }
    const why = st ? 'Not a directory' : 'No such file or directory';
    t.err(t.gnu ? `${o.dir}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now` : `can't change directory to '${o.dir}': ${why}`);
    return false;
  };
  // busybox changes directory first; GNU tar only once it has read a member
  if (!t.gnu && o.mode === 'x' && !chdir()) return 1;
  const decoded = decodeTar(archive);
  if (!decoded.ok && decoded.error === 'not-tar') {
    if (!t.gnu) {
      if (archive === '') return 0;
      t.err(Buffer.byteLength(archive) < 512 ? 'short read' : 'invalid tar magic');
      return 1;
    }
    t.err('This does not look like a tar archive');
    t.failed = true;
    return t.finish();
  }
  if (t.gnu && o.mode === 'x' && !chdir()) return 2;
  for (const e of decoded.entries) {
    if (o.mode === 't') io.out(o.verbose ? listLine(e, t.gnu) : `${e.name}\n`);
    else {
      if (o.verbose) io.out(`${e.name}\n`);
      extractEntry(t, fs, base, e, o);
    }
  }
  if (!decoded.ok) {
    if (t.gnu) {
      t.err('Unexpected EOF in archive\ntar: Error is not recoverable: exiting now');
      return 2;
    }
    t.err('short read');
    return 1;
  }
  return t.finish();
}

export function tarTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const gnu = s.facts.flavour !== 'busybox';
  const o = parseTar(argv);
  if (typeof o === 'string') {
    if (o.startsWith('!')) io.err(`tar: ${o.slice(1)}\n${gnu ? "Try 'tar --help' or 'tar --usage' for more information.\n" : ''}`);
    else io.err(`tar: kubesim does not simulate tar's option ${o}\n`);
    return gnu ? 2 : 1;
  }
  const t = new TarRun(s, io);
  if (!o.mode) {
    if (gnu) {
      io.err("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n");
      return 2;
    }
    io.err('tar: kubesim does not simulate busybox tar without -c, -x or -t\n');
    return 1;
  }
  return o.mode === 'c' ? create(t, o) : extractOrList(t, o);
}

