// Replays a lab against the session's cluster: each command echoed (`$ cmd`, with `[n/N]` progress on a terminal)
// and run like in a terminal (in-process or bash with the shims), skipped commands reported with their reason,
// and a summary of commands run, skipped and failed. Interactive sessions (`kubectl run -it`, `exec -it ... sh`,
// `attach -it`, or container prompts naming a pod) are fed the lab's container lines as typed at the terminal;
// values of the original cluster named by `kubesim: replace` are swapped for this cluster's; a fresh home's cluster
// is made with the lab's `kubesim: init` flags.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConfig } from '../../cluster/state/config.js';
import { ConfigError } from '../../cluster/state/config.js';
import { statePath } from '../../cluster/state/persistence.js';
import { parseInitArgs } from '../commands/init.js';
import { nodeCommands } from '../../node/index.js';
import { BASE_NODE_TOOLS } from '../bash/shims.js';
import { CommandRunner } from '../bash/runner.js';
import type { Session } from '../session.js';
import { THINK_TIME_MS, think } from '../think.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { ATTACH_TTY, INTERACTIVE_SHELL, localPortReached, localPortsOpened, placeholderIn, simpleCommands, skipReason } from './classify.js';
import { shellQuote } from '../bash/words.js';
import { resolveExample, rewriteExampleUrls, type ExampleSearch } from './examples.js';
import { LabParseError, parseLab, type LabCommand, type LabInit, type LabStep } from './lab.js';
import { sessionPlan } from './sessions.js';

export interface ReplayOptions {
  session: Session;
  strict?: boolean;
  /** run in this directory instead of a temporary copy of the lab's directory */
  workdir?: string;
  out: (t: string) => void;
  /** stdout is a terminal: progress counters and colours */
  tty?: boolean;
  env?: Record<string, string | undefined>;
  /** print nothing but the summary */
  quiet?: boolean;
  /** virtual time that passes before each command after the first (the author's pause); default THINK_TIME_MS */
  thinkMs?: number;
  /** nothing runs on the host (also `<!-- kubesim: hermetic -->` / `# kubesim: hermetic` in the lab) */
  hermetic?: boolean;
  /** kubesim's copy of the kubernetes/website examples (default: the package's manifests/examples) */
  examplesDir?: string;
  /** every command through bash and the shims, none in process (benchmarks, comparisons) */
  forceBash?: boolean;
  /** style for headers (identity when colours are off) */
  paint?: { dim(s: string): string; red(s: string): string; yellow(s: string): string; bold(s: string): string };
}

export interface ReplayItem {
  line: number;
  command: string;
  status: 'ok' | 'failed' | 'skipped';
  code?: number;
  reason?: string;
}

export interface ReplaySummary {
  file: string;
  run: number;
  skipped: number;
  failed: number;
  items: ReplayItem[];
  durationMs: number;
  interrupted: boolean;
  /** lines for the summary, e.g. a `kubesim: init` directive that was not applied */
  notes: string[];
}

const plain = { dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, bold: (s: string) => s };

/** LAB may be a file or a directory holding lab.md, lab.sh or README.md. */
export function resolveLab(arg: string, cwd: string): string | undefined {
  const abs = path.resolve(cwd, arg);
  if (!fs.existsSync(abs)) return undefined;
  if (fs.statSync(abs).isDirectory()) {
    for (const n of ['lab.md', 'lab.sh', 'README.md']) if (fs.existsSync(path.join(abs, n))) return path.join(abs, n);
    return undefined;
  }
  return abs;
}

/** Copies the lab's own directory (regular files up to 1 MB, not recursive) into a fresh working directory. */
function stageWorkdir(labFile: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-replay-'));
  const dir = path.dirname(labFile);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isFile()) continue;
    const src = path.join(dir, e.name);
    if (fs.statSync(src).size > 1024 * 1024) continue;
    fs.copyFileSync(src, path.join(work, e.name));
  }
  return work;
}

function header(cmd: LabCommand): string {
  const [first, ...rest] = cmd.text.split('\n');
  return `$ ${first}\n${rest.map((l) => `> ${l}\n`).join('')}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Original-cluster values and their counterparts here; whole tokens only (`10.0.0.1` is not in `10.0.0.12`). */
export class Replacements {
  private readonly pairs: { re: RegExp; value: string; original: string }[] = [];

  set(original: string, value: string): void {
    const i = this.pairs.findIndex((p) => p.original === original);
    if (i >= 0) this.pairs.splice(i, 1);
    this.pairs.push({ original, value, re: new RegExp(`(?<![A-Za-z0-9_.-])${escapeRe(original)}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'g') });
    this.pairs.sort((a, b) => b.original.length - a.original.length);
  }

  apply(text: string): string {
    let out = text;
    for (const p of this.pairs) out = out.replace(p.re, () => p.value);
    return out;
  }
}

