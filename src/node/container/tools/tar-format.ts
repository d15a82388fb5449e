// The tar archive format as GNU tar and busybox tar write it (POSIX ustar headers with GNU's `././@LongLink`
// entries for names over 100 bytes), over the strings the shell's pipes carry: headers are ASCII and a file's
// content is its text, so the UTF-8 encoding of an archive string is the archive's bytes. Sizes and padding count
// UTF-8 bytes. Pure: entries in, string out, and back.

export interface TarEntry {
  /** member name as stored (a directory ends in '/') */
  name: string;
  type: 'f' | 'd' | 'l';
  mode: number;
  /** seconds since the epoch */
  mtime: number;
  /** a file's text */
  content?: string;
  /** a symlink's target */
  linkname?: string;
}

const BLOCK = 512;
/** GNU tar's default record: 20 blocks (`tar cf - x | wc -c` is a multiple of 10240). */
const RECORD = 20 * BLOCK;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function field(text: string, width: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length >= width) return bytes.subarray(0, width).toString('latin1');
  return text + '\0'.repeat(width - bytes.length);
}

/** One 512-byte header block (as a string of ASCII characters, NULs included). */
function header(name: string, type: string, mode: number, size: number, mtime: number, linkname: string, gnu: boolean): string {
  const head = field(name, 100) + octal(mode & 0o7777, 8) + octal(0, 8) + octal(0, 8) + octal(size, 12) + octal(mtime, 12);
  const tail = type + field(linkname, 100) + (gnu ? 'ustar  \0' : 'ustar\u000000') + field('root', 32) + field('root', 32) + (gnu ? '\0'.repeat(16) : octal(0, 8) + octal(0, 8)) + '\0'.repeat(155 + 12);
  let sum = 0;
  for (const b of Buffer.from(head + '        ' + tail, 'utf8')) sum += b;
  return head + sum.toString(8).padStart(6, '0') + '\0 ' + tail;
}

function padTo(bytes: number, unit: number): string {
  const r = bytes % unit;
  return r === 0 ? '' : '\0'.repeat(unit - r);
}

/** The archive: a header (and the content blocks) per entry, two zero blocks, and for GNU tar the record padding. */
export function encodeTar(entries: TarEntry[], opts: { gnu: boolean }): string {
  const parts: string[] = [];
  let total = 0;
  const push = (s: string, bytes: number): void => {
    parts.push(s);
    total += bytes;
  };
  for (const e of entries) {
    const linkname = e.linkname ?? '';
    if (Buffer.byteLength(e.name) > 100 || Buffer.byteLength(linkname) > 100) {
      const long = (text: string, kind: string): void => {
        const n = Buffer.byteLength(text) + 1;
        push(header('././@LongLink', kind, 0o644, n, 0, '', true), BLOCK);
        push(text + '\0' + padTo(n, BLOCK), n + padTo(n, BLOCK).length);
      };
      if (Buffer.byteLength(e.name) > 100) long(e.name, 'L');
      if (Buffer.byteLength(linkname) > 100) long(linkname, 'K');
    }
    const size = e.type === 'f' ? Buffer.byteLength(e.content ?? '') : 0;
    push(header(e.name, e.type === 'f' ? '0' : e.type === 'd' ? '5' : '2', e.mode, size, e.mtime, linkname, opts.gnu), BLOCK);
    if (size) push((e.content ?? '') + padTo(size, BLOCK), size + padTo(size, BLOCK).length);
  }
  push('\0'.repeat(2 * BLOCK), 2 * BLOCK);
  if (opts.gnu) push(padTo(total, RECORD), padTo(total, RECORD).length);
  return parts.join('');
}

export type DecodeResult = { ok: true; entries: TarEntry[] } | { ok: false; error: 'not-tar' | 'truncated'; entries: TarEntry[] };

function cstr(buf: Buffer, start: number, width: number): string {
  const slice = buf.subarray(start, start + width);
  const nul = slice.indexOf(0);
  return (nul < 0 ? slice : slice.subarray(0, nul)).toString('utf8');
}

function num(buf: Buffer, start: number, width: number): number {
  const text = cstr(buf, start, width).trim();
  return text ? parseInt(text, 8) : 0;
}

function checksumOk(buf: Buffer, at: number): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : buf[at + i];
  return num(buf, at + 148, 8) === sum;
}

/** Reads an archive string back into entries (what `tar x`/`tar t` walk). */
export function decodeTar(archive: string): DecodeResult {
  const buf = Buffer.from(archive, 'utf8');
  const entries: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  while (at + BLOCK <= buf.length) {
    const h = at;
    if (buf.subarray(h, h + BLOCK).every((b) => b === 0)) return { ok: true, entries };
    if (!checksumOk(buf, h)) return { ok: false, error: entries.length ? 'truncated' : 'not-tar', entries };
    const size = num(buf, h + 124, 12);
    const type = String.fromCharCode(buf[h + 156] || 48);
    if (h + BLOCK + size > buf.length) return { ok: false, error: 'truncated', entries };
    const data = buf.subarray(h + BLOCK, h + BLOCK + size).toString('utf8');
    at = h + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'K') {
      const text = data.replace(/\0+$/, '');
      if (type === 'L') longName = text;
      else longLink = text;
      continue;
    }
    const ustar = buf.subarray(h + 257, h + 263).toString('latin1') === 'ustar\u0000';
    const prefix = ustar ? cstr(buf, h + 345, 155) : '';
    let name = longName ?? (prefix ? `${prefix}/${cstr(buf, h, 100)}` : cstr(buf, h, 100));
    const linkname = longLink ?? cstr(buf, h + 157, 100);
    longName = longLink = undefined;
    const mode = num(buf, h + 100, 8);
    const mtime = num(buf, h + 136, 12);
    if (type === '5') {
      if (!name.endsWith('/')) name += '/';
      entries.push({ name, type: 'd', mode, mtime });
    } else if (type === '2') entries.push({ name, type: 'l', mode, mtime, linkname });
    else if (type === '0' || type === '7') entries.push({ name, type: 'f', mode, mtime, content: data });
    // other types (hard links, devices, FIFOs, pax headers) are not written by the archives kubesim makes
    else return { ok: false, error: 'truncated', entries };
  }
  // an archive that ends without its zero blocks is read to its end, as GNU tar and busybox do
  if (at === buf.length && entries.length) return { ok: true, entries };
  return { ok: false, error: entries.length ? 'truncated' : 'not-tar', entries };
}
