// `kubectl top node|pod` (cmd/top, metricsutil.TopCmdPrinter): usage from the Metrics API (metrics-server), with
// --containers, --sort-by=cpu|memory, -A, -l, --no-headers, and `error: Metrics API not available` without it.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { checkAccess } from '../../cluster/rbac/access.js';
import { matches } from '../../cluster/apiserver/labels.js';
import { quantityMilliValue, quantityOf } from '../../cluster/apiserver/quantity.js';
import type { Node, Pod } from '../../cluster/apiserver/types.js';
import { metricsAvailable, nodeMetrics, podMetrics } from '../../cluster/metrics/server.js';
import type { Usage } from '../../cluster/metrics/usage.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';
import { selectorFlag } from '../selector.js';
import { defaultSubCommandRun } from '../subcommand-run.js';

const Mi = 1024 * 1024;

function cells(u: Usage): [string, string] {
  return [`${u.cpuMilli}m`, `${Math.floor(u.memory / Mi)}Mi`];
}

function checkSort(sortBy: string): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new KubectlError('error: --sort-by accepts only cpu or memory');
}

function sorter(sortBy: string): (a: Usage, b: Usage) => number {
  if (sortBy === 'cpu') return (a, b) => b.cpuMilli - a.cpuMilli;
  if (sortBy === 'memory') return (a, b) => b.memory - a.memory;
  return () => 0;
}

/** The Metrics API is served (discovery), and the user may list its nodes or pods (metrics.k8s.io). */
function requireMetrics(ctx: KubectlContext, resource?: 'nodes' | 'pods', namespace = ''): void {
  if (!metricsAvailable(ctx.cluster.api)) throw new KubectlError('error: Metrics API not available');
  if (resource) checkAccess(ctx.cluster.api, { user: ctx.user, verb: 'list', apiGroup: 'metrics.k8s.io', resource, namespace });
}

const topNode: Verb = {
  name: 'node',
  aliases: ['nodes', 'no'],
  path: 'kubectl top node',
  readOnly: true,
  flags: [
    { name: 'no-headers', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-capacity', type: 'bool' },
    { name: 'sort-by', type: 'string' },
    { name: 'use-protocol-buffers', type: 'bool', default: true },
  ],
  run(ctx: KubectlContext, args: ParsedArgs) {
    const sortBy = str(args, 'sort-by');
    checkSort(sortBy);
    requireMetrics(ctx, 'nodes');
    const selector = selectorFlag(str(args, 'selector'));
    let nodes = ctx.api.list<Node>('nodes', undefined, selector);
    if (args.args.length) {
      const n = ctx.api.tryGet<Node>('nodes', undefined, args.args[0]);
      if (!n) throw new KubectlError(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${args.args[0]}" not found`);
      nodes = [n];
    }
    const usage = nodeMetrics(ctx.cluster.api, ctx.now().getTime());
    const rows = nodes.map((n) => ({ n, u: usage.get(n.metadata.name!)! })).sort((a, b) => sorter(sortBy)(a.u, b.u) || (a.n.metadata.name! < b.n.metadata.name! ? -1 : 1));
    const field = bool(args, 'show-capacity') ? 'capacity' : 'allocatable';
    let text = bool(args, 'no-headers') ? '' : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n';
    for (const { n, u } of rows) {
      const avail = ((n.status as any)?.[field] ?? {}) as Record<string, string>;
      const cpuPct = Math.trunc((u.cpuMilli / Number(quantityMilliValue(quantityOf(avail.cpu ?? '0')))) * 100);
      const memPct = Math.trunc(((u.memory * 1000) / Number(quantityMilliValue(quantityOf(avail.memory ?? '0')))) * 100);
      const [cpu, mem] = cells(u);
      text += `${n.metadata.name}\t${cpu}\t${cpuPct}%\t${mem}\t${memPct}%\t\n`;
    }
    ctx.out(tabwrite(text));
  },
};

const topPod: Verb = {
  name: 'pod',
  aliases: ['pods', 'po'],
  path: 'kubectl top pod',
  readOnly: true,
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'containers', type: 'bool' },
    { name: 'field-selector', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'sort-by', type: 'string' },
    { name: 'sum', type: 'bool' },
    { name: 'use-protocol-buffers', type: 'bool', default: true },
  ],
  run(ctx, args) {
    const sortBy = str(args, 'sort-by');
    checkSort(sortBy);
    requireMetrics(ctx, 'pods', bool(args, 'all-namespaces') ? '' : ctx.namespace);
    const all = bool(args, 'all-namespaces');
    const selector = selectorFlag(str(args, 'selector'));
    let pods = ctx.api.list<Pod>(resourceKey({ name: 'pods', group: '' } as never), all ? undefined : ctx.namespace).filter((p) => !selector || matches(selector, p.metadata.labels));
    if (args.args.length) pods = pods.filter((p) => p.metadata.name === args.args[0]);
    const usage = podMetrics(ctx.cluster.api, ctx.now().getTime());
    const withMetrics = pods.filter((p) => usage.has(p.metadata.uid!));
    if (args.args.length && !withMetrics.length) {
      if (!pods.length) throw new KubectlError(`Error from server (NotFound): pods "${args.args[0]}" not found`);
      throw new KubectlError(`error: Metrics not available for pod ${ctx.namespace}/${args.args[0]}, age: ${Math.round((ctx.now().getTime() - Date.parse(pods[0].metadata.creationTimestamp!)) / 1000)}s`);
    }
    if (!withMetrics.length) {
      ctx.err(all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    const total = (p: Pod) => usage.get(p.metadata.uid!)!.reduce((s, c) => ({ cpuMilli: s.cpuMilli + c.usage.cpuMilli, memory: s.memory + c.usage.memory }), { cpuMilli: 0, memory: 0 });
    const rows = withMetrics.map((p) => ({ p, u: total(p) })).sort((a, b) => sorter(sortBy)(a.u, b.u));
    const containers = bool(args, 'containers');
    const head = [...(all ? ['NAMESPACE'] : []), ...(containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    let text = bool(args, 'no-headers') ? '' : `${head.join('\t')}\t\n`;
    const sum = { cpuMilli: 0, memory: 0 };
    for (const { p, u } of rows) {
      const ns = all ? `${p.metadata.namespace}\t` : '';
      if (containers) {
        for (const c of usage.get(p.metadata.uid!)!) text += `${ns}${p.metadata.name}\t${c.name}\t${cells(c.usage).join('\t')}\t\n`;
      } else text += `${ns}${p.metadata.name}\t${cells(u).join('\t')}\t\n`;
      sum.cpuMilli += u.cpuMilli;
      sum.memory += u.memory;
    }
    if (bool(args, 'sum')) {
      const pad = [...(all ? [''] : []), ...(containers ? ['', ''] : [''])];
      text += `${pad.join('\t')}\t________\t________\t\n${pad.join('\t')}\t${cells(sum).join('\t')}\t\n`;
    }
    ctx.out(tabwrite(text));
    return 0;
  },
};

const top: Verb = {
  name: 'top',
  flags: [],
  readOnly: true,
  subcommands: { node: topNode, pod: topPod },
  run: defaultSubCommandRun('top'),
};

export default top;
export type { FlagSpec };
