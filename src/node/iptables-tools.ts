// `kubesim iptables-save` and `kubesim iptables ...` on a node: the node's kube-proxy ruleset and counters handed
// to the pure iptables printers.

import { nodeRuleset, readNodeCounters } from '../cluster/network/proxy.js';
import type { NodeCommandContext } from './tool-context.js';
import { runIptablesCommand, runIptablesSaveCommand, type CommandResult, type IptablesContext } from './iptables/index.js';

function context(ctx: NodeCommandContext): IptablesContext {
  const { cluster, node } = ctx;
  return {
    ruleset: nodeRuleset(cluster.api, cluster.config, node),
    counters: readNodeCounters(cluster.data, node),
    now: cluster.clock.now(),
    config: cluster.config.kubeProxy,
  };
}

function emit(ctx: NodeCommandContext, r: CommandResult): number {
  if (r.stdout) ctx.io.out(r.stdout);
  if (r.stderr) ctx.io.err(r.stderr);
  return r.code;
}

export function iptablesSaveTool(argv: string[], ctx: NodeCommandContext): number {
  return emit(ctx, runIptablesSaveCommand(argv, context(ctx)));
}

export function iptablesTool(argv: string[], ctx: NodeCommandContext): number {
  return emit(ctx, runIptablesCommand(argv, context(ctx)));
}
