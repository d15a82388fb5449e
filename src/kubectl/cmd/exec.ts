// `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]` (cmd/exec/exec.go): argument
// checks, pod resolution (TYPE/NAME through the workload's selector), container defaulting, the API server's
// and kubelet's refusals with their texts, then the command runs in the simulated container.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import { checkPodSubresource } from '../../cluster/rbac/access.js';
import { notFound } from '../../cluster/apiserver/errors.js';
import { fromLabelSelector, parseSelector } from '../../cluster/apiserver/labels.js';
import type { Container, KubeObject, Pod } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { tryResolveType } from '../resolve.js';
import { interactiveSession } from './interactive.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
];

const SEE = "See 'kubectl exec -h' for help and examples";

/** "a, b (init), c (ephem)" as kubectl lists containers. */
export function containerList(pod: Pod): string {
  const names = [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...((pod.spec.ephemeralContainers as Container[] | undefined) ?? []).map((c) => `${c.name} (ephem)`),
  ];
  return names.join(', ');
}

const ACTIVE_PHASE: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** polymorphichelpers AttachablePodForObject: the workload's first pod (controller.ActivePods order, reversed). */
export function attachablePod(ctx: KubectlContext, ns: string, resourceArg: string): Pod {
  const slash = resourceArg.indexOf('/');
  if (slash < 0) return ctx.api.get<Pod>('pods', ns, resourceArg);
  const typeText = resourceArg.slice(0, slash);
  const name = resourceArg.slice(slash + 1);
  const info = tryResolveType(typeText);
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${typeText}"`);
  const key = resourceKey(info);
  const obj = ctx.api.tryGet<KubeObject>(key, ns, name);
  if (!obj) throw notFound(key, name);
  if (key === 'pods') return obj as Pod;
  let sel;
  if (key === 'services' || key === 'replicationcontrollers') {
    const m = obj.spec?.selector as Record<string, string> | undefined;
    if (!m || !Object.keys(m).length) throw new KubectlError(`error: cannot attach to *v1.${info.kind}: invalid service '${name}': Service is defined without a selector`);
    sel = parseSelector(Object.entries(m).map(([k, v]) => `${k}=${v}`).join(','));
  } else if (['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch'].includes(key)) {
    sel = fromLabelSelector(obj.spec?.selector);
  } else throw new KubectlError(`error: cannot attach to *v1.${info.kind}: selector for *v1.${info.kind} not implemented`);
  if (!sel) throw new KubectlError(`error: cannot attach to *v1.${info.kind}: selector is missing`);
  const pods = ctx.api.list<Pod>('pods', ns, sel);
  if (!pods.length) throw new KubectlError(`error: pods "${name}" not found`);
  const rank = (p: Pod) => [p.spec.nodeName ? 1 : 0, ACTIVE_PHASE[p.status?.phase ?? ''] ?? 0, p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 1 : 0];
  return pods.slice().sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return (a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1;
  })[0];
}

/** Picks the container (-c, the default-container annotation, or the first with a notice) and checks it runs. */
export function containerToRun(ctx: KubectlContext, pod: Pod, wanted: string, quiet: boolean): string {
  let name = wanted;
  if (!name) {
    const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (ann && pod.spec.containers.some((c) => c.name === ann)) name = ann;
    else {
      name = pod.spec.containers[0].name;
      const many = pod.spec.containers.length > 1 || (pod.spec.initContainers?.length ?? 0) > 0 || ((pod.spec.ephemeralContainers as unknown[] | undefined)?.length ?? 0) > 0;
      if (many && !quiet) ctx.err(`Defaulted container "${name}" out of: ${containerList(pod)}\n`);
    }
  }
  return name;
}

/** The checks the API server and the kubelet make before streaming. */
export function checkStreamable(pod: Pod, container: string): void {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new KubectlError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  }
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...((pod.spec.ephemeralContainers as Container[] | undefined) ?? [])];
  if (!all.some((c) => c.name === container)) {
    throw new KubectlError(`Error from server (BadRequest): container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  if (!pod.spec.nodeName) throw new KubectlError(`Error from server (BadRequest): pod ${pod.metadata.name} does not have a host assigned`);
  const st = pod.status?.containerStatuses?.find((c) => c.name === container) ?? pod.status?.ephemeralContainerStatuses?.find((c) => c.name === container);
  if (!st?.state?.running || ![...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].some((c) => c.name === container)) {
    throw new KubectlError(`error: unable to upgrade connection: container not found ("${container}")`);
  }
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const before = args.dashIndex >= 0 ? args.args.slice(0, args.dashIndex) : args.args;
  const command = args.dashIndex >= 0 ? args.args.slice(args.dashIndex) : [];
  if (before.length === 0 && !args.changed.has('filename')) throw new KubectlError('error: pod, type/name or --filename must be specified');
  if (before.length > 1) {
    throw new KubectlError(`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n${SEE}`);
  }
  if (command.length === 0) throw new KubectlError('error: you must specify at least one command for the container');
  const pod = attachablePod(ctx, ctx.namespace, before[0]);
  const quiet = bool(args, 'quiet');
  const container = containerToRun(ctx, pod, str(args, 'container'), quiet);
  checkStreamable(pod, container);
  checkPodSubresource(ctx.cluster.api, ctx.user, 'create', 'exec', pod.metadata.namespace ?? ctx.namespace, pod.metadata.name ?? '');
  const code = await interactiveSession(ctx, pod, container, { stdin: bool(args, 'stdin'), tty: bool(args, 'tty'), mode: 'exec', command, quiet });
  return code;
}

const execVerb: Verb = { name: 'exec', flags: FLAGS, run };
export default execVerb;
