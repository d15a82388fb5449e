// Redirections of one command, in order: `< file`, `> file`, `>> file`, `>| file`, `&> file`, `N>&M`, `N>&-`,
// heredocs (`<<EOF` expanded as in double quotes, `<<'EOF'` as written, `<<-EOF` without leading tabs) and
// `2>/dev/null`. Output to a file is opened (created or truncated) before the command runs and written when it
// ends. Where files live is the session's: the container's filesystem, or the host's working directory in hermetic
// mode (`s.files`).

import { readFile, writeFile, type ContainerSession } from './context.js';
import { STRERROR, type FsErrorCode } from '../../cluster/containerfs/types.js';
import { expandString, type ExpandEnv } from './shell-expand.js';
import { Lexer } from './shell-lex.js';
import type { Redir } from './shell-parse.js';
import type { ShellIO } from './shell-builtins.js';
import type { Step } from './shell-step.js';
import { prefixOf } from './shell-messages.js';

export { prefixOf };

/** A redirection target the shell cannot open, in ash's, dash's or bash's words. */
function redirectError(s: ContainerSession, target: string, c: FsErrorCode): string {
  if (s.shell === 'bash') return `${prefixOf(s)}${target}: ${STRERROR[c]}\n`;
  if (s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash')) return `${prefixOf(s)}cannot create ${target}: ${c === 'ENOENT' ? 'Directory nonexistent' : STRERROR[c]}\n`;
  return `${prefixOf(s)}can't create ${target}: ${c === 'ENOENT' ? 'nonexistent directory' : STRERROR[c]}\n`;
}

/** `< file`: its content, or an errno code (a container's files answer only ENOENT). */
function readInput(s: ContainerSession, target: string): { text: string } | { error: FsErrorCode } {
  if (s.files) {
    const r = s.files.read(target);
    return r === 'ENOENT' || r === 'EISDIR' ? { error: r } : { text: r };
  }
  const text = readFile(s, target);
  return text === undefined ? { error: 'ENOENT' } : { text };
}

/** Opens `> file` before the command runs (creating or truncating it): an error line and status, or nothing. */
function openOutput(s: ContainerSession, target: string, append: boolean): { text: string; code: number } | undefined {
  const failed = s.files ? s.files.open(target, append) : (writeFile(s, target, '', true) ?? (append ? undefined : writeFile(s, target, '')));
  if (failed === undefined) return undefined;
  if (typeof failed === 'object') return { text: failed.refused, code: 1 };
  return { text: redirectError(s, target, failed), code: s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash') ? 2 : 1 };
}

function writeOutput(s: ContainerSession, target: string, text: string): void {
  if (s.files) s.files.write(target, text);
  else writeFile(s, target, text, true);
}

export interface Redirected {
  io: ShellIO;
  /** writes what went to files */
  finish(): void;
}

/** Applies a command's redirections: the io it runs with, or the status of a redirection that failed. */
export function* redirect(redirs: Redir[], x: ExpandEnv, io: ShellIO): Step<Redirected | { code: number }> {
  const s = x.s;
  const files: Array<{ path: string; buf: string[] }> = [];
  const finish = (): void => {
    for (const f of files) if (f.buf.length) writeOutput(s, f.path, f.buf.join(''));
  };
  const cur: ShellIO = { ...io };
  const fail = (text: string, code: number): { code: number } => {
    finish();
    io.err(text);
    return { code };
  };
  for (const r of redirs) {
    if (r.heredoc) {
      const hd = r.heredoc;
      const text = hd.quoted ? hd.body : yield* expandString(new Lexer(hd.body).double(''), x);
      if (r.fd === 0) {
        cur.stdin = text;
        cur.input = { text, pos: 0 };
      }
      continue;
    }
    const target = yield* expandString(r.target, x);
    if (r.op === '<' || r.op === '<>') {
      const got = readInput(s, target);
      if ('error' in got) return fail(s.shell === 'bash' ? `${prefixOf(s)}${target}: ${STRERROR[got.error]}\n` : `${prefixOf(s)}can't open ${s.shell === 'dash' ? target : `'${target}'`}: ${STRERROR[got.error]}\n`, s.shell === 'dash' ? 2 : 1);
      if (r.fd === 0) {
        cur.stdin = got.text;
        cur.input = { text: got.text, pos: 0 };
      }
      continue;
    }
    if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(target)) {
      if (target === '-') {
        if (r.fd === 1) cur.out = () => {};
        else if (r.fd === 2) cur.err = () => {};
      } else if (r.fd === 1 && target === '2') cur.out = cur.err;
      else if (r.fd === 2 && target === '1') cur.err = cur.out;
      continue;
    }
    const failed = openOutput(s, target, r.op === '>>');
    if (failed) return fail(failed.text, failed.code);
    const f = { path: target, buf: [] as string[] };
    files.push(f);
    const sink = (t: string): void => void f.buf.push(t);
    if (r.fd === 1 || r.op === '&>' || r.op === '>&') {
      cur.out = sink;
      cur.piped = true;
    }
    if (r.fd === 2 || r.op === '&>' || r.op === '>&') cur.err = sink;
  }
  return { io: cur, finish };
}
