// `kubectl logs` (cmd/logs/logs.go + polymorphichelpers/logsforobject.go): POD [CONTAINER], TYPE/NAME (first pod
// by podutils.ByLogging, "Found N pods, using pod/x"), -l selector (tail 10 by default), -c, --all-containers,
// --tail, --since, --since-time, --timestamps, --prefix, --limit-bytes, -p, -f (prints what is there). Lines come
// from the container log store of the data plane; the kubelet's checks give the BadRequest errors.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { checkPodSubresource } from '../../cluster/rbac/access.js';
import { notFound, StatusError } from '../../cluster/apiserver/errors.js';
import { fromLabelSelector, parseSelector, type Selector } from '../../cluster/apiserver/labels.js';
import type { Container, KubeObject, Node, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { containerLog, nodeAddresses } from '../../cluster/network/logs.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { tryResolveType } from '../resolve.js';
import { selectorFlag } from '../selector.js';

const FLAGS: FlagSpec[] = [
  { name: 'all-containers', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
  { name: 'limit-bytes', type: 'int', default: 0 },
  { name: 'max-log-requests', type: 'int', default: 5 },
  { name: 'pod-running-timeout', type: 'string', default: '20s' },
  { name: 'prefix', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'since', type: 'string', default: '0s' },
  { name: 'since-time', type: 'string' },
  { name: 'tail', type: 'int', default: -1 },
  { name: 'timestamps', type: 'bool' },
];

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl logs -h' for help and examples`);
}

interface LogOptions {
  tail: number | null;
  sinceMs: number | null;
  timestamps: boolean;
  previous: boolean;
  limitBytes: number;
}

/** podcmd.allContainerNames: containers, ephemeral (ephem), init (init). */
export function allContainerNames(pod: Pod): string {
  const names = pod.spec.containers.map((c) => c.name);
  for (const c of (pod.spec.ephemeralContainers as Container[] | undefined) ?? []) names.push(`${c.name} (ephem)`);
  for (const c of pod.spec.initContainers ?? []) names.push(`${c.name} (init)`);
  return names.join(', ');
}

function findContainer(pod: Pod, name: string): Container | undefined {
  return (
    pod.spec.containers.find((c) => c.name === name) ??
    pod.spec.initContainers?.find((c) => c.name === name) ??
    ((pod.spec.ephemeralContainers as Container[] | undefined) ?? []).find((c) => c.name === name)
  );
}

/** Go's RFC3339Nano (trailing zeros trimmed), with a stable sub-millisecond part so lines look as the CRI stamps them. */
export function rfc3339Nano(ms: number, salt: number): string {
  const nanos = (ms % 1000) * 1_000_000 + ((salt * 7919 + 104729) % 1_000_000);
  const base = new Date(ms - (ms % 1000)).toISOString().slice(0, 19);
  const frac = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac ? '.' + frac : ''}Z`;
}

/** kubelet validateContainerLogStatus: BadRequest unless the container has (or had) a running instance. */
export function checkContainerState(pod: Pod, container: string, previous: boolean): void {
  const podName = pod.metadata.name;
  const statuses = pod.status?.containerStatuses ?? [];
  const init = (pod.status?.initContainerStatuses as typeof statuses | undefined) ?? [];
  const ephemeral = (pod.status?.ephemeralContainerStatuses as typeof statuses | undefined) ?? [];
  const st = [...statuses, ...init, ...ephemeral].find((s) => s.name === container);
  const bad = (msg: string) => new StatusError('BadRequest', msg);
  if (!st) {
    if (!pod.status?.containerStatuses && pod.status?.phase === 'Running') return;
    throw bad(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  }
  const last = st.lastState as { terminated?: { containerID?: string } } | undefined;
  if (previous) {
    if (!last?.terminated) throw bad(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (st.state.running || st.state.terminated || last?.terminated) return;
  const reason = st.state.waiting?.reason;
  if (reason === 'ErrImagePull') throw bad(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff') throw bad(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
  if (reason) throw bad(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  throw bad(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** The log text of one container with the request options applied. */
function containerLogText(ctx: KubectlContext, pod: Pod, container: string, o: LogOptions): string {
  if (!pod.spec.nodeName) return '';
  checkContainerState(pod, container, o.previous);
  const kernel = ctx.api.tryGet<Node>('nodes', undefined, pod.spec.nodeName)?.status?.nodeInfo?.kernelVersion ?? '';
  let lines = containerLog(ctx.cluster.data, pod, container, kernel, ctx.now().getTime(), o.previous ? 'previous' : 'current', nodeAddresses(ctx.api));
  if (o.sinceMs !== null) lines = lines.filter((l) => l.ms >= o.sinceMs!);
  if (o.tail !== null && o.tail >= 0) lines = o.tail === 0 ? [] : lines.slice(-o.tail);
  let text = lines.map((l, i) => (o.timestamps ? `${rfc3339Nano(l.ms, i + (pod.metadata.uid?.length ?? 0))} ` : '') + l.text + '\n').join('');
  if (o.limitBytes > 0) text = Buffer.from(text).subarray(0, o.limitBytes).toString();
  return text;
}

/** polymorphichelpers SelectorsForObject for the workload kinds kubectl logs accepts. */
function selectorFor(obj: KubeObject, kind: string): Selector {
  if (kind === 'services' || kind === 'replicationcontrollers') {
    const sel = obj.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) throw new KubectlError(`error: cannot get the logs from *v1.${obj.kind}: invalid service '${obj.metadata.name}': Service is defined without a selector`);
    return parseSelector(Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(','));
  }
  const s = fromLabelSelector(obj.spec?.selector);
  if (!s) throw new KubectlError(`error: cannot get the logs from *v1.${obj.kind}: selector is missing`);
  return s;
}

const PHASE_ORDER: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging: assigned, Running < Unknown < Pending, ready, more restarts, older. */
function byLogging(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec.nodeName ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const ph = (p: Pod) => PHASE_ORDER[p.status?.phase ?? ''] ?? 3;
  if (ph(a) !== ph(b)) return ph(a) - ph(b);
  const ready = (p: Pod) => (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 0 : 1);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ct = (p: Pod) => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : Infinity);
  if (ct(a) !== ct(b)) return ct(a) - ct(b);
  return 0;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const selectorText = str(args, 'selector');
  const pos = args.args;
  let resourceArg = '';
  let container = str(args, 'container');
  if (pos.length === 0) {
    if (!selectorText) throw usage(USAGE);
  } else if (pos.length === 1) {
    resourceArg = pos[0];
    if (selectorText) throw usage('only a selector (-l) or a POD name is allowed');
  } else if (pos.length === 2) {
    resourceArg = pos[0];
    container = pos[1];
  } else throw usage(USAGE);

  const tailSpecified = args.changed.has('tail');
  let tail: number | null = null;
  if (selectorText && int(args, 'tail') === -1 && !tailSpecified) tail = 10;
  else if (int(args, 'tail') !== -1) tail = int(args, 'tail');
  let sinceMs: number | null = null;
  const since = str(args, 'since');
  const sinceTime = str(args, 'since-time');
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new KubectlError(`error: parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`);
    sinceMs = t;
  }
  let sinceSeconds = 0;
  if (since && since !== '0s' && since !== '0') {
    try {
      sinceSeconds = Math.round(parseDuration(since) / 1000);
    } catch {
      throw new KubectlError(`error: invalid argument "${since}" for "--since" flag: time: invalid duration "${since}"`);
    }
  }
  // Validate
  if (sinceTime && sinceSeconds !== 0) throw new KubectlError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
  const allContainers = bool(args, 'all-containers');
  if (allContainers && container) throw new KubectlError(`error: --all-containers=true should not be specified with container name ${container}`);
  if (args.changed.has('container') && pos.length === 2) throw new KubectlError('error: only one of -c or an inline [CONTAINER] arg is allowed');
  if (int(args, 'limit-bytes') < 0) throw new KubectlError('error: --limit-bytes must be greater than 0');
  if (tail !== null && tail < -1) throw new KubectlError('error: --tail must be greater than or equal to -1');
  if (sinceSeconds > 0) sinceMs = ctx.now().getTime() - sinceSeconds * 1000;

  const o: LogOptions = { tail, sinceMs, timestamps: bool(args, 'timestamps'), previous: bool(args, 'previous'), limitBytes: int(args, 'limit-bytes') };
  const ns = ctx.namespace;

  // which pods
  let pods: Pod[];
  let fromList = false;
  if (selectorText) {
    pods = ctx.api.list<Pod>('pods', ns, selectorFlag(selectorText));
    fromList = true;
    if (pods.length === 0) {
      ctx.err(`No resources found in ${ns} namespace.\n`);
      return 0;
    }
    if (bool(args, 'follow') && pods.length * (allContainers ? 2 : 1) > int(args, 'max-log-requests') && pods.length > 1) {
      throw new KubectlError(`error: you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${int(args, 'max-log-requests')}, use --max-log-requests to increase the limit`);
    }
  } else {
    const slash = resourceArg.indexOf('/');
    if (slash < 0) {
      pods = [ctx.api.get<Pod>('pods', ns, resourceArg)];
    } else {
      const typeText = resourceArg.slice(0, slash);
      const name = resourceArg.slice(slash + 1);
      const info = tryResolveType(typeText);
      if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${typeText}"`);
      const key = resourceKey(info);
      if (!name) throw new KubectlError(`error: arguments in resource/name form must have a single resource and name`);
      const obj = ctx.api.tryGet(key, ns, name);
      if (!obj) throw notFound(key, name);
      if (key === 'pods') pods = [obj as Pod];
      else {
        if (!['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'services', 'replicationcontrollers'].includes(key)) {
          throw new KubectlError(`error: cannot get the logs from ${info.kind === 'Node' ? '*v1.Node' : `*v1.${info.kind}`}: selector for ${'*v1.' + info.kind} not implemented`);
        }
        const candidates = ctx.api.list<Pod>('pods', ns, selectorFor(obj, key)).slice().sort(byLogging);
        if (candidates.length === 0) throw new KubectlError('error: timed out waiting for the condition');
        if (bool(args, 'all-pods')) pods = ctx.api.list<Pod>('pods', ns, selectorFor(obj, key));
        else {
          if (candidates.length > 1) ctx.err(`Found ${candidates.length} pods, using pod/${candidates[0].metadata.name}\n`);
          pods = [candidates[0]];
        }
        fromList = bool(args, 'all-pods');
      }
    }
  }

  // which containers, per pod, with kubectl's defaulting messages
  const requests: Array<{ pod: Pod; container: string }> = [];
  for (const pod of pods) {
    if (allContainers) {
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) requests.push({ pod, container: c.name });
      continue;
    }
    let name = container;
    const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (!name && ann) {
      if (findContainer(pod, ann)) name = ann;
      else ctx.err(`Default container name "${ann}" not found in pod ${pod.metadata.name}\n`);
    }
    if (!name) {
      name = pod.spec.containers[0].name;
      const many = pod.spec.containers.length > 1 || (pod.spec.initContainers?.length ?? 0) > 0 || ((pod.spec.ephemeralContainers as unknown[] | undefined)?.length ?? 0) > 0;
      if (many && !(fromList && bool(args, 'all-pods'))) ctx.err(`Defaulted container "${name}" out of: ${allContainerNames(pod)}\n`);
    }
    if (!findContainer(pod, name)) throw new KubectlError(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
    requests.push({ pod, container: name });
  }

  const prefix = bool(args, 'prefix');
  for (const r of requests) {
    let text: string;
    try {
      checkPodSubresource(ctx.cluster.api, ctx.user, 'get', 'log', r.pod.metadata.namespace ?? ns, r.pod.metadata.name ?? '');
      text = containerLogText(ctx, r.pod, r.container, o);
    } catch (e) {
      if (bool(args, 'ignore-errors') && e instanceof StatusError) {
        ctx.out(`error: ${e.message}\n`);
        continue;
      }
      throw e;
    }
    if (prefix && text) {
      const p = `[pod/${r.pod.metadata.name}/${r.container}] `;
      text = text.split('\n').map((l, i, all) => (i === all.length - 1 && l === '' ? '' : p + l)).join('\n');
    }
    ctx.out(text);
  }
  if (bool(args, 'follow') && !o.previous) {
    const { follow } = await import('./logs-follow.js');
    const prefixOf = (r: { pod: Pod; container: string }) => (prefix ? `[pod/${r.pod.metadata.name}/${r.container}] ` : '');
    const render = (c: Cluster, pod: Pod, container: string) => {
      const kernel = c.api.tryGet<Node>('nodes', undefined, pod.spec.nodeName ?? '')?.status?.nodeInfo?.kernelVersion ?? '';
      let lines = containerLog(c.data, pod, container, kernel, c.clock.nowMs(), 'current', nodeAddresses(c.api));
      if (o.sinceMs !== null) lines = lines.filter((l) => l.ms >= o.sinceMs!);
      return lines.map((l) => `${prefixOf({ pod, container })}${l.text}\n`);
    };
    const streams = requests.map((r) => ({ pod: r.pod, container: r.container, printed: render(ctx.cluster, r.pod, r.container).length }));
    // --tail limits what was printed first; following continues after everything there was
    return follow(ctx, args, streams, render);
  }
  return 0;
}

const logs: Verb = { name: 'logs', flags: FLAGS, readOnly: true, run };
export default logs;
