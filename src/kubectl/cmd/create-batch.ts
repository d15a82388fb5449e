// `kubectl create job` and `kubectl create cronjob` (create_job.go, create_cronjob.go): the objects they build
// client-side, field for field in Go struct order, `create job --from=cronjob/NAME` (the manual instantiation
// annotation and the CronJob as controller owner), and their argument errors.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { nameRequired, requiredFlagsError } from './generators.js';

type Obj = Record<string, any>;

export interface BatchVerbHooks {
  common: FlagSpec[];
  namespace(ctx: KubectlContext): string | undefined;
  create(ctx: KubectlContext, args: ParsedArgs, obj: KubeObject, failPrefix: string | null): void;
}

function split(args: ParsedArgs): { positional: string[]; command: string[] } {
  return {
    positional: args.dashIndex >= 0 ? args.args.slice(0, args.dashIndex) : args.args,
    command: args.dashIndex >= 0 ? args.args.slice(args.dashIndex) : [],
  };
}

function container(name: string, image: string, command: string[]): Obj {
  const c: Obj = { name, image };
  if (command.length) c.command = command;
  c.resources = {};
  return c;
}

export function buildJob(name: string, namespace: string | undefined, image: string, command: string[]): KubeObject {
  const metadata: Obj = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata as KubeObject['metadata'],
    spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
    status: {},
  };
}

export function buildJobFromCronJob(name: string, namespace: string | undefined, cj: KubeObject): KubeObject {
  const tmpl = ((cj.spec as Obj)?.jobTemplate ?? {}) as Obj;
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmpl.metadata?.annotations ?? {}) };
  const metadata: Obj = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (tmpl.metadata?.labels) metadata.labels = { ...tmpl.metadata.labels };
  metadata.annotations = annotations;
  metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }];
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata as KubeObject['metadata'], spec: structuredClone(tmpl.spec ?? {}), status: {} };
}

export function buildCronJob(name: string, namespace: string | undefined, image: string, schedule: string, restart: string, command: string[]): KubeObject {
  const metadata: Obj = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  const jobMeta: Obj = { name };
  if (namespace) jobMeta.namespace = namespace;
  jobMeta.creationTimestamp = null;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata as KubeObject['metadata'],
    spec: {
      schedule,
      jobTemplate: {
        metadata: jobMeta,
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: restart || 'OnFailure' } } },
      },
    },
    status: {},
  };
}

export function batchVerbs(h: BatchVerbHooks): { job: Verb; cronjob: Verb } {
  const job: Verb = {
    name: 'job',
    path: 'kubectl create job',
    flags: [...h.common, { name: 'from', type: 'string' }, { name: 'image', type: 'string' }],
    run(ctx, args) {
      const { positional, command } = split(args);
      const name = nameRequired(positional, 'kubectl create job');
      const image = str(args, 'image');
      const from = str(args, 'from');
      if ((!image && !from) || (image && from)) throw new KubectlError('error: either --image or --from must be specified');
      if (command.length && from) throw new KubectlError('error: cannot specify --from and command');
      if (from) {
        const slash = from.indexOf('/');
        const kind = slash >= 0 ? from.slice(0, slash).toLowerCase() : '';
        const ref = slash >= 0 ? from.slice(slash + 1) : from;
        if (!['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(kind)) {
          throw new KubectlError(`error: from must be an existing cronjob: ${from}`);
        }
        const cj = ctx.api.tryGet('cronjobs.batch', ctx.namespace, ref);
        if (!cj) throw new KubectlError(`Error from server (NotFound): cronjobs.batch "${ref}" not found`);
        h.create(ctx, args, buildJobFromCronJob(name, h.namespace(ctx), cj), 'failed to create job');
        return;
      }
      h.create(ctx, args, buildJob(name, h.namespace(ctx), image, command), 'failed to create job');
    },
  };
  const cronjob: Verb = {
    name: 'cronjob',
    aliases: ['cj'],
    path: 'kubectl create cronjob',
    flags: [...h.common, { name: 'image', type: 'string' }, { name: 'restart', type: 'string' }, { name: 'schedule', type: 'string' }],
    run(ctx, args) {
      const missing = ['image', 'schedule'].filter((f) => !args.changed.has(f));
      if (missing.length) throw requiredFlagsError(ctx.now(), missing);
      const { positional, command } = split(args);
      const name = nameRequired(positional, 'kubectl create cronjob');
      h.create(ctx, args, buildCronJob(name, h.namespace(ctx), str(args, 'image'), str(args, 'schedule'), str(args, 'restart'), command), 'failed to create cronjob');
    },
  };
  return { job, cronjob };
}
