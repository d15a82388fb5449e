// One container's view of files: a mount table (the root overlay of the image and the container's writable layer,
// then volumes and the kubelet's bind mounts) resolved as the kernel does: the deepest mount point wins, symlinks
// are followed in every component but the last unless asked, and failures are errno codes.

import { FsError, dirname, basename, join, normalize, type FsEntry, type Layer } from './types.js';

/** A mounted filesystem: entries by path relative to its root ('/' is the root). */
export interface Mount {
  /** absolute mount point */
  at: string;
  readOnly: boolean;
  get(rel: string): FsEntry | undefined;
  children(rel: string): string[];
  /** writes an entry (null removes); absent on read-only sources */
  put?(rel: string, e: FsEntry | null): void;
}

/** A mount over stacked layers (top first); writes go to the top one, hiding lower entries with null. */
export function layerMount(at: string, top: Layer | undefined, lower: Layer[], readOnly = false, onWrite?: () => Layer): Mount {
  const layers = (): Layer[] => (top ? [top, ...lower] : lower);
  return {
    at: normalize(at),
    readOnly,
    get(rel) {
      for (const l of layers()) {
        if (rel in l) return l[rel] ?? undefined;
      }
      return undefined;
    },
    children(rel) {
      const prefix = rel === '/' ? '/' : `${rel}/`;
      const seen = new Map<string, boolean>();
      for (const l of layers()) {
        for (const [k, v] of Object.entries(l)) {
          if (!k.startsWith(prefix) || k === rel) continue;
          const name = k.slice(prefix.length);
          if (!name || name.includes('/')) continue;
          if (!seen.has(name)) seen.set(name, v !== null);
        }
      }
      return [...seen].filter(([, live]) => live).map(([n]) => n);
    },
    put: readOnly
      ? undefined
      : (rel, e) => {
          const t = top ?? onWrite?.();
          if (!t) throw new FsError('EROFS', rel);
          top = t;
          if (e === null && !lower.some((l) => l[rel])) delete t[rel];
          else t[rel] = e;
        },
  };
}

export interface Stat {
  path: string;
  entry: FsEntry;
  mount: Mount;
}

const MAX_LINKS = 40;

export class ContainerFs {
  private readonly mounts: Mount[];

  constructor(mounts: Mount[], private readonly nowMs: () => number) {
    // later mounts over the same point shadow earlier ones; the deepest point wins
    this.mounts = [...mounts].reverse().sort((a, b) => b.at.length - a.at.length);
  }

  private mountOf(abs: string): { m: Mount; rel: string } {
    for (const m of this.mounts) {
      if (abs === m.at) return { m, rel: '/' };
      if (m.at === '/' || abs.startsWith(m.at + '/')) return { m, rel: m.at === '/' ? abs : abs.slice(m.at.length) };
    }
    throw new FsError('ENOENT', abs);
  }

  /** The entry at a canonical path (no symlink resolution); ancestors of mount points exist as directories. */
  private raw(abs: string): Stat | undefined {
    const { m, rel } = this.mountOf(abs);
    const e = m.get(rel);
    if (e) return { path: abs, entry: e, mount: m };
    if (this.mounts.some((x) => x.at !== abs && x.at.startsWith(abs === '/' ? '/' : abs + '/'))) return { path: abs, entry: { t: 'd', m: 0o755, ts: 0 }, mount: m };
    return undefined;
  }

  /** Resolves a path: every symlink in the directories, and the last component too when `follow`. */
  resolve(path: string, follow = true): { path: string; stat?: Stat } {
    let pending = normalize(path).split('/').filter(Boolean);
    let cur = '/';
    let hops = 0;
    while (pending.length) {
      const seg = pending.shift()!;
      const next = join(cur, seg);
      const st = this.raw(next);
      if (!st) {
        if (pending.length) throw new FsError('ENOENT', path);
        return { path: next };
      }
      if (st.entry.t === 'l' && (pending.length || follow)) {
        if (++hops > MAX_LINKS) throw new FsError('ELOOP', path);
        const to = st.entry.to;
        if (to.startsWith('/dev/')) return { path: normalize(to) };
        const target = to.startsWith('/') ? normalize(to) : join(cur, to);
        pending = [...target.split('/').filter(Boolean), ...pending];
        cur = '/';
        continue;
      }
      if (pending.length && st.entry.t !== 'd') throw new FsError('ENOTDIR', path);
      cur = next;
    }
    const stat = this.raw(cur);
    return { path: cur, stat };
  }

  stat(path: string, follow = true): Stat | undefined {
    return this.resolve(path, follow).stat;
  }

  read(path: string): string {
    const st = this.stat(path);
    if (!st) throw new FsError('ENOENT', path);
    if (st.entry.t === 'd') throw new FsError('EISDIR', path);
    return st.entry.t === 'f' ? st.entry.c : '';
  }

  private writable(abs: string): { m: Mount; rel: string } {
    const at = this.mountOf(abs);
    if (at.m.readOnly || !at.m.put) throw new FsError('EROFS', abs);
    return at;
  }

  private parentDir(abs: string): void {
    const parent = this.stat(dirname(abs));
    if (!parent) throw new FsError('ENOENT', abs);
    if (parent.entry.t !== 'd') throw new FsError('ENOTDIR', abs);
  }

