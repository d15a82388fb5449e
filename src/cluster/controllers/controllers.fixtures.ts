// Shared fixtures of the controller tests: a kind-like cluster, settling the clock, and object builders.

import type { Deployment, Event, Node, Pod, ReplicaSet, Service } from '../apiserver/types.js';
import { Cluster } from '../state/cluster.js';
import { buildConfig, type ClusterConfig } from '../state/config.js';

export function node(name: string, ip: string, podCIDR: string, controlPlane: boolean, tainted: boolean): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
  if (controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: { podCIDR, podCIDRs: [podCIDR], ...(tainted ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}) },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: { cpu: '2', memory: '24594492Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  };
}

/** A cluster with namespaces and nodes (control plane tainted when there are workers), no system workloads. */
export function cluster(opts: { nodes?: number; pool?: string | null } = {}): Cluster {
  const config: ClusterConfig = buildConfig({ seed: 7, clock: 'virtual', nodes: opts.nodes ?? 3, loadBalancerPool: opts.pool ?? null });
  const c = Cluster.empty(config);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const tainted = config.nodes.length > 1;
  for (const n of config.nodes) c.api.create(node(n.name, n.ip, n.podCIDR, n.role === 'control-plane', tainted && n.role === 'control-plane'));
  c.reconcile();
  return c;
}

/** Reconciles what was just written, then lets 30 s of cluster time pass (pods pull, start and become ready). */
export function settle(c: Cluster, ms = 30_000): void {
  c.reconcile();
  c.advanceClock(ms);
}

export function deployment(name: string, replicas: number, image: string, extra: Partial<Deployment['spec']> = {}): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: image.split(':')[0].split('/').pop()!, image }] } },
      ...extra,
    },
  };
}

export function service(name: string, selector: Record<string, string> | undefined, ports: Service['spec']['ports'], extra: Partial<Service['spec']> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ...(selector ? { selector } : {}), ports, ...extra } };
}

export const pods = (c: Cluster, ns = 'default') => c.api.list<Pod>('pods', ns);
export const rss = (c: Cluster, ns = 'default') => c.api.list<ReplicaSet>('replicasets.apps', ns);
export const events = (c: Cluster, name: string, ns = 'default') =>
  c.api
    .list<Event>('events', ns)
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.source?.component}${e.source?.host ? `/${e.source.host}` : ''}: ${e.message}`);
