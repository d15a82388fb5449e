// What a node tool runs with: the cluster, the node it runs on and the command's I/O. A leaf module, so the tools
// and the tool table (index.ts) both import it and not each other.

import type { Cluster } from '../cluster/state/cluster.js';
import type { CommandIO } from './io.js';

export interface NodeCommandContext {
  cluster: Cluster;
  /** the node the command runs on */
  node: string;
  io: CommandIO;
}
