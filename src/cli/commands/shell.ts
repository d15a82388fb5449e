// `kubesim` / `kubesim shell`: the interactive prompt (or one command per line from a non-terminal stdin);
// `kubesim shell --bash` opens a real bash with kubectl, k, sudo and the node tools shimmed onto PATH.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandIO } from '../../kubectl/context.js';
import { nodeCommands } from '../../node/index.js';
import { Resident, residentWanted } from '../bash/resident.js';
import { createShimDir } from '../bash/shims.js';
import { runRepl } from '../repl/repl.js';
import type { Session } from '../session.js';

const USAGE = `Usage: kubesim shell [--bash] [--color=auto|always|never]

  (no flag)   an interactive kubectl prompt (one command per line when stdin is not a terminal)
  --bash      a real bash with kubectl, k, sudo, sleep and the node tools served by kubesim on PATH
  --color     colour the prompt: auto (terminal and NO_COLOR unset), always or never
`;

export async function runShell(argv: string[], session: Session, io: CommandIO): Promise<number> {
  let bash = false;
  let color = 'auto';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bash') bash = true;
    else if (a.startsWith('--color=')) color = a.slice('--color='.length);
    else if (a === '--color' && i + 1 < argv.length) color = argv[++i];
    else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else {
      io.err(`error: unknown argument "${a}"\n${USAGE}`);
      return 1;
    }
  }
  if (!['auto', 'always', 'never'].includes(color)) {
    io.err(`error: --color must be auto, always or never, got "${color}"\n`);
    return 1;
  }
  if (bash) return runBash(session, io);
  const colour = color === 'always' || (color === 'auto' && !!process.stdout.isTTY && !!process.stdin.isTTY && !io.env.NO_COLOR);
  return runRepl({ session, io, input: process.stdin, output: process.stdout, colour });
}

/**
 * A login-like interactive bash with the shims first on PATH and a prompt saying where you are. This process stays
 * and serves the shims (bash/resident.ts), so a kubectl line there starts no Node of its own.
 */
async function runBash(session: Session, io: CommandIO): Promise<number> {
  const resident = residentWanted(io.env) ? new Resident(session) : undefined;
  const shims = createShimDir({ nodeTools: nodeCommands(), resident: await resident?.start() });
  const rc = path.join(shims, '.bashrc');
  fs.writeFileSync(
    rc,
    `[ -f ~/.bashrc ] && . ~/.bashrc\nexport PATH=${JSON.stringify(shims)}:"$PATH"\nPS1="(kubesim) $PS1"\necho "kubesim: kubectl, k, sudo, sleep and node tools on PATH use the cluster in $KUBESIM_HOME; exit to leave."\n`,
  );
  const env = { ...io.env, KUBESIM_HOME: session.home } as NodeJS.ProcessEnv;
  const code = await new Promise<number>((resolve) => {
    const child = spawn('bash', ['--rcfile', rc, '-i'], { stdio: 'inherit', env, cwd: io.cwd });
    child.on('exit', (c) => resolve(c ?? 0));
    child.on('error', (e) => {
      io.err(`error: cannot start bash: ${e.message}\n`);
      resolve(1);
    });
  });
  resident?.close();
  fs.rmSync(shims, { recursive: true, force: true });
  return code;
}
