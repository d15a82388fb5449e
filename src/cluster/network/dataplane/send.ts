// The connection's journey: from a pod (via its node's PREROUTING) or a node process (OUTPUT), routed hop by hop
// between nodes, each node's netfilter hooks walked with its own kube-proxy rules, then delivered to the pod (or
// hostNetwork process) owning the final address, whose image answers. Nothing else decides where traffic goes.

import type { Container, Pod, Service } from '../../apiserver/types.js';
import { nodeCounters } from '../proxy.js';
import { formatIPv4, parseIPv4 } from '../iptables/ip.js';
import { parseImage, serverFor, type IncomingRequest, type Upstream } from '../images/index.js';
import type { ServedFile, ServerEnv } from '../images/types.js';
import { ContainerFs } from '../../containerfs/vfs.js';
import { containerMounts } from '../../containerfs/volumes.js';
import { appendContainerLog } from '../logs.js';
import type { DataplaneCluster } from './cluster-view.js';
import type { HttpRequest, RequestSource, SendResult } from '../request-types.js';
import { compiledRuleset } from './rules.js';
import { describeVerdict, policyState, postroutingVerdict } from '../netpol/enforce.js';
import { isLocalTo, isLoopback, topology, type Topology } from './topology.js';
import { traverseHook, type Hook, type Packet, type RecentTables, type Verdict, type WalkContext } from './walk.js';

/** Bytes of the counted first packet: a Linux TCP SYN (20 IP + 40 TCP with options), an ICMP echo of ping -s 56. */
/** The serving container's files as its server sees them (after symlinks). */
function servedFiles(cluster: DataplaneCluster, pod: Pod, container: Container): (path: string) => ServedFile | undefined {
  let fs: ContainerFs | undefined;
  return (path) => {
    fs ??= new ContainerFs(containerMounts({ data: cluster.data, get: (r, ns, n) => cluster.api.tryGet(r, ns, n), nowMs: cluster.clock.nowMs() }, pod, container), () => cluster.clock.nowMs());
    try {
      const st = fs.stat(path);
      if (!st) return undefined;
      if (st.entry.t === 'd') return { kind: 'dir' };
      return st.entry.t === 'f' ? { kind: 'file', content: st.entry.c, mtimeMs: st.entry.ts } : undefined;
    } catch {
      return undefined;
    }
  };
}

export const SYN_BYTES = 60;
export const PING_BYTES = 84;

type Failure = 'refused' | 'timeout' | 'unreachable' | 'reset';

export type Arrival =
  | { ok: true; kind: 'pod'; pod: Pod; node: string; pkt: Packet; forwards: number }
  | { ok: true; kind: 'node'; node: string; pkt: Packet; forwards: number }
  | { ok: false; error: Failure };

/** Tracing is cheap but not free: the bench turns it off. */
export const tracing = { enabled: true };

interface Journey {
  cluster: DataplaneCluster;
  topo: Topology;
  route: string[] | null;
  nowMs: number;
  forwards: number;
  ctxs: Map<string, WalkContext>;
}

function walkCtx(j: Journey, node: string): WalkContext {
  const hit = j.ctxs.get(node);
  if (hit) return hit;
  const recentAll = (j.cluster.data.recent ??= {}) as Record<string, RecentTables>;
  const ctx: WalkContext = {
    node,
    rules: compiledRuleset(j.cluster, node),
    counters: nodeCounters(j.cluster.data, node),
    recent: (recentAll[node] ??= {}),
    isLocal: (ip) => isLocalTo(j.topo, node, ip),
    random: () => j.cluster.rng.float(),
    nowMs: j.nowMs,
    route: j.route,
  };
  if (policyState(j.cluster).podIPs.get(node)?.size) {
    ctx.postroutingFilter = (pkt) => {
      const q = postroutingVerdict(j.cluster, (ip) => podOwning(j.topo, ip), node, pkt.src, pkt.dst, pkt.dport, pkt.proto);
      if (!q.rule) return 'ACCEPT';
      j.route?.push(describeVerdict(node, q, pkt.src, pkt.dst, pkt.dport, pkt.proto));
      return q.verdict.allowed ? 'ACCEPT' : 'DROP';
    };
  }
  j.ctxs.set(node, ctx);
  return ctx;
}

