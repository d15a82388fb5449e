// The pieces of a container's filesystem: entries (file, directory, symlink) in flat path-keyed layers, and the
// errno-style failures that tools turn into their own messages.

export type FsEntry =
  | { t: 'f'; c: string; m: number; ts: number; /** size when the content is not modelled (a binary) */ sz?: number }
  | { t: 'd'; m: number; ts: number }
  | { t: 'l'; to: string; ts: number };

/** A layer: path (relative to its root, "" is the root, no leading slash) → entry; null hides a lower entry. */
export type Layer = Record<string, FsEntry | null>;

export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY' | 'ELOOP' | 'EINVAL';

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

/** strerror(3) as glibc and musl print them. */
export const STRERROR: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Symbolic link loop',
  EINVAL: 'Invalid argument',
};

/** Normalises an absolute path: no `.`/`..`/empty segments; `/` stays `/`. */
export function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export function join(dir: string, name: string): string {
  return normalize(`${dir}/${name}`);
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

export function basename(p: string): string {
  const n = normalize(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** Size as `ls -l` and `stat` show it: bytes of a file, 4096 for a directory, the target's length for a link. */
export function entrySize(e: FsEntry): number {
  if (e.t === 'f') return e.sz ?? Buffer.byteLength(e.c);
  if (e.t === 'l') return Buffer.byteLength(e.to);
  return 4096;
}

export const file = (c: string, ts: number, m = 0o644): Extract<FsEntry, { t: 'f' }> => ({ t: 'f', c, m, ts });
export const dir = (ts: number, m = 0o755): FsEntry => ({ t: 'd', m, ts });
export const link = (to: string, ts: number): FsEntry => ({ t: 'l', to, ts });
