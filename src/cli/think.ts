// Think time: a lab or transcript written on a real cluster assumed its author paused between commands (pods
// started meanwhile). On the virtual clock, replays and transcripts advance the cluster clock by this much before
// each command after the first; `kubesim: think DURATION` in a lab, `think:` in a transcript's front matter and
// `--think-time` change it. A wall clock moves by itself and is never pushed.

import type { Session } from './session.js';

export const THINK_TIME_MS = 10_000;

export async function think(session: Session, ms: number): Promise<void> {
  if (!(ms > 0)) return;
  await session.withCluster((c) => {
    if (c.clock.mode === 'virtual') c.advanceClock(ms);
  });
}