function podOwning(topo: Topology, ip: number): Pod | null {
  const o = topo.byIP.get(ip);
  return o && o.kind === 'pod' ? o.pod : null;
}

function fail(v: Verdict): Failure {
  return v === 'REJECT' ? 'refused' : 'timeout';
}

const MAX_HOPS = 4;

/** After the routing decision on `node`: local delivery, or forward + POSTROUTING and on to the next hop. */
function route(j: Journey, node: string, pkt: Packet, locallyGenerated: boolean, hops: number): Arrival {
  const ctx = walkCtx(j, node);
  const local = isLocalTo(j.topo, node, pkt.dst);
  if (local) {
    if (locallyGenerated) {
      const v = traverseHook(ctx, 'POSTROUTING', pkt);
      if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
    }
    const v = traverseHook(ctx, 'INPUT', pkt);
    if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
    return { ok: true, kind: 'node', node, pkt, forwards: j.forwards };
  }
  if (!locallyGenerated) {
    const v = traverseHook(ctx, 'FORWARD', pkt);
    if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
    j.forwards++;
  }
  const v = traverseHook(ctx, 'POSTROUTING', pkt);
  if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
  if (pkt.masquerade) {
    pkt.src = parseIPv4(j.topo.nodes.get(node)!.ip)!;
    pkt.masquerade = false;
  }
  pkt.mark = 0; // skb marks do not leave the node
  const owner = j.topo.byIP.get(pkt.dst);
  if (!owner) {
    j.route?.push(`${node}: no host owns ${formatIPv4(pkt.dst)}; the packet goes to the default gateway and is lost`);
    return { ok: false, error: 'timeout' };
  }
  if (owner.kind === 'pod' && owner.node === node) {
    j.route?.push(`${node}: deliver to pod ${owner.pod.metadata.namespace}/${owner.pod.metadata.name} ${formatIPv4(pkt.dst)}:${pkt.dport}`);
    return { ok: true, kind: 'pod', pod: owner.pod, node, pkt, forwards: j.forwards };
  }
  if (hops >= MAX_HOPS) return { ok: false, error: 'timeout' };
  j.route?.push(`${node}: route ${formatIPv4(pkt.dst)} via ${owner.node}`);
  return arrive(j, owner.node, pkt, hops + 1);
}

/** A packet arriving on a node's interface from the network or a pod veth. */
function arrive(j: Journey, node: string, pkt: Packet, hops: number): Arrival {
  const v = traverseHook(walkCtx(j, node), 'PREROUTING', pkt);
  if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
  return route(j, node, pkt, false, hops);
}

/** Where a packet from `src` to dst ends up (walking and counting every rule on the way). */
export function deliverPacket(cluster: DataplaneCluster, src: RequestSource, dstIP: string, dport: number, proto: Packet['proto'], bytes: number, routeOut: string[] | null): Arrival {
  const topo = topology(cluster);
  const dst = parseIPv4(dstIP);
  if (dst === null) return { ok: false, error: 'unreachable' };
  const j: Journey = { cluster, topo, route: routeOut, nowMs: cluster.clock.nowMs(), forwards: 0, ctxs: new Map() };
  cluster.touched = true;
  const sport = 32768 + cluster.rng.int(28232);
  const pkt: Packet = { src: 0, dst, sport, dport, proto, mark: 0, dnat: false, masquerade: false, bytes };
  if (src.kind === 'pod' && !src.pod.spec.hostNetwork) {
    const pod = src.pod;
    const node = pod.spec.nodeName;
    const ip = pod.status?.podIP ? parseIPv4(pod.status.podIP) : null;
    if (!node || ip === null) return { ok: false, error: 'unreachable' };
    pkt.src = ip;
    // inside the pod's own network namespace: loopback and its own address never reach the node (a connection to
    // 127.0.0.1 comes from 127.0.0.1, as the server's log shows)
    if (isLoopback(dst)) pkt.src = parseIPv4('127.0.0.1')!;
    if (isLoopback(dst) || dst === ip) return { ok: true, kind: 'pod', pod, node, pkt, forwards: 0 };
    return arrive(j, node, pkt, 0);
  }
  const node = src.kind === 'node' ? src.node : src.pod.spec.nodeName!;
  const nc = topo.nodes.get(node);
  if (!nc) return { ok: false, error: 'unreachable' };
  pkt.src = isLoopback(dst) ? parseIPv4('127.0.0.1')! : parseIPv4(nc.ip)!;
  const v = traverseHook(walkCtx(j, node), 'OUTPUT', pkt);
  if (v !== 'ACCEPT') return { ok: false, error: fail(v) };
  return route(j, node, pkt, true, 0);
}

