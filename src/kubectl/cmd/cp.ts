// `kubectl cp SRC DEST` (cmd/cp/cp.go, filespec.go): one side is `[[NAMESPACE/]POD:]PATH` in a container, the other
// a local path on this machine. As kubectl does it, the copy is a tar stream through exec: to the pod, `test -d
// DEST` then `tar -xmf - -C DIR` fed with an archive of the local files; from the pod, `tar cf - SRC`, whose archive
// is unpacked here (tar's stderr shows on stdout, as cp.go wires it). The container's tar is the simulated one, so
// an image without tar fails as it does on a cluster; the local side reads and writes the user's files.

import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { posix as pp, resolve as resolveLocal, join as joinLocal, dirname as dirLocal, relative as relLocal } from 'node:path';
import type { Pod } from '../../cluster/apiserver/types.js';
import { checkPodSubresource } from '../../cluster/rbac/access.js';
import { execInContainer } from '../../node/container/index.js';
import { decodeTar, encodeTar, type TarEntry } from '../../node/container/tools/tar-format.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { checkStreamable, containerToRun } from './exec.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'no-preserve', type: 'bool' },
  { name: 'retries', type: 'int', default: 0 },
];

interface FileSpec {
  podName: string;
  podNamespace: string;
  file: string;
}

const stripTrailingSlash = (f: string): string => (f.length > 0 && f !== '/' && f.endsWith('/') ? f.slice(0, -1) : f);

/** filespec.go's stripPathShortcuts: leading `../`, a lone `.`/`..`, then one leading `/`. */
export function stripPathShortcuts(p: string): string {
  let s = p;
  while (s.startsWith('../')) s = s.slice(3);
  if (s === '.' || s === '..') s = '';
  return s.startsWith('/') ? s.slice(1) : s;
}

/** extractFileSpec: `[[namespace/]pod:]file/path`. */
export function extractFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':');
  if (i === 0) throw new KubectlError('error: filespec must match the canonical format: [[namespace/]pod:]file/path');
  if (i < 0) return { podName: '', podNamespace: '', file: stripTrailingSlash(arg) };
  const pieces = arg.slice(0, i).split('/');
  const file = stripTrailingSlash(arg.slice(i + 1).replaceAll('\\', '/'));
  if (pieces.length === 1) return { podName: pieces[0], podNamespace: '', file };
  if (pieces.length === 2) return { podName: pieces[1], podNamespace: pieces[0], file };
  throw new KubectlError('error: filespec must match the canonical format: [[namespace/]pod:]file/path');
}

/** Go's path.Clean (posix), with "" → ".". */
function clean(p: string): string {
  if (p === '') return '.';
  const n = pp.normalize(p);
  return n.length > 1 ? n.replace(/\/$/, '') : n;
}

const goDir = (p: string): string => stripTrailingSlash(clean(pp.dirname(p) === '' ? '.' : pp.dirname(p)));
const goBase = (p: string): string => (p === '' ? '.' : pp.basename(stripTrailingSlash(p)) || '/');
const goJoin = (a: string, b: string): string => {
  const joined = [a, b].filter((x) => x !== '').join('/');
  return joined === '' ? '' : stripTrailingSlash(clean(joined));
};

/** Go's syscall error strings for what os.Create / os.MkdirAll report. */
function goErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const text: Record<string, string> = {
    EISDIR: 'is a directory',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
    EACCES: 'permission denied',
    EEXIST: 'file exists',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
  };
  return (code && text[code]) ?? (e as Error).message;
}

interface Exec {
  code: number;
  out: string;
  err: string;
}

class Copier {
  constructor(
    readonly ctx: KubectlContext,
    readonly args: ParsedArgs,
  ) {}

  local(p: string): string {
    return resolveLocal(this.ctx.cwd ?? process.cwd(), p);
  }

  /**
   * One exec in the pod (exec.go's Validate and Run): the pod and container checks raise kubectl's errors; the
   * "Defaulted container" notice goes to `notices` (stderr, or a buffer cp.go drops, or stdout for the tar pipe).
   */
  exec(spec: FileSpec, command: string[], stdin: string, notices: (t: string) => void): Exec {
    const ns = spec.podNamespace || this.ctx.namespace;
    const pod = this.ctx.api.get<Pod>('pods', ns, spec.podName);
    const container = containerToRun({ ...this.ctx, err: notices }, pod, str(this.args, 'container'), false);
    checkStreamable(pod, container);
    checkPodSubresource(this.ctx.cluster.api, this.ctx.user, 'create', 'exec', ns, spec.podName);
    const c = pod.spec.containers.find((x) => x.name === container)!;
    const res: Exec = { code: 0, out: '', err: '' };
    res.code = execInContainer(this.ctx.cluster, pod, c, command, { stdin, tty: false, out: (t) => (res.out += t), err: (t) => (res.err += t) });
    return res;
  }

