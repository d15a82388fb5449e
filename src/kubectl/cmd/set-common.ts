// What the `kubectl set` sub-commands share (cmd/set/helper.go and the builder calls of each): the objects to
// change (named, selected, or read from -f; with --local only from -f and never from the cluster), and the
// change-then-print loop (CalculatePatches: unchanged objects are skipped; --local and --dry-run=client print the
// changed object; otherwise it is written and the server's answer printed).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { kindPrefix } from '../../cluster/apiserver/discovery.js';
import type { KubectlContext } from '../context.js';
import { KubectlError } from '../context.js';
import { readManifests } from '../manifests.js';
import { MISSING_RESOURCE_ERROR } from '../resolve.js';
import type { DryRun } from './dry-run.js';
import { printObject } from './output.js';
import { nameLine, visitTargets, writeBack, type Target } from './visit.js';import { recordChangeCause } from './record.js';


/** resource.LocalResourceError */
export const LOCAL_RESOURCE_ERROR =
  "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'";

export interface SetTargetOptions {
  local: boolean;
  filenames: string[];
  recursive: boolean;
  selector?: string;
  all?: boolean;
}

/** The builder of a set sub-command: with --local only the -f objects as written, else the live objects. */
export function setTargets(ctx: KubectlContext, resources: string[], o: SetTargetOptions): { targets: Target[]; errors: string[] } {
  if (!o.local) {
    if (resources.length === 0 && o.filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
    return visitTargets(ctx, resources, { selector: o.selector, all: o.all, filenames: o.filenames, recursive: o.recursive });
  }
  if (o.filenames.length === 0) throw new KubectlError(MISSING_RESOURCE_ERROR);
  const targets: Target[] = [];
  const errors: string[] = [];
  // the objects as the files have them: no namespace is filled in (the builder only defaults the info's)
  const unset = '\u0000unset';
  const items = readManifests({ filenames: o.filenames, recursive: o.recursive, cwd: ctx.cwd, stdin: ctx.stdin, namespace: unset, enforceNamespace: false });
  for (const item of items) {
    if (item.kind === 'error') {
      errors.push(`error: ${item.message}`);
      continue;
    }
    const ns = item.object.metadata.namespace;
    if (ns === unset) delete item.object.metadata.namespace;
    else if (ns !== undefined && ctx.explicitNamespace && ns !== ctx.namespace) {
      errors.push(`error: the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
      continue;
    }
    targets.push({ info: item.resource, obj: item.object });
  }
  return { targets, errors };
}

/** How the set sub-commands name an object in their errors: `deployment.apps/web` */
export function objectName(info: ResourceInfo, name: string): string {
  return `${kindPrefix(info)}/${name}`;
}

/** UpdatePodSpecForObject: the pod spec inside a workload, or undefined for kinds without one. */
export function podSpecOf(obj: KubeObject): { containers?: Array<{ name: string; image?: string }>; initContainers?: Array<{ name: string; image?: string }> } | undefined {
  switch (obj.kind) {
    case 'Pod':
      return obj.spec;
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'ReplicationController':
    case 'Job':
      return obj.spec?.template?.spec;
    default:
      return undefined;
  }
}

export interface ChangeOptions {
  local: boolean;
  dryRun: DryRun;
  output: string;
  /** the name printer's operation: `env updated` */
  operation: string;
  /** print (and write) unchanged objects too: set serviceaccount and set selector do not look at the patch */
  always?: boolean;
}

/** Result of a mutation: an error text (printed as `error: NAME TEXT`), or nothing (the object was changed in place). */
export type Mutate = (obj: KubeObject, info: ResourceInfo) => string | void;

/** Mutates, skips the unchanged, writes (or not, for --local and client dry run) and prints, collecting errors. */
export function changeEach(ctx: KubectlContext, targets: Target[], o: ChangeOptions, mutate: Mutate, errors: string[]): void {
  for (const { info, obj } of targets) {
    const next = structuredClone(obj);
    const failure = mutate(next, info);
    if (failure !== undefined) {
      errors.push(failure);
      continue;
    }
    recordChangeCause(ctx, next);
    if (!o.always && JSON.stringify(next) === JSON.stringify(obj)) continue;
    const shown = o.local || o.dryRun === 'client' ? next : writeBack(ctx, next, o.dryRun);
    if (o.output && o.output !== 'name') printObject(ctx, shown, o.output);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', o.operation, o.dryRun, o.output));
  }
}

/** The checks every set sub-command makes on --local. */
export function checkLocal(local: boolean, dryRun: DryRun): void {
  if (local && dryRun === 'server') throw new KubectlError('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
}

/** path.Match for container selectors (`*`, `?`, `[a-z]`). */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$').test(name);
  } catch {
    return false;
  }
}
