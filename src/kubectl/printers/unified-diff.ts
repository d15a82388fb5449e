// What GNU `diff -u -N FROMDIR TODIR` prints for two directories of files (the program `kubectl diff` runs by
// default): for each name in either directory, in byte order, whose contents differ, the `diff -u -N A B` line, the
// `---`/`+++` headers with the files' modification times, and the hunks with three lines of context. The line
// diff itself is the `diff` package's (Myers, as GNU diff); this module only lays it out as GNU diff does.

import { structuredPatch } from 'diff';

export interface DiffFile {
  name: string;
  /** the file's text in each directory; undefined when the file is absent there (-N: read as empty) */
  from?: string;
  to?: string;
}

export interface DiffDirs {
  fromDir: string;
  toDir: string;
  /** modification time of the files, as GNU diff prints it (`2025-01-06 10:00:00.123456789 +0000`) */
  mtime: string;
}

/** GNU diff's time stamp for -u: `%Y-%m-%d %H:%M:%S.%N %z`, here in UTC. */
export function diffTimestamp(ms: number, nanosWithinMs: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = d.getUTCMilliseconds() * 1_000_000 + (nanosWithinMs % 1_000_000);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(nanos, 9)} +0000`;
}

/** The time GNU diff shows for a file that does not exist (-N): the epoch. */
const EPOCH = '1970-01-01 00:00:00.000000000 +0000';

/** A unified range as GNU prints it: `START,COUNT`, just `START` for one line, the line before for none. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  if (count === 1) return `${start}`;
  return `${start},${count}`;
}

/** The unified diff of one pair of texts (hunks only), or '' when they are equal. */
export function unifiedHunks(from: string, to: string, context = 3): string {
  if (from === to) return '';
  const patch = structuredPatch('a', 'b', from, to, '', '', { context });
  let out = '';
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const line of h.lines) out += `${line}\n`;
  }
  return out;
}

function byteLess(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** `diff -u -N fromDir toDir` over the files; '' when no file differs. */
export function unifiedDirDiff(files: DiffFile[], dirs: DiffDirs): string {
  let out = '';
  for (const f of [...files].sort((a, b) => byteLess(a.name, b.name))) {
    const from = f.from ?? '';
    const to = f.to ?? '';
    if (from === to) continue;
    const a = `${dirs.fromDir}/${f.name}`;
    const b = `${dirs.toDir}/${f.name}`;
    out += `diff -u -N ${a} ${b}\n`;
    out += `--- ${a}\t${f.from === undefined ? EPOCH : dirs.mtime}\n`;
    out += `+++ ${b}\t${f.to === undefined ? EPOCH : dirs.mtime}\n`;
    out += unifiedHunks(from, to);
  }
  return out;
}
