// `sh`/`bash` run as a command: `sh -c 'script' [NAME [ARG...]]` ($0 is NAME, $1... the ARGs), `sh FILE [ARG...]`
// (the script read from the container's files), or a script read from standard input (`sh -s`, `sh < x`). Flags
// -e -u -x set the shell's options. The interactive shell on a terminal lives in the kubectl layer and feeds the
// same interpreter line by line.

import { readFile, type CmdIO, type ContainerSession } from '../context.js';

/** The interpreter's script runner (shell.ts passes its own: this module does not import it). */
type ScriptRunner = (src: string, s: ContainerSession, io: CmdIO) => number;

export function shellKind(s: ContainerSession, name: string): 'ash' | 'dash' | 'bash' {
  const base = name.split('/').pop() ?? name;
  if (base === 'bash') return 'bash';
  if (base === 'dash') return 'dash';
  return s.facts.sh === 'dash' ? 'dash' : 'ash';
}

/** A child shell: same container, its own variables, cwd, functions and options. */
export function childShell(s: ContainerSession, kind: 'ash' | 'dash' | 'bash'): ContainerSession {
  return {
    ...s,
    vars: new Map(s.vars),
    exported: new Set(s.exported),
    shell: kind,
    status: 0,
    params: [],
    arg0: undefined,
    funcs: undefined,
    locals: undefined,
    options: undefined,
    readonly: undefined,
    traps: undefined,
    loopDepth: 0,
    condDepth: 0,
    interactive: false,
    lineBase: 0,
  };
}

export const shellTool = (run: ScriptRunner) => (argv: string[], s: ContainerSession, io: CmdIO): number => {
  const child = childShell(s, shellKind(s, argv[0]));
  // only the variables exported reach a new process
  for (const k of [...child.vars.keys()]) if (!s.exported.has(k)) child.vars.delete(k);
  const name = argv[0].split('/').pop() ?? argv[0];
  let script: string | undefined;
  let fromStdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    for (const f of a.slice(1)) {
      if (f === 'c') {
        if (argv[i + 1] === undefined) {
          io.err(child.shell === 'bash' ? 'bash: -c: option requires an argument\n' : `${name}: -c requires an argument\n`);
          return 2;
        }
        script = argv[++i];
      } else if (f === 's') fromStdin = true;
      else if ('eux'.includes(f)) {
        child.options ??= new Set();
        if (a[0] === '-') child.options.add(f);
      } else if (!'ilv'.includes(f)) {
        io.err(child.shell === 'bash' ? `bash: -${f}: invalid option\n` : `${name}: -${f}: invalid option\n`);
        return 2;
      }
    }
    if (script !== undefined) {
      i++;
      break;
    }
  }
  const rest = argv.slice(i);
  if (script !== undefined) {
    // sh -c 'script' NAME ARG...: $0 is NAME
    if (rest.length) child.arg0 = rest[0];
    child.params = rest.slice(1);
    return run(script, child, io);
  }
  if (!fromStdin && rest.length) {
    // sh FILE ARG...
    const file = rest[0];
    const text = s.files ? undefined : readFile(s, file);
    if (text === undefined) {
      io.err(child.shell === 'bash' ? `bash: ${file}: No such file or directory\n` : child.shell === 'dash' ? `${name}: 0: cannot open ${file}: No such file\n` : `${name}: can't open '${file}': No such file or directory\n`);
      return child.shell === 'bash' ? 127 : 2;
    }
    child.arg0 = file;
    child.params = rest.slice(1);
    return run(text, child, io);
  }
  child.params = rest;
  return run(io.stdin, child, { ...io, stdin: '' });
};
