// `kubectl drain NODE` (cmd/drain + pkg/drain): cordon, pick the node's pods through drain's filters (DaemonSet,
// mirror, emptyDir and unmanaged pods, each with its error or warning), then evict them through the Eviction API
// (or delete with --disable-eviction), retrying every 5 s while a PodDisruptionBudget says no, and wait on the
// cluster clock until they are gone, printing kubectl's lines; --timeout bounds the whole drain.

import { parseDuration } from '../../cluster/state/clock.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { evictPod } from '../../cluster/apiserver/eviction.js';
import { matches } from '../../cluster/apiserver/labels.js';
import type { Node, Pod } from '../../cluster/apiserver/types.js';
import { addTimer, timerQueue } from '../../cluster/state/timers.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { selectorFlag } from '../selector.js';
import { cordonOrUncordon, NODE_TARGET_FLAGS, nodeTargets } from './cordon.js';
import { dryRunOf, dryRunSuffix, type DryRun } from './printing.js';
import { formatErrors } from './report.js';
import { waitFor } from './waiting.js';

const FLAGS: FlagSpec[] = [
  ...NODE_TARGET_FLAGS,
  { name: 'chunk-size', type: 'int', default: 500 },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'delete-local-data', type: 'bool' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'pod-selector', type: 'string' },
  { name: 'skip-wait-for-delete-timeout', type: 'int', default: 0 },
  { name: 'timeout', type: 'string', default: '0s' },
];

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface Options {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
  podSelector: ReturnType<typeof selectorFlag>;
  skipDeletedSeconds: number;
}

type Verdict = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

const okay: Verdict = { delete: true, reason: 'Okay' };

