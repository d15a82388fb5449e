// `kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT ...` (cmd/portforward/portforward.go and client-go's
// tools/portforward): the pod (a workload's or Service's first pod, as exec picks it), the ports translated as
// kubectl does (a Service port to its targetPort, named ports to numbers, the UDP refusal), the running check, the
// listen addresses, then real listeners on the host loopback whose connections are relayed into the simulated pod
// (port-forward-listen.ts). The cluster is read and written per request, never held while waiting.

import { isIP } from 'node:net';
import { parseDuration } from '../../cluster/state/clock.js';
import type { Pod, Service } from '../../cluster/apiserver/types.js';
import { checkPodSubresource } from '../../cluster/rbac/access.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { tryResolveType } from '../resolve.js';
import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { attachablePod } from './exec.js';
import type { ForwardedPort, ForwardPlan, ListenAddress } from './port-forward-types.js';

const FLAGS: FlagSpec[] = [
  { name: 'address', type: 'stringSlice', default: ['localhost'] },
  { name: 'pod-running-timeout', type: 'duration', default: '1m0s' },
];

const SEE = "See 'kubectl port-forward -h' for help and examples";

/** portforward.go splitPort: `[LOCAL:]REMOTE`; anything but one colon is LOCAL=REMOTE=first part. */
export function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

interface PortSpec {
  name?: string;
  port?: number;
  containerPort?: number;
  protocol?: string;
  targetPort?: number | string;
}

/** util.LookupContainerPortNumberByName */
export function containerPortByName(pod: Pod, name: string): number {
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const p of (c.ports ?? []) as PortSpec[]) if (p.name === name) return p.containerPort!;
  }
  throw new KubectlError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

function servicePorts(svc: Service): PortSpec[] {
  return ((svc.spec as { ports?: PortSpec[] } | undefined)?.ports ?? []) as PortSpec[];
}

/** util.LookupServicePortNumberByName */
function servicePortByName(svc: Service, name: string): number {
  const p = servicePorts(svc).find((x) => x.name === name);
  if (!p) throw new KubectlError(`error: Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port!;
}

/** util.LookupContainerPortNumberByServicePort */
function containerPortForServicePort(svc: Service, pod: Pod, port: number): number {
  if ((svc.spec as { clusterIP?: string }).clusterIP === 'None') return port;
  for (const p of servicePorts(svc)) {
    if (p.port !== port) continue;
    if (typeof p.targetPort === 'string' && !isNumber(p.targetPort)) return containerPortByName(pod, p.targetPort);
    const t = Number(p.targetPort ?? 0);
    return t === 0 ? p.port! : t;
  }
  throw new KubectlError(`error: Service ${svc.metadata.name} does not have a service port ${port}`);
}

/** translateServicePortToTargetPort */
export function translateServicePorts(ports: string[], svc: Service, pod: Pod): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let num = Number(remote);
    if (!isNumber(remote)) {
      num = servicePortByName(svc, remote);
      if (local === remote) local = String(num);
    }
    remote = String(containerPortForServicePort(svc, pod, num));
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** convertPodNamedPortToNumber */
export function convertPodNamedPorts(ports: string[], pod: Pod): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    if (remote === '') throw new KubectlError('error: remote port cannot be empty');
    const num = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${num}` : num;
  });
}

/** checkUDPPortInService / checkUDPPortInPod: ports declared only as UDP cannot be forwarded. */
function checkUdp(ports: string[], declared: Array<{ port: number; protocol: string }>, named: (name: string) => number): void {
  const udp = new Set(declared.filter((d) => d.protocol === 'UDP').map((d) => d.port));
  for (const d of declared) if (d.protocol === 'TCP') udp.delete(d.port);
  for (const port of ports) {
    const [, remote] = splitPort(port);
    const num = isNumber(remote) ? Number(remote) : named(remote);
    if (udp.has(num)) throw new KubectlError(`error: UDP protocol is not supported for ${remote}`);
  }
}

