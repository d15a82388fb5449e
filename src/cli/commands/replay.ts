// `kubesim replay LAB [--strict]`: runs a bash lab script or the shell blocks of a Markdown lab against the
// cluster in $KUBESIM_HOME (a fresh home gets a virtual-clock cluster), `sleep N` moving the cluster clock.

import { parseDuration } from '../../cluster/state/clock.js';
import { Command } from 'commander';
import { parseCommand } from './commander.js';
import { Chalk } from 'chalk';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
import { LabParseError, formatSummary, replayLab, requestInterrupt, resolveLab } from '../replay/run.js';
import { listLab } from '../replay/list.js';
import { parseLab } from '../replay/lab.js';
import { BASE_NODE_TOOLS } from '../bash/shims.js';
import { nodeCommands } from '../../node/index.js';
import fs from 'node:fs';
import path from 'node:path';

export async function runReplay(argv: string[], session: Session, io: CommandIO): Promise<number> {
  const cmd = new Command('replay')
    .usage('[options] LAB')
    .description('replay a lab (bash script, or the shell/console blocks of a Markdown file) against the simulated cluster')
    .argument('<lab>', 'lab file, or a directory holding lab.md / lab.sh / README.md')
    .option('--strict', 'commands kubesim cannot honour (ssh, installers, watch, editors...) count as failures')
    .option('--list', 'list what will run and where (node, pod shell), what is skipped and why, and what is read as output, without running anything')
    .option('--workdir <dir>', "run in DIR instead of a temporary copy of the lab's directory")
    .option('--hermetic', 'run nothing on the host: pipes, variables and the common text tools are interpreted in-process, anything else is reported as not run')
    .option('-q, --quiet', 'print only the summary')
    .option('--think-time <duration>', 'virtual time that passes before each command (the author\'s pause)', '10s')
    .option('--color <when>', 'always, never or auto', 'auto');
  const stopped = parseCommand(cmd, argv, io);
  if (stopped !== undefined) return stopped;
  const o = cmd.opts<{ strict?: boolean; list?: boolean; workdir?: string; quiet?: boolean; hermetic?: boolean; color: string; thinkTime: string }>();
  let thinkMs: number;
  try {
    thinkMs = parseDuration(o.thinkTime);
  } catch (e) {
    io.err(`error: --think-time: ${(e as Error).message}\n`);
    return 1;
  }
  const arg = cmd.args[0];
  const lab = resolveLab(arg, io.cwd);
  if (!lab) {
    io.err(`error: ${arg}: no such lab file (or directory with lab.md, lab.sh or README.md)\n`);
    return 1;
  }
  const rel = path.relative(io.cwd, lab);
  const label = rel && !rel.startsWith('..') ? rel : lab;
  const colour = o.color === 'always' || (o.color === 'auto' && io.isTTY && !io.env.NO_COLOR);
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const paint = { dim: chalk.dim, red: chalk.red, yellow: chalk.yellow, bold: chalk.bold };
  if (o.list) {
    try {
      const tools = [...BASE_NODE_TOOLS, ...nodeCommands()];
      io.out(listLab(parseLab(label, fs.readFileSync(lab, 'utf8')), label, tools, { labDir: path.dirname(lab), dirs: [] }));
      return 0;
    } catch (e) {
      if (e instanceof LabParseError) {
        io.err(`error: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  const onSigint = (): void => requestInterrupt();
  process.on('SIGINT', onSigint);
  try {
    const summary = await replayLab(lab, label, {
      session,
      strict: o.strict,
      workdir: o.workdir ? path.resolve(io.cwd, o.workdir) : undefined,
      out: (t) => io.out(t),
      tty: io.isTTY,
      env: io.env,
      quiet: o.quiet,
      thinkMs,
      hermetic: o.hermetic === true,
      paint,
    });
    io.out(formatSummary(summary, paint));
    if (summary.interrupted) return 130;
    return summary.failed > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof LabParseError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
