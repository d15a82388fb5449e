// `kubectl set env`: add, update, remove or list container environment variables in pod templates
// (cmd/set/set_env.go and cmd/set/env of v1.32): KEY=VALUE and KEY- arguments, -e (with `-e -` from stdin),
// --from=secret/X|configmap/X with --keys and --prefix, -c container globs, --overwrite, --list and --resolve.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { resourceKey } from '../../cluster/apiserver/discovery.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { resolveRequest } from '../resolve.js';
import { DRY_RUN_FLAG, dryRunOf } from './dry-run.js';
import { changeEach, checkLocal, globMatch, objectName, podSpecOf, setTargets } from './set-common.js';
import { finish } from './visit.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string; apiVersion?: string };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
}

interface Container {
  name: string;
  env?: EnvVar[];
}

const ENV_ARG = /^(.+)=(.*)$/s;

/** envutil.SplitEnvironmentFromResources: resources first, then KEY=VALUE / KEY- arguments. */
export function splitEnvironmentFromResources(args: string[]): { resources: string[]; envArgs: string[] } | undefined {
  const resources: string[] = [];
  const envArgs: string[] = [];
  let first = true;
  for (const s of args) {
    const isEnv = ENV_ARG.test(s) || s.endsWith('-');
    if (isEnv) {
      first = false;
      envArgs.push(s);
    } else if (first) resources.push(s);
    else return undefined;
  }
  return { resources, envArgs };
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envutil.ParseEnv: the variables to set and the names to remove. */
export function parseEnv(spec: string[], stdin: () => string | undefined): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const exists = new Set<string>();
  const remove: string[] = [];
  for (const s of spec) {
    if (s === '-') {
      const text = stdin();
      if (text === undefined) throw new KubectlError("error: when '-' is used, STDIN must be open");
      for (let line of text.split('\n')) {
        const hash = line.indexOf('#');
        if (hash >= 0) line = line.slice(0, hash);
        const eq = line.indexOf('=');
        if (eq >= 0) env.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
      }
    } else if (s.includes('=')) {
      const eq = s.indexOf('=');
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) {
        throw new KubectlError(
          `error: ${JSON.stringify(name)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      }
      exists.add(name);
      env.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new KubectlError(`error: unknown environment variable: ${s}`);
  }
  if (remove.some((r) => exists.has(r))) throw new KubectlError('error: can not both modify and remove the same environment variable in the same command');
  return { env, remove };
}

/** updateEnv: replaces same-named variables in place, appends new ones, removal wins. */
export function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** envutil.GetEnvVarRefString */
export function envVarRefString(from: NonNullable<EnvVar['valueFrom']>): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) {
    const prefix = from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : '';
    return `resource field ${prefix}${from.resourceFieldRef.resource}`;
  }
  return 'invalid valueFrom';
}

/** envutil.GetEnvVarRefValue for --resolve: the referenced value, or the error kubectl reports. */
function envVarRefValue(ctx: KubectlContext, ns: string, from: NonNullable<EnvVar['valueFrom']>, obj: KubeObject): string {
  const lookup = (key: string, name: string): KubeObject => ctx.api.get(key, ns, name);
  if (from.secretKeyRef) {
    const s = lookup('secrets', from.secretKeyRef.name);
    const v = (s.data as Record<string, string> | undefined)?.[from.secretKeyRef.key];
    if (v === undefined) throw new Error(`key ${from.secretKeyRef.key} not found in secret ${from.secretKeyRef.name}`);
    return Buffer.from(v, 'base64').toString();
  }
  if (from.configMapKeyRef) {
    const c = lookup('configmaps', from.configMapKeyRef.name);
    const v = (c.data as Record<string, string> | undefined)?.[from.configMapKeyRef.key];
    if (v === undefined) throw new Error(`key ${from.configMapKeyRef.key} not found in config map ${from.configMapKeyRef.name}`);
    return v;
  }
  if (from.fieldRef) {
    const path = from.fieldRef.fieldPath;
    const m = /^metadata\.(name|namespace|uid)$/.exec(path);
    if (m) return String((obj.metadata as Record<string, unknown>)[m[1]] ?? '');
    const lm = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (lm) return (obj.metadata[lm[1] as 'labels'] ?? {})[lm[2]] ?? '';
    throw new Error(`unsupported fieldPath: ${path}`);
  }
  throw new Error('invalid valueFrom');
}

function selectContainers(cs: Container[] | undefined, selector: string): Container[] {
  return (cs ?? []).filter((c) => globMatch(selector, c.name));
}

function runEnv(ctx: KubectlContext, args: ParsedArgs): number {
  const all = bool(args, 'all');
  const selector = str(args, 'selector');
  if (all && selector) throw new KubectlError('error: cannot set --all and --selector at the same time');
  const split = splitEnvironmentFromResources(args.args);
  if (!split) throw new KubectlError(`error: all resources must be specified before environment changes: ${args.args.join(' ')}`);
  const output = str(args, 'output');
  const dryRun = dryRunOf(ctx, args);
  const local = bool(args, 'local');
  const filenames = list(args, 'filename');
  const listMode = bool(args, 'list');
  const from = str(args, 'from');
  const keys = list(args, 'keys');
  checkLocal(local, dryRun);
  if (filenames.length === 0 && split.resources.length < 1) throw new KubectlError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (listMode && output) throw new KubectlError('error: --list and --output may not be specified together');
  if (keys.length > 0 && !from) throw new KubectlError('error: when specifying --keys, a configmap or secret must be provided with --from');
  const { env, remove } = parseEnv([...list(args, 'env'), ...split.envArgs], () => ctx.stdin);
  const recursive = bool(args, 'recursive');
  if (from) {
    let sources: KubeObject[];
    if (local) sources = setTargets(ctx, [], { local, filenames, recursive }).targets.map((t) => t.obj);
    else {
      const req = resolveRequest([from], { selector, selectAll: all });
      sources = req.mode === 'names' ? req.targets.map((t) => ctx.api.get(resourceKey(t.resource), ctx.namespace, t.name)) : req.resources.flatMap((r) => ctx.api.list(resourceKey(r), ctx.namespace));
    }
    for (const src of sources) {
      if (src.kind !== 'Secret' && src.kind !== 'ConfigMap') throw new KubectlError('error: unsupported resource specified in --from');
      const data = (src.data ?? {}) as Record<string, string>;
      // Go ranges over the map in random order; kubesim takes the keys sorted
      for (const key of Object.keys(data).sort()) {
        if (keys.length && !keys.includes(key)) continue;
        const ref = { name: src.metadata.name ?? '', key };
        env.push({ name: key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase(), valueFrom: src.kind === 'Secret' ? { secretKeyRef: ref } : { configMapKeyRef: ref } });
      }
    }
  }
  const prefix = str(args, 'prefix');
  if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;
  const containerSelector = str(args, 'containers');
  const overwrite = bool(args, 'overwrite');
  const resolve = bool(args, 'resolve');
  const { targets, errors } = setTargets(ctx, split.resources, { local, filenames, recursive, selector, all });
  let resolveFailed = false;
  const mutate = (obj: KubeObject): string | void => {
    const spec = podSpecOf(obj) as { containers?: Container[]; initContainers?: Container[] } | undefined;
    const name = obj.metadata.name ?? '';
    if (!spec) return `the object is not a pod or does not have a pod template: *v1.${obj.kind}`;
    const containers = [...selectContainers(spec.containers, containerSelector), ...selectContainers(spec.initContainers, containerSelector)];
    if (containers.length === 0) {
      ctx.err(`Warning: ${obj.kind}/${name} does not have any containers matching ${JSON.stringify(containerSelector)}\n`);
      return;
    }
    for (const c of containers) {
      if (!overwrite) {
        for (const e of env) {
          const cur = (c.env ?? []).find((x) => x.name === e.name);
          if (cur && cur.value !== e.value) return `'${cur.name}' already has a value (${cur.value ?? ''}), and --overwrite is false`;
        }
      }
      const updated = updateEnv(c.env ?? [], env, remove);
      if (updated.length) c.env = updated;
      else delete c.env;
      if (!listMode) continue;
      const resolveErrors = new Map<string, string[]>();
      let text = `# ${obj.kind} ${name}, container ${c.name}\n`;
      for (const e of c.env ?? []) {
        if (!e.valueFrom) text += `${e.name}=${e.value ?? ''}\n`;
        else if (!resolve) text += `# ${e.name} from ${envVarRefString(e.valueFrom)}\n`;
        else {
          try {
            text += `${e.name}=${envVarRefValue(ctx, obj.metadata.namespace ?? ctx.namespace, e.valueFrom, obj)}\n`;
          } catch (err) {
            text += `# ${e.name} from ${envVarRefString(e.valueFrom)}\n`;
            const msg = err instanceof Error ? err.message : String(err);
            resolveErrors.set(msg, [...(resolveErrors.get(msg) ?? []), e.name]);
            resolveFailed = true;
          }
        }
      }
      ctx.out(text);
      const errs = [...resolveErrors].map(([msg, vars]) => `error retrieving reference for ${vars.sort().join(', ')}: ${msg}`).sort();
      for (const e of errs) ctx.err(e + '\n');
    }
    if (resolveFailed) return 'failed to retrieve valueFrom references';
  };
  if (listMode) {
    for (const { obj } of targets) mutate(structuredClone(obj));
    return finish(ctx, errors);
  }
  const failures: string[] = [];
  changeEach(ctx, targets, { local, dryRun, output, operation: 'env updated' }, (obj, info) => {
    const f = mutate(obj);
    if (f !== undefined) return `error: ${objectName(info, obj.metadata.name ?? '')} ${f}\n`;
  }, failures);
  return finish(ctx, [...errors, ...failures.map((f) => f.replace(/\n$/, ''))]);
}

export const envVerb: Verb = {
  name: 'env',
  path: 'kubectl set env',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'containers', short: 'c', type: 'string', default: '*' },
    DRY_RUN_FLAG,
    { name: 'env', short: 'e', type: 'stringArray' },
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'from', type: 'string' },
    { name: 'keys', type: 'stringSlice' },
    { name: 'kustomize', short: 'k', type: 'string', unsimulated: true },
    { name: 'list', type: 'bool' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'overwrite', type: 'bool', default: true },
    { name: 'prefix', type: 'string' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'resolve', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  run: runEnv,
};
