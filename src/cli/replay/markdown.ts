// Reads a Markdown page the way a reader follows it: fenced blocks (shell, bash, sh, console, none, plain,
// text, untyped) and indented code blocks (list items included); lines with prompts and without; blocks the page
// introduces as output ("The output is similar to:") kept as that command's expected output and never run;
// Hugo shortcodes showing an example file (`{{< codenew file="application/deployment.yaml" >}}`); `kubesim:`
// directives in HTML comments; sections counted by headings (an in-pod session ends with its section). Problems
// of the page (a fence or heredoc never closed) become problem steps naming the line, and the rest still reads.

import { consoleBlock, groupScript, splitPrompt, type Line } from './blocks.js';
import {
  EXAMPLES_MD,
  INIT_MD,
  LabParseError,
  REPLACE_MD,
  THINK_MD,
  initStep,
  type LabCommand,
  type LabOutput,
  type LabProblem,
  type LabStep,
} from './steps.js';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)(.*)$/;
const SCRIPT_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', '', 'none', 'plain', 'text', 'plaintext', 'txt', 'output']);
/** Prose that introduces the page's expected output. */
const OUTPUT_INTRO = [
  /\b(?:output|response|result)\b[^.]*\b(?:similar|like|resembles|looks|should be|will be|is|are)\b[^.]*:\s*$/i,
  /\byou(?:'ll| will| should) see\b[^.]*:\s*$/i,
  /^(?:\*\*)?(?:sample |example |expected )?output(?:\*\*)?:?(?:\*\*)?\s*$/i,
];
const EXAMPLE_SHORTCODE = /\{\{[<%]\s*(?:codenew|code_sample|code)\b[^}]*?\bfile="([^"]+)"[^}]*[%>]\}\}/;
const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)\S/;

function fenceFile(info: string): string | undefined {
  const m = /(?:^|\s)(?:file|title)=("([^"]+)"|'([^']+)'|(\S+))/.exec(info);
  return m ? (m[2] ?? m[3] ?? m[4]) : undefined;
}

function indentOf(s: string): number {
  return /^ */.exec(s.replace(/\t/g, '    '))![0].length;
}

function isProblemError(e: unknown): e is LabParseError {
  return e instanceof LabParseError && /never completed/.test(e.message);
}

