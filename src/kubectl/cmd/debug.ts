// `kubectl debug` (cmd/debug/debug.go, profiles.go), the forms that run as ordinary pods: `debug POD --copy-to=NAME`
// (a copy of the pod with a debug container added, or a container's image or command changed, --set-image,
// --replace, --same-node), `debug node/NAME` (a pod node-debugger-NAME-xxxxx on that node in its host network,
// the node's filesystem at /host), and `debug POD --image=I [--target=C]`, an ephemeral container patched into the
// running pod through pods/ephemeralcontainers (the kubelet starts it; --target joins C's processes), each
// attached to with -i/-t as `kubectl attach` would (debug-ephemeral.ts waits for the ephemeral one). Profiles
// other than `legacy`, and --custom, are refused.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import type { Container, EphemeralContainer, KubeObject, Pod } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { validImage } from './run.js';

const PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'];

const FLAGS: FlagSpec[] = [
  { name: 'arguments-only', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'copy-to', type: 'string' },
  { name: 'custom', type: 'string', unsimulated: true },
  { name: 'env', type: 'stringSlice' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'image', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'keep-annotations', type: 'bool' },
  { name: 'keep-init-containers', type: 'bool', default: true },
  { name: 'keep-labels', type: 'bool' },
  { name: 'keep-liveness', type: 'bool' },
  { name: 'keep-readiness', type: 'bool' },
  { name: 'keep-startup', type: 'bool' },
  { name: 'profile', type: 'string', default: 'legacy' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'replace', type: 'bool' },
  { name: 'same-node', type: 'bool' },
  { name: 'set-image', type: 'stringSlice' },
  { name: 'share-processes', type: 'bool', default: true },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'target', type: 'string' },
  { name: 'tty', short: 't', type: 'bool' },
];

/** pflag's StringToString: `k=v` pairs, comma separated, repeatable. */
function stringToString(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    const eq = it.indexOf('=');
    if (eq < 0) throw new KubectlError(`error: invalid argument "${it}" for "--${flag}" flag: ${it} must be formatted as key=value`);
    out[it.slice(0, eq)] = it.slice(eq + 1);
  }
  return out;
}

export interface DebugOptions {
  targets: string[];
  args: string[];
  argsOnly: boolean;
  attach: boolean;
  container: string;
  copyTo: string;
  /** sorted by name (kubectl ranges over a Go map: its order is random) */
  env: Array<{ name: string; value: string }>;
  image: string;
  pullPolicy: string;
  interactive: boolean;
  tty: boolean;
  quiet: boolean;
  replace: boolean;
  sameNode: boolean;
  setImages: Record<string, string>;
  shareProcesses?: boolean;
  /** --target: the container whose processes an ephemeral container joins */
  target: string;
}

