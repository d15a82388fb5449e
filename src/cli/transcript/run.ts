// Runs one transcript file against a fresh in-memory cluster (front-matter options, virtual clock): each command
// in-process when it is a plain kubesim command, through bash with the shims otherwise; compares, diffs and
// (with --update) computes the rewritten file.

import { THINK_TIME_MS, think } from '../think.js';
import { parseDuration } from '../../cluster/state/clock.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, applyConfigDocument, type ClusterConfig, type ConfigOptions } from '../../cluster/state/config.js';
import { CommandRunner } from '../bash/runner.js';
import { registerNative } from '../dispatch.js';
import { Session } from '../session.js';
import { transcriptDiff } from './diff.js';
import { outputMatches, updatedExpected } from './match.js';
import { TranscriptParseError, parseTranscript, type ExitExpectation, type TranscriptCommand } from './parse.js';

// transcript lines may run `kubesim replay` and `kubesim shell` in-process (the executable registers them too)
registerNative('replay', async () => (await import('../commands/replay.js')).runReplay);
registerNative('shell', async () => (await import('../commands/shell.js')).runShell);

export interface CommandOutcome {
  file: string;
  line: number;
  command: string;
  passed: boolean;
  actual: string[];
  code: number;
  /** unified diff when it failed ('' otherwise) */
  diff: string;
  /** a kubesim command threw: the stack */
  crash?: string;
  durationMs: number;
  via: 'in-process' | 'bash';
}

export interface FileOutcome {
  file: string;
  outcomes: CommandOutcome[];
  /** the file could not be parsed (`file:line: message`) */
  error?: string;
  /** --update: the new file text when it differs from the old */
  newText?: string;
  durationMs: number;
}

export interface RunOptions {
  /** compute the rewritten text for failing commands */
  update?: boolean;
  /** run every command through bash (checks the shim path) */
  forceBash?: boolean;
  /** nothing runs on the host: shell plumbing is interpreted in-process (also the `hermetic: true` front matter) */
  hermetic?: boolean;
  /** the name diffs and errors use for the file (default: the path as given) */
  label?: string;
  /** called after each command (progress) */
  onCommand?: (o: CommandOutcome) => void;
}

/** Output text → lines as compared: no final newline, trailing blank lines dropped. */
export function outputLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}

function exitOk(exp: ExitExpectation, code: number): boolean {
  if (exp.kind === 'failed') return code !== 0;
  if (exp.kind === 'success') return code === 0;
  return code === exp.code;
}

/** How the exit status is written: undefined for success without an explicit line. */
export function exitLine(exp: ExitExpectation): string | undefined {
  if (exp.kind === 'failed') return '? failed';
  if (exp.kind === 'success') return exp.explicit ? '? success' : undefined;
  return exp.style === 'trycmd' ? `? ${exp.code}` : `[${exp.code}]`;
}

/** The exit line `--update` writes for an actual code, in the style the author used. */
function actualExitLine(exp: ExitExpectation, code: number): string | undefined {
  if (exitOk(exp, code)) return exitLine(exp);
  if (code === 0) return undefined;
  return exp.kind === 'code' && exp.style === 'trycmd' ? `? ${code}` : `[${code}]`;
}

const FLAG_KEYS: Record<string, string> = {
  'service-cidr': 'serviceCIDR',
  'pod-cidr': 'podCIDR',
  'node-port-range': 'nodePortRange',
  'load-balancer-pool': 'loadBalancerPool',
  'cluster-domain': 'clusterDomain',
};

/**
 * The cluster a transcript starts from: `kubesim init` options from the front matter (flag names or config-file
 * keys; `nodes` a count or a list), virtual clock unless `clock: wall`.
 */
export function frontMatterConfig(fm: Record<string, unknown>): ClusterConfig {
  const doc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fm)) doc[FLAG_KEYS[k] ?? k] = v;
  const base: ConfigOptions = { clock: 'virtual' };
  if (typeof doc.nodes === 'number') {
    base.nodes = doc.nodes;
    delete doc.nodes;
  }
  return applyConfigDocument(doc, base);
}

