// `kubectl cordon|uncordon NODE` (cmd/drain: RunCordonOrUncordon): spec.unschedulable set or cleared, printing
// `node/X cordoned`, `node/X already cordoned` (and the uncordon forms) with the dry-run suffixes. Also the node
// lookup drain shares (names or -l).

import { StatusError } from '../../cluster/apiserver/errors.js';
import type { Node } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { selectorFlag } from '../selector.js';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, type DryRun } from './printing.js';
import { reportErrors } from './report.js';

export const NODE_TARGET_FLAGS: FlagSpec[] = [DRY_RUN_FLAG, { name: 'selector', short: 'l', type: 'string' }];

/** The nodes named (TYPE/NAME or NAME; only nodes) or selected with -l; usage errors as kubectl's. */
export function nodeTargets(ctx: KubectlContext, args: ParsedArgs, verb: string): { nodes: Node[]; errors: unknown[] } {
  const selector = str(args, 'selector');
  if (!args.args.length && !args.changed.has('selector')) {
    throw new KubectlError(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  }
  if (args.args.length && selector) throw new KubectlError(`error: error: cannot specify both a node name and a --selector option\nSee 'kubectl ${verb} -h' for help and examples`);
  const errors: unknown[] = [];
  const nodes: Node[] = [];
  if (selector) {
    nodes.push(...ctx.api.list<Node>('nodes', undefined, selectorFlag(selector)));
    if (!nodes.length) throw new KubectlError('No resources found');
    return { nodes, errors };
  }
  for (const a of args.args) {
    let name = a;
    const slash = a.indexOf('/');
    if (slash >= 0) {
      const type = a.slice(0, slash);
      if (!['node', 'nodes', 'no'].includes(type)) throw new KubectlError(`error: the server doesn't have a resource type "${type}"`);
      name = a.slice(slash + 1);
    }
    const n = ctx.api.tryGet<Node>('nodes', undefined, name);
    if (n) nodes.push(n);
    else errors.push(new StatusError('NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' }));
  }
  return { nodes, errors };
}

/** Cordons or uncordons one node, printing kubectl's line. Returns the node as it is now. */
export function cordonOrUncordon(ctx: KubectlContext, node: Node, desired: boolean, dryRun: DryRun): Node {
  const word = desired ? 'cordoned' : 'uncordoned';
  if (!!node.spec?.unschedulable === desired) {
    ctx.out(`node/${node.metadata.name} already ${word}${dryRunSuffix(dryRun)}\n`);
    return node;
  }
  let result = node;
  if (dryRun !== 'client') {
    const next = structuredClone(node);
    next.spec ??= {};
    if (desired) next.spec.unschedulable = true;
    else delete next.spec.unschedulable;
    result = ctx.api.update<Node>(next, { dryRun: dryRun === 'server' });
  }
  ctx.out(`node/${node.metadata.name} ${word}${dryRunSuffix(dryRun)}\n`);
  return result;
}

function verb(name: 'cordon' | 'uncordon'): Verb {
  return {
    name,
    flags: NODE_TARGET_FLAGS,
    run(ctx: KubectlContext, args: ParsedArgs) {
      const dryRun = dryRunOf(ctx, args);
      const { nodes, errors } = nodeTargets(ctx, args, name);
      for (const n of nodes) cordonOrUncordon(ctx, n, name === 'cordon', dryRun);
      return reportErrors(ctx, errors);
    },
  };
}

export const cordon = verb('cordon');
export const uncordon = verb('uncordon');
export default cordon;
