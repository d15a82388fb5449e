// `kubectl create -f` and the create generators (deployment, namespace, service clusterip|nodeport|loadbalancer|
// externalname, configmap), with --dry-run=client|server, -o, --save-config and kubectl's messages.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { resourceForKind } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { lastAppliedAnnotation } from './apply-config.js';
import { buildConfigMap, buildDeployment, buildNamespace, buildService, forServer, nameRequired, requiredFlagsError, type ServiceOptions } from './generators.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors, SourcedError, type DryRun } from './printing.js';
import { defaultSubCommandRun } from '../subcommand-run.js';
import { batchVerbs } from './create-batch.js';
import { configMapHash, secretVerbs } from './create-secret.js';
import { identityVerbs } from './create-identity.js';
import { policyVerbs } from './create-policy.js';
import { ingressVerb } from './create-ingress.js';
import { rbacVerbs } from './create-rbac.js';
import { printWarnings, validationOf } from './validate.js';
import { RECORD_FLAG, recordChangeCause } from './record.js';

const COMMON: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'field-manager', type: 'string', default: 'kubectl-create' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
];

const CREATE_FLAGS: FlagSpec[] = [
  ...COMMON,
  { name: 'edit', type: 'bool', unsimulated: true },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'raw', type: 'string', unsimulated: true },
  RECORD_FLAG,
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'windows-line-endings', type: 'bool' },
];

function resourceOf(obj: KubeObject): ResourceInfo {
  return resourceForKind(obj.apiVersion, obj.kind)!;
}

/** The namespace a generator writes into the object (only when -n was given, as kubectl does). */
function genNamespace(ctx: KubectlContext): string | undefined {
  return ctx.explicitNamespace ? ctx.namespace : undefined;
}

function withSaveConfig(obj: KubeObject, args: ParsedArgs): KubeObject {
  if (!bool(args, 'save-config')) return obj;
  const md = obj.metadata as unknown as Record<string, unknown>;
  const annotations = { ...((md.annotations as Record<string, string>) ?? {}) };
  annotations['kubectl.kubernetes.io/last-applied-configuration'] = lastAppliedAnnotation(obj, { typed: true });
  const next: Record<string, unknown> = { annotations };
  for (const [k, v] of Object.entries(md)) if (k !== 'annotations') next[k] = v;
  // Go's ObjectMeta order: name, namespace, ..., creationTimestamp, labels, annotations
  const ordered: Record<string, unknown> = {};
  for (const k of ['name', 'generateName', 'namespace', 'creationTimestamp', 'labels']) if (k in md) ordered[k] = md[k];
  ordered.annotations = annotations;
  for (const [k, v] of Object.entries(md)) if (!(k in ordered)) ordered[k] = v;
  return { ...obj, metadata: ordered as unknown as KubeObject['metadata'] };
}

