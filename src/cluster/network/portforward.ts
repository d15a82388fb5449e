// The kubelet's side of `kubectl port-forward` (pods/portforward): each forwarded connection is dialled inside the
// pod's network namespace to localhost:PORT, so it reaches whatever listens there (even a 127.0.0.1-only port)
// without walking any Service rule or NetworkPolicy, and the server sees it come from 127.0.0.1. containerd's
// error text when nothing listens, with the pod sandbox's id and netns path.

import { createHash } from 'node:crypto';
import type { Pod } from '../apiserver/types.js';
import { podListens, sendPacket } from './dataplane/send.js';
import type { DataplaneCluster } from './dataplane/cluster-view.js';
import type { HttpRequest, SendResult } from './request-types.js';

/** The pod sandbox's id as containerd names it (64 hex digits, stable per pod uid). */
export function sandboxId(pod: Pod): string {
  return sandboxIdOf(pod.metadata.uid ?? pod.metadata.name ?? '');
}

function sandboxIdOf(uid: string): string {
  return createHash('sha256').update(`sandbox/${uid}`).digest('hex');
}

/** The kubelet's answer when the pod the session was opened for is gone (deleted, or replaced under its name). */
export function portForwardGoneError(uid: string, port: number): string {
  const id = sandboxIdOf(uid);
  return `error forwarding port ${port} to pod ${id}, uid : failed to find sandbox "${id}" in store: not found`;
}

/** The sandbox's network namespace (`/var/run/netns/cni-<uuid>`). */
export function sandboxNetns(pod: Pod): string {
  const h = createHash('sha256').update(`netns/${pod.metadata.uid ?? pod.metadata.name}`).digest('hex');
  return `/var/run/netns/cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * What the kubelet answers on the error stream when the dial fails (nothing listens on the port), or undefined when
 * the port accepts connections.
 */
export function portForwardDialError(pod: Pod, port: number): string | undefined {
  if (podListens(pod, port)) return undefined;
  const id = sandboxId(pod);
  const ns = pod.spec.hostNetwork ? '' : sandboxNetns(pod);
  return (
    `error forwarding port ${port} to pod ${id}, uid : failed to execute portforward in network namespace "${ns}": ` +
    `failed to connect to localhost:${port} inside namespace "${id}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused ` +
    `IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

/** One HTTP request over a forwarded connection: delivered to 127.0.0.1:port inside the pod. */
export function portForwardRequest(cluster: DataplaneCluster, pod: Pod, port: number, req: HttpRequest): SendResult {
  return sendPacket(cluster, { kind: 'pod', pod }, '127.0.0.1', port, req);
}
