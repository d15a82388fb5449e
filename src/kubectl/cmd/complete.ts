// `kubectl __complete ARGS... TOCOMPLETE`: cobra's hidden completion command that the scripts of `kubectl
// completion SHELL` call on every TAB. Prints one candidate a line (`name\tdescription` for commands and flags), then
// `:DIRECTIVE`, and "Completion ended with directive: ..." on stderr. Commands and flags come from kubectl's help
// texts; resource types, object names, namespaces, containers and ports from the simulated cluster, as kubectl's
// completion functions (pkg/util/completion) get them from a real one.

import { RESOURCES } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext, Verb } from '../context.js';
import type { ParsedArgs } from '../flags.js';
import { tryResolveType, resourceKey } from '../resolve.js';
import { renderApiResources } from './api-resources.js';
import { commandFromHelp, globalFlags, type CompCommand, type CompFlag } from './complete-tree.js';
import { loadKubeconfig, kubeconfigClusterNames, kubeconfigUserNames } from './config.js';

const ERROR = 1;
const NO_SPACE = 2;
const NO_FILE_COMP = 4;
const FILTER_FILE_EXT = 8;
const DIRECTIVE_NAMES: Array<[number, string]> = [
  [ERROR, 'ShellCompDirectiveError'],
  [NO_SPACE, 'ShellCompDirectiveNoSpace'],
  [NO_FILE_COMP, 'ShellCompDirectiveNoFileComp'],
  [FILTER_FILE_EXT, 'ShellCompDirectiveFilterFileExt'],
  [16, 'ShellCompDirectiveFilterDirs'],
  [32, 'ShellCompDirectiveKeepOrder'],
];

export function directiveName(d: number): string {
  if (d === 0) return 'ShellCompDirectiveDefault';
  return DIRECTIVE_NAMES.filter(([bit]) => (d & bit) !== 0)
    .map(([, n]) => n)
    .join(', ');
}

export interface Completion {
  comps: string[];
  directive: number;
  /** cobra's debug lines on stderr (before the directive line) */
  debug?: string[];
}

/** Flags cobra marks required (MarkFlagRequired): offered first when nothing is typed yet. */
const REQUIRED: Record<string, string[]> = {
  'create deployment': ['image'],
  'create cronjob': ['image', 'schedule'],
  'create service externalname': ['external-name'],
  'create clusterrolebinding': ['clusterrole'],
  run: ['image'],
  scale: ['replicas'],
  autoscale: ['max'],
};

const ROLLOUT_TYPES = ['deployment', 'daemonset', 'statefulset'];
const SCALE_TYPES = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'];
const RESOURCES_WITH_PODS = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];

type ArgsCompleter = (c: Completer, args: string[], toComplete: string) => Completion;

