// `kubesim replay LAB`: placeholder while the replay runner is written.
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
export async function runReplay(_argv: string[], _session: Session, io: CommandIO): Promise<number> {
  io.err('error: replay is not available yet\n');
  return 1;
}