function finished(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

/** makeFilters: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated; the last one run decides. */
function verdictFor(ctx: KubectlContext, pod: Pod, o: Options): Verdict {
  const filters: Array<() => Verdict> = [
    () => {
      const del = pod.metadata.deletionTimestamp;
      if (o.skipDeletedSeconds > 0 && del && (ctx.now().getTime() - Date.parse(del)) / 1000 > o.skipDeletedSeconds) return { delete: false, reason: 'Skip' };
      return okay;
    },
    () => {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
      if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return okay;
      if (!ctx.api.tryGet('daemonsets.apps', pod.metadata.namespace, ref.name)) {
        const msg = `daemonsets.apps "${ref.name}" not found`;
        return o.force ? { delete: true, reason: 'Warning', message: msg } : { delete: false, reason: 'Error', message: msg };
      }
      if (!o.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
      return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
    },
    () => (pod.metadata.annotations && 'kubernetes.io/config.mirror' in pod.metadata.annotations ? { delete: false, reason: 'Skip' } : okay),
    () => {
      if (!(pod.spec.volumes ?? []).some((v) => v.emptyDir !== undefined) || finished(pod)) return okay;
      if (!o.deleteEmptyDir) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
    },
    () => {
      if (finished(pod) || pod.metadata.ownerReferences?.some((r) => r.controller)) return okay;
      return o.force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let v = okay;
  for (const f of filters) {
    v = f();
    if (!v.delete) break;
  }
  return v;
}

interface PodList {
  items: Array<{ pod: Pod; verdict: Verdict }>;
}

function podsForDeletion(ctx: KubectlContext, node: string, o: Options): { list: PodList; errors: string[] } {
  const items = ctx.api
    .list<Pod>('pods')
    .filter((p) => p.spec.nodeName === node && (!o.podSelector || matches(o.podSelector, p.metadata.labels)))
    .map((pod) => ({ pod, verdict: verdictFor(ctx, pod, o) }));
  const failed = new Map<string, string[]>();
  for (const i of items) {
    if (i.verdict.reason !== 'Error') continue;
    const msg = i.verdict.message || 'unexpected error';
    failed.set(msg, [...(failed.get(msg) ?? []), `${i.pod.metadata.namespace}/${i.pod.metadata.name}`]);
  }
  const errors = [...failed.entries()].map(([msg, pods]) => (msg.toLowerCase().startsWith('cannot delete') ? `${msg}: ${pods.join(', ')}` : `cannot delete ${msg}: ${pods.join(', ')}`));
  return { list: { items }, errors };
}

function toDelete(list: PodList): Pod[] {
  return list.items.filter((i) => i.verdict.delete).map((i) => i.pod);
}

function warnings(list: PodList): string {
  const by = new Map<string, string[]>();
  for (const i of list.items) {
    if (i.verdict.reason !== 'Warning') continue;
    by.set(i.verdict.message!, [...(by.get(i.verdict.message!) ?? []), `${i.pod.metadata.namespace}/${i.pod.metadata.name}`]);
  }
  return [...by.entries()].map(([m, pods]) => `${m}: ${pods.join(', ')}`).join('; ');
}

/** Go's time.Duration String() for the timeout in messages. */
function goDur(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** Evicts (or deletes) and waits; returns the errors, one per pod that did not go. */
function evictAndWait(ctx: KubectlContext, pods: Pod[], disableEviction: boolean, grace: number, timeoutMs: number): string[] {
  const cluster = ctx.cluster;
  const start = ctx.now().getTime();
  const opts = grace >= 0 ? { gracePeriodSeconds: grace } : {};
  const state = pods.map((pod) => ({ pod, phase: 'evict' as 'evict' | 'wait' | 'done', next: start }));
  const errors: string[] = [];
  const label = disableEviction ? 'deleted' : 'evicted';
  if (disableEviction) {
    for (const s of state) {
      try {
        ctx.api.delete('pods', s.pod.metadata.namespace, s.pod.metadata.name!, opts);
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
      }
      s.phase = 'wait';
    }
  }
  const step = (): true | undefined => {
    const now = ctx.now().getTime();
    const timedOut = timeoutMs > 0 && now - start >= timeoutMs;
    for (const s of state) {
      if (s.phase !== 'evict' || now < s.next) continue;
      const { namespace: ns, name } = s.pod.metadata;
      ctx.out(`evicting pod ${ns}/${name}\n`);
      if (timedOut) {
        errors.push(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${goDur(timeoutMs)}`);
        s.phase = 'done';
        continue;
      }
      try {
        evictPod(ctx.api, ns!, name!, opts);
        s.phase = 'wait';
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'NotFound') s.phase = 'done';
        else if (e instanceof StatusError && e.reason === 'TooManyRequests') {
          ctx.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${e.message}\n`);
          s.next = now + 5000;
          addTimer(timerQueue(cluster.data), s.next);
        } else if (e instanceof StatusError) {
          errors.push(`error when evicting pods/"${name}" -n "${ns}": ${e.message}`);
          s.phase = 'done';
        } else throw e;
      }
    }
    for (const s of state) {
      if (s.phase !== 'wait') continue;
      const cur = ctx.api.tryGet<Pod>('pods', s.pod.metadata.namespace, s.pod.metadata.name!);
      if (!cur || cur.metadata.uid !== s.pod.metadata.uid) {
        ctx.out(`pod/${s.pod.metadata.name} ${label}\n`);
        s.phase = 'done';
      } else if (timedOut) {
        errors.push(`error when waiting for pod "${s.pod.metadata.name}" in namespace "${s.pod.metadata.namespace}" to terminate: global timeout reached: ${goDur(timeoutMs)}`);
        s.phase = 'done';
      }
    }
    if (cluster.api.dirty) cluster.reconcile();
    return state.every((s) => s.phase === 'done') ? true : undefined;
  };
  // the timeout is step()'s to notice: a pod between eviction attempts finds out at its next attempt (as the
  // sleeping goroutine does), a pod being waited for at the timeout itself
  if (timeoutMs > 0) addTimer(timerQueue(cluster.data), start + timeoutMs);
  waitFor(cluster, 0, step);
  return errors;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const dryRun: DryRun = dryRunOf(ctx, args);
  const podSelectorText = str(args, 'pod-selector');
  let podSelector: Options['podSelector'] = null;
  if (podSelectorText) {
    try {
      podSelector = selectorFlag(podSelectorText);
    } catch {
      throw new KubectlError('error: --pod-selector=<pod_selector> must be a valid label selector');
    }
  }
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(str(args, 'timeout') || '0s');
  } catch {
    throw new KubectlError(`error: invalid argument "${str(args, 'timeout')}" for "--timeout" flag: time: invalid duration "${str(args, 'timeout')}"\nSee 'kubectl drain --help' for usage.`);
  }
  const o: Options = {
    force: bool(args, 'force'),
    ignoreDaemonSets: bool(args, 'ignore-daemonsets'),
    deleteEmptyDir: bool(args, 'delete-emptydir-data') || bool(args, 'delete-local-data'),
    podSelector,
    skipDeletedSeconds: int(args, 'skip-wait-for-delete-timeout'),
  };
  if (args.changed.has('delete-local-data')) ctx.err('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n');
  const { nodes, errors } = nodeTargets(ctx, args, 'drain');
  if (errors.length) {
    ctx.err(formatErrors(errors));
    return 1;
  }
  for (const n of nodes) cordonOrUncordon(ctx, n, true, dryRun);
  const drained = new Set<string>();
  for (const n of nodes) {
    const err = drainOne(ctx, n, o, dryRun, bool(args, 'disable-eviction'), int(args, 'grace-period'), timeoutMs);
    if (!err) {
      drained.add(n.metadata.name!);
      ctx.out(`node/${n.metadata.name} drained${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (bool(args, 'ignore-errors') && nodes.length > 1) {
      ctx.err(`error: unable to drain node "${n.metadata.name}" due to error: ${err.join(', ')}, continuing command...\n`);
      continue;
    }
    ctx.err(`error: unable to drain node "${n.metadata.name}", aborting command...\n\n`);
    const remaining = nodes.filter((x) => !drained.has(x.metadata.name!));
    if (remaining.length) ctx.err(`There are pending nodes to be drained:\n${remaining.map((x) => ` ${x.metadata.name}\n`).join('')}`);
    ctx.err(err.length === 1 ? `error: ${err[0]}\n` : err.map((e) => `${e}\n`).join(''));
    return 1;
  }
  return 0;
}

/** deleteOrEvictPodsSimple: undefined on success, else the error lines. */
function drainOne(ctx: KubectlContext, node: Node, o: Options, dryRun: DryRun, disableEviction: boolean, grace: number, timeoutMs: number): string[] | undefined {
  const name = node.metadata.name!;
  const { list, errors } = podsForDeletion(ctx, name, o);
  if (errors.length) return errors;
  const w = warnings(list);
  if (w) ctx.err(`Warning: ${w}\n`);
  const pods = toDelete(list);
  if (dryRun === 'client') {
    for (const p of pods) ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return undefined;
  }
  if (dryRun === 'server') {
    for (const p of pods) {
      // the eviction is checked by the server and not persisted; kubectl then does not wait
      evictPod(ctx.api, p.metadata.namespace!, p.metadata.name!, { dryRun: true });
      ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (server dry run)\n`);
    }
    return undefined;
  }
  if (!pods.length) return undefined;
  const errs = evictAndWait(ctx, pods, disableEviction, grace, timeoutMs);
  if (!errs.length) return undefined;
  const pending = toDelete(podsForDeletion(ctx, name, o).list);
  if (pending.length) {
    ctx.err(`There are pending pods in node "${name}" when an error occurred: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}\n`);
    for (const p of pending) ctx.err(`pod/${p.metadata.name}\n`);
  }
  return errs;
}

const drain: Verb = { name: 'drain', flags: FLAGS, run };
export default drain;
