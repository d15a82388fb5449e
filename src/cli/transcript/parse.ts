// Parses transcript files: Markdown with ```console blocks (trycmd style) or cram `.t` files. Each `$ cmd` line
// (with `> ` continuation lines) is followed by its expected output and an optional exit status line (`[N]`,
// `? N`, `? failed`). A YAML front-matter block sets `kubesim init` options; fences with `file=NAME` write files.

import * as yaml from 'js-yaml';

export class TranscriptParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

export type ExitExpectation =
  | { kind: 'code'; code: number; style: 'cram' | 'trycmd' }
  | { kind: 'failed' }
  | { kind: 'success'; explicit: boolean };

export interface TranscriptCommand {
  type: 'command';
  /** 1-based line of the `$ ` line */
  line: number;
  /** the command text; continuation lines joined with \n */
  command: string;
  /** expected output lines, patterns as written (indentation removed) */
  expected: string[];
  /** 1-based line of the first expected-output line (or where it would go) */
  expectedLine: number;
  exit: ExitExpectation;
  /** 0-based index range [start, end) of the file lines holding expected output and the exit line */
  span: [number, number];
  /** prefix of every line of this command (`  ` in .t files) */
  indent: string;
}

export interface TranscriptFile {
  type: 'file';
  line: number;
  name: string;
  content: string;
}

export type TranscriptStep = TranscriptCommand | TranscriptFile;

export interface Transcript {
  path: string;
  format: 'md' | 't';
  /** the front-matter document (YAML), if any */
  frontMatter?: Record<string, unknown>;
  frontMatterLine: number;
  steps: TranscriptStep[];
  /** the file's lines (without line terminators) */
  lines: string[];
  /** the file ended with a newline */
  finalNewline: boolean;
}

const EXIT_CRAM = /^\[(\d+)\]$/;
const EXIT_TRYCMD = /^\? (\d+|success|failed)$/;

/** Parses `[N]` / `? N` / `? success` / `? failed`; undefined when the line is ordinary output. */
export function parseExitLine(line: string): ExitExpectation | undefined {
  let m = EXIT_CRAM.exec(line);
  if (m) return { kind: 'code', code: Number(m[1]), style: 'cram' };
  m = EXIT_TRYCMD.exec(line);
  if (m) {
    if (m[1] === 'success') return { kind: 'success', explicit: true };
    if (m[1] === 'failed') return { kind: 'failed' };
    return { kind: 'code', code: Number(m[1]), style: 'trycmd' };
  }
  return undefined;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const finalNewline = text.endsWith('\n');
  const body = finalNewline ? text.slice(0, -1) : text;
  return { lines: body === '' ? [] : body.split(/\r?\n/), finalNewline };
}

