// What a lab is read into: the steps a replay takes (commands, files written, directives), the lab parse error,
// and the `kubesim:` directive syntax shared by bash scripts and Markdown pages.

export class LabParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

/** Lines of a page the reader does not type: output inside a command block, or a block the page shows as output. */
export interface LabOutput {
  /** 1-based first line */
  line: number;
  text: string;
  /** the page introduced it as output ("The output is similar to:"), or it is a block of its own after a command */
  expected?: boolean;
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
  /** typed after a shell prompt on the page (`$ `, `root@pod:/# `): a terminal transcript */
  prompted?: boolean;
  /** Markdown: the section (counted by headings) the command is in; an in-pod session ends with its section */
  section?: number;
  /** Markdown: lines after the command that the page shows as its output (not run) */
  output?: LabOutput[];
}

export interface LabFile {
  kind: 'file';
  line: number;
  name: string;
  content: string;
}

/** A page shows an example file (`{{< codenew file="application/deployment.yaml" >}}`): the reader has it. */
export interface LabExample {
  kind: 'example';
  line: number;
  /** path under the examples tree (`application/deployment.yaml`) */
  path: string;
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

/** `kubesim: examples DIR`: where the lab keeps the files its example URLs name (relative to the lab). */
export interface LabExamplesDir {
  kind: 'examples';
  line: number;
  dir: string;
}

/** Bad input found while reading the lab (a fence or heredoc never closed): reported as failed, the rest replays. */
export interface LabProblem {
  kind: 'problem';
  line: number;
  message: string;
}

export type LabStep = LabCommand | LabFile | LabExample | LabReplace | LabInit | LabThink | LabExamplesDir | LabProblem;

export const THINK_MD = /^\s*<!--\s*kubesim:\s*think\s+(\S+)\s*-->\s*$/;
export const THINK_SH = /^\s*#\s*kubesim:\s*think\s+(\S+)\s*$/;
export const INIT_MD = /^\s*<!--\s*kubesim:\s*init(?:\s+(.*?))?\s*-->\s*$/;
export const INIT_SH = /^\s*#\s*kubesim:\s*init(?:\s+(.*?))?\s*$/;
export const REPLACE_MD = /^\s*<!--\s*kubesim:\s*replace\s+(\S+)\s+with\s+(.+?)\s*-->\s*$/;
export const REPLACE_SH = /^\s*#\s*kubesim:\s*replace\s+(\S+)\s+with\s+(.+?)\s*$/;
export const EXAMPLES_MD = /^\s*<!--\s*kubesim:\s*examples\s+(.+?)\s*-->\s*$/;
export const EXAMPLES_SH = /^\s*#\s*kubesim:\s*examples\s+(.+?)\s*$/;

const DIRECTIVE = /\s#\s*kubesim:\s*(skip|fails)\b\s*(.*)$/;

/** Splits directive flags into words: blanks separate, '...' and "..." group (no escapes, no expansion). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /(?:'([^']*)'|"([^"]*)"|([^\s'"]+))+/g;
  for (const m of text.matchAll(re)) words.push(m[0].replace(/'([^']*)'|"([^"]*)"/g, (_x, a: string | undefined, b: string | undefined) => a ?? b ?? ''));
  return words;
}

export function initStep(file: string, line: number, flags: string | undefined, out: LabStep[]): void {
  const first = out.find((s) => s.kind === 'init');
  if (first) throw new LabParseError(file, line, `a second "kubesim: init" directive (the first is on line ${first.line}): a lab runs on one cluster`);
  out.push({ kind: 'init', line, args: splitWords(flags ?? '') });
}

/** Reads a trailing `# kubesim: skip REASON` / `# kubesim: fails` on the command's first line. */
export function annotate(cmd: LabCommand): LabCommand {
  const first = cmd.text.split('\n')[0];
  const m = DIRECTIVE.exec(' ' + first);
  if (m) {
    if (m[1] === 'skip') cmd.skip = m[2].trim() || 'marked "kubesim: skip" in the lab';
    else cmd.expectFail = true;
  }
  return cmd;
}

/** A directive line of a script or code block (replace, think, init, examples), pushed as its step. */
export function scriptDirective(file: string, n: number, text: string, out: LabStep[]): boolean {
  const r = REPLACE_SH.exec(text);
  if (r) {
    out.push({ kind: 'replace', line: n, original: r[1], expr: r[2] });
    return true;
  }
  const think = THINK_SH.exec(text);
  if (think) {
    out.push({ kind: 'think', line: n, duration: think[1] });
    return true;
  }
  const ini = INIT_SH.exec(text);
  if (ini) {
    initStep(file, n, ini[1], out);
    return true;
  }
  const ex = EXAMPLES_SH.exec(text);
  if (ex) {
    out.push({ kind: 'examples', line: n, dir: ex[1] });
    return true;
  }
  return false;
}