  /** os.MkdirAll: an existing non-directory is ENOTDIR (Node says EEXIST). */
  mkdirAll(p: string): void {
    try {
      mkdirSync(this.local(p), { recursive: true, mode: 0o755 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'not a directory' : goErrno(e);
      throw new KubectlError(`error: mkdir ${p}: ${code}`);
    }
  }

  /** recursiveTar: the local tree under the remote names; a non-empty directory has no entry of its own. */
  tarLocal(abs: string, destName: string, out: TarEntry[]): void {
    const st = lstatSync(abs);
    const mtime = Math.floor(st.mtimeMs / 1000);
    if (st.isDirectory()) {
      const names = readdirSync(abs).sort();
      if (!names.length) out.push({ name: destName, type: 'd', mode: st.mode & 0o7777, mtime });
      for (const n of names) this.tarLocal(joinLocal(abs, n), goJoin(destName, n), out);
    } else if (st.isSymbolicLink()) out.push({ name: destName, type: 'l', mode: 0o777, mtime, linkname: readlinkSync(abs) });
    else {
      const bytes = readFileSync(abs);
      const text = bytes.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(bytes)) {
        throw new KubectlError(`error: kubesim does not simulate binary file contents in containers: ${abs} is not UTF-8 text`);
      }
      out.push({ name: destName, type: 'f', mode: st.mode & 0o7777, mtime, content: text });
    }
  }

  toPod(src: FileSpec, dest: FileSpec): number {
    const localSrc = this.local(src.file);
    try {
      statSync(localSrc);
    } catch {
      throw new KubectlError(`error: ${src.file} doesn't exist in local filesystem`);
    }
    let destFile = dest.file;
    // checkDestinationIsDir: any failure (no pod, no `test`) means "not a directory"; its output is dropped
    let isDir = false;
    try {
      isDir = this.exec(dest, ['test', '-d', dest.file], '', () => undefined).code === 0;
    } catch {
      isDir = false;
    }
    if (isDir) destFile = goJoin(destFile, goBase(clean(src.file)));
    const entries: TarEntry[] = [];
    const srcClean = clean(src.file);
    this.tarLocal(this.local(srcClean), goBase(clean(destFile)), entries);
    const archive = encodeTar(entries, { gnu: false });
    const cmd = bool(this.args, 'no-preserve') ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'] : ['tar', '-xmf', '-'];
    const dir = goDir(destFile);
    if (dir.length > 0) cmd.push('-C', dir);
    const res = this.exec(dest, cmd, archive, (t) => this.ctx.err(t));
    this.ctx.out(res.out);
    this.ctx.err(res.err);
    if (res.code !== 0) throw new KubectlError(`command terminated with exit code ${res.code}`, res.code);
    return 0;
  }

  fromPod(src: FileSpec, dest: FileSpec): number {
    const retries = int(this.args, 'retries');
    // the tar's stderr and exec's notices are wired to kubectl's stdout (TarPipe: ErrOut: o.Out)
    // (--retries: the stream never breaks in the simulation, so the first read is the only one)
    const cmd = retries !== 0 ? ['sh', '-c', `tar cf - ${src.file} | tail -c+1`] : ['tar', 'cf', '-', src.file];
    const res = this.exec(src, cmd, '', (t) => this.ctx.out(t));
    this.ctx.out(res.err);
    const decoded = decodeTar(res.out);
    // the exec's exit status only counts when no archive came: with one, the unpacking ends first and kubectl
    // exits 0 even though tar failed (kubernetes/kubectl#980)
    if (!decoded.ok && decoded.entries.length === 0 && res.code !== 0) throw new KubectlError(`command terminated with exit code ${res.code}`, res.code);
    const prefix = stripPathShortcuts(clean(src.file.replace(/^[/\\]+/, '')));
    const destRoot = stripTrailingSlash(dest.file);
    let warned = false;
    for (const h of decoded.entries) {
      if (!h.name.startsWith(prefix)) throw new KubectlError('error: tar contents corrupted');
      const rest = stripTrailingSlash(h.name.slice(prefix.length));
      const destName = stripTrailingSlash(joinLocal(destRoot, rest) || '.');
      const rel = relLocal(this.local(destRoot), this.local(destName));
      if (rel.startsWith('..') && stripPathShortcuts(rel) !== rel) {
        this.ctx.err(`warning: file ${JSON.stringify(destName)} is outside target destination, skipping\n`);
        continue;
      }
      this.mkdirAll(dirLocal(destName));
      if (h.type === 'd') {
        this.mkdirAll(destName);
        continue;
      }
      if (h.type === 'l') {
        const q = JSON.stringify;
        if (!warned) {
          this.ctx.err(`warning: skipping symlink: ${q(destName)} -> ${q(h.linkname)} (consider using "kubectl exec -n ${q(src.podNamespace)} ${q(src.podName)} -- tar cf - ${q(src.file)} | tar xf -")\n`);
          warned = true;
        } else this.ctx.err(`warning: skipping symlink: ${q(destName)} -> ${q(h.linkname)}\n`);
        continue;
      }
      try {
        writeFileSync(this.local(destName), h.content ?? '', { mode: 0o666 });
      } catch (e) {
        throw new KubectlError(`error: open ${destName}: ${goErrno(e)}`);
      }
    }
    if (!decoded.ok && decoded.entries.length > 0) throw new KubectlError('error: unexpected EOF');
    return 0;
  }
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (args.args.length !== 2) throw new KubectlError('error: source and destination are required');
  const src = extractFileSpec(args.args[0]);
  const dest = extractFileSpec(args.args[1]);
  if (src.podName && dest.podName) throw new KubectlError('error: one of src or dest must be a local file specification');
  if (!src.file || !dest.file) throw new KubectlError('error: filepath can not be empty');
  const copier = new Copier(ctx, args);
  if (src.podName) return copier.fromPod(src, dest);
  if (dest.podName) return copier.toPod(src, dest);
  throw new KubectlError('error: one of src or dest must be a remote file specification');
}

const cpVerb: Verb = { name: 'cp', flags: FLAGS, run };
export default cpVerb;