function parseFrontMatter(file: string, lines: string[]): { doc?: Record<string, unknown>; next: number } {
  if (lines[0] !== '---') return { next: 0 };
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new TranscriptParseError(file, 1, 'front matter: no closing "---" line');
  let doc: unknown;
  try {
    doc = yaml.load(lines.slice(1, end).join('\n'));
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    const line = mark && typeof mark.line === 'number' ? mark.line + 2 : 2;
    throw new TranscriptParseError(file, line, `front matter: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { next: end + 1 };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new TranscriptParseError(file, 2, 'front matter: must be a YAML mapping (seed: 7, nodes: 2, ...)');
  return { doc: doc as Record<string, unknown>, next: end + 1 };
}

/**
 * Collects the commands of one run of lines (a console block, or the indented part of a .t file).
 * `body` holds [fileIndex, text-without-indent] pairs.
 */
function parseCommands(file: string, body: [number, string][], indent: string, steps: TranscriptStep[]): void {
  let cur: TranscriptCommand | undefined;
  let outputStarted = false;
  const finish = (endIdx: number): void => {
    if (!cur) return;
    // trailing blank lines separate commands for readability: they are not expected output
    let end = endIdx;
    while (cur.expected.length && cur.expected[cur.expected.length - 1].trim() === '') {
      cur.expected.pop();
      end--;
    }
    cur.span[1] = Math.max(end, cur.span[0]);
    const last = cur.expected[cur.expected.length - 1];
    const exit = last === undefined ? undefined : parseExitLine(last);
    if (exit) {
      cur.expected.pop();
      cur.exit = exit;
      while (cur.expected.length && cur.expected[cur.expected.length - 1].trim() === '') cur.expected.pop();
    }
    steps.push(cur);
    cur = undefined;
  };
  for (let k = 0; k < body.length; k++) {
    const [idx, text] = body[k];
    if (text.startsWith('$ ') || text === '$') {
      finish(idx);
      cur = {
        type: 'command',
        line: idx + 1,
        command: text.slice(2),
        expected: [],
        expectedLine: idx + 2,
        exit: { kind: 'success', explicit: false },
        span: [idx + 1, idx + 1],
        indent,
      };
      outputStarted = false;
      continue;
    }
    if (cur && !outputStarted && (text.startsWith('> ') || text === '>')) {
      cur.command += '\n' + text.slice(2);
      cur.expectedLine = idx + 2;
      cur.span = [idx + 1, idx + 1];
      continue;
    }
    if (!cur) {
      if (text.trim() === '') continue;
      throw new TranscriptParseError(file, idx + 1, `output line before any "$ " command: ${JSON.stringify(text)}`);
    }
    outputStarted = true;
    cur.expected.push(text);
  }
  if (body.length) finish(body[body.length - 1][0] + 1);
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;

function fenceFile(info: string): string | undefined {
  const m = /(?:^|\s)(?:file|title)=("([^"]+)"|'([^']+)'|(\S+))/.exec(info);
  return m ? (m[2] ?? m[3] ?? m[4]) : undefined;
}

/**
 * Why a fixture name is refused, if it is: fixtures are written inside the transcript's scratch directory only, so
 * a transcript someone else wrote cannot write anywhere else on the host.
 */
export function fixtureProblem(name: string): string | undefined {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('~')) return "a fixture must be a relative path inside the transcript's scratch directory";
  if (name.split(/[\\/]/).includes('..')) return "a fixture must stay inside the transcript's scratch directory (no '..')";
  return undefined;
}

export function parseTranscript(file: string, text: string): Transcript {
  const { lines, finalNewline } = splitLines(text);
  const fm = parseFrontMatter(file, lines);
  const steps: TranscriptStep[] = [];
  const format = file.endsWith('.t') ? 't' : 'md';
  if (format === 't') {
    let body: [number, string][] = [];
    const flush = (): void => {
      parseCommands(file, body, '  ', steps);
      body = [];
    };
    for (let i = fm.next; i < lines.length; i++) {
      const l = lines[i];
      if (l.startsWith('  ')) body.push([i, l.slice(2)]);
      else if (l === '' && body.length && i + 1 < lines.length && lines[i + 1].startsWith('  ') && !lines[i + 1].startsWith('  $ ')) {
        // an empty line inside output is written as an empty indented line by --update; accept a bare one too
        body.push([i, '']);
      } else flush();
    }
    flush();
  } else {
    for (let i = fm.next; i < lines.length; i++) {
      const m = FENCE.exec(lines[i]);
      if (!m) continue;
      const [, ind, fence, lang, rest] = m;
      const start = i;
      let end = -1;
      for (let j = i + 1; j < lines.length; j++) {
        const t = lines[j].trimStart();
        if (t.startsWith(fence[0].repeat(fence.length)) && t.replace(new RegExp(`^\\${fence[0]}+`), '').trim() === '') {
          end = j;
          break;
        }
      }
      if (end < 0) throw new TranscriptParseError(file, start + 1, `code block opened here is never closed (${fence})`);
      const strip = (l: string): string => (ind && l.startsWith(ind) ? l.slice(ind.length) : l);
      const name = fenceFile(rest);
      if (name) {
        const bad = fixtureProblem(name);
        if (bad) throw new TranscriptParseError(file, start + 1, `file=${name}: ${bad}`);
        steps.push({ type: 'file', line: start + 1, name, content: lines.slice(start + 1, end).map(strip).join('\n') + '\n' });
      } else if (lang === 'console' || lang === 'trycmd' || lang === 'shell-session' || lang === 'sh-session') {
        parseCommands(
          file,
          lines.slice(start + 1, end).map((l, k): [number, string] => [start + 1 + k, strip(l)]),
          ind,
          steps,
        );
      }
      i = end;
    }
  }
  return { path: file, format, frontMatter: fm.doc, frontMatterLine: 2, steps, lines, finalNewline };
}
