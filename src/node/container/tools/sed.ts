// sed as labs use it: `s/RE/REPL/[g][p][i][N]`, `p`, `d`, `q`, addresses (N, $, /RE/, ranges), -n, -e, -E/-r,
// commands separated by `;` or lines. POSIX basic regexes are translated to JavaScript ones.

import type { CmdIO, ContainerSession } from '../context.js';
import { inputs } from './basic.js';

type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

/** A POSIX regex (basic unless `extended`) as a JavaScript RegExp source. */
export function posixRegex(re: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i];
      if (!extended && '(){}+?|'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else out += '\\' + n;
    } else if (c === '[') {
      const end = re.indexOf(']', i + (re[i + 1] === ']' ? 2 : re[i + 1] === '^' && re[i + 2] === ']' ? 3 : 1));
      if (end < 0) {
        out += '\\[';
        continue;
      }
      const cls = re.slice(i, end + 1).replace(/\[:(\w+):\]/g, (_m, k: string) => ({ alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~' })[k] ?? '');
      out += cls;
      i = end;
    } else if (!extended && '(){}+?|'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

type Addr = { line: number } | { last: true } | { re: RegExp };
interface Cmd {
  a1?: Addr;
  a2?: Addr;
  op: 's' | 'p' | 'd' | 'q';
  re?: RegExp;
  repl?: string;
  global?: boolean;
  print?: boolean;
  nth?: number;
  /** range state */
  active?: boolean;
}

class SedError extends Error {}

function delimited(text: string, i: number, delim: string): { part: string; next: number } {
  let part = '';
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\' && text[j + 1] === delim) {
      part += delim;
      j++;
    } else if (text[j] === '\\' && j + 1 < text.length) {
      part += text[j] + text[++j];
    } else if (text[j] === delim) return { part, next: j + 1 };
    else part += text[j];
  }
  throw new SedError(`unterminated \`s' command`);
}

function parseScript(script: string, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const addr = (): Addr | undefined => {
    const m = /^\d+/.exec(script.slice(i));
    if (m) {
      i += m[0].length;
      return { line: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/') {
      const { part, next } = delimited(script, i + 1, '/');
      i = next;
      return { re: new RegExp(posixRegex(part, extended)) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
    if (i >= script.length) break;
    const cmd: Cmd = { op: 'p' };
    cmd.a1 = addr();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
      if (!cmd.a2) throw new SedError('unexpected `,\'');
    }
    while (script[i] === ' ') i++;
    const op = script[i++];
    if (op === 's') {
      const delim = script[i];
      const re = delimited(script, i + 1, delim);
      const repl = delimited(script, re.next, delim);
      i = repl.next;
      let flags = '';
      while (i < script.length && /[gpiI0-9]/.test(script[i])) flags += script[i++];
      const nth = /\d+/.exec(flags);
      Object.assign(cmd, {
        op: 's',
        re: new RegExp(posixRegex(re.part, extended), /[iI]/.test(flags) ? 'gi' : 'g'),
        repl: repl.part,
        global: flags.includes('g'),
        print: flags.includes('p'),
        nth: nth ? Number(nth[0]) : 1,
      });
    } else if (op === 'p' || op === 'd' || op === 'q') cmd.op = op;
    else throw new SedError(op === undefined ? 'missing command' : `unknown command: \`${op}'`);
    cmds.push(cmd);
  }
  return cmds;
}

function replacement(repl: string, m: RegExpExecArray): string {
  return repl.replace(/\\(\d)|\\n|\\t|\\(.)|&/g, (x, d: string | undefined, lit: string | undefined) => {
    if (d !== undefined) return m[Number(d)] ?? '';
    if (x === '\\n') return '\n';
    if (x === '\\t') return '\t';
    if (lit !== undefined) return lit;
    return m[0];
  });
}

function substitute(line: string, c: Cmd): { text: string; done: boolean } {
  const re = new RegExp(c.re!.source, c.re!.flags);
  let out = '';
  let last = 0;
  let n = 0;
  let done = false;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    n++;
    if (n >= c.nth! && (c.global || n === c.nth)) {
      out += line.slice(last, m.index) + replacement(c.repl!, m);
      last = m.index + m[0].length;
      done = true;
      if (!c.global) break;
    }
    if (m[0] === '') re.lastIndex++;
  }
  return { text: out + line.slice(last), done };
}

export const sed: Tool = (argv, s, io) => {
  let quiet = false;
  let extended = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-E' || a === '-r') extended = true;
    else if (a === '-e') scripts.push(argv[++i] ?? '');
    else if (/^-[nEr]+$/.test(a)) {
      quiet ||= a.includes('n');
      extended ||= /[Er]/.test(a);
    } else if (a.startsWith('-i') || a === '--in-place') {
      io.err('kubesim: sed: -i (editing files in place) is not simulated\n');
      return 2;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`kubesim: sed: option ${a} is not simulated\n`);
      return 2;
    } else if (!scripts.length) scripts.push(a);
    else files.push(a);
  }
  if (!scripts.length) {
    io.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
    return 1;
  }
  let cmds: Cmd[];
  try {
    cmds = parseScript(scripts.join('\n'), extended);
  } catch (e) {
    if (!(e instanceof SedError || e instanceof SyntaxError)) throw e;
    io.err(`sed: -e expression #1, char 0: ${e.message}\n`);
    return 1;
  }
  const { texts, code } = inputs(files, s, io, 'sed');
  const text = texts.join('');
  const all = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const matches = (a: Addr, line: string, n: number) => ('line' in a ? a.line === n : 'last' in a ? n === all.length : a.re.test(line));
  for (let k = 0; k < all.length; k++) {
    let line = all[k];
    const n = k + 1;
    let deleted = false;
    let quit = false;
    for (const c of cmds) {
      let hit: boolean;
      if (!c.a1) hit = true;
      else if (!c.a2) hit = matches(c.a1, line, n);
      else if (c.active) {
        hit = true;
        if (matches(c.a2, line, n) || ('line' in c.a2 && n >= c.a2.line)) c.active = false;
      } else if (matches(c.a1, line, n)) {
        hit = true;
        c.active = !('line' in c.a2 && c.a2.line <= n) && !(!('line' in c.a2) && !('last' in c.a2) && false);
      } else hit = false;
      if (!hit) continue;
      if (c.op === 'd') {
        deleted = true;
        break;
      }
      if (c.op === 'p') io.out(line + '\n');
      else if (c.op === 'q') {
        quit = true;
        break;
      } else {
        const r = substitute(line, c);
        line = r.text;
        if (r.done && c.print) io.out(line + '\n');
      }
    }
    if (!deleted && !quiet) io.out(line + '\n');
    if (quit) break;
  }
  return code;
};
