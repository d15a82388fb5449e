// The kubectl entry point in-process: finds the verb (modules load lazily so a cold `get` stays fast), parses
// its flags the pflag way, resolves the namespace and turns every error into kubectl's text and exit code.

import type { Cluster } from '../cluster/state/cluster.js';
import { KubectlError, type CommandIO, type KubeconfigState, type KubectlContext, type Verb } from './context.js';
import { formatError } from './errors.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { FlagError, GLOBAL_FLAGS, list, parseFlags, str, type FlagSpec, type ParsedArgs } from './flags.js';
import { apiAs, impersonate, KUBERNETES_ADMIN } from '../cluster/rbac/access.js';
import { klogLine } from '../cluster/klog.js';

type VerbLoader = () => Promise<Verb>;

/** the verbs that read `-k DIR` (the others' -k is refused, never ignored) */
const KUSTOMIZE_VERBS = new Set(['kubectl apply', 'kubectl create', 'kubectl delete', 'kubectl get', 'kubectl describe', 'kubectl diff', 'kubectl replace']);

/** Verb name → lazy module. Each module default-exports its Verb. */
const VERBS: Record<string, VerbLoader> = {
  get: async () => (await import('./cmd/get.js')).default,
  describe: async () => (await import('./cmd/describe.js')).default,
  apply: async () => (await import('./cmd/apply.js')).default,
  create: async () => (await import('./cmd/create.js')).default,
  delete: async () => (await import('./cmd/delete.js')).default,
  expose: async () => (await import('./cmd/expose.js')).default,
  scale: async () => (await import('./cmd/scale.js')).default,
  run: async () => (await import('./cmd/run.js')).default,
  label: async () => (await import('./cmd/label.js')).default,
  annotate: async () => (await import('./cmd/annotate.js')).default,
  patch: async () => (await import('./cmd/patch.js')).default,
  edit: async () => (await import('./cmd/edit.js')).default,
  set: async () => (await import('./cmd/set.js')).default,
  rollout: async () => (await import('./cmd/rollout.js')).default,
  'api-resources': async () => (await import('./cmd/api-resources.js')).default,
  'api-versions': async () => (await import('./cmd/api-versions.js')).default,
  events: async () => (await import('./cmd/events.js')).default,
  version: async () => (await import('./cmd/version.js')).default,
  'cluster-info': async () => (await import('./cmd/cluster-info.js')).default,
  config: async () => (await import('./cmd/config.js')).default,
  exec: async () => (await import('./cmd/exec.js')).default,
  cp: async () => (await import('./cmd/cp.js')).default,
  logs: async () => (await import('./cmd/logs.js')).default,
  attach: async () => (await import('./cmd/attach.js')).default,
  'port-forward': async () => (await import('./cmd/port-forward.js')).default,
  wait: async () => (await import('./cmd/wait.js')).default,
  cordon: async () => (await import('./cmd/cordon.js')).cordon,
  uncordon: async () => (await import('./cmd/cordon.js')).uncordon,
  drain: async () => (await import('./cmd/drain.js')).default,
  taint: async () => (await import('./cmd/taint.js')).default,
  top: async () => (await import('./cmd/top.js')).default,
  autoscale: async () => (await import('./cmd/autoscale.js')).default,
  completion: async () => (await import('./cmd/completion.js')).default,
  explain: async () => (await import('./cmd/explain.js')).default,
  diff: async () => (await import('./cmd/diff.js')).default,
  replace: async () => (await import('./cmd/replace.js')).default,
  debug: async () => (await import('./cmd/debug.js')).default,
  auth: async () => (await import('./cmd/auth.js')).default,
  kustomize: async () => (await import('./cmd/kustomize.js')).default,
  certificate: async () => (await import('./cmd/certificate.js')).default,
  __complete: async () => (await import('./cmd/complete.js')).default,
};

/**
 * Every top-level kubectl v1.32 command, in the order cmd.go registers them (the help's groups, then config,
 * plugin, version, api-versions, api-resources, options, and cobra's help): cobra's "Did you mean this?" lists
 * suggestions in this order.
 */
export const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward',
  'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate',
  'completion', 'config', 'plugin', 'version', 'api-versions', 'api-resources', 'options', 'help',
];

