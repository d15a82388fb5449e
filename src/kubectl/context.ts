// What a kubectl verb runs with: the cluster (through its API server), the effective namespace, and the I/O of
// the invocation (one-shot CLI, REPL, replay shim or transcript test all provide the same shape).

import type { ApiServer } from '../cluster/apiserver/server.js';
import type { Cluster } from '../cluster/state/cluster.js';
import type { FlagSpec, ParsedArgs } from './flags.js';
import type { UserInfo } from '../cluster/rbac/types.js';

export type { CommandIO } from '../node/io.js';
import type { CommandIO } from '../node/io.js';

/** kubeconfig state kept with the cluster: current context and its namespace. */
export interface KubeconfigState {
  namespace: string;
}

export interface KubectlContext extends CommandIO {
  cluster: Cluster;
  /** the API server as `user` sees it: every read and write is authorised by RBAC first */
  api: ApiServer;
  /** who the requests are made as (kubernetes-admin, or whom --as/--as-group impersonate) */
  user: UserInfo;
  now(): Date;
  /** -n value, else the kubeconfig context namespace, else `default` */
  namespace: string;
  /** true when -n/--namespace was given */
  explicitNamespace: boolean;
  /** --record=true: the kubernetes.io/change-cause the verb records (the command line as kubectl words it) */
  changeCause?: string;
  kubeconfig: KubeconfigState;
}

/** An error already formatted as kubectl prints it (full text, no trailing newline) and its exit code. */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

export interface Verb {
  name: string;
  aliases?: string[];
  flags: FlagSpec[];
  /** `kubectl <path>` shown in usage errors (defaults to the verb name) */
  path?: string;
  /** sub-commands (create deployment, rollout status, config view, set image ...) */
  subcommands?: Record<string, Verb>;
  /** true if the verb never changes the cluster (lets the session skip reconcile/save) */
  readOnly?: boolean;
  /** the verb parses its own arguments (`__complete`): no flag parsing, no --help */
  rawArgs?: boolean;
  /** cobra's SetFlagErrorFunc: the error a flag parse error becomes (default: `See 'kubectl X --help' for usage.`, 1) */
  flagError?: (message: string) => KubectlError;
  run(ctx: KubectlContext, args: ParsedArgs): number | void | Promise<number | void>;
}
