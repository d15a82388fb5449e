// `kubesim test FILE|DIR...`: golden transcript tests (Markdown ```console blocks or cram `.t` files), each file
// against a fresh in-memory cluster; diffs with file:line, --update/--frozen, TAP and JUnit for CI.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { parseCommand } from './commander.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
import { fileLine, junitReport, summaryLine, tapReport, totals } from '../transcript/report.js';
import { runTranscriptFile, type FileOutcome } from '../transcript/run.js';

/** Transcript files under the given paths: files as given, directories searched for *.md and *.t (sorted). */
export function collectTranscripts(paths: string[], cwd: string): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|t)$/.test(e.name)) files.push(p);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(path.relative(cwd, abs) || '.');
    else files.push(path.isAbsolute(p) ? p : path.relative(cwd, abs));
  }
  return { files, missing };
}

export async function runTest(argv: string[], _session: Session, io: CommandIO): Promise<number> {
  const cmd = new Command('test')
    .usage('[options] FILE|DIR...')
    .description('check golden transcripts: `$ cmd` lines in ```console blocks (Markdown) or cram .t files, each file on a fresh cluster')
    .argument('<paths...>')
    .option('--update', 'rewrite expected output in place where it differs (wildcards kept)')
    .option('--frozen', 'never rewrite (also ignores KUBESIM_UPDATE=1); fail if --update would change a file')
    .option('--tap', 'print a TAP 13 report instead of diffs')
    .option('--junit <file>', 'also write a JUnit XML report to FILE')
    .option('--bash', 'run every command through bash and the shims (slower; checks the shim path)')
    .option('--hermetic', 'run nothing on the host: pipes, variables and the common text tools are interpreted in-process, anything else is reported as not run')
    .option('-q, --quiet', 'print only failures and the summary');
  const stopped = parseCommand(cmd, argv, io);
  if (stopped !== undefined) return stopped;
  const o = cmd.opts<{ update?: boolean; frozen?: boolean; tap?: boolean; junit?: string; bash?: boolean; hermetic?: boolean; quiet?: boolean }>();
  if (o.update && o.frozen) {
    io.err('error: --update and --frozen cannot be used together\n');
    return 1;
  }
  const update = !o.frozen && (!!o.update || io.env.KUBESIM_UPDATE === '1');
  const { files, missing } = collectTranscripts(cmd.args, io.cwd);
  for (const m of missing) io.err(`error: ${m}: no such file or directory\n`);
  if (missing.length) return 1;
  if (!files.length) {
    io.err('error: no transcript files (*.md, *.t) found\n');
    return 1;
  }
  const t0 = performance.now();
  const results: FileOutcome[] = [];
  for (const f of files) {
    const r = await runTranscriptFile(path.resolve(io.cwd, f), { update, forceBash: o.bash, hermetic: o.hermetic, label: f });
    results.push(r);
    if (!o.tap) {
      if (!o.quiet || r.error || r.outcomes.some((c) => !c.passed)) io.out(fileLine(r));
      for (const c of r.outcomes) if (!c.passed) io.out(c.diff);
    }
    if (update && r.newText !== undefined) {
      fs.writeFileSync(path.resolve(io.cwd, f), r.newText);
      if (!o.tap) io.out(`updated ${f}\n`);
    }
  }
  const t = totals(results);
  if (o.tap) io.out(tapReport(results));
  else io.out(summaryLine(t, performance.now() - t0));
  if (o.junit) fs.writeFileSync(path.resolve(io.cwd, o.junit), junitReport(results));
  if (t.errors) return 1;
  if (t.failed && !update) return 1;
  return 0;
}
