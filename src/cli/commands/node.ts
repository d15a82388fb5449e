// `kubesim node stop|start NAME`: a fault drill. Stopping a node stops its kubelet (no status, no pod changes);
// the node lifecycle controller then marks it NotReady after the grace period, taints it unreachable, and its
// pods are evicted after their toleration. Starting it brings the kubelet back.

import { nodeStopped, setNodeStopped } from '../../cluster/controllers/nodelifecycle.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';

const USAGE = 'usage: kubesim node stop|start NAME';

export async function runNode(argv: string[], session: Session, io: CommandIO): Promise<number> {
  const [sub, name, ...rest] = argv;
  if ((sub !== 'stop' && sub !== 'start') || !name || rest.length) {
    io.err(`error: ${USAGE}\n`);
    return 1;
  }
  return session.withCluster((c) => {
    if (!c.api.tryGet('nodes', undefined, name)) {
      const names = c.api.list('nodes').map((n) => n.metadata.name).join(', ');
      io.err(`error: node "${name}" not found (nodes: ${names})\n`);
      return 1;
    }
    const stop = sub === 'stop';
    if (!setNodeStopped(c.data, name, stop, c.clock.nowMs())) {
      io.out(`node/${name} already ${stop ? 'stopped' : 'running'}\n`);
      return 0;
    }
    c.touched = true;
    c.reconcile();
    io.out(stop ? `node/${name} stopped (its kubelet no longer posts status)\n` : `node/${name} started\n`);
    void nodeStopped;
    return 0;
  });
}
