// Reads a lab into the commands a replay runs: a bash script (lines grouped into complete commands), or the
// shell code blocks of a Markdown lab (```bash blocks whole; console/plain blocks by their prompts, output lines
// skipped). Fences with `file=NAME` become files written into the working directory. A trailing
// `# kubesim: skip REASON` or `# kubesim: fails` comment annotates a command. `<!-- kubesim: replace ORIGINAL with
// WORD -->` (a `# kubesim: replace ...` line in scripts) names a value of the original cluster (an IP, a pod name,
// a chain name) and the shell word that yields the simulated cluster's counterpart at that point of the lab.
// `<!-- kubesim: init FLAGS -->` (`# kubesim: init FLAGS` in scripts) gives the `kubesim init` flags of the cluster
// the lab needs, e.g. `--load-balancer-pool 172.18.255.200-172.18.255.250`.

import { commandCompleteness } from '../bash/complete.js';

export class LabParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

export interface LabCommand {
  kind: 'command';
  /** 1-based line where the command starts */
  line: number;
  text: string;
  /** written inside an interactive container shell (`root@pod:/# ` or busybox `/ # ` prompt) */
  inContainer?: boolean;
  /** the host a container prompt names (`root@HOST:/# `): the pod the shell runs in */
  host?: string;
  /** `# kubesim: skip REASON` */
  skip?: string;
  /** `# kubesim: fails`: the command fails on a real cluster too */
  expectFail?: boolean;
}

export interface LabFile {
  kind: 'file';
  line: number;
  name: string;
  content: string;
}

/** `kubesim: replace ORIGINAL with WORD`: later commands say WORD's value where the lab says ORIGINAL. */
export interface LabReplace {
  kind: 'replace';
  line: number;
  original: string;
  /** a shell word, expanded by bash (`$(kubectl get svc web -o jsonpath=...)`) */
  expr: string;
}

/** `kubesim: init FLAGS`: the replay's fresh cluster is made as `kubesim init FLAGS` would make it. */
export interface LabInit {
  kind: 'init';
  line: number;
  /** the flags, split at blanks (quotes group words) */
  args: string[];
}

/** `kubesim: think DURATION`: the virtual time that passes before each later command (the author's pause). */
export interface LabThink {
  kind: 'think';
  line: number;
  duration: string;
}

export type LabStep = LabCommand | LabFile | LabReplace | LabInit | LabThink;

const THINK_MD = /^\s*<!--\s*kubesim:\s*think\s+(\S+)\s*-->\s*$/;
const THINK_SH = /^\s*#\s*kubesim:\s*think\s+(\S+)\s*$/;

const INIT_MD = /^\s*<!--\s*kubesim:\s*init(?:\s+(.*?))?\s*-->\s*$/;
const INIT_SH = /^\s*#\s*kubesim:\s*init(?:\s+(.*?))?\s*$/;

