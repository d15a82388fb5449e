// `kubectl run` (cmd/run/run.go + generate/versioned BasicPod): a Pod named like its one container, labels
// run=<name> or --labels, --port, --env, --restart, --command/args after `--`, dry runs; -i/-t/--rm (attach, then
// delete); --expose with --port creates the ClusterIP Service too (run.go generateService).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { applyPatch, PatchError, type Json, type PatchType } from '../patch/patch.js';
import { forServer, requiredFlagsError } from './generators.js';
import { buildExposeService } from './expose.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS } from './printing.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'annotations', type: 'stringArray' },
  { name: 'attach', type: 'bool' },
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
  { name: 'command', type: 'bool' },
  { name: 'env', type: 'stringArray' },
  { name: 'expose', type: 'bool' },
  { name: 'field-manager', type: 'string', default: 'kubectl-run' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'image', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'leave-stdin-open', type: 'bool' },
  { name: 'override-type', type: 'string', default: 'merge' },
  { name: 'overrides', type: 'string' },
  { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  { name: 'port', type: 'string' },
  { name: 'privileged', type: 'bool', unsimulated: true },
  { name: 'quiet', short: 'q', type: 'bool' },
  RECORD_FLAG_UNSIMULATED,
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'restart', type: 'string', default: 'Always' },
  { name: 'rm', type: 'bool' },
  { name: 'save-config', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'timeout', type: 'string', default: '0s' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'wait', type: 'bool' },
];

/** A loose docker reference check (distribution/reference grammar: lower-case repository, optional tag/digest). */
export function validImage(image: string): boolean {
  return /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/.test(image);
}

function keyValues(items: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    const eq = it.indexOf('=');
    if (eq <= 0) throw new KubectlError(`error: invalid ${what}: ${it}`);
    out[it.slice(0, eq)] = it.slice(eq + 1);
  }
  return out;
}

export interface RunOptions {
  name: string;
  namespace?: string;
  image: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  port: string;
  env: string[];
  restart: string;
  command: boolean;
  args: string[];
  pullPolicy: string;
  stdin: boolean;
  tty: boolean;
  leaveStdinOpen: boolean;
}

