// Simulated resource usage, deterministic: what the kubelet's summary API would report and metrics-server
// scrapes. Each running container uses its image's idle baseline (with a small per-window jitter from a hash, not
// the cluster RNG); a busy shell loop uses a whole core; a client loop (`while sleep 0.01; do wget -q -O-
// http://php-apache; done`) sends requests at the rate its sleep allows to the Service it names, and each request
// costs the serving container CPU (the hpa-example page burns ~12 ms per request). Usage is capped by CPU limits.

import type { Container, KubeObject, Pod } from '../apiserver/types.js';
import { quantityMilliValue, quantityOf } from '../apiserver/quantity.js';
import { imageRepository } from '../controllers/runtime.js';

export interface Usage {
  /** millicores */
  cpuMilli: number;
  /** bytes */
  memory: number;
}

const Mi = 1024 * 1024;

/** Idle usage by image repository (normalised), millicores and MiB. */
const IDLE: Record<string, [number, number]> = {
  'docker.io/library/nginx': [0, 2.9],
  'docker.io/library/httpd': [1, 6.2],
  'docker.io/library/busybox': [0, 0.4],
  'docker.io/library/alpine': [0, 0.5],
  'registry.k8s.io/hpa-example': [1, 9.6],
  'registry.k8s.io/coredns/coredns': [2, 13.1],
  'registry.k8s.io/kube-proxy': [1, 14.6],
  'registry.k8s.io/etcd': [22, 38.4],
  'registry.k8s.io/kube-apiserver': [41, 236.8],
  'registry.k8s.io/kube-controller-manager': [14, 52.3],
  'registry.k8s.io/kube-scheduler': [3, 21.7],
  'registry.k8s.io/metrics-server/metrics-server': [3, 17.9],
  'docker.io/kindest/kindnetd': [1, 11.2],
  'docker.io/kindest/local-path-provisioner': [1, 8.4],
};

/** CPU-seconds one request costs the container serving it. */
const REQUEST_COST: Record<string, number> = { 'registry.k8s.io/hpa-example': 0.012 };
const DEFAULT_REQUEST_COST = 0.0004;
/** how long one request takes end to end, seconds (the client's loop waits for it) */
const REQUEST_LATENCY = 0.01;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function script(c: Container): string {
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}

/** A shell loop that never sleeps or waits on anything: a whole core. */
export function isBusyLoop(c: Container): boolean {
  const s = script(c);
  if (!/\bwhile\s+(true|:)\b|\bfor\s*\(\(\s*;\s*;/.test(s)) return false;
  return !/\bsleep\b|\bwget\b|\bcurl\b|\bnc\b|\bread\b/.test(s);
}

/** A client loop: the host it asks and how many requests per second it can send. */
export function clientLoad(c: Container): { host: string; rate: number } | undefined {
  const s = script(c);
  if (!/\bwhile\b/.test(s)) return undefined;
  const url = /\b(?:wget|curl)\b[^;|&]*?(?:https?:\/\/)?([a-z0-9][-a-z0-9.]*)(?::\d+)?(?:\/\S*)?\s*(?:;|$)/i.exec(s);
  if (!url) return undefined;
  const m = /\bwhile\s+sleep\s+(\d+(?:\.\d+)?)|\bsleep\s+(\d+(?:\.\d+)?)/.exec(s);
  const pause = m ? Number(m[1] ?? m[2]) : 0;
  return { host: url[1], rate: 1 / (pause + REQUEST_LATENCY) };
}

export interface LoadView {
  pods: Pod[];
  services: KubeObject[];
  endpoints: KubeObject[];
}

function running(pod: Pod, name: string): boolean {
  const st = pod.status?.containerStatuses?.find((s) => s.name === name);
  return !!st?.state && 'running' in (st.state as object);
}

/** Requests per second arriving at each ready endpoint pod (by uid), from every running client loop. */
export function requestRates(view: LoadView): Map<string, number> {
  const rates = new Map<string, number>();
  const podByIP = new Map(view.pods.filter((p) => p.status?.podIP).map((p) => [p.status!.podIP!, p]));
  for (const client of view.pods) {
    for (const c of client.spec.containers ?? []) {
      if (!running(client, c.name)) continue;
      const load = clientLoad(c);
      if (!load) continue;
      const ns = client.metadata.namespace;
      const parts = load.host.split('.');
      const svcName = parts[0];
      const svcNs = parts.length > 1 && parts[1] !== 'svc' ? parts[1] : ns;
      const ep = view.endpoints.find((e) => e.metadata.name === svcName && e.metadata.namespace === svcNs);
      if (!ep) continue;
      const backends = ((ep as any).subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.ip as string));
      if (!backends.length) continue;
      // kube-proxy's iptables rules pick each backend with equal probability
      for (const ip of backends) {
        const p = podByIP.get(ip);
        if (p) rates.set(p.metadata.uid!, (rates.get(p.metadata.uid!) ?? 0) + load.rate / backends.length);
      }
    }
  }
  return rates;
}

function cpuLimitMilli(c: Container): number | undefined {
  const lim = (c.resources as any)?.limits?.cpu;
  return lim === undefined ? undefined : Number(quantityMilliValue(quantityOf(lim)));
}

/** One container's usage at a scrape instant (windowed per 15 s so repeated reads agree). */
export function containerUsage(pod: Pod, c: Container, nowMs: number, requestRate: number): Usage {
  if (!running(pod, c.name)) return { cpuMilli: 0, memory: 0 };
  const repo = imageRepository(c.image ?? '');
  const [idleCpu, idleMi] = IDLE[repo] ?? [1, 4.8];
  const jitter = (hash(`${pod.metadata.uid}/${c.name}/${Math.floor(nowMs / 15000)}`) % 1000) / 1000; // 0..1
  let cpu = idleCpu + (idleCpu > 0 ? Math.round(jitter * idleCpu * 0.4) : 0);
  if (isBusyLoop(c)) cpu = 1000;
  const load = clientLoad(c);
  if (load) cpu += Math.round(load.rate * 0.0001 * 1000);
  cpu += Math.round(requestRate * (REQUEST_COST[repo] ?? DEFAULT_REQUEST_COST) * 1000);
  const limit = cpuLimitMilli(c);
  if (limit !== undefined) cpu = Math.min(cpu, limit);
  const memory = Math.round((idleMi + jitter * 0.3 + (requestRate > 0 ? 1.5 : 0)) * Mi);
  return { cpuMilli: cpu, memory };
}

export function podUsage(pod: Pod, nowMs: number, rates: Map<string, number>): Array<{ name: string; usage: Usage }> {
  const containers = pod.spec.containers ?? [];
  const rate = rates.get(pod.metadata.uid!) ?? 0;
  // the serving container: the first one that declares a port, else the first
  const server = containers.find((c) => (c.ports ?? []).length) ?? containers[0];
  return containers.map((c) => ({ name: c.name, usage: containerUsage(pod, c, nowMs, c === server ? rate : 0) }));
}
