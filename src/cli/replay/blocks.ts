// The commands of a run of lines: a bash script grouped into complete commands, or a terminal session whose
// prompt lines are commands (with `> ` continuations, heredoc bodies, open quotes) and whose other lines are
// output. In a page's code blocks the lines without a prompt are weighed by the line classifier (lines.ts).

import { commandCompleteness } from '../bash/complete.js';
import { outputReason, type LineOptions } from './lines.js';
import { LabParseError, annotate, scriptDirective, type LabCommand, type LabOutput, type LabStep } from './steps.js';

export interface Line {
  n: number;
  text: string;
}

/**
 * A shell prompt at the start of a console line: `$ `, `user@host:~$ `, `root@pod:/# `, busybox's `/ # `, bash's
 * default `bash-5.0# ` (PS1 `\s-\v\$ `, what `kubectl exec -it POD -- /bin/bash` shows in many images), and the
 * bracketed `[ root@pod:/ ]$ ` of busybox images with a custom PS1.
 */
const PROMPT = /^\s*(?:(\S+@([^\s:]+)(?::[^\s$#]*)?)([$#])|(\$)|(\/[^\s#$]*) (#)|(?:ba)?sh-\d+(?:\.\d+)*([$#]))(?: |$)(.*)$/;
const BRACKET_PROMPT = /^\s*\[\s*((\S+)@([^\s:\]]+)(?::[^\s\]]*)?)\s*\]\s*([$#])(?: |$)(.*)$/;

export function splitPrompt(line: string): { command: string; root: boolean; host?: string } | undefined {
  const b = BRACKET_PROMPT.exec(line);
  if (b) {
    const root = b[2] === 'root' || b[4] === '#';
    return root ? { command: b[5], root, host: b[3] } : { command: b[5], root };
  }
  const m = PROMPT.exec(line);
  if (!m) return undefined;
  const root = m[3] === '#' || m[6] === '#' || m[7] === '#';
  let command = m[8];
  // a prompt pasted twice (Enter on an empty line, then the command): the command is after the last one
  const again = PROMPT.exec(command);
  if (again && again[1] === m[1] && again[5] === m[5] && again[6] === m[6] && again[7] === m[7]) command = again[8];
  return m[2] !== undefined && root ? { command, root, host: m[2] } : { command, root };
}

/** Adds a line to the output run of the last command (consecutive lines join into one LabOutput). */
function addOutput(cmd: LabCommand | undefined, l: Line, strays: LabOutput[]): void {
  const list = cmd ? (cmd.output ??= []) : strays;
  const last = list[list.length - 1];
  const lastLine = last ? last.line + last.text.split('\n').length - 1 : -2;
  if (last && !last.expected && lastLine + 1 === l.n) last.text += '\n' + l.text;
  else list.push({ line: l.n, text: l.text });
}

/**
 * Groups lines into complete commands. `classify` given (a page's code block): lines that are not commands by the
 * line classifier are output of the command before them (or `strays` before the first). Without it (a bash
 * script) every non-comment line is a command.
 */
export function groupScript(file: string, lines: Line[], out: LabStep[], classify?: LineOptions, strays: LabOutput[] = []): void {
  let acc: Line[] = [];
  let last: LabCommand | undefined;
  for (const l of lines) {
    if (!acc.length && scriptDirective(file, l.n, l.text, out)) continue;
    if (!acc.length && (l.text.trim() === '' || /^\s*#/.test(l.text))) continue;
    if (!acc.length && classify && outputReason(l.text, classify) !== undefined) {
      addOutput(last, l, strays);
      continue;
    }
    acc.push(l);
    const text = acc.map((x) => x.text).join('\n');
    if (commandCompleteness(text) === 'complete') {
      last = annotate({ kind: 'command', line: acc[0].n, text: text.trim() });
      out.push(last);
      acc = [];
    }
  }
  if (acc.length) throw new LabParseError(file, acc[0].n, `command is never completed (unclosed quote, heredoc, \`\\\` or compound command): ${acc[0].text.trim()}`);
}

/**
 * Console blocks: prompt lines are commands (plus `> ` continuations, heredoc bodies, open quotes); the rest is
 * output. `classify` given (a shell block that has prompts): the bare lines are weighed by the classifier, since
 * such blocks often mix prompt-less commands with prompted ones.
 */
export function consoleBlock(file: string, lines: Line[], out: LabStep[], classify?: LineOptions, strays: LabOutput[] = []): void {
  let last: LabCommand | undefined;
  for (let i = 0; i < lines.length; i++) {
    const p = splitPrompt(lines[i].text);
    if (!p) {
      // a shell block mixing prompt lines and bare ones: a bare line that is a command by the classifier runs
      if (classify && lines[i].text.trim() !== '' && !/^\s*#/.test(lines[i].text) && outputReason(lines[i].text, classify) === undefined) {
        let j = i;
        let text = lines[i].text;
        while (commandCompleteness(text) === 'incomplete' && j + 1 < lines.length && !splitPrompt(lines[j + 1].text)) text += '\n' + lines[++j].text;
        if (commandCompleteness(text) === 'complete') {
          last = annotate({ kind: 'command', line: lines[i].n, text: text.trim() });
          out.push(last);
          i = j;
          continue;
        }
      }
      if (lines[i].text.trim() !== '') addOutput(last, lines[i], strays);
      continue;
    }
    const start = lines[i].n;
    let text = p.command;
    if (text.trim() === '') continue;
    // continuation: `> ` lines, trailing `\`, heredoc bodies, unclosed quotes
    while (commandCompleteness(text) === 'incomplete' && i + 1 < lines.length) {
      i++;
      const next = lines[i].text;
      text += '\n' + (next.startsWith('> ') ? next.slice(2) : next === '>' ? '' : next);
    }
    if (commandCompleteness(text) === 'incomplete') throw new LabParseError(file, start, `command is never completed: ${p.command.trim()}`);
    const cmd: LabCommand = { kind: 'command', line: start, text: text.trim(), inContainer: p.root || undefined, prompted: true };
    if (p.host) cmd.host = p.host;
    last = annotate(cmd);
    out.push(last);
  }
}
