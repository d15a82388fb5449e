// `kubesim clock [show|advance DURATION]`: read or move the cluster clock (virtual clocks move only this way,
// or through `sleep` in replays).

import { parseDuration, rfc3339 } from '../../cluster/state/clock.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';

export async function runClock(argv: string[], session: Session, io: CommandIO): Promise<number> {
  const [sub = 'show', arg] = argv;
  if (sub === 'show') {
    return session.withCluster(
      (c) => {
        io.out(`${rfc3339(c.clock.nowMs())} (${c.clock.mode})\n`);
        return 0;
      },
      { readOnly: true },
    );
  }
  if (sub === 'advance') {
    if (!arg) {
      io.err('error: usage: kubesim clock advance DURATION (e.g. 30s, 5m, 1h30m)\n');
      return 1;
    }
    let ms: number;
    try {
      ms = parseDuration(arg);
    } catch (e) {
      io.err(`error: ${(e as Error).message}\n`);
      return 1;
    }
    // printed once the advance is saved
    const now = await session.withCluster((c) => {
      try {
        c.advanceClock(ms);
      } catch (e) {
        if (e instanceof RangeError) return e;
        throw e;
      }
      return `${rfc3339(c.clock.nowMs())} (${c.clock.mode})\n`;
    });
    if (now instanceof RangeError) {
      io.err(`error: ${now.message}\n`);
      return 1;
    }
    io.out(now);
    return 0;
  }
  io.err(`error: unknown clock command "${sub}"; use: kubesim clock show | kubesim clock advance DURATION\n`);
  return 1;
}