/** kubectl flags of run/exec/attach that take a separate value (the pod name is the first other word). */
const VALUE_FLAGS = new Set(['--image', '-c', '--container', '-n', '--namespace', '--restart', '--env', '-l', '--labels', '--port', '--overrides', '--context', '--pod-running-timeout', '--annotations', '--image-pull-policy']);

/** The pod a `kubectl run NAME -it`, `exec -it POD`, `attach -it POD` command talks to. */
export function sessionPod(text: string): string | undefined {
  const ws = text.split(/\s+/).filter(Boolean);
  const v = ws.findIndex((w) => w === 'run' || w === 'exec' || w === 'attach');
  if (v < 0) return undefined;
  for (let k = v + 1; k < ws.length; k++) {
    const w = ws[k];
    if (w === '--') return undefined;
    if (w.startsWith('-')) {
      if (!w.includes('=') && VALUE_FLAGS.has(w)) k++;
      continue;
    }
    return w.replace(/^(pods?|po)\//, '');
  }
  return undefined;
}

let interruptRequested = false;
let activeRunner: CommandRunner | undefined;

/** A lab's `<!-- kubesim: hermetic -->` (Markdown) or `# kubesim: hermetic` (script) line. */
export const HERMETIC_DIRECTIVE = /^\s*(?:<!--\s*kubesim:\s*hermetic\s*-->|#\s*kubesim:\s*hermetic)\s*$/m;

/** Ctrl-C: interrupts the command running in bash and stops the replay after it (state stays consistent). */
export function requestInterrupt(): void {
  interruptRequested = true;
  activeRunner?.interrupt();
}

export async function replayLab(labFile: string, label: string, opts: ReplayOptions): Promise<ReplaySummary> {
  const t0 = performance.now();
  const p = opts.paint ?? plain;
  const text = fs.readFileSync(labFile, 'utf8');
  const steps: LabStep[] = parseLab(label, text);
  const tools = [...BASE_NODE_TOOLS, ...nodeCommands()];
  const commands = steps.filter((s): s is LabCommand => s.kind === 'command');
  const summary: ReplaySummary = { file: label, run: 0, skipped: 0, failed: 0, items: [], durationMs: 0, interrupted: false, notes: [] };
  const say = (t: string): void => {
    if (!opts.quiet) opts.out(t);
  };

  const work = opts.workdir ?? stageWorkdir(labFile);
  // a fresh KUBESIM_HOME starts a cluster with the virtual clock and the lab's `kubesim: init` flags (memory
  // sessions: the caller resets); an existing cluster is kept, and the directive said to be unused
  const s = opts.session;
  const init = steps.find((st): st is LabInit => st.kind === 'init');
  const directive = init && `kubesim: init ${init.args.join(' ')}`.trimEnd();
  if (s.opts.persistent && !fs.existsSync(statePath(s.home))) {
    let config = buildConfig({ clock: 'virtual' });
    if (init) {
      try {
        config = parseInitArgs(init.args, work, { clock: 'virtual' });
        say(p.dim(`# ${directive}: fresh cluster of ${config.nodes.length} node(s), seed ${config.seed}, ${config.clock} clock`) + '\n');
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        summary.failed++;
        summary.items.push({ line: init.line, command: directive!, status: 'failed', code: 1, reason: e.message });
        say(p.red(`# failed: ${directive}: ${e.message}`) + '\n');
      }
    }
    await s.reset(config);
  } else if (init) {
    const note = `${label}:${init.line}: ${directive} not applied: ${s.opts.persistent ? `${s.home} already has a cluster (replay into a fresh KUBESIM_HOME, or run kubesim init with these flags first)` : 'the session already has its cluster'}`;
    summary.notes.push(note);
    say(p.yellow(`# ${note}`) + '\n');
  }

  // lines typed into an interactive session: the replay types them at the container's prompt
  let typed: string[] = [];
  /** exit status of each typed line, learnt at the next prompt */
  let statuses: number[] = [];
  let typedCount = 0;
  const readLine = async (prompt: string, lastStatus?: number): Promise<string | null> => {
    if (lastStatus !== undefined && typedCount > 0) statuses[typedCount - 1] = lastStatus;
    const line = typed.shift();
    if (line === undefined) return null;
    typedCount++;
    // a command typed over several lines: its continuation lines follow the shell's PS2 prompt
    say(p.bold(prompt + line.replace(/\n/g, '\n> ')) + '\n');
    return line;
  };
  const runner = new CommandRunner({
    session: s,
    cwd: work,
    hermetic: opts.hermetic === true || HERMETIC_DIRECTIVE.test(text),
    forceBash: opts.forceBash,
    env: { ...(opts.env ?? process.env), KUBESIM_HOME: s.home },
    // the lab's commands were typed at a terminal: a plain command's output goes to it (curl shows no meter)
    isTTY: true,
    readLine,
  });
  const repl = new Replacements();
  /** the pod of the last `kubectl run/exec/attach -it` */
  let lastSessionPod: string | undefined;
  const quietly = async (cmd: string): Promise<{ code: number; out: string }> => {
    let out = '';
    const r = await runner.run(cmd, { out: (t) => (out += t), err: () => {} });
    return { code: r.code, out };
  };
  interruptRequested = false;
  activeRunner = runner;
  let thinkMs = opts.thinkMs ?? THINK_TIME_MS;
  let n = 0;
  const record = (step: LabCommand, text: string, code: number, crash?: string): void => {
    summary.run++;
    const failed = step.expectFail ? code === 0 : code !== 0;
    if (failed) {
      summary.failed++;
      const why = step.expectFail ? 'expected to fail (kubesim: fails) but succeeded' : crash ? `kubesim crashed: ${crash.split('\n')[0]}` : `exit status ${code}`;
      summary.items.push({ line: step.line, command: text, status: 'failed', code, reason: why });
      say(p.red(`# failed: ${why}`) + '\n');
    } else summary.items.push({ line: step.line, command: text, status: 'ok', code });
  };
  const skip = (step: LabCommand, text: string, reason: string, progress: string): void => {
    summary.skipped++;
    summary.items.push({ line: step.line, command: text, status: opts.strict ? 'failed' : 'skipped', reason });
    if (opts.strict) summary.failed++;
    say(`${progress}${p.yellow(`# skipped (${reason}):`)} ${text.split('\n')[0]}\n`);
  };
  /** The container-prompt lines from step i on, of one host (a `root@POD:/# ` transcript), up to a node command. */
  const promptLines = (i: number, host?: string): LabCommand[] => {
    const out: LabCommand[] = [];
    for (let j = i; j < steps.length; j++) {
      const st = steps[j];
      if (st.kind !== 'command' || !st.inContainer) break;
      if (host !== undefined && st.host !== host) break;
      out.push(st);
    }
    return out;
  };
  /** servers of skipped commands (kubectl proxy, port-forward): the local ports later commands will not find */
  const unstarted: Array<{ ports: number[] | 'any'; line: number; text: string }> = [];
  const first = (t: string): string => t.split('\n')[0];
  const search: ExampleSearch = { labDir: path.dirname(labFile), dirs: [], vendored: opts.examplesDir };
  const outputNote = (step: LabCommand): void => {
    const ranges = (step.output ?? []).filter((o) => !o.expected).map((o) => {
      const end = o.line + o.text.split('\n').length - 1;
      return end > o.line ? `${o.line}-${end}` : `${o.line}`;
    });
    if (ranges.length) say(p.dim(`# kubesim: ${label}:${ranges.join(',')} read as output, not run`) + '\n');
  };
  /** Runs `text` with `lines` typed at its prompt; every typed line counts as a command run. */
  const runSession = async (step: LabCommand, text: string, lines: LabCommand[], shown: string): Promise<void> => {
    say(shown);
    const fed = lines.filter((l) => !l.skip);
    typed = fed.map((l) => repl.apply(l.text));
    statuses = [];
    typedCount = 0;
    // `kubectl exec -ti $POD_NAME -- bash`: the words are expanded first, so the session runs in-process where
    // the typed lines reach the container's shell (bash would run kubectl without a terminal)
    let cmd = text;
    if (/[$`]/.test(text) && simpleCommands(text).length === 1) {
      const w = await quietly(`printf '%s\\0' ${text}`);
      if (w.code === 0) cmd = w.out.split('\0').slice(0, -1).map(shellQuote).join(' ');
    }
    const r = await runner.run(cmd, { out: say, err: say });
    typed = [];
    record(step, text, r.code, r.crash);
    for (const l of lines) {
      n++;
      if (l.skip) {
        summary.skipped++;
        summary.items.push({ line: l.line, command: l.text, status: opts.strict ? 'failed' : 'skipped', reason: l.skip });
        if (opts.strict) summary.failed++;
        continue;
      }
      // a line's status is known when the shell prompted again (not after `exit`, nor for lines never typed)
      const k = fed.indexOf(l);
      const code = statuses[k] ?? (l.expectFail ? 1 : 0);
      const failed = l.expectFail ? code === 0 : code !== 0;
      summary.run++;
      if (failed) {
        summary.failed++;
        const why = l.expectFail ? 'expected to fail (kubesim: fails) but succeeded' : `exit status ${code} in the container`;
        summary.items.push({ line: l.line, command: repl.apply(l.text), status: 'failed', code, reason: why });
      } else summary.items.push({ line: l.line, command: repl.apply(l.text), status: 'ok', code });
    }
  };
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (interruptRequested) {
        summary.interrupted = true;
        break;
      }
      if (step.kind === 'file') {
        const target = path.resolve(runner.cwd, step.name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, step.content);
        continue;
      }
      if (step.kind === 'init') continue;
      if (step.kind === 'examples') {
        search.dirs.push(step.dir);
        continue;
      }
      if (step.kind === 'problem') {
        summary.failed++;
        summary.items.push({ line: step.line, command: '(the lab itself)', status: 'failed', code: 1, reason: step.message });
        say(p.red(`# ${label}:${step.line}: ${step.message}`) + '\n');
        continue;
      }
      if (step.kind === 'example') {
        // the page shows the file; the reader has it as its base name in the working directory
        const r = resolveExample(step.path, search);
        const base = path.posix.basename(step.path);
        if ('missing' in r) say(p.yellow(`# kubesim: ${label}:${step.line}: the page shows ${step.path}, but ${r.missing}`) + '\n');
        else {
          const target = path.resolve(runner.cwd, base);
          if (path.resolve(r.file) !== target) fs.copyFileSync(r.file, target);
          say(p.dim(`# kubesim: the page shows ${step.path}: ${base} from ${r.source}`) + '\n');
        }
        continue;
      }
      if (step.kind === 'think') {
        try {
          thinkMs = parseDuration(step.duration);
          say(p.dim(`# kubesim: think ${step.duration} between commands`) + '\n');
        } catch (e) {
          summary.failed++;
          summary.items.push({ line: step.line, command: `kubesim: think ${step.duration}`, status: 'failed', code: 1, reason: (e as Error).message });
          say(p.red(`# failed: kubesim: think ${step.duration}: ${(e as Error).message}`) + '\n');
        }
        continue;
      }
      if (step.kind === 'replace') {
        const expr = repl.apply(step.expr);
        const r = await quietly(`printf '%s ' ${expr}`);
        const value = r.out.trim();
        if (r.code !== 0 || value === '') {
          summary.failed++;
          summary.items.push({ line: step.line, command: `kubesim: replace ${step.original} with ${step.expr}`, status: 'failed', code: r.code, reason: `${expr} gave nothing` });
          say(p.red(`# failed: kubesim: replace ${step.original} with ${expr}: nothing`) + '\n');
        } else {
          repl.set(step.original, value);
          say(p.dim(`# kubesim: ${step.original} is ${value} here`) + '\n');
        }
        continue;
      }
      if (n > 0) await think(s, thinkMs);
      n++;
      const progress = opts.tty ? p.dim(`[${n}/${commands.length}] `) : '';
      const shown = repl.apply(step.text);
      const rw = step.inContainer ? { text: shown, notes: [], missing: [] } : rewriteExampleUrls(shown, search);
      const text = rw.text;
      if (rw.missing.length && !step.skip) {
        say(progress + p.bold(header({ ...step, text: shown })));
        for (const m of rw.missing) say(p.red(`# ${label}:${step.line}: ${m}`) + '\n');
        summary.run++;
        summary.failed++;
        summary.items.push({ line: step.line, command: shown, status: 'failed', code: 1, reason: rw.missing.join('; ') });
        continue;
      }
      const placeholder = placeholderIn(shown);
      let reason = step.skip ?? (placeholder ? `a placeholder for the reader to fill in (${placeholder})` : step.inContainer ? undefined : skipReason(text, tools));
      if (!step.skip && (reason === INTERACTIVE_SHELL || reason === ATTACH_TTY)) {
        const plan = sessionPlan(steps, i);
        lastSessionPod = sessionPod(text);
        if (plan.lines.length) {
          for (const n2 of rw.notes) say(p.dim(`# kubesim: ${n2}`) + '\n');
          await runSession(step, text, plan.lines, progress + p.bold(header({ ...step, text: shown })));
          // problems of the page inside the session's lines are still reported
          for (const st of steps.slice(i + 1, plan.lastIndex + 1)) {
            if (st.kind !== 'problem') continue;
            summary.failed++;
            summary.items.push({ line: st.line, command: '(the lab itself)', status: 'failed', code: 1, reason: st.message });
            say(p.red(`# ${label}:${st.line}: ${st.message}`) + '\n');
          }
          if (plan.end === 'section' || plan.end === 'page') {
            const where = plan.end === 'section' ? `the end of its section (line ${plan.endLine})` : plan.endLine ? `line ${plan.endLine}` : 'the end of the page';
            const note = `${label}:${step.line}: the shell opened here is not left with exit before ${where}; kubesim leaves it there`;
            summary.notes.push(note);
            say(p.dim(`# kubesim: ${note}`) + '\n');
          }
          i = plan.lastIndex;
          continue;
        }
      }
      if (!step.skip && step.inContainer) {
        // a container prompt outside a session: `root@POD:/# ` names the pod, so the lines run in a shell there;
        // busybox's `/ # ` names none: the pod of the last interactive session (the lab re-attached off-screen)
        const host = step.host !== undefined ? repl.apply(step.host) : lastSessionPod;
        const known = host !== undefined && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(host) && (await quietly(`kubectl get pod ${host} -o name`)).code === 0;
        if (known) {
          const lines = promptLines(i, step.host);
          const exec = `kubectl exec -it ${host} -- ${step.host !== undefined ? 'bash' : 'sh'}`;
          await runSession(step, exec, lines, progress + p.dim(`# kubesim: the lines below run in pod ${host} (${exec})`) + '\n');
          i += lines.length - 1;
          continue;
        }
        reason = 'runs inside an interactive container shell (use kubectl exec POD -- CMD)';
      }
      // a command that needs the local port of a server kubesim did not start (kubectl proxy, port-forward)
      const port = reason ? undefined : localPortReached(text);
      const server = port === undefined ? undefined : unstarted.find((u) => u.ports === 'any' || u.ports.includes(port));
      if (server) reason = `needs \`${first(server.text)}\` (line ${server.line}), which was skipped`;
      if (reason) {
        const opened = localPortsOpened(text);
        if (opened) unstarted.push({ ports: opened, line: step.line, text: shown });
        skip(step, text, reason, progress);
        continue;
      }
      say(progress + p.bold(header({ ...step, text: shown })));
      for (const n2 of rw.notes) say(p.dim(`# kubesim: ${n2}`) + '\n');
      const r = await runner.run(text, { out: say, err: say });
      record(step, shown, r.code, r.crash);
      outputNote(step);
    }
    // Ctrl-C during the last command stops the replay as well
    if (interruptRequested) summary.interrupted = true;
  } finally {
    activeRunner = undefined;
    runner.close();
    if (!opts.workdir) fs.rmSync(work, { recursive: true, force: true });
  }
  summary.durationMs = performance.now() - t0;
  return summary;
}

export function formatSummary(s: ReplaySummary, paint = plain): string {
  const secs = (s.durationMs / 1000).toFixed(1);
  let out = `\n${paint.bold(`replay ${s.file}: ${s.run} command${s.run === 1 ? '' : 's'} run, ${s.skipped} skipped, ${s.failed} failed`)} (${secs}s)${s.interrupted ? ' — interrupted' : ''}\n`;
  for (const note of s.notes) out += paint.yellow(`  note    ${note}`) + '\n';
  for (const it of s.items) {
    const first = it.command.split('\n')[0];
    if (it.status === 'failed') out += paint.red(`  failed  ${s.file}:${it.line}  ${first}  (${it.reason})`) + '\n';
    else if (it.status === 'skipped') out += paint.yellow(`  skipped ${s.file}:${it.line}  ${first}  (${it.reason})`) + '\n';
  }
  return out;
}

export { LabParseError };
