// The kubelet's memory of pods whose last sync changed nothing (the KUBESIM_FULL_RELIST=1 path never uses it).
//
// A pod's sync reads the pod, its node, its runtime record (data.kubelet.pods, which only the kubelet writes) and the
// clock: its pulls, script steps and probe ticks up to now are lived already, and what it reads elsewhere (secrets,
// services, the CNI, volumes, the container's files) it reads only while it starts something, which writes through
// the API server or draws from the RNG. So a sync that wrote nothing and drew nothing stays a no-op for as long as
// those four are the same objects at the same instant, and the kubelet skips it.

import type { Node, Pod } from '../../apiserver/types.js';

export interface SettledPod<R> {
  pod: Pod;
  node: Node;
  rt: R;
  now: number;
}

const settled = new WeakMap<object, Map<string, SettledPod<unknown>>>();

/** Per API server: pod uid -> the inputs of its last sync that changed nothing. */
export function settledPods<R>(api: object): Map<string, SettledPod<R>> {
  let m = settled.get(api);
  if (!m) settled.set(api, (m = new Map()));
  return m as Map<string, SettledPod<R>>;
}

/** Whether a sync of `pod` would see exactly what the settled one saw. */
export function stillSettled<R>(last: SettledPod<R> | undefined, pod: Pod, node: Node, rt: R | undefined, now: number): boolean {
  return !!last && rt !== undefined && last.pod === pod && last.node === node && last.rt === rt && last.now === now;
}