/** The ValidArgsFunction of each command (kubectl's NewCmd* wiring). */
const ARGS: Record<string, ArgsCompleter> = {};
for (const p of ['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'wait']) ARGS[p] = (c, a, t) => c.typeAndName(null, true, a, t);
for (const p of ['scale', 'autoscale']) ARGS[p] = (c, a, t) => c.typeAndName(SCALE_TYPES, true, a, t);
ARGS['expose'] = (c, a, t) => c.typeAndName(['pod', 'service', 'replicationcontroller', 'deployment', 'replicaset'], false, a, t);
for (const s of ['history', 'pause', 'restart', 'resume', 'status', 'undo']) ARGS[`rollout ${s}`] = (c, a, t) => c.typeAndName(ROLLOUT_TYPES, true, a, t);
for (const s of ['image', 'resources']) {
  ARGS[`set ${s}`] = (c, a, t) => c.typeAndName(['daemonsets', 'deployments', 'pods', 'cronjobs', 'replicasets', 'replicationcontrollers', 'statefulsets'], true, a, t);
}
ARGS['taint'] = (c, a, t) => c.typeAndName(['node'], true, a, t);
for (const p of ['cordon', 'uncordon', 'drain']) ARGS[p] = (c, a, t) => ({ comps: a.length === 0 ? c.names('node', t) : [], directive: NO_FILE_COMP });
for (const p of ['exec', 'attach']) ARGS[p] = (c, a, t) => (a.length === 0 ? c.podResource(t) : { comps: [], directive: NO_FILE_COMP });
ARGS['logs'] = (c, a, t) => (a.length === 0 ? c.podResource(t) : { comps: a.length === 1 ? c.containers(a[0], t) : [], directive: NO_FILE_COMP });
ARGS['port-forward'] = (c, a, t) => (a.length === 0 ? c.podResource(t) : { comps: a.length === 1 ? c.ports(a[0], t) : [], directive: NO_FILE_COMP });
for (const s of ['use-context', 'set-context', 'delete-context', 'rename-context']) ARGS[`config ${s}`] = (c, a, t) => c.fromList(a, c.contexts(), t);
ARGS['config delete-cluster'] = (c, a, t) => c.fromList(a, kubeconfigClusterNames(loadKubeconfig(c.ctx.cluster)), t);
ARGS['config delete-user'] = (c, a, t) => c.fromList(a, kubeconfigUserNames(loadKubeconfig(c.ctx.cluster)), t);
ARGS['completion'] = (_c, a, t) => ({ comps: a.length ? [] : ['bash', 'zsh', 'fish', 'powershell'].filter((s) => s.startsWith(t)), directive: NO_FILE_COMP });

/** Flags whose values kubectl completes (RegisterFlagCompletionFunc), by flag name. */
function completeFlagValue(c: Completer, cmd: CompCommand, flag: CompFlag, toComplete: string, args: string[]): Completion {
  switch (flag.name) {
    case 'namespace':
      return { comps: c.names('namespace', toComplete), directive: NO_FILE_COMP };
    case 'context':
      return { comps: c.contexts().filter((n) => n.startsWith(toComplete)), directive: NO_FILE_COMP };
    case 'cluster':
      return { comps: kubeconfigClusterNames(loadKubeconfig(c.ctx.cluster)).filter((n) => n.startsWith(toComplete)), directive: NO_FILE_COMP };
    case 'user':
      return { comps: kubeconfigUserNames(loadKubeconfig(c.ctx.cluster)).filter((n) => n.startsWith(toComplete)), directive: NO_FILE_COMP };
    case 'filename':
      return { comps: ['json', 'yaml', 'yml'], directive: FILTER_FILE_EXT };
    case 'container':
      if (cmd.path === 'exec' || cmd.path === 'attach') return { comps: args.length ? c.containers(args[0], toComplete) : [], directive: NO_FILE_COMP };
      break;
    case 'output': {
      // genericclioptions.PrintFlags registers the formats it names in the usage text
      const m = /Output format\. One of: \(([^)]*)\)/.exec(flag.usage);
      if (m && cmd.path !== 'config view') return { comps: m[1].split(', ').filter((f) => f.startsWith(toComplete)), directive: NO_FILE_COMP };
      break;
    }
  }
  return { comps: [], directive: 0 };
}

/** What the completion functions read from the cluster and kubeconfig. */
export class Completer {
  constructor(
    readonly ctx: KubectlContext,
    readonly namespace: string,
  ) {}

  contexts(): string[] {
    return loadKubeconfig(this.ctx.cluster)
      .contexts.map((c) => c.name)
      .sort();
  }

  fromList(args: string[], all: string[], toComplete: string): Completion {
    return { comps: args.length ? [] : all.filter((n) => n.startsWith(toComplete)), directive: NO_FILE_COMP };
  }

  private objects(type: string, name?: string): KubeObject[] {
    const info = tryResolveType(type);
    if (!info || !info.verbs.includes('list')) return [];
    const ns = info.namespaced ? this.namespace : undefined;
    if (name === undefined) return this.ctx.api.list(resourceKey(info), ns);
    try {
      return [this.ctx.api.get(resourceKey(info), ns, name)];
    } catch {
      return [];
    }
  }

  /** CompGetResource: the names of a type in the namespace that start with toComplete. */
  names(type: string, toComplete: string): string[] {
    return this.objects(type)
      .map((o) => o.metadata.name ?? '')
      .filter((n) => n !== '' && n.startsWith(toComplete));
  }

  /** compGetResourceList: `api-resources -o name --verbs=get`, completing the last of a comma list. */
  resourceList(toComplete: string): string[] {
    const lastIdx = toComplete.lastIndexOf(',');
    const prefix = lastIdx < 0 ? '' : toComplete.slice(0, lastIdx + 1);
    const suffix = lastIdx < 0 ? toComplete : toComplete.slice(lastIdx + 1);
    const text = renderApiResources(RESOURCES, { output: 'name', noHeaders: false, sortBy: '', verbs: ['get'], categories: [] });
    return text
      .split('\n')
      .filter((r) => r !== '' && r.startsWith(suffix))
      .map((r) => prefix + r);
  }

  typeAndName(allowed: string[] | null, allowRepeat: boolean, args: string[], toCompleteIn: string): Completion {
    let comps: string[] = [];
    let directive = NO_FILE_COMP;
    let toComplete = toCompleteIn;
    if (args.length > 0 && !args[0].includes('/')) {
      if (allowRepeat || args.length === 1) {
        comps = this.names(args[0], toComplete);
        if (args.length > 1) comps = comps.filter((x) => !args.slice(1).includes(x));
      }
    } else {
      const slash = toComplete.indexOf('/');
      if (slash < 0) {
        if (args.length === 0) comps = allowed ? allowed.filter((t) => t.startsWith(toComplete)) : this.resourceList(toComplete);
        else if (allowRepeat) {
          directive |= NO_SPACE;
          const types = allowed ? allowed.filter((t) => t.startsWith(toComplete)) : this.resourceList(toComplete);
          comps = types.map((t) => `${t}/`);
        }
      } else if (allowRepeat || args.length === 0) {
        const type = toComplete.slice(0, slash);
        toComplete = toComplete.slice(slash + 1);
        comps = this.names(type, toComplete)
          .map((n) => `${type}/${n}`)
          .filter((x) => !args.includes(x));
      }
    }
    return { comps, directive };
  }

  podResource(toCompleteIn: string): Completion {
    let directive = NO_FILE_COMP;
    const slash = toCompleteIn.indexOf('/');
    if (slash >= 0) {
      const type = toCompleteIn.slice(0, slash);
      return { comps: this.names(type, toCompleteIn.slice(slash + 1)).map((n) => `${type}/${n}`), directive };
    }
    const comps = this.names('pod', toCompleteIn);
    if (comps.length === 0) directive |= NO_SPACE;
    for (const r of RESOURCES_WITH_PODS) if (r.startsWith(toCompleteIn)) comps.push(`${r}/`);
    return { comps, directive };
  }

  /** convertResourceNameToPodName: TYPE/NAME → the pod kubectl would attach to (first by creation). */
  private podOf(arg: string): KubeObject | undefined {
    if (!arg.includes('/')) return this.objects('pod', arg)[0];
    const [type, name] = arg.split('/', 2);
    const owner = this.objects(type, name)[0];
    if (!owner) return undefined;
    if (owner.kind === 'Pod') return owner;
    const spec = owner.spec as { selector?: { matchLabels?: Record<string, string> } | Record<string, string> } | undefined;
    const sel = (spec?.selector && 'matchLabels' in spec.selector ? spec.selector.matchLabels : spec?.selector) as Record<string, string> | undefined;
    if (!sel) return undefined;
    return this.objects('pod').find((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
  }

  containers(arg: string, toComplete: string): string[] {
    const pod = this.podOf(arg);
    const spec = pod?.spec as { initContainers?: Array<{ name: string }>; containers?: Array<{ name: string }> } | undefined;
    return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name).filter((n) => n.startsWith(toComplete));
  }

  ports(arg: string, toComplete: string): string[] {
    const t = arg.split('/');
    const exposed = toComplete.split(':')[0];
    const pair = (p: number) => `${toComplete === '' ? p : exposed}:${p}`;
    let out: string[];
    if (t.length > 1 && ['service', 'services', 'svc'].includes(t[0])) {
      const svc = this.objects('service', t[1])[0];
      out = ((svc?.spec as { ports?: Array<{ port: number }> } | undefined)?.ports ?? []).map((p) => pair(p.port));
    } else {
      const spec = this.podOf(arg)?.spec as { containers?: Array<{ ports?: Array<{ containerPort: number }> }> } | undefined;
      out = (spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => pair(p.containerPort)));
    }
    return out.filter((x) => x.startsWith(toComplete));
  }
}

interface Walked {
  cmd: CompCommand;
  args: string[];
  changed: Set<string>;
  /** the flag whose value is being completed (the word before toComplete is that flag) */
  pendingFlag?: CompFlag;
  namespace?: string;
  unknown?: string[];
}

function findFlag(flags: CompFlag[], word: string): CompFlag | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2).split('=')[0];
    return flags.find((f) => f.name === name);
  }
  return flags.find((f) => f.short === word.slice(1, 2));
}

