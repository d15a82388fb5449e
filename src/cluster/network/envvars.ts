// Service environment variables as kubelet injects them (pkg/kubelet/envvars, kubelet_pods.go getServiceEnvVarMap)
// and the snapshot taken when a container starts: pods started before a Service never see it, and a recreated
// Service leaves old pods with the stale ClusterIP.

import type { Pod, Service } from '../apiserver/types.js';

export interface EnvPair {
  name: string;
  value: string;
}

/** `strings.ToUpper(strings.Replace(name, "-", "_", -1))` */
export function makeEnvVariableName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** envvars.FromServices for a list of services (skips headless and ExternalName services). */
export function fromServices(services: Service[]): EnvPair[] {
  const out: EnvPair[] = [];
  for (const svc of services) {
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None') continue;
    const ports = svc.spec.ports ?? [];
    if (ports.length === 0) continue;
    const name = makeEnvVariableName(svc.metadata.name ?? '');
    out.push({ name: `${name}_SERVICE_HOST`, value: ip });
    out.push({ name: `${name}_SERVICE_PORT`, value: String(ports[0].port) });
    for (const p of ports) {
      if (p.name) out.push({ name: `${name}_SERVICE_PORT_${makeEnvVariableName(p.name)}`, value: String(p.port) });
    }
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const PROTO = proto.toUpperCase();
      const url = `${proto}://${joinHostPort(ip, p.port)}`;
      const prefix = `${name}_PORT_${p.port}_${PROTO}`;
      if (i === 0) out.push({ name: `${name}_PORT`, value: url });
      out.push({ name: prefix, value: url });
      out.push({ name: `${prefix}_PROTO`, value: proto });
      out.push({ name: `${prefix}_PORT`, value: String(p.port) });
      out.push({ name: `${prefix}_ADDR`, value: ip });
    });
  }
  return out;
}

/**
 * The services whose variables a pod gets: `kubernetes` from the master namespace always, and with
 * enableServiceLinks (default true) every service of the pod's namespace. A same-named service of the pod's own
 * namespace wins over the master one, as in getServiceEnvVarMap.
 */
export function servicesForPod(pod: Pod, services: Service[], masterNamespace = 'default'): Service[] {
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec.enableServiceLinks !== false;
  const byName = new Map<string, Service>();
  for (const s of services) {
    const ip = s.spec.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = s.metadata.name ?? '';
    if (s.metadata.namespace === masterNamespace && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, s);
    } else if (s.metadata.namespace === ns && links) byName.set(name, s);
  }
  return [...byName.values()].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/** The service variables of a pod started now (user env overrides same-named service vars). */
export function podServiceEnv(pod: Pod, services: Service[]): EnvPair[] {
  return fromServices(servicesForPod(pod, services));
}

// ---------------------------------------------------------------- the snapshot taken at container start

export interface ContainerEnvSnapshot {
  /** ms of the container start the snapshot belongs to */
  startedAt: string;
  /** service variables, in the order `env` prints them */
  services: EnvPair[];
}

type EnvStore = Record<string, Record<string, ContainerEnvSnapshot>>;

function store(data: Record<string, unknown>): EnvStore {
  return (data.containerEnv ??= {}) as EnvStore;
}

/**
 * Called by the kubelet when it starts a container: remembers the service variables of that moment under
 * `data.containerEnv[<pod uid>][<container>]`. A restart (new startedAt) takes a new snapshot.
 */
export function recordContainerStart(data: Record<string, unknown>, pod: Pod, container: string, services: Service[], startedAt: string): void {
  const uid = pod.metadata.uid ?? '';
  const byContainer = (store(data)[uid] ??= {});
  if (byContainer[container]?.startedAt === startedAt) return;
  byContainer[container] = { startedAt, services: podServiceEnv(pod, services) };
}

/** Drops the snapshots of pods that no longer exist. */
export function forgetContainerEnv(data: Record<string, unknown>, liveUids: Set<string>): void {
  const s = data.containerEnv as EnvStore | undefined;
  if (!s) return;
  for (const uid of Object.keys(s)) if (!liveUids.has(uid)) delete s[uid];
}

/**
 * The service variables of a running container: its snapshot, or (when the kubelet took none) the services that
 * existed when the container started — those created at or before its start time, with their current ClusterIP.
 */
export function containerServiceEnv(data: Record<string, unknown>, pod: Pod, container: string, services: Service[]): EnvPair[] {
  const snap = (data.containerEnv as EnvStore | undefined)?.[pod.metadata.uid ?? '']?.[container];
  const status = pod.status?.containerStatuses?.find((c) => c.name === container);
  const started = status?.state.running?.startedAt ?? pod.status?.startTime;
  // a restarted container got the services of its restart time
  if (snap && (!status?.state.running || status.restartCount === 0 || snap.startedAt === started)) return snap.services;
  const existing = started ? services.filter((s) => (s.metadata.creationTimestamp ?? '') <= started) : services;
  return podServiceEnv(pod, existing);
}
