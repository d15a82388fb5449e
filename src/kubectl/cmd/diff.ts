// `kubectl diff -f FILE` (cmd/diff/diff.go): the live and the merged version of every object in the files, written
// as YAML into two temporary directories LIVE-N and MERGED-N (N from the cluster's RNG, as os.MkdirTemp draws it),
// compared as `diff -u -N LIVE MERGED` would. The unified diff is made in-process; KUBECTL_EXTERNAL_DIFF runs the
// user's own diff program on real temporary directories, as kubectl does (a program of the user's host on files
// of the user's host: client side, like the editor of `kubectl edit`). Exit status: 0 no differences, 1 some,
// >1 an error (every kubectl error's code plus one, CheckDiffErr).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matches, parseSelector, SelectorParseError, type Selector } from '../../cluster/apiserver/labels.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { formatError } from '../errors.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor, type ManifestObject } from '../manifests.js';
import { diffTimestamp, unifiedDirDiff, type DiffFile } from '../printers/unified-diff.js';
import { diffTexts, diffVersions } from './diff-objects.js';
import { formatErrors } from './report.js';
import { printWarnings } from './validate.js';

const FLAGS: FlagSpec[] = [
  { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force-conflicts', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'prune', type: 'bool' },
  { name: 'prune-allowlist', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'server-side', type: 'bool' },
];

/** os.MkdirTemp's name: PREFIX-N with N a random uint32 in decimal, under $TMPDIR or /tmp. */
function tempDirName(ctx: KubectlContext, prefix: string): string {
  return path.join(ctx.env.TMPDIR || '/tmp', `${prefix}-${ctx.cluster.rng.next() >>> 0}`);
}

/**
 * The program and its extra arguments KUBECTL_EXTERNAL_DIFF names (DiffProgram.getCommand): words split on single
 * spaces; only words of letters, digits, `-` and `=` are passed (after the two directories), the others dropped
 * (v1.32 prints nothing about them).
 */
export function externalDiffCommand(value: string): { program: string; args: string[] } {
  const words = value.split(' ');
  return { program: words[0], args: words.slice(1).filter((w) => /^[a-zA-Z0-9-=]+$/.test(w)) };
}

function writeDir(dir: string, files: DiffFile[], side: 'from' | 'to'): void {
  fs.mkdirSync(dir, { mode: 0o700 });
  for (const f of files) {
    const text = f[side];
    if (text !== undefined) fs.writeFileSync(path.join(dir, f.name), text, { mode: 0o700 });
  }
}

function runExternal(ctx: KubectlContext, value: string, fromDir: string, toDir: string, files: DiffFile[]): number {
  const cmd = externalDiffCommand(value);
  try {
    writeDir(fromDir, files, 'from');
    writeDir(toDir, files, 'to');
    const r = spawnSync(cmd.program, [fromDir, toDir, ...cmd.args], { cwd: ctx.cwd, env: { ...process.env, ...ctx.env } as NodeJS.ProcessEnv });
    if (r.stdout?.length) ctx.out(r.stdout.toString('utf8'));
    if (r.stderr?.length) ctx.err(r.stderr.toString('utf8'));
    if (r.error) {
      const why = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'executable file not found in $PATH' : r.error.message;
      throw new KubectlError(`error: failed to run ${JSON.stringify(cmd.program)}: ${why}`);
    }
    if (r.signal) throw new KubectlError(`error: failed to run ${JSON.stringify(cmd.program)}: signal: ${signalName(r.signal)}`);
    const status = r.status ?? 0;
    if (status <= 1) return status;
    throw new KubectlError(`error: failed to run ${JSON.stringify(cmd.program)}: exit status ${status}`);
  } finally {
    fs.rmSync(fromDir, { recursive: true, force: true });
    fs.rmSync(toDir, { recursive: true, force: true });
  }
}

/** Go's syscall.Signal String() for the signals a program usually dies of. */
function signalName(sig: NodeJS.Signals): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGPIPE: 'broken pipe', SIGABRT: 'aborted', SIGHUP: 'hangup' };
  return names[sig] ?? sig;
}

/** The builder's LabelSelectorParam: a parse error names the selector. */
function builderSelector(text: string): Selector | null {
  if (!text) return null;
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new KubectlError(`error: the provided selector ${JSON.stringify(text)} is not valid: ${e.message}`);
    throw e;
  }
}

function runDiff(ctx: KubectlContext, args: ParsedArgs): number {
  const filenames = list(args, 'filename');
  if (filenames.length === 0 && !str(args, 'kustomize')) throw new KubectlError('error: must specify one of -f and -k');
  if (bool(args, 'force-conflicts') && !bool(args, 'server-side')) throw new KubectlError('error: --force-conflicts only works with --server-side');
  if (args.args.length) throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]\nSee 'kubectl diff -h' for help and examples`);
  // server-side apply (field managers, conflicts) is not simulated: apply --server-side is refused too
  if (bool(args, 'server-side')) throw new KubectlError('error: kubesim does not simulate "kubectl diff --server-side" yet');
  if (bool(args, 'prune') || args.changed.has('prune-allowlist')) throw new KubectlError('error: kubesim does not simulate "kubectl diff --prune" yet');
  const external = ctx.env.KUBECTL_EXTERNAL_DIFF;
  if (external && ctx.hermetic) throw new KubectlError(`error: kubesim does not run KUBECTL_EXTERNAL_DIFF (${JSON.stringify(external)}) in hermetic mode`);
  const selector = builderSelector(str(args, 'selector'));
  const items = readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive'), validate: false, kustomize: str(args, 'kustomize') });
  // the LIVE and MERGED directories are made before the files are visited
  const fromDir = tempDirName(ctx, 'LIVE');
  const toDir = tempDirName(ctx, 'MERGED');
  const mtime = diffTimestamp(ctx.cluster.clock.nowMs(), ctx.cluster.rng.int(1_000_000));
  const files: DiffFile[] = [];
  const warnings: string[] = [];
  for (const item of items) {
    if (item.kind === 'error') throw new KubectlError(`error: ${item.message}`);
    if (selector && !matches(selector, item.object.metadata.labels)) continue;
    let texts: { from: string; to: string };
    try {
      const v = diffVersions(ctx.api, item as ManifestObject, warnings);
      texts = diffTexts(v);
      if (v.live?.metadata.deletionTimestamp) ctx.err(`Warning: Detected changes to resource ${v.live.metadata.name} which is currently being deleted.\n`);
      files.push({ name: v.name, ...texts });
    } catch (e) {
      throw new KubectlError(formatErrors([e]).replace(/\n$/, ''));
    } finally {
      printWarnings(ctx, warnings);
    }
  }
  if (external) return runExternal(ctx, external, fromDir, toDir, files);
  const out = unifiedDirDiff(files, { fromDir, toDir, mtime });
  ctx.out(out);
  return out ? 1 : 0;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  try {
    return runDiff(ctx, args);
  } catch (e) {
    // CheckDiffErr: kubectl's usual error text, with the exit code one higher (1 means "differences found")
    const { text, code } = formatError(e, 'kubectl diff');
    throw new KubectlError(text, code + 1);
  }
}

const diff: Verb = {
  name: 'diff',
  flags: FLAGS,
  // SetFlagErrorFunc: a flag error is a usage error, exit 2
  flagError: (message) => new KubectlError(`error: ${message}\nSee 'kubectl diff -h' for help and examples`, 2),
  run,
};
export default diff;