/** Verbs kubesim implements (for completion). */
export function implementedVerbs(): string[] {
  return Object.keys(VERBS).filter((v) => !v.startsWith('__'));
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** cobra's unknown-command error with suggestions (distance ≤ 2 or prefix). */
export function unknownCommand(name: string, parent = 'kubectl', candidates = KUBECTL_COMMANDS): string {
  // IsAvailableCommand is false for the help command, so cobra never suggests it
  const sugg = candidates.filter((c) => c !== 'help' && (levenshtein(name.toLowerCase(), c.toLowerCase()) <= 2 || c.startsWith(name.toLowerCase())));
  let text = `error: unknown command "${name}" for "${parent}"`;
  if (sugg.length) text += `\n\nDid you mean this?\n${sugg.map((s) => `\t${s}`).join('\n')}`;
  return text;
}

export function kubeconfigOf(cluster: Cluster): KubeconfigState {
  const kc = cluster.data.kubeconfig as KubeconfigState | undefined;
  return kc ?? { namespace: '' };
}

export async function loadVerb(name: string): Promise<Verb | undefined> {
  const loader = VERBS[name];
  return loader ? loader() : undefined;
}

/**
 * Whether cobra would read the word after this flag as its value (stripFlags: a flag without `=` takes the next word
 * unless it has a NoOptDefVal, which every bool flag has; a flag the command does not know takes one too).
 */
function flagTakesNext(word: string, flags: FlagSpec[]): boolean {
  if (word.includes('=')) return false;
  const spec = word.startsWith('--') ? flags.find((f) => f.name === word.slice(2)) : word.length === 2 ? flags.find((f) => f.short === word[1]) : undefined;
  if (!word.startsWith('--') && word.length !== 2) return false;
  return !(spec && (spec.type === 'bool' || spec.noOptDefault !== undefined));
}

/** The index of the first word that is neither a flag nor a flag's value (cobra's stripFlags), or -1. */
function firstCommandWord(args: string[], flags: FlagSpec[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return -1;
    if (a.startsWith('-')) {
      if (flagTakesNext(a, flags)) {
        if (i + 1 >= args.length - 1) return -1; // cobra: a value-taking flag with at most one word after it ends the search
        i++;
      }
      continue;
    }
    if (a !== '') return i;
  }
  return -1;
}

/**
 * Finds the flags-and-args start of a verb's sub-command chain (`create deployment`, `rollout status`) as cobra's
 * Find does: the first word that is neither a flag nor a flag's value names the sub-command, wherever it stands
 * (`kubectl create -n dev deployment web`), and that one word is taken out of the arguments.
 */
function resolveSubcommand(verb: Verb, argv: string[]): { verb: Verb; rest: string[]; path: string } {
  let current = verb;
  let path = `kubectl ${verb.name}`;
  let rest = argv;
  while (current.subcommands) {
    const flags = [...current.flags, ...GLOBAL_FLAGS];
    const idx = firstCommandWord(rest, flags);
    if (idx < 0) break;
    const sub = Object.values(current.subcommands).find((s) => s.name === rest[idx] || s.aliases?.includes(rest[idx]));
    if (!sub) break;
    current = sub;
    path = `${path} ${sub.name}`;
    rest = [...rest.slice(0, idx), ...rest.slice(idx + 1)];
  }
  return { verb: current, rest, path: current.path ?? path };
}

/** kubectl's global flags that take no value (the others take one: `-n NS`, `--context CTX`, `-v 5`). */
const GLOBAL_BOOL_FLAGS = new Set(['--insecure-skip-tls-verify', '--match-server-version', '--warnings-as-errors', '--disable-compression', '--add-dir-header', '--alsologtostderr', '--logtostderr', '--one-output', '--skip-headers', '--skip-log-headers']);

/**
 * Global flags written before the verb (`kubectl -n kube-system logs POD`) move after it: cobra finds the command
 * as the first argument that is neither a flag nor a flag's value, and parses persistent flags wherever they are.
 */
export function hoistVerb(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const a = argv[i];
    const takesValue = !a.includes('=') && !GLOBAL_BOOL_FLAGS.has(a) && (a.startsWith('--') || a.length === 2);
    i += takesValue ? 2 : 1;
  }
  if (i === 0 || i >= argv.length || argv[i] === '--') return argv;
  return [argv[i], ...argv.slice(0, i), ...argv.slice(i + 1)];
}