/** cobra's Find plus pflag's parse of the words before the one being completed. */
export function walk(helpTexts: Record<string, string>, words: string[]): Walked {
  const globals = globalFlags(helpTexts);
  let cmd = commandFromHelp(helpTexts, '')!;
  const args: string[] = [];
  const changed = new Set<string>();
  let namespace: string | undefined;
  let pendingFlag: CompFlag | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const flags = [...globals, ...cmd.flags];
    if (w.startsWith('-') && w.length > 1) {
      const f = findFlag(flags, w);
      if (!f) continue;
      changed.add(f.name);
      let value: string | undefined;
      if (w.includes('=')) value = w.slice(w.indexOf('=') + 1);
      else if (!w.startsWith('--') && w.length > 2) value = f.bool ? undefined : w.slice(2);
      else if (!f.bool && !f.optionalValue) {
        if (i + 1 < words.length) value = words[++i];
        else pendingFlag = f;
      }
      if (f.name === 'namespace' && value !== undefined) namespace = value;
      continue;
    }
    if (args.length === 0) {
      const sub = cmd.subcommands.find((s) => s.name === w);
      const next = sub && commandFromHelp(helpTexts, cmd.path ? `${cmd.path} ${w}` : w);
      if (next) {
        cmd = next;
        continue;
      }
      if (cmd.path === '') return { cmd, args, changed, unknown: [w] };
    }
    args.push(w);
  }
  return { cmd, args, changed, pendingFlag, namespace };
}