/** Complete and Validate: kubectl's checks in kubectl's order. */
export function debugOptions(ctx: KubectlContext, args: ParsedArgs): DebugOptions {
  const profile = str(args, 'profile');
  if (!PROFILES.includes(profile)) throw new KubectlError(`error: unknown profile: ${profile}`);
  const dash = args.dashIndex;
  const targets = dash >= 0 ? args.args.slice(0, dash) : args.args;
  const cmdArgs = dash >= 0 ? args.args.slice(dash) : [];
  const interactive = bool(args, 'stdin');
  const attachChanged = args.changed.has('attach');
  const envMap = stringToString(list(args, 'env'), 'env');
  const o: DebugOptions = {
    targets,
    args: cmdArgs,
    argsOnly: bool(args, 'arguments-only'),
    attach: attachChanged ? bool(args, 'attach') : interactive,
    container: str(args, 'container'),
    copyTo: str(args, 'copy-to'),
    env: Object.keys(envMap)
      .sort()
      .map((name) => ({ name, value: envMap[name] })),
    image: str(args, 'image'),
    pullPolicy: str(args, 'image-pull-policy'),
    interactive,
    tty: bool(args, 'tty'),
    quiet: bool(args, 'quiet'),
    replace: bool(args, 'replace'),
    sameNode: bool(args, 'same-node'),
    setImages: stringToString(list(args, 'set-image'), 'set-image'),
    shareProcesses: args.changed.has('share-processes') ? bool(args, 'share-processes') : undefined,
    target: str(args, 'target'),
  };
  const fail = (m: string): never => {
    throw new KubectlError(`error: ${m}`);
  };
  if (o.attach && attachChanged && !o.image && !o.container) fail('you must specify --container or create a new container using --image in order to attach.');
  if (o.copyTo) {
    if (!o.image && !Object.keys(o.setImages).length && !o.args.length) fail('you must specify --image, --set-image or command arguments.');
    if (o.args.length && !o.container && !o.image) fail('you must specify an existing container or a new image when specifying args.');
  } else if (o.replace) fail('--replace may only be used with --copy-to.');
  else if (o.sameNode) fail('--same-node may only be used with --copy-to.');
  else if (Object.keys(o.setImages).length) fail('--set-image may only be used with --copy-to.');
  else if (!o.image) fail('you must specify --image when not using --copy-to.');
  if (o.image && !validImage(o.image)) fail(`invalid image name ${JSON.stringify(o.image)}: invalid reference format`);
  if (!o.targets.length && !list(args, 'filename').length) fail('NAME or filename is required for debug');
  if (!['Always', 'IfNotPresent', 'Never', ''].includes(o.pullPolicy)) fail(`invalid image pull policy: ${o.pullPolicy}`);
  for (const [name, image] of Object.entries(o.setImages)) {
    if (!validImage(image)) fail(`invalid image name ${JSON.stringify(image)} for container ${JSON.stringify(name)}: invalid reference format`);
  }
  const target = o.target;
  if (target) {
    if (o.copyTo) fail('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (!o.quiet) ctx.out(`Targeting container ${JSON.stringify(target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
  }
  if (o.tty && !o.interactive) fail('-i/--stdin is required for containers with -t/--tty=true');
  if (profile === 'legacy') ctx.err('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
  else fail(`kubesim does not simulate "kubectl debug --profile=${profile}" yet`);
  return o;
}

function withCommand(c: Container, o: DebugOptions): void {
  if (!o.args.length) return;
  if (o.argsOnly) c.args = o.args;
  else {
    c.command = o.args;
    delete c.args;
  }
}

/** generateNodeDebugPod with the legacy profile: host namespaces, the node's root at /host. */
export function nodeDebugPod(nodeName: string, podName: string, o: DebugOptions): Pod {
  const cn = o.container || 'debugger';
  const c: Container = { name: cn, image: o.image, volumeMounts: [{ mountPath: '/host', name: 'host-root' }] };
  if (o.env.length) c.env = o.env;
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.interactive) c.stdin = true;
  c.terminationMessagePolicy = 'File';
  if (o.tty) c.tty = true;
  if (o.argsOnly) {
    if (o.args.length) c.args = o.args;
  } else if (o.args.length) c.command = o.args;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName, labels: { 'app.kubernetes.io/managed-by': 'kubectl-debug' } },
    spec: {
      containers: [c],
      hostIPC: true,
      hostNetwork: true,
      hostPID: true,
      nodeName,
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
    },
  } as unknown as Pod;
}

function allNames(pod: Pod): Set<string> {
  const spec = pod.spec as Pod['spec'] & { ephemeralContainers?: Container[] };
  return new Set([...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name));
}

/** computeDebugContainerName: --container, else debugger-xxxxx not already taken (announced unless -q). */
function debugContainerName(ctx: KubectlContext, pod: Pod, o: DebugOptions): string {
  if (o.container) return o.container;
  const taken = allNames(pod);
  let cn = '';
  while (!cn || taken.has(cn)) cn = `debugger-${ctx.cluster.rng.string(5)}`;
  if (!o.quiet) ctx.out(`Defaulting debug container name to ${cn}.\n`);
  return cn;
}

/** generatePodCopyWithDebugContainer: the copy and the name of the container to attach to ('' for none). */
export function podCopy(ctx: KubectlContext, pod: Pod, o: DebugOptions): { copy: Pod; container: string } {
  const spec = structuredClone(pod.spec) as Pod['spec'] & { ephemeralContainers?: unknown; shareProcessNamespace?: boolean };
  delete spec.ephemeralContainers;
  if (o.shareProcesses !== undefined) spec.shareProcessNamespace = o.shareProcesses;
  if (!o.sameNode) delete spec.nodeName;
  for (const c of spec.containers) {
    const img = o.setImages[c.name] ?? o.setImages['*'];
    if (img) c.image = img;
  }
  const md = pod.metadata;
  const copy = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: o.copyTo, namespace: md.namespace, ...(md.annotations ? { annotations: md.annotations } : {}), ...(md.labels ? { labels: md.labels } : {}) },
    spec,
  } as unknown as Pod;
  let name = o.container;
  let c = spec.containers.find((x) => x.name === name) ?? spec.initContainers?.find((x) => x.name === name);
  if (!c) {
    if (!o.image) {
      if (Object.keys(o.setImages).length) return { copy, container: '' };
      throw new KubectlError('error: you must specify image when creating new container');
    }
    if (!name) name = debugContainerName(ctx, copy, o);
    c = { name, terminationMessagePolicy: 'File' } as Container;
    spec.containers.push(c);
  }
  withCommand(c, o);
  if (o.env.length) c.env = o.env;
  if (o.image) c.image = o.image;
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.interactive) c.stdin = true;
  else delete c.stdin;
  if (o.tty) c.tty = true;
  else delete c.tty;
  return { copy, container: name };
}