/** Splits directive flags into words: blanks separate, '...' and "..." group (no escapes, no expansion). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /(?:'([^']*)'|"([^"]*)"|([^\s'"]+))+/g;
  for (const m of text.matchAll(re)) words.push(m[0].replace(/'([^']*)'|"([^"]*)"/g, (_x, a: string | undefined, b: string | undefined) => a ?? b ?? ''));
  return words;
}

function initStep(file: string, line: number, flags: string | undefined, out: LabStep[]): void {
  const first = out.find((s) => s.kind === 'init');
  if (first) throw new LabParseError(file, line, `a second "kubesim: init" directive (the first is on line ${first.line}): a lab runs on one cluster`);
  out.push({ kind: 'init', line, args: splitWords(flags ?? '') });
}

const REPLACE_MD = /^\s*<!--\s*kubesim:\s*replace\s+(\S+)\s+with\s+(.+?)\s*-->\s*$/;
const REPLACE_SH = /^\s*#\s*kubesim:\s*replace\s+(\S+)\s+with\s+(.+?)\s*$/;

const DIRECTIVE = /\s#\s*kubesim:\s*(skip|fails)\b\s*(.*)$/;

function annotate(cmd: LabCommand): LabCommand {
  const first = cmd.text.split('\n')[0];
  const m = DIRECTIVE.exec(' ' + first);
  if (m) {
    if (m[1] === 'skip') cmd.skip = m[2].trim() || 'marked "kubesim: skip" in the lab';
    else cmd.expectFail = true;
  }
  return cmd;
}

/** Groups script lines (already without prompts) into complete commands; comment-only and blank lines drop. */
function groupScript(file: string, lines: { n: number; text: string }[], out: LabStep[]): void {
  let acc: { n: number; text: string }[] = [];
  for (const l of lines) {
    const r = !acc.length ? REPLACE_SH.exec(l.text) : null;
    if (r) {
      out.push({ kind: 'replace', line: l.n, original: r[1], expr: r[2] });
      continue;
    }
    const think = !acc.length ? THINK_SH.exec(l.text) : null;
    if (think) {
      out.push({ kind: 'think', line: l.n, duration: think[1] });
      continue;
    }
    const ini = !acc.length ? INIT_SH.exec(l.text) : null;
    if (ini) {
      initStep(file, l.n, ini[1], out);
      continue;
    }
    if (!acc.length && (l.text.trim() === '' || /^\s*#/.test(l.text))) continue;
    acc.push(l);
    const text = acc.map((x) => x.text).join('\n');
    if (commandCompleteness(text) === 'complete') {
      out.push(annotate({ kind: 'command', line: acc[0].n, text: text.trim() }));
      acc = [];
    }
  }
  if (acc.length) throw new LabParseError(file, acc[0].n, `command is never completed (unclosed quote, heredoc, \`\\\` or compound command): ${acc[0].text.trim()}`);
}

/**
 * A shell prompt at the start of a console line: `$ `, `user@host:~$ `, `root@pod:/# `, busybox's `/ # `, and
 * bash's default `bash-5.0# ` (PS1 `\s-\v\$ `, what `kubectl exec -it POD -- /bin/bash` shows in many images).
 */
const PROMPT = /^\s*(?:(\S+@([^\s:]+)(?::[^\s$#]*)?)([$#])|(\$)|(\/[^\s#$]*) (#)|(?:ba)?sh-\d+(?:\.\d+)*([$#]))(?: |$)(.*)$/;

export function splitPrompt(line: string): { command: string; root: boolean; host?: string } | undefined {
  const m = PROMPT.exec(line);
  if (!m) return undefined;
  const root = m[3] === '#' || m[6] === '#' || m[7] === '#';
  let command = m[8];
  // a prompt pasted twice (Enter on an empty line, then the command): the command is after the last one
  const again = PROMPT.exec(command);
  if (again && again[1] === m[1] && again[5] === m[5] && again[6] === m[6] && again[7] === m[7]) command = again[8];
  return m[2] !== undefined && root ? { command, root, host: m[2] } : { command, root };
}

/** Console blocks: prompt lines are commands (plus `> ` continuations, heredoc bodies, open quotes); the rest is output. */
function consoleBlock(file: string, lines: { n: number; text: string }[], out: LabStep[]): void {
  for (let i = 0; i < lines.length; i++) {
    const p = splitPrompt(lines[i].text);
    if (!p) continue;
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
    const cmd: LabCommand = { kind: 'command', line: start, text: text.trim(), inContainer: p.root || undefined };
    if (p.host) cmd.host = p.host;
    out.push(annotate(cmd));
  }
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;
const SCRIPT_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', '']);

function fenceFile(info: string): string | undefined {
  const m = /(?:^|\s)(?:file|title)=("([^"]+)"|'([^']+)'|(\S+))/.exec(info);
  return m ? (m[2] ?? m[3] ?? m[4]) : undefined;
}

export function parseLab(file: string, text: string): LabStep[] {
  const lines = text.replace(/\n$/, '').split(/\r?\n/);
  const steps: LabStep[] = [];
  const isMarkdown = /\.(md|markdown)$/i.test(file);
  if (!isMarkdown) {
    const body = lines.map((t, k) => ({ n: k + 1, text: t }));
    if (body[0]?.text.startsWith('#!')) body.shift();
    groupScript(file, body, steps);
    return steps;
  }
  for (let i = 0; i < lines.length; i++) {
    const r = REPLACE_MD.exec(lines[i]);
    if (r) steps.push({ kind: 'replace', line: i + 1, original: r[1], expr: r[2] });
    const ini = INIT_MD.exec(lines[i]);
    if (ini) initStep(file, i + 1, ini[1], steps);
    const think = THINK_MD.exec(lines[i]);
    if (think) steps.push({ kind: 'think', line: i + 1, duration: think[1] });
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const [, ind, fence, lang, rest] = m;
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const t = lines[j].trimStart();
      if (t.startsWith(fence) && t.slice(fence.length).replace(new RegExp(`^\\${fence[0]}+`), '').trim() === '') {
        end = j;
        break;
      }
    }
    if (end < 0) throw new LabParseError(file, i + 1, `code block opened here is never closed (${fence})`);
    const body = lines.slice(i + 1, end).map((t, k) => ({ n: i + 2 + k, text: ind && t.startsWith(ind) ? t.slice(ind.length) : t }));
    const name = fenceFile(rest);
    if (name) steps.push({ kind: 'file', line: i + 1, name, content: body.map((b) => b.text).join('\n') + '\n' });
    else if (SCRIPT_LANGS.has(lang.toLowerCase())) {
      if (body.some((b) => splitPrompt(b.text))) consoleBlock(file, body, steps);
      else groupScript(file, body, steps);
    } else if (CONSOLE_LANGS.has(lang.toLowerCase())) consoleBlock(file, body, steps);
    i = end;
  }
  return steps;
}

