import { describe, expect, it } from 'vitest';
import { diffTimestamp, unifiedDirDiff, unifiedHunks } from './unified-diff.js';

const lines = (n: number, edit?: Record<number, string>) => Array.from({ length: n }, (_, i) => `${edit?.[i + 1] ?? `l${i + 1}`}\n`).join('');

describe('GNU diff -u layout', () => {
  it('writes ranges as GNU does: START alone for one line, the line before for none', () => {
    expect(unifiedHunks('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedHunks('null\n', 'a\n')).toBe('@@ -1 +1 @@\n-null\n+a\n');
    expect(unifiedHunks('a\n', 'a\n')).toBe('');
  });
  it('keeps three lines of context and joins hunks at most six lines apart', () => {
    expect(unifiedHunks(lines(20), lines(20, { 10: 'X' }))).toBe('@@ -7,7 +7,7 @@\n l7\n l8\n l9\n-l10\n+X\n l11\n l12\n l13\n');
    // 6 unchanged lines between two changes: one hunk; 7: two
    expect(unifiedHunks(lines(30), lines(30, { 5: 'X', 12: 'Y' })).match(/^@@/gm)).toHaveLength(1);
    expect(unifiedHunks(lines(30), lines(30, { 5: 'X', 13: 'Y' })).match(/^@@/gm)).toHaveLength(2);
  });
  it('compares the directories file by file in byte order, absent files as empty with the epoch', () => {
    const out = unifiedDirDiff(
      [
        { name: 'v1.ConfigMap.default.b', from: 'x\n', to: 'y\n' },
        { name: 'apps.v1.Deployment.default.a', from: 'same\n', to: 'same\n' },
        { name: 'V1.Z..c', to: 'new\n' },
      ],
      { fromDir: '/tmp/LIVE-1', toDir: '/tmp/MERGED-2', mtime: 'T' },
    );
    expect(out).toBe(
      'diff -u -N /tmp/LIVE-1/V1.Z..c /tmp/MERGED-2/V1.Z..c\n--- /tmp/LIVE-1/V1.Z..c\t1970-01-01 00:00:00.000000000 +0000\n+++ /tmp/MERGED-2/V1.Z..c\tT\n@@ -0,0 +1 @@\n+new\n' +
        'diff -u -N /tmp/LIVE-1/v1.ConfigMap.default.b /tmp/MERGED-2/v1.ConfigMap.default.b\n--- /tmp/LIVE-1/v1.ConfigMap.default.b\tT\n+++ /tmp/MERGED-2/v1.ConfigMap.default.b\tT\n@@ -1 +1 @@\n-x\n+y\n',
    );
  });
  it('stamps files with nanoseconds, in UTC', () => {
    expect(diffTimestamp(Date.UTC(2025, 0, 6, 10, 0, 0, 123), 456789)).toBe('2025-01-06 10:00:00.123456789 +0000');
  });
});
