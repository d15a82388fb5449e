// The kubelet's probes (pkg/kubelet/prober): what one probe of a container answers at an instant (httpGet to the
// image's simulated server, tcpSocket, exec in the container's shell, grpc), with the failure texts the prober puts
// in its Unhealthy events, and until when that answer holds by itself. The workers that tick them are prober.ts.

import type { Container, Pod } from '../../apiserver/types.js';
import { serverFor } from '../../network/images/index.js';

export interface Probe {
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: Array<{ name: string; value: string }> };
  tcpSocket?: { port: number | string; host?: string };
  exec?: { command?: string[] };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

export interface ProbeAnswer {
  ok: boolean;
  /** the failure text after "<Kind> probe failed: " */
  message: string;
  /** an instant at which the answer may change by itself (a script that removes its health file) */
  changesAt?: number;
}

export function probeOf(c: Container, kind: ProbeKind): Probe | undefined {
  const key = kind === 'Liveness' ? 'livenessProbe' : kind === 'Readiness' ? 'readinessProbe' : 'startupProbe';
  return c[key] as Probe | undefined;
}

export const periodMs = (p: Probe) => (p.periodSeconds ?? 10) * 1000;
export const initialDelayMs = (p: Probe) => (p.initialDelaySeconds ?? 0) * 1000;
export const failureThreshold = (p: Probe) => p.failureThreshold ?? 3;
export const successThreshold = (p: Probe) => p.successThreshold ?? 1;

function containerPort(pod: Pod, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

/** The container of the pod listening on this port (all containers share the pod's network namespace). */
function listener(pod: Pod, port: number, loopbackAllowed: boolean): Container | undefined {
  for (const c of pod.spec.containers) {
    const s = serverFor(pod, c);
    if (!s || !s.listens(port)) continue;
    if (!loopbackAllowed && s.loopbackOnly?.includes(port)) continue;
    return c;
  }
  return undefined;
}

/** What an exec probe needs from the container: its shell, and when its files next change by themselves. */
export interface ProbeEnv {
  /** runs argv in the container (the simulated shell): exit status and combined output; undefined without a shell */
  exec?(argv: string[]): { exitCode: number; output: string } | undefined;
  /** the next instant the container's own script changes its files (kubelet/scripts.ts) */
  filesChangeAt?: number;
}

/** exec: the command runs in the container; exit status 0 is success, the output is the failure's message. */
function execAnswer(command: string[], env: ProbeEnv): ProbeAnswer {
  const r = env.exec?.(command);
  // without a shell (a bare cluster in a unit test), or a program kubesim does not simulate, the command is taken
  // to succeed as it does on the healthy server the image runs
  if (!r) return { ok: true, message: '', changesAt: env.filesChangeAt };
  return { ok: r.exitCode === 0, message: r.output.replace(/\n+$/, ''), changesAt: env.filesChangeAt };
}

/** What one probe of container c answers at `now` (the run started at runStart). */
export function probeAnswer(pod: Pod, c: Container, p: Probe, runStart: number, now: number, env: ProbeEnv = {}): ProbeAnswer {
  const ip = pod.status?.podIP ?? '';
  if (p.httpGet) {
    const port = containerPort(pod, p.httpGet.port);
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = p.httpGet.path ?? '/';
    const host = p.httpGet.host ?? ip;
    const url = `${scheme}://${host}:${port ?? p.httpGet.port}${path.startsWith('/') ? path : `/${path}`}`;
    const refused = `Get "${url}": dial tcp ${host}:${port ?? p.httpGet.port}: connect: connection refused`;
    if (port === undefined) return { ok: false, message: refused };
    const target = listener(pod, port, false);
    if (!target) return { ok: false, message: refused };
    const server = serverFor(pod, target)!;
    const headers: Record<string, string> = {};
    for (const h of p.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    headers.Accept = '*/*';
    const { response, changesAtMs } = server.handle(
      // the probed container's start (all containers of a pod start in the same sync; a sidecar's own start is close)
      { method: 'GET', path, host: `${host}:${port}`, headers, userAgent: 'kube-probe/1.32', remoteIP: pod.status?.hostIP ?? '', remotePort: 40000, localIP: ip, localPort: port, nowMs: now, startedMs: runStart, pod, container: target },
      () => null,
    );
    if (response.status >= 200 && response.status < 400) return { ok: true, message: '', changesAt: changesAtMs };
    return { ok: false, message: `HTTP probe failed with statuscode: ${response.status}`, changesAt: changesAtMs };
  }
  if (p.tcpSocket) {
    const port = containerPort(pod, p.tcpSocket.port);
    const host = p.tcpSocket.host ?? ip;
    if (port !== undefined && listener(pod, port, false)) return { ok: true, message: '' };
    return { ok: false, message: `dial tcp ${host}:${port ?? p.tcpSocket.port}: connect: connection refused` };
  }
  if (p.grpc) {
    if (listener(pod, p.grpc.port, false)) return { ok: true, message: '' };
    return { ok: false, message: `timeout: failed to connect service "${ip}:${p.grpc.port}" within ${p.timeoutSeconds ?? 1}s: context deadline exceeded` };
  }
  if (p.exec) return execAnswer(p.exec.command ?? [], env);
  return { ok: true, message: '' };
}
