// How kubesim's own subcommands (init, test, replay) run commander: help and errors go to the command's I/O rather
// than the process streams, and commander's exit (after --help or a bad flag) becomes an exit code.

import { CommanderError, type Command } from 'commander';
import type { CommandIO } from '../../kubectl/context.js';

/** Parses `argv` into `cmd`; the exit code when commander stopped (0 after --help, 1 on an error), else undefined. */
export function parseCommand(cmd: Command, argv: string[], io: CommandIO): number | undefined {
  cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    throw e;
  }
  return undefined;
}
