import { describe, expect, it } from 'vitest';
import type { ContainerSession } from '../context.js';
import { formatPrintf } from './printf.js';
import { textTools } from './text.js';

function run(argv: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const s = { facts: { flavour: 'gnu' }, files: { read: () => 'ENOENT' } } as unknown as ContainerSession;
  const code = textTools[argv[0]](argv, s, { stdin, piped: true, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const TABLE = 'NAME    READY   STATUS\nweb-1   1/1     Running\nweb-2   0/1     Pending\ndb-0    1/1     Running\n';

describe('text tools', () => {
  it('awk: fields, patterns, BEGIN/END, printf, arithmetic', () => {
    expect(run(['awk', '{print $1}'], TABLE).out).toBe('NAME\nweb-1\nweb-2\ndb-0\n');
    expect(run(['awk', 'NR>1 && $3 == "Running" {print $1}'], TABLE).out).toBe('web-1\ndb-0\n');
    expect(run(['awk', '/web/ {n++} END {print n}'], TABLE).out).toBe('2\n');
    expect(run(['awk', '-F', '/', '{print $2}'], '1/1\n0/3\n').out).toBe('1\n3\n');
    expect(run(['awk', '{s += $1} END {printf "%d total, avg %.1f\\n", s, s/NR}'], '1\n2\n4\n').out).toBe('7 total, avg 2.3\n');
    expect(run(['awk', '{print $NF; print NF}'], 'a b c\n').out).toBe('c\n3\n');
    expect(run(['awk', '{if ($1 > 1) print "big"; else print "small"}'], '1\n5\n').out).toBe('small\nbig\n');
    expect(run(['awk', '{for (i=0;i<3;i++) print i}'], 'x\n')).toMatchObject({ code: 2, err: "awk: 'for' is not simulated\n" });
  });

  it('sed: substitutions, addresses, -n with p, d', () => {
    expect(run(['sed', 's/web/app/'], 'web web\n').out).toBe('app web\n');
    expect(run(['sed', 's/web/app/g'], 'web web\n').out).toBe('app app\n');
    expect(run(['sed', '-n', '2p'], 'a\nb\nc\n').out).toBe('b\n');
    expect(run(['sed', '1d'], 'a\nb\n').out).toBe('b\n');
    expect(run(['sed', '/^b/,/^c/d'], 'a\nb\nx\nc\nd\n').out).toBe('a\nd\n');
    expect(run(['sed', 's/\\(w.*\\)-\\([0-9]\\)/\\2:\\1/'], 'web-1\n').out).toBe('1:web\n');
    expect(run(['sed', '-E', 's/([a-z]+)-([0-9])/\\2:\\1/;s/:/ = /'], 'web-1\n').out).toBe('1 = web\n');
    expect(run(['sed', '$d'], 'a\nb\n').out).toBe('a\n');
    expect(run(['sed', '-i', 's/a/b/', 'f']).code).toBe(2);
  });

  it('cut, tr, uniq, printf', () => {
    expect(run(['cut', '-d/', '-f2'], 'pod/web\n').out).toBe('web\n');
    expect(run(['cut', '-c1-3'], 'abcdef\n').out).toBe('abc\n');
    expect(run(['cut', '-d,', '-f1,3'], 'a,b,c\n').out).toBe('a,c\n');
    expect(run(['tr', 'a-z', 'A-Z'], 'web\n').out).toBe('WEB\n');
    expect(run(['tr', '-d', '\\n'], 'a\nb\n').out).toBe('ab');
    expect(run(['tr', '-s', ' '], 'a   b\n').out).toBe('a b\n');
    expect(run(['uniq', '-c'], 'a\na\nb\n').out).toBe('      2 a\n      1 b\n');
    expect(run(['uniq', '-d'], 'a\na\nb\n').out).toBe('a\n');
    expect(formatPrintf('%s=%d\\n', ['a', '1', 'b', '2'])).toBe('a=1\nb=2\n');
    expect(formatPrintf('%-5s|%05d|%x|%%\\n', ['ab', '42', '255'])).toBe('ab   |00042|ff|%\n');
  });
});