export function parseMarkdown(file: string, text: string): LabStep[] {
  const lines = text.replace(/\n$/, '').split(/\r?\n/);
  const steps: LabStep[] = [];
  let section = 0;
  /** content column of the list item we are in (0 outside lists): an indented code block starts 4 past it */
  let listIndent = 0;
  let prose = '';
  let lastCommand: LabCommand | undefined;
  /** the previous line closed a code block (only blank lines since) */
  let afterBlock = false;
  const problem = (line: number, message: string): void => {
    steps.push({ kind: 'problem', line, message } satisfies LabProblem);
  };

  /** Reads one code block's lines into steps; `lang` '' for untyped and indented blocks. */
  const block = (start: number, lang: string, body: Line[]): void => {
    if (OUTPUT_INTRO.some((re) => re.test(prose))) {
      if (lastCommand && body.length) (lastCommand.output ??= []).push({ line: body[0].n, text: body.map((b) => b.text).join('\n'), expected: true });
      return;
    }
    const script = SCRIPT_LANGS.has(lang);
    const mine: LabStep[] = [];
    const strays: LabOutput[] = [];
    try {
      if (body.some((b) => splitPrompt(b.text))) consoleBlock(file, body, mine, script ? { assignments: false } : undefined, strays);
      else groupScript(file, body, mine, { assignments: script }, strays);
    } catch (e) {
      if (!isProblemError(e)) throw e;
      steps.push(...mine);
      problem(e.line, e.message.slice(`${file}:${e.line}: `.length) + ` (the rest of the block at line ${start} is not run)`);
      return;
    }
    const cmds = mine.filter((s): s is LabCommand => s.kind === 'command');
    for (const c of cmds) c.section = section;
    // a block of output only, right after a command's block, is that command's output
    if (!cmds.length && lastCommand && strays.length) {
      for (const o of strays) (lastCommand.output ??= []).push({ ...o, expected: afterBlock || undefined });
    } else if (strays.length && lastCommand) (lastCommand.output ??= []).push(...strays);
    steps.push(...mine);
    if (cmds.length) lastCommand = cmds[cmds.length - 1];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const r = REPLACE_MD.exec(line);
    if (r) steps.push({ kind: 'replace', line: i + 1, original: r[1], expr: r[2] });
    const ini = INIT_MD.exec(line);
    if (ini) initStep(file, i + 1, ini[1], steps);
    const think = THINK_MD.exec(line);
    if (think) steps.push({ kind: 'think', line: i + 1, duration: think[1] });
    const ex = EXAMPLES_MD.exec(line);
    if (ex) steps.push({ kind: 'examples', line: i + 1, dir: ex[1] });
    if (line.trim() === '') continue;
    const wasAfterBlock = afterBlock;
    afterBlock = false;
    const m = FENCE.exec(line);
    if (m && indentOf(line) < listIndent + 4) {
      const [, ind, fence, langRaw, rest] = m;
      let end = -1;
      let nextOpen = -1;
      for (let j = i + 1; j < lines.length; j++) {
        const t = lines[j].trimStart();
        if (t.startsWith(fence) && t.slice(fence.length).replace(new RegExp(`^\\${fence[0]}+`), '').trim() === '') {
          end = j;
          break;
        }
        // the author forgot the close: the next fence that opens a typed block starts that block
        if (nextOpen < 0 && new RegExp(`^\\${fence[0]}{3,}\\s*[A-Za-z]`).test(t)) nextOpen = j;
      }
      let stop = end;
      if (end < 0) {
        stop = nextOpen >= 0 ? nextOpen : lines.length;
        problem(i + 1, `code block opened here is never closed (${fence}); read up to ${stop < lines.length ? `line ${stop + 1}` : 'the end of the file'}`);
      }
      const body = lines.slice(i + 1, stop).map((t, k) => ({ n: i + 2 + k, text: ind && t.startsWith(ind) ? t.slice(ind.length) : t }));
      const lang = langRaw.toLowerCase();
      const name = fenceFile(rest);
      afterBlock = wasAfterBlock;
      if (name) steps.push({ kind: 'file', line: i + 1, name, content: body.map((b) => b.text).join('\n') + '\n' });
      else if (SCRIPT_LANGS.has(lang) || CONSOLE_LANGS.has(lang)) {
        afterBlock = wasAfterBlock;
        block(i + 1, lang, body);
      }
      afterBlock = true;
      prose = '';
      i = end < 0 ? stop - 1 : end;
      continue;
    }
    // an indented code block: 4 columns past the paragraph's indentation, after a blank line or another block
    // (it cannot interrupt a paragraph)
    const ind = indentOf(line);
    if (ind >= listIndent + 4 && (i === 0 || lines[i - 1].trim() === '' || wasAfterBlock || HEADING.test(lines[i - 1]))) {
      const base = listIndent + 4;
      let j = i;
      let last = i;
      while (j < lines.length && (lines[j].trim() === '' || indentOf(lines[j]) >= base)) {
        if (lines[j].trim() !== '') last = j;
        j++;
      }
      // authors indent list items' code by 4 past the item's text or past the marker: strip the block's own indent
      const strip = Math.min(...lines.slice(i, last + 1).filter((t) => t.trim() !== '').map(indentOf));
      const body = lines.slice(i, last + 1).map((t, k) => ({ n: i + 1 + k, text: t.replace(/\t/g, '    ').slice(Math.max(base, strip)) }));
      afterBlock = wasAfterBlock;
      block(i + 1, '', body);
      afterBlock = true;
      prose = '';
      i = last;
      continue;
    }
    if (HEADING.test(line)) {
      section++;
      listIndent = 0;
      prose = '';
      continue;
    }
    const ex2 = EXAMPLE_SHORTCODE.exec(line);
    if (ex2) {
      steps.push({ kind: 'example', line: i + 1, path: ex2[1] });
      continue;
    }
    // a line of shortcodes only ({{< note >}}, {{% /alert %}}) is not prose
    if (/^\s*(?:\{\{[<%][^}]*[%>]\}\}\s*)+$/.test(line)) continue;
    const li = LIST_ITEM.exec(line);
    if (li) listIndent = indentOf(li[1]) + li[2].length + li[3].length;
    else if (ind === 0 && i > 0 && lines[i - 1].trim() === '') listIndent = 0;
    prose = line.trim();
  }
  return steps;
}