/** Go's strconv.ParseUint(s, 10, 16) error text, or undefined. */
function parseUint16Error(s: string): string | undefined {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  if (Number(s) > 65535) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`;
  return undefined;
}

/** client-go parsePorts */
export function parsePorts(ports: string[]): ForwardedPort[] {
  return ports.map((p) => {
    const parts = p.split(':');
    if (parts.length > 2) throw new KubectlError(`error: invalid port format '${p}'`);
    const localText = parts.length === 1 ? parts[0] : parts[0] === '' ? '0' : parts[0];
    const remoteText = parts.length === 1 ? parts[0] : parts[1];
    const le = parseUint16Error(localText);
    if (le) throw new KubectlError(`error: error parsing local port '${localText}': ${le}`);
    const re = parseUint16Error(remoteText);
    if (re) throw new KubectlError(`error: error parsing remote port '${remoteText}': ${re}`);
    if (Number(remoteText) === 0) throw new KubectlError('error: remote port must be > 0');
    return { local: Number(localText), remote: Number(remoteText) };
  });
}

/** client-go parseAddresses (sorted by address), and kubesim's rule that only loopback addresses are bound. */
export function parseAddresses(addresses: string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const a of addresses) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (isIP(a) === 4 || /^\d+\.\d+\.\d+\.\d+$/.test(a)) parsed.set(a, { address: a, protocol: 'tcp4', failureMode: 'any' });
    else if (isIP(a) === 6) parsed.set(a, { address: a, protocol: 'tcp6', failureMode: 'any' });
    else throw new KubectlError(`error: ${a} is not a valid IP`);
  }
  for (const a of parsed.keys()) {
    if (a !== '127.0.0.1' && a !== '::1') {
      throw new KubectlError(`error: kubesim does not simulate listening on ${a}: port-forward binds 127.0.0.1 and ::1 only (--address localhost, 127.0.0.1 or ::1)`);
    }
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** Everything kubectl does before it listens: the pod, its ports, the running check and the addresses. */
export function planPortForward(ctx: KubectlContext, args: ParsedArgs): ForwardPlan {
  if (args.args.length < 2) throw new KubectlError(`error: TYPE/NAME and list of ports are required for port-forward\n${SEE}`);
  const timeout = str(args, 'pod-running-timeout');
  if (parseDuration(timeout) <= 0) throw new KubectlError(`error: --pod-running-timeout must be higher than zero\n${SEE}`);
  const target = args.args[0];
  const pod = attachablePod(ctx, ctx.namespace, target);
  const portArgs = args.args.slice(1);
  const slash = target.indexOf('/');
  const info = slash < 0 ? undefined : tryResolveType(target.slice(0, slash));
  let ports: string[];
  if (info && resourceKey(info) === 'services') {
    const svc = ctx.api.get<Service>('services', ctx.namespace, target.slice(slash + 1));
    checkUdp(portArgs, servicePorts(svc).map((p) => ({ port: p.port!, protocol: p.protocol ?? 'TCP' })), (n) => servicePortByName(svc, n));
    ports = translateServicePorts(portArgs, svc, pod);
  } else {
    const declared = pod.spec.containers.flatMap((c) => ((c.ports ?? []) as PortSpec[]).map((p) => ({ port: p.containerPort!, protocol: p.protocol ?? 'TCP' })));
    checkUdp(portArgs, declared, (n) => containerPortByName(pod, n));
    ports = convertPodNamedPorts(portArgs, pod);
  }
  const ns = pod.metadata.namespace ?? ctx.namespace;
  // RunPortForward: a fresh GET of the pod, then the phase check
  const live = ctx.api.get<Pod>('pods', ns, pod.metadata.name!);
  const phase = live.status?.phase ?? '';
  if (phase !== 'Running') throw new KubectlError(`error: unable to forward port because pod is not running. Current status=${phase}`);
  checkPodSubresource(ctx.cluster.api, ctx.user, 'create', 'portforward', ns, live.metadata.name ?? '');
  const addresses = parseAddresses(list(args, 'address'));
  return { namespace: ns, pod: live.metadata.name!, uid: live.metadata.uid ?? '', addresses, ports: parsePorts(ports) };
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const plan = planPortForward(ctx, args);
  const source = ctx.clusterSource;
  if (!source) throw new KubectlError('error: kubesim does not simulate port-forward here: it runs from the kubesim command line');
  const { forwardPorts } = await import('./port-forward-listen.js');
  return forwardPorts(ctx, source, plan);
}

const portForwardVerb: Verb = { name: 'port-forward', flags: FLAGS, readOnly: true, run };
export default portForwardVerb;