const servers = new WeakMap<Container, ReturnType<typeof serverFor>>();

/** The image server of a container (containers of stored pods are replaced, never mutated, on update). */
function cachedServer(pod: Pod, c: Container): ReturnType<typeof serverFor> {
  let s = servers.get(c);
  if (s === undefined && !servers.has(c)) {
    s = serverFor(pod, c);
    servers.set(c, s);
  }
  return s ?? null;
}

function listening(pod: Pod, port: number, loopback = false, env?: ServerEnv): { container: Container; server: NonNullable<ReturnType<typeof serverFor>> } | null {
  const statuses = pod.status?.containerStatuses;
  for (const c of pod.spec.containers) {
    if (statuses) {
      const st = statuses.find((s) => s.name === c.name);
      if (!st?.state?.running) continue;
    } else if (pod.status?.phase !== 'Running') continue;
    const server = cachedServer(pod, c);
    if (server && server.listens(port, env) && (!server.loopbackOnly?.includes(port) || loopback)) return { container: c, server };
  }
  return null;
}

/** What a controller image sees of the cluster: API reads, and connections from its own pod. */
function serverEnv(cluster: DataplaneCluster, pod: Pod, depth: number): ServerEnv {
  return {
    list: <T>(r: string, ns?: string) => cluster.api.list(r, ns) as unknown as T[],
    get: <T>(r: string, ns: string, n: string) => cluster.api.tryGet(r, ns, n) as unknown as T | undefined,
    send(ip, port, req) {
      if (depth > 3) return { ok: false, error: 'loop' };
      const res = sendPacket(cluster, { kind: 'pod', pod }, ip, port, req, depth + 1);
      return res.ok ? { ok: true, status: res.status, statusText: res.statusText, headers: res.headers, body: res.body } : { ok: false, error: res.error };
    },
    random: () => cluster.rng.float(),
  };
}

