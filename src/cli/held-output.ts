// Output held until the state is saved: a mutating command's `configmap/probe created` must not reach the user
// before the change is on disk, or a failed save (disk full) would follow a success line. The session flushes it
// after each save (and before an interactive command waits for input), and drops it when the save fails.

import type { CommandIO } from '../kubectl/context.js';
import { withIO } from './io-copy.js';

export class HeldOutput {
  private chunks: Array<{ err: boolean; text: string }> = [];
  readonly io: CommandIO;

  constructor(private readonly target: CommandIO) {
    this.io = withIO(target, {
      out: (t) => {
        this.chunks.push({ err: false, text: t });
      },
      err: (t) => {
        this.chunks.push({ err: true, text: t });
      },
    });
  }

  /** Writes what was held, in order, to the real streams. */
  flush(): void {
    const chunks = this.chunks;
    this.chunks = [];
    for (const c of chunks) (c.err ? this.target.err : this.target.out).call(this.target, c.text);
  }

  /** Forgets what was held (the command's changes were not saved, so its success lines would be false). */
  discard(): void {
    this.chunks = [];
  }
}
