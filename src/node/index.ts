// Node tools (`kubesim iptables-save`, `kubesim curl ...`): commands run on a simulated node, default the first
// node, `--node NAME` to pick another. Each tool is a module loaded on demand.

import type { Cluster } from '../cluster/state/cluster.js';
import type { CommandIO } from './io.js';
import type { NodeCommandContext } from './tool-context.js';

export type { NodeCommandContext };

type NodeTool = (argv: string[], ctx: NodeCommandContext) => Promise<number> | number;

const TOOLS: Record<string, () => Promise<NodeTool>> = {
  'iptables-save': async () => (await import('./iptables-tools.js')).iptablesSaveTool,
  iptables: async () => (await import('./iptables-tools.js')).iptablesTool,
  curl: async () => (await import('./traffic-tools.js')).curlTool,
  wget: async () => (await import('./traffic-tools.js')).wgetTool,
  ping: async () => (await import('./traffic-tools.js')).pingTool,
  ip: async () => (await import('./traffic-tools.js')).ipTool,
  nslookup: async () => (await import('./traffic-tools.js')).nslookupTool,
  nft: async () => (await import('./nft-tool.js')).nftTool,
  openssl: async () => (await import('./traffic-tools.js')).opensslTool,
  ps: async () => (await import('./proc-tools.js')).psTool,
  ipvsadm: async () => (await import('./proc-tools.js')).ipvsadmTool,
  cilium: async () => (await import('./cilium-tool.js')).ciliumTool,
  crictl: async () => (await import('./crictl-tool.js')).crictlTool,
};

/** Tools that only read the node (listing iptables rules changes no counter). */
const READ_ONLY = new Set(['iptables-save', 'iptables', 'nft', 'ps', 'ipvsadm', 'crictl']);

export function isReadOnlyNodeCommand(name: string): boolean {
  return READ_ONLY.has(name);
}

export function isNodeCommand(name: string): boolean {
  return name in TOOLS;
}

export function nodeCommands(): string[] {
  return Object.keys(TOOLS);
}

/** Runs a node tool; `--node NAME` / `--node=NAME` anywhere selects the node. */
export async function runNodeCommand(argvIn: string[], cluster: Cluster, io: CommandIO): Promise<number> {
  const argv: string[] = [];
  let node = cluster.config.nodes[0].name;
  for (let i = 0; i < argvIn.length; i++) {
    const a = argvIn[i];
    if (a === '--node' && i + 1 < argvIn.length) node = argvIn[++i];
    else if (a.startsWith('--node=')) node = a.slice('--node='.length);
    else argv.push(a);
  }
  if (!cluster.config.nodes.some((n) => n.name === node)) {
    io.err(`error: node "${node}" not found; nodes: ${cluster.config.nodes.map((n) => n.name).join(', ')}\n`);
    return 1;
  }
  const tool = await TOOLS[argv[0]]();
  return tool(argv.slice(1), { cluster, node, io });
}
