// The I/O of one command invocation (one-shot CLI, REPL, replay shim or transcript test): node tools and
// kubectl verbs write through it and read standard input and the terminal from it.

import type { Cluster } from '../cluster/state/cluster.js';

/** Where a long-running command (get -w) gets a fresh cluster without holding the state lock meanwhile. */
export interface ClusterSource {
  /** the state lives in a file other processes may change */
  persistent: boolean;
  /** the cluster as it is now (timers that fell due on a wall clock are run and saved first) */
  reload(): Promise<Cluster>;
  /** advances the (virtual) clock by ms, saving the result, and returns the cluster */
  advance(ms: number): Promise<Cluster>;
  /** runs fn on the cluster as it is now under the state lock and saves what it changed (port-forward, per request) */
  mutate<T>(fn: (cluster: Cluster) => T): Promise<T>;
}

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** standard input, read fully (undefined when there is none, e.g. a terminal) */
  stdin: string | undefined;
  /** true when stdout is a terminal */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Interactive terminal input (exec -it, run -it, attach -it): shows `prompt`, resolves with the next line typed,
   * or null at end of input (Ctrl-D). Absent when stdin is not a terminal.
   */
  /** `lastStatus`: exit status of the line the shell ran before this prompt (none before the first) */
  readLine?: (prompt: string, lastStatus?: number) => Promise<string | null>;
  /** hermetic mode (`kubesim test --hermetic` ...): nothing may run on the host, not even a program the user names */
  hermetic?: boolean;
  /** set by the session for commands that wait for changes (get -w) */
  clusterSource?: ClusterSource;
}
