// `kubesim shell`: placeholder while the REPL is written.
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
export async function runShell(_argv: string[], _session: Session, io: CommandIO): Promise<number> {
  io.err('error: shell is not available yet\n');
  return 1;
}
