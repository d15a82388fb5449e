// `test EXPR` and `[ EXPR ]` (POSIX test, as busybox and coreutils run it): file tests on the container's files
// (-e -f -d -L/-h -s -r -w -x), strings (-z -n = !=), integers (-eq -ne -lt -le -gt -ge), `!`, `-a`, `-o` and
// parentheses. `kubectl cp` runs `test -d DEST` to learn whether DEST is a directory.

import type { FsEntry } from '../../../cluster/containerfs/types.js';
import { absPath, fsOf, type CmdIO, type ContainerSession } from '../context.js';
import { prefixOf } from '../shell-messages.js';

class TestError extends Error {}

function fileTest(op: string, path: string, s: ContainerSession): boolean {
  if (s.files) {
    // hermetic mode: the working directory's files, as far as reading tells (a file or a directory)
    const r = s.files.read(path);
    if (r === 'ENOENT') return false;
    if (op === '-d') return r === 'EISDIR';
    if (op === '-f') return r !== 'EISDIR';
    if (op === '-s') return r === 'EISDIR' || r.length > 0;
    return op !== '-L' && op !== '-h' && op !== '-x';
  }
  const fs = fsOf(s);
  let st: { entry: FsEntry } | undefined;
  try {
    st = fs.stat(absPath(s, path), op !== '-L' && op !== '-h');
  } catch {
    return false;
  }
  if (!st) return false;
  const e = st.entry;
  switch (op) {
    case '-e':
    case '-r':
    case '-w':
      return true;
    case '-f':
      return e.t === 'f';
    case '-d':
      return e.t === 'd';
    case '-L':
    case '-h':
      return e.t === 'l';
    case '-s':
      return e.t === 'd' || (e.t === 'f' && (e.sz ?? Buffer.byteLength(e.c)) > 0);
    case '-x':
      return e.t === 'd' || (e.t === 'f' && (e.m & 0o111) !== 0);
  }
  return false;
}

const FILE_OPS = new Set(['-e', '-f', '-d', '-L', '-h', '-s', '-r', '-w', '-x']);
const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

function integer(v: string, s: ContainerSession): number {
  if (/^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  if (s.shell === 'ash' || (s.facts.flavour === 'busybox' && s.shell !== 'bash')) throw new TestError(`${v}: bad number`);
  if (s.shell === 'dash') throw new TestError(`Illegal number: ${v}`);
  if (s.shell === 'bash') throw new TestError(`${v}: integer expression expected`);
  throw new TestError(`invalid integer '${v}'`);
}

/** Recursive descent over the words: or → and → not → primary. */
function evaluate(words: string[], s: ContainerSession): boolean {
  let i = 0;
  const primary = (): boolean => {
    const w = words[i];
    if (w === undefined) throw new TestError('argument expected');
    if (w === '!' && i + 1 < words.length) {
      i++;
      return !primary();
    }
    if (w === '(' && words.includes(')', i)) {
      i++;
      const v = or();
      if (words[i] !== ')') throw new TestError("')' expected");
      i++;
      return v;
    }
    const next = words[i + 1];
    if (next !== undefined && i + 2 < words.length && ['=', '==', '!=', ...INT_OPS].includes(next)) {
      const a = w;
      const b = words[i + 2];
      i += 3;
      if (next === '=' || next === '==') return a === b;
      if (next === '!=') return a !== b;
      const x = integer(a, s);
      const y = integer(b, s);
      return next === '-eq' ? x === y : next === '-ne' ? x !== y : next === '-lt' ? x < y : next === '-le' ? x <= y : next === '-gt' ? x > y : x >= y;
    }
    if (FILE_OPS.has(w) && next !== undefined) {
      i += 2;
      return fileTest(w, next, s);
    }
    if ((w === '-z' || w === '-n') && next !== undefined) {
      i += 2;
      return w === '-z' ? next === '' : next !== '';
    }
    i++;
    return w !== '';
  };
  const and = (): boolean => {
    let v = primary();
    while (words[i] === '-a') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (words[i] === '-o') {
      i++;
      v = and() || v;
    }
    return v;
  };
  if (words.length === 0) return false;
  const v = or();
  if (i < words.length) throw new TestError(`${words[i]}: unknown operand`);
  return v;
}

/** Who speaks: ash's builtin (`sh: `), dash's and bash's (`sh: 1: [: `, `bash: line 1: [: `), or the program. */
function where(s: ContainerSession, name: string): string {
  if (!s.shell) return `${name}: `;
  if (s.shell === 'ash' || (s.facts.flavour === 'busybox' && s.shell !== 'bash')) return prefixOf(s);
  return `${prefixOf(s)}${name}: `;
}

function run(name: string, words: string[], s: ContainerSession, io: CmdIO): number {
  try {
    return evaluate(words, s) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    io.err(`${where(s, name)}${e.message}\n`);
    return 2;
  }
}

export const testTools = {
  test: (argv: string[], s: ContainerSession, io: CmdIO): number => run('test', argv.slice(1), s, io),
  '[': (argv: string[], s: ContainerSession, io: CmdIO): number => {
    if (argv[argv.length - 1] !== ']') {
      io.err(`${where(s, '[')}${s.shell === 'bash' ? "missing `]'" : 'missing ]'}\n`);
      return 2;
    }
    return run('[', argv.slice(1, -1), s, io);
  },
};