async function runCommand(file: string, cmd: TranscriptCommand, runner: CommandRunner): Promise<CommandOutcome> {
  let buf = '';
  const t0 = performance.now();
  const r = await runner.run(cmd.command, { out: (t) => (buf += t), err: (t) => (buf += t) });
  const actual = outputLines(buf);
  const outOk = outputMatches(cmd.expected, actual);
  const codeOk = exitOk(cmd.exit, r.code);
  const passed = outOk && codeOk && !r.crash;
  let diff = '';
  if (!passed) {
    diff = transcriptDiff({
      file,
      expectedLine: cmd.expectedLine,
      command: cmd.command,
      expected: cmd.expected,
      actual,
      exitExpected: codeOk ? undefined : exitLine(cmd.exit),
      exitActual: codeOk ? undefined : `[${r.code}]`,
    });
    if (r.crash) diff += `kubesim crashed: ${r.crash.split('\n').slice(0, 6).join('\n')}\n`;
    if (!diff) diff = `--- ${file}:${cmd.line}\n(no difference in output; exit status ${r.code})\n`;
  }
  return { file, line: cmd.line, command: cmd.command, passed, actual, code: r.code, diff, crash: r.crash, durationMs: performance.now() - t0, via: r.via };
}

export async function runTranscriptFile(file: string, opts: RunOptions = {}): Promise<FileOutcome> {
  const t0 = performance.now();
  const label = opts.label ?? file;
  const outcome: FileOutcome = { file: label, outcomes: [], durationMs: 0 };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    outcome.error = `${label}: cannot read: ${(e as Error).message}`;
    return outcome;
  }
  let t;
  try {
    t = parseTranscript(label, text);
  } catch (e) {
    if (e instanceof TranscriptParseError) {
      outcome.error = e.message;
      return outcome;
    }
    throw e;
  }
  let config;
  const { think: thinkText, hermetic: hermeticKey, ...clusterKeys } = t.frontMatter ?? {};
  if (hermeticKey !== undefined && typeof hermeticKey !== 'boolean') {
    outcome.error = `${label}:${t.frontMatterLine}: front matter: hermetic: must be true or false`;
    return outcome;
  }
  const hermetic = opts.hermetic === true || hermeticKey === true;
  let thinkMs = THINK_TIME_MS;
  if (thinkText !== undefined) {
    try {
      thinkMs = typeof thinkText === 'number' ? thinkText * 1000 : parseDuration(String(thinkText));
    } catch (e) {
      outcome.error = `${label}:${t.frontMatterLine}: front matter: think: ${(e as Error).message}`;
      return outcome;
    }
  }
  try {
    config = frontMatterConfig(clusterKeys);
  } catch (e) {
    if (e instanceof ConfigError) {
      outcome.error = `${label}:${t.frontMatterLine}: front matter: ${e.message}`;
      return outcome;
    }
    throw e;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-test-'));
  const session = new Session({ home: path.join(work, '.kubesim'), persistent: false });
  await session.reset(config);
  const env: Record<string, string | undefined> = { ...process.env, TESTDIR: path.dirname(path.resolve(file)), NO_COLOR: '1', HOME: work };
  delete env.FORCE_COLOR;
  const runner = new CommandRunner({ session, cwd: work, env, forceBash: opts.forceBash, hermetic });
  const replacements: { span: [number, number]; lines: string[] }[] = [];
  let commands = 0;
  try {
    for (const step of t.steps) {
      if (step.type === 'file') {
        const target = path.resolve(runner.cwd, step.name);
        // relative to where the commands have cd'ed, but never outside the scratch directory
        const rel = path.relative(work, target);
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          outcome.error = `${label}:${step.line}: file=${step.name}: the working directory (${runner.cwd}) is outside the transcript's scratch directory; fixtures are written only inside it`;
          break;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, step.content);
        continue;
      }
      if (commands++ > 0) await think(session, thinkMs);
      const o = await runCommand(label, step, runner);
      outcome.outcomes.push(o);
      opts.onCommand?.(o);
      if (!o.passed && opts.update) {
        const lines = updatedExpected(step.expected, o.actual);
        const ex = actualExitLine(step.exit, o.code);
        if (ex) lines.push(ex);
        replacements.push({ span: step.span, lines: lines.map((l) => (l === '' && step.indent.trim() === '' && t.format === 'md' ? '' : step.indent + l)) });
      }
    }
  } finally {
    runner.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (replacements.length) {
    const lines = [...t.lines];
    for (const r of replacements.reverse()) lines.splice(r.span[0], r.span[1] - r.span[0], ...r.lines);
    const newText = lines.join('\n') + (t.finalNewline ? '\n' : '');
    if (newText !== text) outcome.newText = newText;
  }
  outcome.durationMs = performance.now() - t0;
  return outcome;
}