/** generateDebugContainer (legacy profile: no changes): the pod with the debug container appended. */
export function ephemeralDebugPod(ctx: KubectlContext, pod: Pod, o: DebugOptions): { pod: Pod; container: string } {
  const name = debugContainerName(ctx, pod, o);
  const ec: EphemeralContainer = { name };
  if (o.env.length) ec.env = o.env;
  ec.image = o.image;
  if (o.pullPolicy) ec.imagePullPolicy = o.pullPolicy;
  if (o.interactive) ec.stdin = true;
  ec.terminationMessagePolicy = 'File';
  if (o.tty) ec.tty = true;
  if (o.target) ec.targetContainerName = o.target;
  if (o.args.length) {
    if (o.argsOnly) ec.args = o.args;
    else ec.command = o.args;
  }
  const copy = structuredClone(pod);
  copy.spec.ephemeralContainers = [...(copy.spec.ephemeralContainers ?? []), ec];
  return { pod: copy, container: name };
}

interface DebugTarget {
  kind: 'Pod' | 'Node';
  obj: KubeObject;
}

/** ResourceNames("pods", ...): a bare NAME is a pod, TYPE/NAME names its type; -f objects are fetched live. */
function debugTargets(ctx: KubectlContext, o: DebugOptions, filenames: string[]): DebugTarget[] {
  const out: DebugTarget[] = [];
  const add = (kind: string, group: string, version: string, key: string, ns: string | undefined, name: string) => {
    if (kind !== 'Pod' && kind !== 'Node') throw new KubectlError(`error: "${group ? `${group}/` : ''}${version}, Kind=${kind}" not supported by debug`);
    out.push({ kind, obj: ctx.api.get(key, ns, name) });
  };
  if (filenames.length) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: false, validate: false })) {
      if (item.kind === 'error') throw new KubectlError(`error: ${item.message}`);
      const r = item.resource;
      add(r.kind, r.group, r.version, resourceKey(r), item.object.metadata.namespace, item.object.metadata.name ?? '');
    }
  }
  for (const t of o.targets) {
    if (!t.includes('/')) {
      add('Pod', '', 'v1', 'pods', ctx.namespace, t);
      continue;
    }
    const req = resolveRequest([t], { served: ctx.api.discovery() });
    if (req.mode !== 'names') continue;
    for (const x of req.targets) add(x.resource.kind, x.resource.group, x.resource.version, resourceKey(x.resource), x.resource.namespaced ? ctx.namespace : undefined, x.name);
  }
  return out;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const o = debugOptions(ctx, args);
  for (const t of debugTargets(ctx, o, list(args, 'filename'))) {
    let pod: Pod;
    let container: string;
    if (t.kind === 'Node') {
      const node = t.obj.metadata.name!;
      const name = `node-debugger-${node}-${ctx.cluster.rng.string(5)}`;
      const spec = nodeDebugPod(node, name, o);
      if (!o.quiet) ctx.out(`Creating debugging pod ${name} with container ${spec.spec.containers[0].name} on node ${node}.\n`);
      spec.metadata.namespace = ctx.namespace;
      pod = ctx.api.create<Pod>(spec);
      container = pod.spec.containers[0].name;
    } else if (o.copyTo) {
      const made = podCopy(ctx, t.obj as Pod, o);
      pod = ctx.api.create<Pod>(made.copy);
      container = made.container;
      if (o.replace) ctx.api.delete('pods', t.obj.metadata.namespace, t.obj.metadata.name!, { gracePeriodSeconds: 0 });
    } else {
      // debugByEphemeralContainer: the new container patched in through pods/ephemeralcontainers
      const live = t.obj as Pod;
      const made = ephemeralDebugPod(ctx, live, o);
      pod = ctx.api.updateEphemeralContainers(made.pod);
      container = made.container;
    }
    if (o.attach && container) {
      const { interactiveSession, waitForRunning } = await import('./interactive.js');
      const ns = pod.metadata.namespace ?? ctx.namespace;
      if (t.kind === 'Pod' && !o.copyTo) {
        const { attachEphemeral } = await import('./debug-ephemeral.js');
        await attachEphemeral(ctx, ns, pod.metadata.name!, container, o);
        continue;
      }
      const running = waitForRunning(ctx, ns, pod.metadata.name!);
      await interactiveSession(ctx, running, container, { stdin: o.interactive, tty: o.tty, mode: 'attach', quiet: o.quiet, commandName: 'kubectl attach' });
    }
  }
  return 0;
}

const debug: Verb = { name: 'debug', flags: FLAGS, run };
export default debug;
