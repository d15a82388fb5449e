// Copying a CommandIO with some fields replaced, keeping its accessors as accessors.

import type { CommandIO } from '../kubectl/context.js';

/**
 * A copy of io with extra fields that keeps its accessors as accessors: spreading would call the lazy `stdin`
 * getter and read the whole of standard input, so a `kubectl get` inside `$(...)` in a pipeline would swallow the
 * pipe meant for the next command (real kubectl never reads it).
 */
export function withIO(io: CommandIO, extra: Partial<CommandIO>): CommandIO {
  const copy = Object.create(null) as CommandIO;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(io));
  return Object.assign(copy, extra);
}
