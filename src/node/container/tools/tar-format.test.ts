import { describe, expect, it } from 'vitest';
import { decodeTar, encodeTar, type TarEntry } from './tar-format.js';

const entries: TarEntry[] = [
  { name: 'd/', type: 'd', mode: 0o755, mtime: 1700000000 },
  { name: 'd/f', type: 'f', mode: 0o644, mtime: 1700000000, content: 'hi\n' },
  { name: 'd/ü', type: 'f', mode: 0o600, mtime: 1700000001, content: 'héllo wörld\n' },
  { name: 'd/l', type: 'l', mode: 0o777, mtime: 1700000000, linkname: 'f' },
  { name: `d/${'x'.repeat(120)}`, type: 'f', mode: 0o644, mtime: 1, content: '' },
];

describe('tar archives as strings', () => {
  it('round-trips files, directories, links, UTF-8 content and long names', () => {
    for (const gnu of [true, false]) expect(decodeTar(encodeTar(entries, { gnu }))).toEqual({ ok: true, entries });
  });

  it('counts UTF-8 bytes: GNU pads to 10240-byte records, busybox/Go end after two zero blocks', () => {
    const one = [entries[2]];
    expect(Buffer.byteLength(encodeTar(one, { gnu: true }))).toBe(10240);
    expect(Buffer.byteLength(encodeTar(one, { gnu: false }))).toBe(512 + 512 + 1024);
    expect(Buffer.from(encodeTar(one, { gnu: true }), 'utf8').subarray(257, 265).toString('latin1')).toBe('ustar  \0');
  });

  it('an empty archive is ok with no entries; text that is not tar is refused; a cut archive is truncated', () => {
    expect(decodeTar(encodeTar([], { gnu: true }))).toEqual({ ok: true, entries: [] });
    expect(decodeTar('')).toMatchObject({ ok: false, error: 'not-tar' });
    expect(decodeTar('hello\n'.repeat(200))).toMatchObject({ ok: false, error: 'not-tar' });
    const full = encodeTar([entries[1], { ...entries[1], name: 'd/g', content: 'x'.repeat(2000) }], { gnu: false });
    expect(decodeTar(full.slice(0, 1536))).toMatchObject({ ok: false, error: 'truncated' });
  });
});