  write(path: string, content: string, append = false, mode = 0o644): void {
    const r = this.resolve(path);
    if (r.path.startsWith('/dev/')) return;
    if (r.stat?.entry.t === 'd') throw new FsError('EISDIR', path);
    if (!r.stat) this.parentDir(r.path);
    const { m, rel } = this.writable(r.path);
    const old = r.stat?.entry.t === 'f' ? r.stat.entry : undefined;
    m.put!(rel, { t: 'f', c: append && old ? old.c + content : content, m: old?.m ?? mode, ts: this.nowMs() });
  }

  /** touch: creates an empty file or updates the time. */
  touch(path: string): void {
    const r = this.resolve(path);
    if (!r.stat) return this.write(path, '');
    const { m, rel } = this.writable(r.path);
    m.put!(rel, { ...r.stat.entry, ts: this.nowMs() });
  }

  /** Sets a path's modification time (touch -d, tar restoring a member's mtime). */
  setTime(path: string, ms: number): void {
    const r = this.resolve(path, false);
    if (!r.stat) throw new FsError('ENOENT', path);
    const { m, rel } = this.writable(r.path);
    m.put!(rel, { ...r.stat.entry, ts: ms });
  }

  mkdir(path: string, parents = false, mode = 0o755): void {
    const abs = normalize(path);
    if (parents) {
      // mkdir -p: each missing ancestor in turn
      let cur = '';
      for (const seg of abs.split('/').filter(Boolean)) {
        cur += `/${seg}`;
        const st = this.stat(cur);
        if (st?.entry.t === 'd') continue;
        if (st) throw new FsError(cur === abs ? 'EEXIST' : 'ENOTDIR', path);
        this.mkdir(cur, false, mode);
      }
      return;
    }
    const r = this.resolve(abs, false);
    if (r.stat) throw new FsError('EEXIST', path);
    const parent = this.stat(dirname(r.path));
    if (!parent) throw new FsError('ENOENT', path);
    if (parent.entry.t !== 'd') throw new FsError('ENOTDIR', path);
    const { m, rel } = this.writable(r.path);
    m.put!(rel, { t: 'd', m: mode, ts: this.nowMs() });
  }

  symlink(target: string, path: string): void {
    const r = this.resolve(path, false);
    if (r.stat) throw new FsError('EEXIST', path);
    this.parentDir(r.path);
    const { m, rel } = this.writable(r.path);
    m.put!(rel, { t: 'l', to: target, ts: this.nowMs() });
  }

  chmod(path: string, mode: number): void {
    const st = this.stat(path);
    if (!st) throw new FsError('ENOENT', path);
    const { m, rel } = this.writable(st.path);
    if (st.entry.t !== 'l') m.put!(rel, { ...st.entry, m: mode });
  }

  /** Names in a directory (sorted by byte order), mount points included. */
  readdir(path: string): string[] {
    const st = this.stat(path);
    if (!st) throw new FsError('ENOENT', path);
    if (st.entry.t !== 'd') throw new FsError('ENOTDIR', path);
    const abs = st.path;
    const { m, rel } = this.mountOf(abs);
    const names = new Set(m.get(rel) ? m.children(rel) : []);
    for (const x of this.mounts) {
      // the mount at this very directory (the root filesystem at /) is no entry of it
      if (x.at === abs) continue;
      if (dirname(x.at) === abs) names.add(basename(x.at));
      else if (x.at.startsWith(abs === '/' ? '/' : abs + '/')) names.add(x.at.slice(abs === '/' ? 1 : abs.length + 1).split('/')[0]);
    }
    return [...names].sort();
  }

  /** rm: a file or link; with `recursive` a directory and all below it. */
  remove(path: string, recursive = false): void {
    const r = this.resolve(path, false);
    if (!r.stat) throw new FsError('ENOENT', path);
    if (this.mounts.some((x) => x.at === r.path)) throw new FsError(r.path === '/' ? 'EINVAL' : 'EROFS', path);
    if (r.stat.entry.t === 'd') {
      if (!recursive) throw new FsError('EISDIR', path);
      for (const n of this.readdir(r.path)) this.remove(join(r.path, n), true);
    }
    const { m, rel } = this.writable(r.path);
    m.put!(rel, null);
  }

  /** rmdir: an empty directory. */
  rmdir(path: string): void {
    const r = this.resolve(path, false);
    if (!r.stat) throw new FsError('ENOENT', path);
    if (r.stat.entry.t !== 'd') throw new FsError('ENOTDIR', path);
    if (this.readdir(r.path).length) throw new FsError('ENOTEMPTY', path);
    const { m, rel } = this.writable(r.path);
    m.put!(rel, null);
  }

  /** Copies a file (or, recursively, a directory) to a new path. */
  copy(from: string, to: string, recursive = false): void {
    const src = this.stat(from);
    if (!src) throw new FsError('ENOENT', from);
    let dest = normalize(to);
    if (this.stat(dest)?.entry.t === 'd') dest = join(dest, basename(src.path));
    if (src.entry.t === 'd') {
      if (!recursive) throw new FsError('EISDIR', from);
      if (!this.stat(dest)) this.mkdir(dest, false, src.entry.m);
      for (const n of this.readdir(src.path)) this.copy(join(src.path, n), join(dest, n), true);
      return;
    }
    this.write(dest, src.entry.t === 'f' ? src.entry.c : '', false, src.entry.t === 'f' ? src.entry.m : 0o644);
  }

  /** Moves a path (copy then remove, across mounts as mv does). */
  move(from: string, to: string): void {
    const src = this.resolve(from, false);
    if (!src.stat) throw new FsError('ENOENT', from);
    this.copy(src.path, to, true);
    this.remove(src.path, true);
  }
}