/** generate/versioned BasicPod, field order as the Go structs. */
export function buildRunPod(o: RunOptions): KubeObject {
  const c: Record<string, unknown> = { name: o.name, image: o.image };
  if (o.args.length) c[o.command ? 'command' : 'args'] = o.args;
  if (o.port) {
    if (!/^\d+$/.test(o.port)) throw new KubectlError(`error: strconv.Atoi: parsing ${JSON.stringify(o.port)}: invalid syntax`);
    c.ports = [{ containerPort: Number(o.port) }];
  }
  if (o.env.length) {
    c.env = o.env.map((e) => {
      const eq = e.indexOf('=');
      if (eq <= 0) throw new KubectlError(`error: invalid env: ${e}`);
      return { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
  }
  c.resources = {};
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.stdin) c.stdin = true;
  if (o.stdin && !o.leaveStdinOpen) c.stdinOnce = true;
  if (o.tty) c.tty = true;
  const metadata: Record<string, unknown> = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = o.labels;
  if (Object.keys(o.annotations).length) metadata.annotations = o.annotations;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: { containers: [c], restartPolicy: o.restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  } as unknown as KubeObject;
}

/** Go's encoding/json text for a JSON syntax error (what jsonpatch.DecodePatch and the strategic path report). */
function goJsonError(text: string): string {
  const t = text.trimEnd();
  let depth = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  if (inString || depth > 0 || t.length === 0) return 'unexpected end of JSON input';
  return `invalid character '${t.trimStart()[0]}' looking for beginning of value`;
}

/** cmdutil.Overrider: --overrides applied to the generated object as a merge (default), JSON or strategic patch. */
function withOverrides(obj: KubeObject, overrides: string, type: string): KubeObject {
  if (!overrides) return obj;
  const kind = (type || 'merge') as PatchType;
  if (!['json', 'merge', 'strategic'].includes(kind)) throw new KubectlError(`error: invalid override type: ${type}`);
  let patch: Json;
  try {
    patch = JSON.parse(overrides) as Json;
  } catch {
    // evanphx/json-patch rejects an unreadable merge fragment as a bad patch; the others surface encoding/json's text
    throw new KubectlError(`error: ${kind === 'merge' ? 'Invalid JSON Patch' : goJsonError(overrides)}`);
  }
  try {
    return applyPatch(obj as unknown as Json, patch, kind) as unknown as KubeObject;
  } catch (e) {
    if (e instanceof PatchError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const positional = args.dashIndex >= 0 ? args.args.slice(0, args.dashIndex) : args.args;
  const extra = args.dashIndex >= 0 ? args.args.slice(args.dashIndex) : args.args.slice(1);
  if (!args.changed.has('image')) throw requiredFlagsError(ctx.now(), ['image']);
  if (positional.length === 0) throw new KubectlError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const name = positional[0];
  const image = str(args, 'image');
  if (!validImage(image)) throw new KubectlError(`error: Invalid image name "${image}": invalid reference format`);
  const interactive = bool(args, 'stdin');
  const tty = bool(args, 'tty');
  const attach = bool(args, 'attach') || interactive;
  const restart = str(args, 'restart');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new KubectlError(`error: invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`);
  const expose = bool(args, 'expose');
  if (expose && !str(args, 'port')) throw new KubectlError("error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples");
  if (bool(args, 'rm') && !attach) throw new KubectlError("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples");
  const dryRun = dryRunOf(ctx, args);
  if (dryRun !== 'none' && (attach || tty)) {
    throw new KubectlError("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples");
  }
  const labelsText = str(args, 'labels');
  const generated = buildRunPod({
    name,
    namespace: ctx.explicitNamespace ? ctx.namespace : undefined,
    image,
    labels: labelsText ? keyValues(labelsText.split(','), 'label spec') : { run: name },
    annotations: keyValues(list(args, 'annotations'), 'annotation spec'),
    port: str(args, 'port'),
    env: list(args, 'env'),
    restart,
    command: bool(args, 'command'),
    args: extra,
    pullPolicy: str(args, 'image-pull-policy'),
    stdin: interactive,
    tty,
    leaveStdinOpen: bool(args, 'leave-stdin-open'),
  });
  const pod = withOverrides(generated, str(args, 'overrides'), str(args, 'override-type'));
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  const podInfo = ctx.api.resource('pods');
  const svcInfo = ctx.api.resource('services');
  // run.go generateService: ServiceGeneratorV2 with the pod's name, --port, and --labels (else run=NAME) as selector
  const service = expose
    ? buildExposeService({ metadata: { name } }, { port: str(args, 'port'), protocol: '', targetPort: '', name: '', type: '', selector: labelsText || `run=${name}`, labels: labelsText, externalIP: '', loadBalancerIP: '', sessionAffinity: '', clusterIP: '' }, ctx.explicitNamespace ? ctx.namespace : undefined)
    : undefined;
  // the service is printed first, then the pod (the YAML printer separates them with ---)
  if (dryRun === 'client') {
    if (service) {
      printer.print(svcInfo, service, 'created', { typed: true });
    }
    printer.print(podInfo, pod, 'created', { typed: true });
    return 0;
  }
  const toSend = forServer(pod);
  toSend.metadata.namespace = ctx.namespace;
  const created = ctx.api.create(toSend, { dryRun: dryRun === 'server' });
  if (service) {
    const svcSend = forServer(service);
    svcSend.metadata.namespace = ctx.namespace;
    printer.print(svcInfo, ctx.api.create(svcSend, { dryRun: dryRun === 'server' }), 'created');
  }
  if (!attach) printer.print(podInfo, created, 'created');
  else {
    const code = await (await import('./interactive.js')).runAttached(ctx, created as never, { stdin: interactive, tty, rm: bool(args, 'rm'), quiet: bool(args, 'quiet') });
    // removeCreatedObjects deletes the service after the pod
    if (service && bool(args, 'rm')) {
      ctx.api.delete('services', ctx.namespace, service.metadata.name!);
      ctx.out(`service "${service.metadata.name}" deleted\n`);
    }
    return code;
  }
  return 0;
}

const runVerb: Verb = { name: 'run', flags: FLAGS, run };
export default runVerb;
