// `kubectl config view|current-context|get-contexts|use-context|set-context` over a kind-style kubeconfig kept
// with the cluster state (context `kind-kubesim`). The current context's namespace is what verbs default to.

import type { Cluster } from '../../cluster/state/cluster.js';
import type { KubeconfigState, KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { HELP_TEXTS } from '../help-texts.js';
import { printObject } from './output.js';
import { tabwrite } from '../printers/tabwriter.js';
import { defaultSubCommandRun } from '../subcommand-run.js';
import { mergeCredentials, SET_CREDENTIALS_FLAGS, viewUser, type UserEntry } from './config-credentials.js';

export const CLUSTER_NAME = 'kind-kubesim';
export const SERVER_URL = 'https://127.0.0.1:6443';

export interface ContextEntry {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** The kubeconfig kubesim persists in `cluster.data.kubeconfig` (`namespace` mirrors the current context's). */
export interface KubeconfigData extends KubeconfigState {
  currentContext: string;
  contexts: ContextEntry[];
  /** users beside kind's admin (`config set-credentials`) */
  users?: UserEntry[];
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const pem = (type: string, body: string) => `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
/** Placeholder credentials: what `--raw` shows (not real keys; nothing talks TLS to kubesim). */
const CA_DATA = b64(pem('CERTIFICATE', 'a3ViZXNpbSBzaW11bGF0ZWQgY2x1c3RlciBDQSAtIG5vdCBhIHJlYWwgY2VydGlmaWNhdGU='));
const CERT_DATA = b64(pem('CERTIFICATE', 'a3ViZXNpbSBrdWJlcm5ldGVzLWFkbWluIC0gbm90IGEgcmVhbCBjZXJ0aWZpY2F0ZQ=='));
const KEY_DATA = b64(pem('RSA PRIVATE KEY', 'a3ViZXNpbSBrdWJlcm5ldGVzLWFkbWluIGtleSAtIG5vdCBhIHJlYWwga2V5'));

/** The API server URL clients use (kind publishes the control plane on the host). */
export function serverURL(_cluster: Cluster): string {
  return SERVER_URL;
}

/** The cluster's kubeconfig, filled in with kind's defaults the first time. */
export function loadKubeconfig(cluster: Cluster): KubeconfigData {
  const raw = (cluster.data.kubeconfig ?? {}) as Partial<KubeconfigData>;
  if (Array.isArray(raw.contexts) && typeof raw.currentContext === 'string') {
    return { namespace: raw.namespace ?? '', currentContext: raw.currentContext, contexts: raw.contexts.map((c) => ({ ...c })), users: (raw.users ?? []).map((u) => ({ ...u })) };
  }
  const ns = raw.namespace ?? '';
  const ctx: ContextEntry = { name: CLUSTER_NAME, cluster: CLUSTER_NAME, user: CLUSTER_NAME };
  if (ns) ctx.namespace = ns;
  return { namespace: ns, currentContext: CLUSTER_NAME, contexts: [ctx] };
}

/** The cluster entries' names, sorted. */
export function kubeconfigClusterNames(_kc: KubeconfigData): string[] {
  return [CLUSTER_NAME];
}

/** The user entries' names, sorted. */
export function kubeconfigUserNames(kc: KubeconfigData): string[] {
  return [CLUSTER_NAME, ...(kc.users ?? []).map((u) => u.name).filter((n) => n !== CLUSTER_NAME)].sort();
}

/** Stores the kubeconfig with the cluster (saved after the command). */
export function saveKubeconfig(cluster: Cluster, kc: KubeconfigData): void {
  const cur = kc.contexts.find((c) => c.name === kc.currentContext);
  cluster.data.kubeconfig = { ...kc, namespace: cur?.namespace ?? '', contexts: sortContexts(kc.contexts) };
  cluster.touched = true;
}

function sortContexts(cs: ContextEntry[]): ContextEntry[] {
  return [...cs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ------------------------------------------------------------------ config view

interface ViewOptions {
  raw: boolean;
  minify: boolean;
}

/** The Config object `config view` prints (kubectl's JSON field order). */
export function viewObject(kc: KubeconfigData, o: ViewOptions): Record<string, unknown> {
  const data = (v: string) => (o.raw ? v : 'DATA+OMITTED');
  let contexts = sortContexts(kc.contexts);
  let clusters = [CLUSTER_NAME];
  let users = kubeconfigUserNames(kc);
  if (o.minify) {
    const cur = contexts.find((c) => c.name === kc.currentContext);
    if (!kc.currentContext) throw new KubectlError('error: current-context must exist in order to minify');
    if (!cur) throw new KubectlError(`error: cannot locate context ${kc.currentContext}`);
    contexts = [cur];
    clusters = clusters.filter((c) => c === cur.cluster);
    users = users.filter((u) => u === cur.user);
  }
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: clusters.map((name) => ({ name, cluster: { server: SERVER_URL, 'certificate-authority-data': data(CA_DATA) } })),
    users: users.map((name) => {
      const own = kc.users?.find((u) => u.name === name);
      return { name, user: own ? viewUser(own, o.raw) : { 'client-certificate-data': data(CERT_DATA), 'client-key-data': data(KEY_DATA) } };
    }),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: c.namespace ? { cluster: c.cluster, user: c.user, namespace: c.namespace } : { cluster: c.cluster, user: c.user },
    })),
    'current-context': kc.currentContext,
  };
}

/** A YAML scalar as go-yaml writes a string. */
function yamlScalar(s: string): string {
  if (s === '' || /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s) || /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) || /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) || /: |\s#|\s$/.test(s)) {
    return JSON.stringify(s);
  }
  return s;
}

/** `config view` YAML: keys sorted, sequences not indented, as sigs.k8s.io/yaml prints a Config. */
export function renderConfigYaml(cfg: Record<string, unknown>): string {
  const lines: string[] = ['apiVersion: v1'];
  const clusters = cfg.clusters as Array<{ name: string; cluster: Record<string, string> }>;
  const users = cfg.users as Array<{ name: string; user: Record<string, string> }>;
  const contexts = cfg.contexts as Array<{ name: string; context: Record<string, string> }>;
  const block = (items: Record<string, string>) =>
    Object.keys(items)
      .sort()
      .map((k) => `    ${k}: ${yamlScalar(items[k])}`);
  if (clusters.length === 0) lines.push('clusters: null');
  else {
    lines.push('clusters:');
    for (const c of clusters) lines.push('- cluster:', ...block(c.cluster), `  name: ${yamlScalar(c.name)}`);
  }
  if (contexts.length === 0) lines.push('contexts: null');
  else {
    lines.push('contexts:');
    for (const c of contexts) lines.push('- context:', ...block(c.context), `  name: ${yamlScalar(c.name)}`);
  }
  lines.push(`current-context: ${yamlScalar(cfg['current-context'] as string)}`, 'kind: Config', 'preferences: {}');
  if (users.length === 0) lines.push('users: null');
  else {
    lines.push('users:');
    for (const u of users) lines.push(`- name: ${yamlScalar(u.name)}`, '  user:', ...block(u.user));
  }
  return lines.join('\n') + '\n';
}

function view(ctx: KubectlContext, args: ParsedArgs): void {
  const kc = loadKubeconfig(ctx.cluster);
  const raw = bool(args, 'raw') || bool(args, 'flatten');
  const cfg = viewObject(kc, { raw, minify: bool(args, 'minify') });
  if (args.args.length) throw new KubectlError(`error: unexpected arguments: [${args.args.join(' ')}]\nSee 'kubectl config view -h' for help and examples`);
  const output = str(args, 'output');
  if (output === 'yaml' || output === '') ctx.out(renderConfigYaml(cfg));
  else if (output === 'json') ctx.out(JSON.stringify(cfg, null, 4) + '\n');
  // the name printer finds no name on a Config
  else if (output === 'name') ctx.out('config/<unknown>\n');
  else printObject(ctx, cfg as unknown as KubeObject, output, args);
}

// ------------------------------------------------------------------ contexts

function currentContext(ctx: KubectlContext, _args: ParsedArgs): void {
  const kc = loadKubeconfig(ctx.cluster);
  if (!kc.currentContext) throw new KubectlError('error: current-context is not set');
  ctx.out(kc.currentContext + '\n');
}

/** `config get-contexts` table (or names). */
export function renderContexts(kc: KubeconfigData, names: string[], o: { nameOnly: boolean; noHeaders: boolean }): { text: string; missing: string[] } {
  const all = sortContexts(kc.contexts);
  const missing = names.filter((n) => !all.some((c) => c.name === n));
  const shown = names.length ? all.filter((c) => names.includes(c.name)) : all;
  if (o.nameOnly) return { text: shown.map((c) => c.name + '\n').join(''), missing };
  let t = o.noHeaders ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
  for (const c of shown) t += `${c.name === kc.currentContext ? '*' : ''}\t${c.name}\t${c.cluster}\t${c.user}\t${c.namespace ?? ''}\n`;
  return { text: tabwrite(t), missing };
}

function getContexts(ctx: KubectlContext, args: ParsedArgs): number {
  const output = str(args, 'output');
  if (output !== '' && output !== 'name') {
    throw new KubectlError(`error: --output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
  }
  const kc = loadKubeconfig(ctx.cluster);
  const { text, missing } = renderContexts(kc, args.args, { nameOnly: output === 'name', noHeaders: bool(args, 'no-headers') });
  ctx.out(text);
  if (missing.length) {
    ctx.err(missing.map((m) => `error: context ${m} not found`).join('\n') + '\n');
    return 1;
  }
  return 0;
}

function useContext(ctx: KubectlContext, args: ParsedArgs): void {
  if (args.args.length !== 1) {
    // cobra prints the command's help, then the error
    ctx.out(HELP_TEXTS['config use-context']);
    throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]`);
  }
  const name = args.args[0];
  const kc = loadKubeconfig(ctx.cluster);
  if (!kc.contexts.some((c) => c.name === name)) throw new KubectlError(`error: no context exists with the name: "${name}"`);
  kc.currentContext = name;
  saveKubeconfig(ctx.cluster, kc);
  ctx.out(`Switched to context "${name}".\n`);
}

function setContext(ctx: KubectlContext, args: ParsedArgs): void {
  const current = bool(args, 'current');
  if (args.args.length > 1) throw new KubectlError(`error: Unexpected args: [${args.args.join(' ')}]`);
  const kc = loadKubeconfig(ctx.cluster);
  let name = args.args[0] ?? '';
  if (current && name) throw new KubectlError('error: you cannot specify both a context name and --current');
  if (current) {
    if (!kc.currentContext) throw new KubectlError('error: no current context is set');
    name = kc.currentContext;
  }
  if (!name) throw new KubectlError('error: you must specify a non-empty context name or --current');
  let entry = kc.contexts.find((c) => c.name === name);
  const exists = !!entry;
  if (!entry) {
    entry = { name, cluster: '', user: '' };
    kc.contexts.push(entry);
  }
  if (args.changed.has('cluster')) entry.cluster = str(args, 'cluster');
  if (args.changed.has('user')) entry.user = str(args, 'user');
  if (args.changed.has('namespace')) {
    const ns = str(args, 'namespace');
    if (ns) entry.namespace = ns;
    else delete entry.namespace;
  }
  saveKubeconfig(ctx.cluster, kc);
  ctx.out(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
}

function setCredentials(ctx: KubectlContext, args: ParsedArgs): void {
  if (args.args.length !== 1 || !args.args[0]) {
    // cobra prints the command's help, then the error
    ctx.out(HELP_TEXTS['config set-credentials'] ?? '');
    throw new KubectlError(`error: unexpected args: [${args.args.join(' ')}]`);
  }
  const name = args.args[0];
  if (name === CLUSTER_NAME) throw new KubectlError(`error: kubesim does not simulate changing the credentials of "${CLUSTER_NAME}" (the cluster's own admin)`);
  const kc = loadKubeconfig(ctx.cluster);
  const users = kc.users ?? [];
  const entry = mergeCredentials(ctx, args, users.find((u) => u.name === name), name);
  kc.users = [...users.filter((u) => u.name !== name), entry].sort((a, b) => (a.name < b.name ? -1 : 1));
  saveKubeconfig(ctx.cluster, kc);
  ctx.out(`User "${name}" set.\n`);
}

const sub = (name: string, flags: Verb['flags'], run: Verb['run'], extra: Partial<Verb> = {}): Verb => ({
  name,
  path: `kubectl config ${name}`,
  flags,
  run,
  ...extra,
});

const verb: Verb = {
  name: 'config',
  readOnly: true,
  flags: [],
  subcommands: {
    view: sub(
      'view',
      [
        { name: 'allow-missing-template-keys', type: 'bool', default: true },
        { name: 'flatten', type: 'bool' },
        { name: 'merge', type: 'bool', default: true },
        { name: 'minify', type: 'bool' },
        { name: 'output', short: 'o', type: 'string', default: 'yaml' },
        { name: 'raw', type: 'bool' },
        { name: 'show-managed-fields', type: 'bool' },
        { name: 'template', type: 'string' },
      ],
      view,
      { readOnly: true },
    ),
    'current-context': sub('current-context', [], currentContext, { readOnly: true }),
    'get-contexts': sub(
      'get-contexts',
      [
        { name: 'no-headers', type: 'bool' },
        { name: 'output', short: 'o', type: 'string' },
      ],
      getContexts,
      { readOnly: true },
    ),
    'use-context': sub('use-context', [], useContext, { aliases: ['use'] }),
    'set-credentials': sub('set-credentials', SET_CREDENTIALS_FLAGS, setCredentials),
    'set-context': sub(
      'set-context',
      [
        { name: 'cluster', type: 'string' },
        { name: 'current', type: 'bool' },
        { name: 'namespace', short: 'n', type: 'string' },
        { name: 'user', type: 'string' },
      ],
      setContext,
    ),
  },
  run: defaultSubCommandRun('config'),
};

export default verb;
