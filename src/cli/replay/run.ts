// Replays a lab against the session's cluster: each command echoed (`$ cmd`, with `[n/N]` progress on a terminal)
// and run like in a terminal (in-process or bash with the shims), skipped commands reported with their reason,
// and a summary of commands run, skipped and failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConfig } from '../../cluster/state/config.js';
import { statePath } from '../../cluster/state/persistence.js';
import { nodeCommands } from '../../node/index.js';
import { BASE_NODE_TOOLS } from '../bash/shims.js';
import { CommandRunner } from '../bash/runner.js';
import type { Session } from '../session.js';
import { skipReason } from './classify.js';
import { LabParseError, parseLab, type LabCommand, type LabStep } from './lab.js';

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

let interruptRequested = false;
let activeRunner: CommandRunner | undefined;

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
  const summary: ReplaySummary = { file: label, run: 0, skipped: 0, failed: 0, items: [], durationMs: 0, interrupted: false };

  // a fresh KUBESIM_HOME starts a cluster with the virtual clock (memory sessions: the caller resets)
  const s = opts.session;
  if (s.opts.persistent && !fs.existsSync(statePath(s.home))) await s.reset(buildConfig({ clock: 'virtual' }));

  const work = opts.workdir ?? stageWorkdir(labFile);
  const runner = new CommandRunner({ session: s, cwd: work, env: { ...(opts.env ?? process.env), KUBESIM_HOME: s.home }, isTTY: false });
  interruptRequested = false;
  activeRunner = runner;
  let n = 0;
  try {
    for (const step of steps) {
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
      n++;
      const progress = opts.tty ? p.dim(`[${n}/${commands.length}] `) : '';
      const reason = step.skip ?? (step.inContainer ? 'runs inside an interactive container shell (use kubectl exec POD -- CMD)' : skipReason(step.text, tools));
      if (reason) {
        summary.skipped++;
        summary.items.push({ line: step.line, command: step.text, status: opts.strict ? 'failed' : 'skipped', reason });
        if (opts.strict) summary.failed++;
        if (!opts.quiet) opts.out(`${progress}${p.yellow(`# skipped (${reason}):`)} ${step.text.split('\n')[0]}\n`);
        continue;
      }
      if (!opts.quiet) opts.out(progress + p.bold(header(step)));
      const r = await runner.run(step.text, { out: (t) => !opts.quiet && opts.out(t), err: (t) => !opts.quiet && opts.out(t) });
      summary.run++;
      const failed = step.expectFail ? r.code === 0 : r.code !== 0;
      if (failed) {
        summary.failed++;
        const why = step.expectFail ? 'expected to fail (kubesim: fails) but succeeded' : r.crash ? `kubesim crashed: ${r.crash.split('\n')[0]}` : `exit status ${r.code}`;
        summary.items.push({ line: step.line, command: step.text, status: 'failed', code: r.code, reason: why });
        if (!opts.quiet) opts.out(p.red(`# failed: ${why}`) + '\n');
      } else summary.items.push({ line: step.line, command: step.text, status: 'ok', code: r.code });
    }
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
  for (const it of s.items) {
    const first = it.command.split('\n')[0];
    if (it.status === 'failed') out += paint.red(`  failed  ${s.file}:${it.line}  ${first}  (${it.reason})`) + '\n';
    else if (it.status === 'skipped') out += paint.yellow(`  skipped ${s.file}:${it.line}  ${first}  (${it.reason})`) + '\n';
  }
  return out;
}

export { LabParseError };
