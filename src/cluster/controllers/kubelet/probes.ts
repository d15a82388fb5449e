// The kubelet's probes (pkg/kubelet/prober): what one probe of a container answers now (httpGet to the image's
// simulated server, tcpSocket, exec in the container, grpc), the probe ticks of a run (initialDelaySeconds, then
// every periodSeconds), and, for a result that has held since some instant, when readiness or a kill follows
// (successThreshold, failureThreshold). The event texts are the prober's.

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

/** The first probe tick at or after `t` for a run whose probing starts at `base`. */
export function tickAtOrAfter(p: Probe, base: number, t: number): number {
  const P = periodMs(p);
  if (t <= base) return base;
  return base + Math.ceil((t - base) / P) * P;
}

/** How many ticks fall in (from, to] for probing that starts at `base`. */
export function ticksBetween(p: Probe, base: number, from: number, to: number): number {
  if (to < base) return 0;
  const P = periodMs(p);
  const upto = Math.floor((to - base) / P); // ticks 0..upto are <= to
  const before = from < base ? -1 : Math.floor((from - base) / P); // ticks 0..before are <= from
  return Math.max(0, upto - before);
}

/** The last tick at or before t (undefined before the first). */
export function lastTickAtOrBefore(p: Probe, base: number, t: number): number | undefined {
  if (t < base) return undefined;
  const P = periodMs(p);
  return base + Math.floor((t - base) / P) * P;
}

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

/** Files a container's own shell script creates and removes over time (`touch /tmp/healthy; sleep 30; rm ...`). */
export function scriptFileTimeline(c: Container): Array<{ atMs: number; path: string; exists: boolean }> | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const i = argv.findIndex((a) => a === '-c');
  if (i < 0 || !/(^|\/)(sh|bash|ash)$/.test(argv[0] ?? (c.command?.[0] ?? ''))) {
    if (!(argv[0] === '-c' || (argv.length >= 2 && /(^|\/)(sh|bash|ash)$/.test(argv[0])))) return undefined;
  }
  const script = argv[i + 1] ?? '';
  let t = 0;
  const out: Array<{ atMs: number; path: string; exists: boolean }> = [];
  for (const raw of script.split(/;|&&|\n/)) {
    const w = raw.trim().split(/\s+/).filter(Boolean);
    if (!w.length) continue;
    if (w[0] === 'sleep' && w[1] && /^\d+(\.\d+)?$/.test(w[1])) t += Number(w[1]) * 1000;
    else if (w[0] === 'touch') for (const p of w.slice(1)) out.push({ atMs: t, path: p, exists: true });
    else if (w[0] === 'rm') for (const p of w.slice(1).filter((x) => !x.startsWith('-'))) out.push({ atMs: t, path: p, exists: false });
    else if (w[0] === 'echo' || w[0] === 'printf') {
      const gt = raw.indexOf('>');
      if (gt >= 0) out.push({ atMs: t, path: raw.slice(gt + 1).replace(/^>/, '').trim(), exists: true });
    }
  }
  return out;
}

function execAnswer(pod: Pod, c: Container, command: string[], runStart: number, now: number): ProbeAnswer {
  const argv = command[0] && /(^|\/)(sh|bash)$/.test(command[0]) && command[1] === '-c' ? (command[2] ?? '').trim().split(/\s+/) : command;
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (prog === 'true') return { ok: true, message: '' };
  if (prog === 'false') return { ok: false, message: '' };
  const fileArg = (prog === 'cat' || prog === 'ls' || prog === 'stat') ? argv[1] : prog === 'test' || prog === '[' ? argv[argv.length - (prog === '[' ? 2 : 1)] : undefined;
  if (fileArg) {
    const timeline = scriptFileTimeline(c) ?? [];
    const elapsed = now - runStart;
    let exists = false;
    let changesAt: number | undefined;
    for (const e of timeline) {
      if (e.path !== fileArg) continue;
      if (e.atMs <= elapsed) exists = e.exists;
      else if (changesAt === undefined) changesAt = runStart + e.atMs;
    }
    if (exists) return { ok: true, message: '', changesAt };
    const busybox = /busybox|alpine/.test(c.image ?? '') || !/ubuntu|debian|nginx|httpd|redis|mysql|postgres/.test(c.image ?? '');
    const message =
      prog === 'cat'
        ? busybox ? `cat: can't open '${fileArg}': No such file or directory` : `cat: ${fileArg}: No such file or directory`
        : prog === 'ls'
          ? busybox ? `ls: ${fileArg}: No such file or directory` : `ls: cannot access '${fileArg}': No such file or directory`
          : '';
    return { ok: false, message, changesAt };
  }
  // other commands (redis-cli ping, pg_isready, mysqladmin ping ...) answer as the healthy server does
  return { ok: true, message: '' };
}

/** What one probe of container c answers at `now` (the run started at runStart). */
export function probeAnswer(pod: Pod, c: Container, p: Probe, runStart: number, now: number): ProbeAnswer {
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
    const { response } = server.handle(
      { method: 'GET', path, host: `${host}:${port}`, headers, userAgent: 'kube-probe/1.32', remoteIP: pod.status?.hostIP ?? '', remotePort: 40000, localIP: ip, localPort: port, nowMs: now, pod, container: target },
      () => null,
    );
    if (response.status >= 200 && response.status < 400) return { ok: true, message: '' };
    return { ok: false, message: `HTTP probe failed with statuscode: ${response.status}` };
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
  if (p.exec) return execAnswer(pod, c, p.exec.command ?? [], runStart, now);
  return { ok: true, message: '' };
}