/** Sends (or not, for client dry run) a generated object and prints the result, wrapping API errors as kubectl. */
function createGenerated(ctx: KubectlContext, args: ParsedArgs, obj: KubeObject, failPrefix: string | null): void {
  const dryRun = dryRunOf(ctx, args);
  validationOf(args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  const resource = resourceOf(obj);
  let result = withSaveConfig(obj, args);
  if (dryRun !== 'client') {
    const toSend = forServer(result);
    if (resource.namespaced && !toSend.metadata.namespace) toSend.metadata.namespace = ctx.namespace;
    try {
      result = ctx.api.create(toSend, { dryRun: dryRun === 'server' });
    } catch (e) {
      if (failPrefix !== null && e instanceof StatusError) {
        const text = failPrefix.includes('%v') ? failPrefix.replace('%v', e.status.message) : `${failPrefix}: ${e.status.message}`;
        throw new KubectlError(`error: ${text}`);
      }
      throw e;
    }
    printer.print(resource, result, 'created');
    return;
  }
  printer.print(resource, result, 'created', { typed: true });
}

// ------------------------------------------------------------------ create -f

async function runCreate(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const filenames = list(args, 'filename');
  if (filenames.length === 0 && !str(args, 'kustomize')) {
    if (args.args.length) throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    throw new KubectlError('error: must specify one of -f and -k');
  }
  if (args.args.length) throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
  const dryRun: DryRun = dryRunOf(ctx, args);
  const validation = validationOf(args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  const items = readManifestsFor(ctx, filenames, {
    recursive: bool(args, 'recursive'),
    kustomize: str(args, 'kustomize'),
    validate: validation.client,
    strictYaml: validation.directive === 'Strict',
  });
  const warnings: string[] = [];
  const errors: unknown[] = [];
  let count = 0;
  for (const item of items) {
    if (item.kind === 'error') {
      errors.push(new KubectlError(`error: ${item.message}`));
      continue;
    }
    let obj = item.object;
    if (bool(args, 'save-config')) {
      obj = structuredClone(obj);
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': lastAppliedAnnotation(item.object) };
    }
    recordChangeCause(ctx, obj);
    if (dryRun !== 'client') {
      try {
        obj = ctx.api.create(obj, { dryRun: dryRun === 'server', fieldValidation: validation.directive, warnings });
      } catch (e) {
        errors.push(new SourcedError(e, 'creating', item.source));
        continue;
      } finally {
        printWarnings(ctx, warnings);
      }
    }
    count++;
    printer.print(item.resource, obj, 'created');
  }
  if (errors.length) return reportErrors(ctx, errors);
  if (count === 0) throw new KubectlError('error: no objects passed to create');
  return 0;
}

// ------------------------------------------------------------------ generators

const createDeployment: Verb = {
  name: 'deployment',
  aliases: ['deploy'],
  path: 'kubectl create deployment',
  flags: [
    ...COMMON,
    { name: 'image', type: 'stringSlice' },
    { name: 'port', type: 'int', default: -1 },
    { name: 'replicas', short: 'r', type: 'int', default: 1 },
  ],
  run(ctx, args) {
    if (!args.changed.has('image')) throw requiredFlagsError(ctx.now(), ['image']);
    const positional = args.dashIndex >= 0 ? args.args.slice(0, args.dashIndex) : args.args;
    const command = args.dashIndex >= 0 ? args.args.slice(args.dashIndex) : [];
    const name = nameRequired(positional, 'kubectl create deployment');
    const images = list(args, 'image');
    if (images.length > 1 && command.length > 0) throw new KubectlError('error: cannot specify multiple --image options and command');
    const obj = buildDeployment(
      { name, namespace: genNamespace(ctx), images, replicas: int(args, 'replicas'), port: int(args, 'port'), command },
      ctx.api.rng,
    );
    createGenerated(ctx, args, obj, 'failed to create deployment');
  },
};

const createNamespace: Verb = {
  name: 'namespace',
  aliases: ['ns'],
  path: 'kubectl create namespace',
  flags: COMMON,
  run(ctx, args) {
    const name = nameRequired(args.args, 'kubectl create namespace');
    createGenerated(ctx, args, buildNamespace(name), null);
  },
};

function serviceVerb(sub: string, type: ServiceOptions['type'], extra: FlagSpec[]): Verb {
  return {
    name: sub,
    path: `kubectl create service ${sub}`,
    flags: [...COMMON, ...extra],
    run(ctx, args) {
      if (type === 'ExternalName' && !args.changed.has('external-name')) throw requiredFlagsError(ctx.now(), ['external-name']);
      const name = nameRequired(args.args, `kubectl create service ${sub}`);
      const obj = buildService({
        name,
        namespace: genNamespace(ctx),
        type,
        tcp: type === 'ExternalName' ? [] : list(args, 'tcp'),
        clusterIP: type === 'ClusterIP' ? str(args, 'clusterip') : undefined,
        nodePort: type === 'NodePort' ? int(args, 'node-port') : undefined,
        externalName: type === 'ExternalName' ? str(args, 'external-name') : undefined,
      });
      createGenerated(ctx, args, obj, `failed to create ${type} service`);
    },
  };
}

const TCP: FlagSpec = { name: 'tcp', type: 'stringSlice' };

const createService: Verb = {
  name: 'service',
  aliases: ['svc'],
  path: 'kubectl create service',
  flags: [],
  subcommands: {
    clusterip: serviceVerb('clusterip', 'ClusterIP', [TCP, { name: 'clusterip', type: 'string' }]),
    nodeport: serviceVerb('nodeport', 'NodePort', [TCP, { name: 'node-port', type: 'int', default: 0 }]),
    loadbalancer: serviceVerb('loadbalancer', 'LoadBalancer', [TCP]),
    externalname: serviceVerb('externalname', 'ExternalName', [TCP, { name: 'external-name', type: 'string' }]),
  },
  run: defaultSubCommandRun('create service'),
};

/** --from-file=[key=]source: a file (key = its base name) or every regular file of a directory. */
function readFromFiles(ctx: KubectlContext, sources: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const src of sources) {
    const eq = src.indexOf('=');
    const key = eq < 0 ? undefined : src.slice(0, eq);
    const file = eq < 0 ? src : src.slice(eq + 1);
    const abs = path.resolve(ctx.cwd, file);
    if (!fs.existsSync(abs)) throw new KubectlError(`error: error reading ${file}: no such file or directory`);
    if (fs.statSync(abs).isDirectory()) {
      if (key !== undefined) throw new KubectlError(`error: cannot give a key name for a directory path`);
      for (const name of fs.readdirSync(abs).sort()) {
        const p = path.join(abs, name);
        if (fs.statSync(p).isFile()) out.push([name, fs.readFileSync(p, 'utf8')]);
      }
      continue;
    }
    out.push([key ?? path.basename(file), fs.readFileSync(abs, 'utf8')]);
  }
  return out;
}

const createConfigMap: Verb = {
  name: 'configmap',
  aliases: ['cm'],
  path: 'kubectl create configmap',
  flags: [
    ...COMMON,
    { name: 'append-hash', type: 'bool' },
    { name: 'from-env-file', type: 'stringSlice', unsimulated: true },
    { name: 'from-file', type: 'stringSlice' },
    { name: 'from-literal', type: 'stringArray' },
  ],
  run(ctx, args) {
    const name = nameRequired(args.args, 'kubectl create configmap');
    const obj = buildConfigMap({
      name,
      namespace: genNamespace(ctx),
      literals: list(args, 'from-literal'),
      files: readFromFiles(ctx, list(args, 'from-file')),
    });
    // --append-hash: the name gets the hash of the ConfigMap's content (hash.ConfigMapHash)
    if (bool(args, 'append-hash')) obj.metadata.name = `${name}-${configMapHash(name, (obj as { data?: Record<string, string> }).data ?? {})}`;
    createGenerated(ctx, args, obj, 'failed to create configmap');
  },
};

const batch = batchVerbs({ common: COMMON, namespace: genNamespace, create: createGenerated });
const hooks = { common: COMMON, namespace: genNamespace, create: createGenerated };
const identity = identityVerbs(hooks);
const policy = policyVerbs(hooks);

const create: Verb = {
  name: 'create',
  flags: CREATE_FLAGS,
  subcommands: {
    deployment: createDeployment,
    namespace: createNamespace,
    service: createService,
    configmap: createConfigMap,
    job: batch.job,
    cronjob: batch.cronjob,
    secret: secretVerbs(hooks),
    serviceaccount: identity.serviceaccount,
    token: identity.token,
    ingress: ingressVerb(hooks),
    ...policy,
    ...rbacVerbs(hooks),
  },
  run: runCreate,
};

export default create;
export { resourceOf as resourceOfObject };