/** When a container's current run started, as its status says (undefined when it is not running). */
function startedAtMs(pod: Pod, name: string): number | undefined {
  const at = pod.status?.containerStatuses?.find((s) => s.name === name)?.state?.running?.startedAt;
  const ms = at ? Date.parse(String(at)) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether something in the pod listens on `port` (reached from inside its own network namespace). */
export function podListens(pod: Pod, port: number): boolean {
  return listening(pod, port, true) !== null;
}

/** Sends one TCP connection carrying one HTTP request; see request.ts. */
export function sendPacket(cluster: DataplaneCluster, src: RequestSource, dstIP: string, dstPort: number, req: HttpRequest, depth = 0): SendResult {
  const route: string[] | null = tracing.enabled ? [] : null;
  const arrival = deliverPacket(cluster, src, dstIP, dstPort, 'tcp', SYN_BYTES, route);
  const r = route ?? [];
  if (!arrival.ok) return { ok: false, error: arrival.error, route: r };
  const topo = topology(cluster);
  let target: { pod: Pod; container: Container; server: NonNullable<ReturnType<typeof serverFor>> } | null = null;
  if (arrival.kind === 'pod') {
    const l = listening(arrival.pod, arrival.pkt.dport, isLoopback(arrival.pkt.dst), serverEnv(cluster, arrival.pod, depth));
    if (l) target = { pod: arrival.pod, ...l };
  } else {
    for (const pod of topo.hostPods.get(arrival.node) ?? []) {
      const l = listening(pod, arrival.pkt.dport, isLoopback(arrival.pkt.dst), serverEnv(cluster, pod, depth));
      if (l) {
        target = { pod, ...l };
        break;
      }
    }
  }
  if (!target) {
    r.push(`${arrival.node}: nothing listens on ${formatIPv4(arrival.pkt.dst)}:${arrival.pkt.dport}; RST`);
    return { ok: false, error: 'refused', route: r };
  }
  const { pod, container, server } = target;
  const nowMs = cluster.clock.nowMs();
  const incoming: IncomingRequest = {
    method: req.method,
    path: req.path || '/',
    host: req.host,
    headers: req.headers,
    userAgent: req.userAgent,
    remoteIP: formatIPv4(arrival.pkt.src),
    remotePort: arrival.pkt.sport,
    localIP: formatIPv4(arrival.pkt.dst),
    localPort: arrival.pkt.dport,
    nowMs,
    startedMs: startedAtMs(pod, container.name),
    pod,
    container,
    files: servedFiles(cluster, pod, container),
    env: serverEnv(cluster, pod, depth),
  };
  const upstream: Upstream = (host, port, path) => {
    if (depth > 3) return { ok: false, error: 'loop' };
    const svc = cluster.api.tryGet<Service>('services', pod.metadata.namespace ?? 'default', host);
    const ip = svc?.spec?.clusterIP;
    if (!ip || ip === 'None') return null;
    const res = sendPacket(cluster, { kind: 'pod', pod }, ip, port, { method: 'GET', host, path, headers: { Connection: 'close' }, userAgent: '' }, depth + 1);
    return res.ok ? { ok: true, status: res.status, body: res.body } : { ok: false, error: res.error };
  };
  const { response, log } = server.handle(incoming, upstream);
  for (const l of log) appendContainerLog(cluster.data, pod, container.name, nowMs, l.text, l.stream);
  return {
    ok: true,
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: response.body,
    served: { pod, ip: incoming.localIP, port: incoming.localPort, container: container.name, remoteIP: incoming.remoteIP },
    route: r,
  };
}

/** Whether a container answers UDP datagrams on `port`: CoreDNS on 53, or a declared UDP container port. */
function udpListener(pod: Pod, port: number): Container | null {
  for (const c of pod.spec.containers) {
    const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
    if (pod.status?.containerStatuses && !st?.state?.running) continue;
    if ((c.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === 'UDP')) return c;
    if (port === 53 && parseImage(c.image ?? '').repo.endsWith('coredns')) return c;
  }
  return null;
}

/** One UDP datagram (a DNS query, typically) of `bytes` bytes: which pod's container received it. */
export function sendUdpPacket(
  cluster: DataplaneCluster,
  src: RequestSource,
  dstIP: string,
  dstPort: number,
  bytes: number,
): { ok: true; served: { pod: Pod; ip: string; port: number; container: string; remoteIP: string }; route: string[] } | { ok: false; error: Failure; route: string[] } {
  const route: string[] | null = tracing.enabled ? [] : null;
  const a = deliverPacket(cluster, src, dstIP, dstPort, 'udp', bytes, route);
  const r = route ?? [];
  if (!a.ok) return { ok: false, error: a.error, route: r };
  const pods = a.kind === 'pod' ? [a.pod] : (topology(cluster).hostPods.get(a.node) ?? []);
  for (const pod of pods) {
    const c = udpListener(pod, a.pkt.dport);
    if (c) return { ok: true, served: { pod, ip: formatIPv4(a.pkt.dst), port: a.pkt.dport, container: c.name, remoteIP: formatIPv4(a.pkt.src) }, route: r };
  }
  r.push(`${a.node}: nothing listens on udp ${formatIPv4(a.pkt.dst)}:${a.pkt.dport}; ICMP port unreachable`);
  return { ok: false, error: 'refused', route: r };
}

/** One ICMP echo: whether a reply comes back and with which TTL (64 minus the routers on the way back). */
export function sendPing(cluster: DataplaneCluster, src: RequestSource, dstIP: string): { ok: true; ttl: number; route: string[] } | { ok: false; error: Failure; route: string[] } {
  const route: string[] = [];
  const a = deliverPacket(cluster, src, dstIP, 0, 'icmp', PING_BYTES, route);
  if (!a.ok) return { ok: false, error: a.error, route };
  return { ok: true, ttl: 64 - a.forwards, route };
}

export type { Hook };
