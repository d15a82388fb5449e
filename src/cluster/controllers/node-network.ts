// A node's Ready condition as the kubelet posts it when the container runtime's network is or is not ready
// (kubelet: runtimeState.networkErrors -> "container runtime network not ready: ... cni plugin not initialized"),
// and the node lifecycle controller's NoSchedule taint for it (doNoScheduleTaintingPass: Ready=False ->
// node.kubernetes.io/not-ready:NoSchedule). Every node of a cluster without a CNI is NotReady, so the zone is in
// full disruption and no NoExecute taint is added, as on a fresh `kubeadm init` without a pod network. A stopped
// node (nodelifecycle.ts, Ready Unknown) is left to the node lifecycle controller.

import type { Node } from '../apiserver/types.js';
import { nodeStopped } from './nodelifecycle.js';
import { NETWORK_NOT_READY, podNetwork } from '../cilium/network.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, updateIfChanged, type Taint } from './util.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';

function sync(ctx: ControllerContext): void {
  const { api } = ctx;
  for (const node of api.list<Node>(K.nodes)) {
    const name = node.metadata.name!;
    if (nodeStopped(ctx.data, name)) continue;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'Unknown') continue;
    const networkReady = podNetwork(api, ctx.config, name) !== undefined;
    const isReady = ready.status === 'True';
    if (networkReady === isReady) continue;
    const ts = ctx.clock.timestamp();
    let updated = updateIfChanged(api, node, (n) => {
      n.status!.conditions = n.status!.conditions!.map((c: any) =>
        c.type !== 'Ready'
          ? { ...c, lastHeartbeatTime: ts }
          : networkReady
            ? { ...c, lastHeartbeatTime: ts, lastTransitionTime: ts, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True' }
            : { ...c, lastHeartbeatTime: ts, lastTransitionTime: ts, message: NETWORK_NOT_READY, reason: 'KubeletNotReady', status: 'False' },
      );
    }, true);
    if (networkReady) api.recordEvent(updated, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, { component: 'kubelet', host: name });
    updated = updateIfChanged(api, updated, (n) => {
      n.spec ??= {};
      const others = ((n.spec.taints ?? []) as Taint[]).filter((t) => !(t.key === NOT_READY_TAINT && t.effect === 'NoSchedule'));
      const next = networkReady ? others : [...others, { key: NOT_READY_TAINT, effect: 'NoSchedule' } as Taint];
      if (next.length) n.spec.taints = next;
      else delete n.spec.taints;
    });
  }
}

export const nodeNetworkController: Controller = { name: 'node-network', sync };
