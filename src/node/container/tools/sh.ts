// `sh`/`bash` run as a command: `sh -c 'cmd'` or a script read from standard input (the interactive shell on a
// terminal lives in the kubectl layer and uses the same line runner).

import { ShellExit, type CmdIO, type ContainerSession } from '../context.js';

/** The interpreter's line runner (shell.ts passes its own: this module does not import it). */
type LineRunner = (line: string, s: ContainerSession, io: CmdIO) => number;

export function shellKind(s: ContainerSession, name: string): 'ash' | 'dash' | 'bash' {
  const base = name.split('/').pop() ?? name;
  if (base === 'bash') return 'bash';
  if (base === 'dash') return 'dash';
  return s.facts.sh === 'dash' ? 'dash' : 'ash';
}

/** A child shell: same container, its own variables and cwd. */
export function childShell(s: ContainerSession, kind: 'ash' | 'dash' | 'bash'): ContainerSession {
  return { ...s, vars: new Map(s.vars), exported: new Set(s.exported), shell: kind, status: 0 };
}

export const shellTool = (runLine: LineRunner) => (argv: string[], s: ContainerSession, io: CmdIO): number => {
  const child = childShell(s, shellKind(s, argv[0]));
  let script: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c') {
      script = argv[i + 1] ?? '';
      if (argv[i + 1] === undefined) {
        io.err(child.shell === 'bash' ? 'bash: -c: option requires an argument\n' : `${argv[0].split('/').pop()}: -c requires an argument\n`);
        return 2;
      }
      break;
    }
    if (a === '-l' || a === '-i' || a === '-e' || a === '-x' || a === '-s') continue;
    // sh FILE
    io.err(child.shell === 'bash' ? `bash: ${a}: No such file or directory\n` : `sh: can't open '${a}': No such file or directory\n`);
    return 127;
  }
  const lines = script !== undefined ? script.split('\n') : io.stdin.split('\n');
  try {
    for (const line of lines) runLine(line, child, { ...io, stdin: script !== undefined ? io.stdin : '' });
  } catch (e) {
    if (e instanceof ShellExit) return e.code;
    throw e;
  }
  return child.status;
};