function flagCandidates(cmd: CompCommand, globals: CompFlag[], changed: Set<string>, toComplete: string, only?: string[]): string[] {
  const help: CompFlag = { name: 'help', short: 'h', usage: `help for ${cmd.name}`, bool: true, repeatable: false };
  const byName = (a: CompFlag, b: CompFlag) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const groups = only ? [cmd.flags.filter((f) => only.includes(f.name))] : [[...globals].sort(byName), [...cmd.flags, help].sort(byName)];
  const out: string[] = [];
  for (const g of groups) {
    for (const f of g) {
      if (changed.has(f.name) && !f.repeatable) continue;
      if (`--${f.name}`.startsWith(toComplete)) out.push(`--${f.name}\t${f.usage}`);
      if (f.short && `-${f.short}`.startsWith(toComplete) && !only) out.push(`-${f.short}\t${f.usage}`);
    }
  }
  return out;
}

/** The candidates and directive for `__complete WORDS... TOCOMPLETE`. */
export function complete(ctx: KubectlContext, helpTexts: Record<string, string>, argv: string[]): Completion {
  const toCompleteIn = argv.length ? argv[argv.length - 1] : '';
  const w = walk(helpTexts, argv.slice(0, -1));
  if (w.unknown) {
    return { comps: [], directive: 0, debug: ['[Debug] Cleared global flags for plugin completion', `[Debug] [Error] unable to find a command for arguments: [${w.unknown.join(' ')}]`] };
  }
  const c = new Completer(ctx, w.namespace || ctx.namespace);
  const globals = globalFlags(helpTexts);
  const flags = [...globals, ...w.cmd.flags];
  if (w.pendingFlag) return completeFlagValue(c, w.cmd, w.pendingFlag, toCompleteIn, w.args);
  if (toCompleteIn.startsWith('-')) {
    const eq = toCompleteIn.indexOf('=');
    if (eq >= 0) {
      const f = findFlag(flags, toCompleteIn.slice(0, eq));
      return f ? completeFlagValue(c, w.cmd, f, toCompleteIn.slice(eq + 1), w.args) : { comps: [], directive: 0 };
    }
    return { comps: flagCandidates(w.cmd, globals, w.changed, toCompleteIn), directive: NO_FILE_COMP };
  }
  if (w.cmd.subcommands.length && w.args.length === 0) {
    const comps = w.cmd.subcommands.filter((s) => s.name.startsWith(toCompleteIn)).map((s) => `${s.name}\t${s.short}`);
    return { comps, directive: NO_FILE_COMP };
  }
  const required = toCompleteIn === '' ? flagCandidates(w.cmd, globals, w.changed, '', REQUIRED[w.cmd.path] ?? []) : [];
  const fn = ARGS[w.cmd.path];
  const res = fn ? fn(c, w.args, toCompleteIn) : { comps: [], directive: 0 };
  return { comps: [...required, ...res.comps], directive: res.directive };
}

const verb: Verb = {
  name: '__complete',
  readOnly: true,
  rawArgs: true,
  flags: [],
  async run(ctx: KubectlContext, parsed: ParsedArgs) {
    const { HELP_TEXTS } = await import('../help-texts.js');
    const res = complete(ctx, HELP_TEXTS, parsed.args);
    // cobra writes only the first line of a candidate: the shell scripts read one per line
    ctx.out(res.comps.map((x) => x.split('\n')[0] + '\n').join('') + `:${res.directive}\n`);
    for (const d of res.debug ?? []) ctx.err(d + '\n');
    ctx.err(`Completion ended with directive: ${directiveName(res.directive)}\n`);
    return 0;
  },
};

export default verb;