/** True when the command line names a verb (and sub-command) that only reads the cluster. */
export async function isReadOnlyKubectl(argvIn: string[]): Promise<boolean> {
  const argv = hoistVerb(argvIn);
  const top = argv[0] === undefined ? undefined : await loadVerb(argv[0]);
  if (!top) return false;
  return resolveSubcommand(top, argv.slice(1)).verb.readOnly === true;
}

/**
 * Runs one kubectl command line (without the leading `kubectl`) against a loaded cluster.
 * Returns the exit code; output goes through io.
 */
export async function runKubectl(argvIn: string[], cluster: Cluster, io: CommandIO): Promise<number> {
  const early = await rootFlagsOnly(argvIn, io);
  if (early !== undefined) return early;
  const argv = hoistVerb(argvIn);
  const name = argv[0];
  // the root command (no verb, `kubectl -h`), `kubectl help [COMMAND...]` and `kubectl options` print help on stdout
  if (name === undefined || name === '-h' || name === '--help') return printHelp('', io);
  if (name === 'options') return printHelp('options', io);
  if (name === 'help') {
    const words = argv.slice(1).filter((a) => !a.startsWith('-'));
    const helpTop = words.length ? await loadVerb(words[0]) : undefined;
    if (words.length && !helpTop) {
      // cobra: "Unknown help topic %#q" and the root command's usage (its help without the description)
      const { HELP_TEXTS } = await import('./help-texts.js');
      io.err(`Unknown help topic [${words.map((w) => `\`${w}\``).join(' ')}]\n\n${HELP_TEXTS[''].split('\n').slice(3).join('\n')}`);
      return 0;
    }
    const key = helpTop ? resolveSubcommand(helpTop, words.slice(1)).path.replace(/^kubectl ?/, '') : '';
    return printHelp(key, io);
  }
  const top = await loadVerb(name);
  if (!top) {
    if (KUBECTL_COMMANDS.includes(name)) {
      // the help of a command kubesim does not simulate is still kubectl's
      if (argv.slice(1).some((a) => a === '-h' || a === '--help') && (await printHelp(name, io)) === 0) return 0;
      io.err(`error: kubesim does not simulate "kubectl ${name}" yet\n`);
      return 1;
    }
    io.err(unknownCommand(name) + '\n');
    return 1;
  }
  const { verb, rest, path } = resolveSubcommand(top, argv.slice(1));
  // under a parent command, a sub-command real kubectl has (its help text exists) but kubesim lacks says so
  if (verb.subcommands && rest[0] !== undefined && !rest[0].startsWith('-')) {
    const { HELP_TEXTS } = await import('./help-texts.js');
    const key = `${path.replace(/^kubectl ?/, '')} ${rest[0]}`;
    if (HELP_TEXTS[key] !== undefined) {
      io.err(`error: kubesim does not simulate "kubectl ${key}" yet\n`);
      return 1;
    }
  }
  const dashdash = rest.indexOf('--');
  if (!verb.rawArgs && (dashdash < 0 ? rest : rest.slice(0, dashdash)).some((a) => a === '-h' || a === '--help')) {
    const code = await printHelp(path.replace(/^kubectl ?/, ''), io);
    if (code === 0) return 0;
  }
  try {
    const parsed = verb.rawArgs ? { args: rest, dashIndex: -1, flags: {}, changed: new Set<string>() } : parseFlags(rest, verb.flags);
    // pflag prints a deprecated flag's notice as it parses it
    const hasRecord = verb.flags.some((f) => f.name === 'record');
    if (hasRecord && parsed.changed.has('record')) io.err('Flag --record has been deprecated, --record will be removed in the future\n');
    checkGlobalFlags(parsed, io, cluster, verb, path);
    const ignored = verb.flags.find((f) => f.unsimulated && parsed.changed.has(f.name) && parsed.flags[f.name] !== false);
    if (ignored) throw new KubectlError(`error: kubesim does not simulate "${path} --${ignored.name}" yet`);
    if (parsed.changed.has('kustomize') && !KUSTOMIZE_VERBS.has(path) && verb.flags.some((f) => f.name === 'kustomize')) {
      throw new KubectlError(`error: kubesim does not simulate "${path} -k" yet`);
    }
    let kubeconfig = kubeconfigOf(cluster);
    let identity = KUBERNETES_ADMIN;
    // the current context's user, when it is not kind's admin (`config set-credentials` users authenticate by certificate)
    const rawKc = cluster.data.kubeconfig as { currentContext?: string; contexts?: Array<{ name: string; user: string }> } | undefined;
    const currentUser = rawKc?.contexts?.find((c) => c.name === rawKc.currentContext)?.user;
    const flagPicks = ['context', 'cluster', 'user'].some((f) => parsed.changed.has(f) && !verb.flags.some((v) => v.name === f));
    // --context/--cluster/--user pick from the kubeconfig as clientcmd does (the config verbs read them themselves)
    if (!path.startsWith('kubectl config') && (flagPicks || (currentUser !== undefined && currentUser !== 'kind-kubesim'))) {
      const { CLUSTER_NAME, loadKubeconfig } = await import('./cmd/config.js');
      const kc = loadKubeconfig(cluster);
      const ctxName = str(parsed, 'context') || kc.currentContext;
      const entry = kc.contexts.find((c) => c.name === ctxName);
      if (!entry) {
        io.err(`Error in configuration: context was not found for specified context: ${ctxName}\n`);
        return 1;
      }
      const clusterName = str(parsed, 'cluster') || entry.cluster;
      if (clusterName !== CLUSTER_NAME) throw new KubectlError(`error: no server found for cluster "${clusterName}"`);
      const userName = str(parsed, 'user') || entry.user;
      if (userName !== CLUSTER_NAME) {
        const own = kc.users?.find((u) => u.name === userName);
        if (!own) throw new KubectlError(`error: auth info "${userName}" does not exist`);
        identity = (await import('./cmd/config-credentials.js')).authenticate(cluster, own);
      }
      kubeconfig = { ...kubeconfig, namespace: entry.namespace ?? '' };
    }
    const nsFlag = str(parsed, 'namespace');
    // who the request is made as: the kubeconfig's user, or whom --as/--as-group impersonate
    const as = str(parsed, 'as');
    const asGroups = list(parsed, 'as-group');
    if (!as && asGroups.length) throw new KubectlError('error: kubesim does not simulate --as-group without --as (the API server refuses groups without a user)');
    const user = as ? impersonate(cluster.api, identity, as, asGroups) : identity;
    const ctx: KubectlContext = {
      out: io.out,
      err: io.err,
      // standard input stays unread until a verb asks (`-f -`): a `kubectl get` inside `$(...)` in a pipeline
      // must not swallow the pipe that feeds the next command, just as real kubectl never reads it
      get stdin() {
        return io.stdin;
      },
      isTTY: io.isTTY,
      env: io.env,
      cwd: io.cwd,
      readLine: io.readLine,
      clusterSource: io.clusterSource,
      hermetic: io.hermetic,
      cluster,
      // the field manager writes record: the verb's --field-manager (its default names the verb), else the
      // User-Agent's prefix as the API server takes it (`kubectl`: scale, cordon, rollout undo, ...)
      api: apiAs(cluster.api, user, verb.flags.some((f) => f.name === 'field-manager') ? str(parsed, 'field-manager') || 'kubectl' : 'kubectl'),
      user,
      now: () => cluster.clock.now(),
      namespace: nsFlag || kubeconfig.namespace || 'default',
      explicitNamespace: parsed.changed.has('namespace'),
      kubeconfig,
      changeCause: hasRecord && parsed.flags.record === true ? (await import('./cmd/record.js')).changeCauseOf(path, rest, verb.flags) : undefined,
    };
    const code = await verb.run(ctx, parsed);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const { text, code } = formatError(e instanceof FlagError && verb.flagError ? verb.flagError(e.message) : e, path);
    // cmdutil's fatal adds a newline only when the message lacks one
    io.err(text.endsWith('\n') ? text : text + '\n');
    return code;
  }
}

/** Prints kubectl's own --help text for a command path (`create deployment`); 1 when kubesim has none. */
async function printHelp(key: string, io: CommandIO): Promise<number> {
  const { HELP_TEXTS } = await import('./help-texts.js');
  let text = HELP_TEXTS[key];
  if (text === undefined) return 1;
  // --cache-dir defaults to $HOME/.kube/cache
  text = text.replace("--cache-dir='/root/.kube/cache'", `--cache-dir='${io.env?.HOME ?? homedir()}/.kube/cache'`);
  io.out(text);
  return 0;
}

export { KubectlError };

/**
 * cobra's view of a line that starts with flags: the first word that is neither a flag nor (as cobra's stripFlags
 * assumes for a flag it does not know) a flag's value names the command. None: the root command parses the flags
 * (errors name `kubectl --help`) and prints its help. An unknown name after leading flags is kubectl's plugin
 * lookup failing: "flags cannot be placed before plugin name".
 */
async function rootFlagsOnly(argv: string[], io: CommandIO): Promise<number | undefined> {
  if (argv.length === 0 || !argv[0].startsWith('-') || argv[0] === '-' || argv[0] === '--' || argv[0] === '-h' || argv[0] === '--help') return undefined;
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-') {
    const a = argv[i];
    if (a === '--') break;
    const takesValue = !a.includes('=') && !GLOBAL_BOOL_FLAGS.has(a) && (a.startsWith('--') || a.length === 2) && a !== '-h' && a !== '--help';
    i += takesValue ? 2 : 1;
  }
  if (i < argv.length && argv[i] !== '--') {
    const name = argv[i];
    if (KUBECTL_COMMANDS.includes(name)) return undefined;
    io.err(`Error: flags cannot be placed before plugin name: ${argv[0]}\n`);
    return 1;
  }
  try {
    const parsed = parseFlags(argv, []);
    if (parsed.flags.help || argv.includes('-h') || argv.includes('--help')) return printHelp('', io);
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`error: ${e.message}\nSee 'kubectl --help' for usage.\n`);
      return 1;
    }
    throw e;
  }
  return printHelp('', io);
}

const TIMEOUT_ERROR =
  'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/** Global flags that change who kubectl is or which server it talks to: kubesim cannot honour them. */
const IDENTITY_FLAGS = ['as-uid', 'certificate-authority', 'client-certificate', 'client-key', 'password', 'token', 'username', 'tls-server-name'];

/**
 * The global flags as kubectl's client config reads them: --request-timeout must parse, -v 1+ logs the client's
 * feature gates (klog, stderr), and flags kubesim cannot honour (another server, kubeconfig file or identity,
 * request logging at -v 6+, profiling) fail loudly instead of being ignored.
 */
function checkGlobalFlags(parsed: ParsedArgs, io: CommandIO, cluster: Cluster, verb: Verb, path: string): void {
  const own = (f: string) => verb.flags.some((x) => x.name === f);
  const timeout = str(parsed, 'request-timeout');
  if (parsed.changed.has('request-timeout') && timeout !== '0' && !/^\d+$/.test(timeout) && !/^((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(timeout)) {
    throw new KubectlError(TIMEOUT_ERROR);
  }
  const kubeconfigFile = own('kubeconfig') || path.startsWith('kubectl config') ? '' : str(parsed, 'kubeconfig');
  if (kubeconfigFile) {
    if (!existsSync(resolvePath(io.cwd ?? '.', kubeconfigFile))) throw new KubectlError(`error: stat ${kubeconfigFile}: no such file or directory`);
    throw new KubectlError(`error: kubesim does not simulate --kubeconfig=${kubeconfigFile}: its kubeconfig is the cluster's own (see "kubectl config view")`);
  }
  const server = str(parsed, 'server');
  if (server && !['https://127.0.0.1:6443', '127.0.0.1:6443'].includes(server.replace(/\/$/, ''))) {
    throw new KubectlError(`error: kubesim does not simulate a server other than https://127.0.0.1:6443 (--server=${server})`);
  }
  const identity = IDENTITY_FLAGS.find((f) => parsed.changed.has(f) && !own(f));
  if (identity) throw new KubectlError(`error: kubesim does not simulate the global flag --${identity} (authentication and impersonation)`);
  if (!own('profile') && parsed.changed.has('profile') && str(parsed, 'profile') !== 'none') throw new KubectlError('error: kubesim does not simulate --profile');
  const v = Number(parsed.flags.v ?? 0);
  if (v >= 6) throw new KubectlError(`error: kubesim does not simulate client request logging (-v=${v}); levels 0 to 5 are simulated`);
  if (v >= 1) {
    const ms = cluster.clock.now().getTime();
    for (const gate of ['ClientsAllowCBOR', 'ClientsPreferCBOR', 'InformerResourceVersion', 'WatchListClient']) {
      io.err(klogLine('I', ms, (ms % 1000) * 1000, 'envvar.go:172', `"Feature gate default state" feature="${gate}" enabled=false`) + '\n');
    }
  }
  void GLOBAL_FLAGS;
}
