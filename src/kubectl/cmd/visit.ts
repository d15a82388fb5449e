// Shared plumbing of the object-mutating verbs (label, annotate, patch, edit, set image, rollout, wait): turning
// TYPE NAME / TYPE/NAME / -l / --all arguments into the objects they name, the --dry-run flag, and the name
// printer line (`deployment.apps/web labeled (dry run)`).

import { kindPrefix, resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext } from '../context.js';
import { formatStatusError } from '../errors.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { fieldSelectorFor, selectorFlag } from '../selector.js';

export interface Target {
  info: ResourceInfo;
  obj: KubeObject;
}

export interface VisitOptions {
  selector?: string;
  /** --field-selector, checked per resource as the API server does */
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  /** -f values: objects are read from the manifests, then fetched live (builder `.Latest()`) */
  filenames?: string[];
  recursive?: boolean;
}

/** The objects the arguments name, in argument order, and the formatted errors for those that do not exist. */
export function visitTargets(ctx: KubectlContext, args: string[], o: VisitOptions = {}): { targets: Target[]; errors: string[] } {
  const hasFilenames = (o.filenames ?? []).length > 0;
  const req = resolveRequest(args, { selector: o.selector || o.fieldSelector, selectAll: o.all, allNamespaces: o.allNamespaces, hasFilenames, served: ctx.api.discovery() });
  const targets: Target[] = [];
  const errors: string[] = [];
  if (hasFilenames) {
    const items = readManifestsFor(ctx, o.filenames!, { recursive: !!o.recursive });
    for (const item of items) {
      if (item.kind === 'error') {
        errors.push(`error: ${item.message}`);
        continue;
      }
      try {
        const live = ctx.api.get(resourceKey(item.resource), item.object.metadata.namespace ?? ctx.namespace, item.object.metadata.name ?? '');
        targets.push({ info: item.resource, obj: live });
      } catch (e) {
        if (e instanceof StatusError) errors.push(formatStatusError(e));
        else throw e;
      }
    }
    return { targets, errors };
  }
  if (req.mode === 'names') {
    for (const t of req.targets) {
      try {
        targets.push({ info: t.resource, obj: ctx.api.get(resourceKey(t.resource), ctx.namespace, t.name) });
      } catch (e) {
        if (e instanceof StatusError) errors.push(formatStatusError(e));
        else throw e;
      }
    }
    return { targets, errors };
  }
  let selector = null;
  if (o.selector) selector = selectorFlag(o.selector);
  const ns = o.allNamespaces ? undefined : ctx.namespace;
  for (const info of req.resources) {
    let fields;
    try {
      fields = fieldSelectorFor(info, o.fieldSelector ?? '', o.selector ?? '');
    } catch (e) {
      if (e instanceof StatusError) {
        errors.push(formatStatusError(e));
        continue;
      }
      throw e;
    }
    for (const obj of ctx.api.list(resourceKey(info), ns, selector, fields)) targets.push({ info, obj });
  }
  return { targets, errors };
}

export { DRY_RUN_FLAG, dryRunOf, type DryRun } from './dry-run.js';
import type { DryRun } from './dry-run.js';

/** `<kind>[.<group>]/<name> <operation>[ (dry run)]` as the name printer prints it (or `-o name`). */
export function nameLine(info: ResourceInfo, name: string, operation: string, dryRun: DryRun, output = ''): string {
  if (output === 'name') return `${kindPrefix(info)}/${name}\n`;
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${kindPrefix(info)}/${name} ${operation}${suffix}\n`;
}

/** Writes one object back (update, or status update), honouring dry run. Returns what the server returned. */
export function writeBack(ctx: KubectlContext, obj: KubeObject, dryRun: DryRun, status = false): KubeObject {
  if (dryRun === 'client') return obj;
  const opts = { dryRun: dryRun === 'server' };
  return status ? ctx.api.updateStatus(obj, opts) : ctx.api.update(obj, opts);
}

/** Prints errors collected while visiting (stderr) and returns the exit code. */
export function finish(ctx: KubectlContext, errors: string[]): number {
  if (errors.length) {
    ctx.err(errors.join('\n') + '\n');
    return 1;
  }
  return 0;
}

/** The objects a verb was given, or the builder's "must provide" error when there are none. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
