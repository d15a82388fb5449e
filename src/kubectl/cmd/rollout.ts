// `kubectl rollout status|history|undo|restart|pause|resume` for Deployments (DaemonSet/StatefulSet status and restart too),
// following kubectl's polymorphichelpers (rollout_status.go, history.go, rollback.go, objectrestarter.go).
// `status` waits the way the real client does: on the simulated clock, letting the controllers progress.

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject, PodTemplateSpec, ReplicaSet } from '../../cluster/apiserver/types.js';
import { parseDuration, rfc3339 } from '../../cluster/state/clock.js';
import { waitFor } from './waiting.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { describePodTemplate } from '../describe/containers.js';
import { PrefixWriter } from '../describe/tabbed.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';
import { effectiveOutput, printObject } from './output.js';
import { DRY_RUN_FLAG, dryRunOf, finish, nameLine, visitTargets, writeBack, type Target } from './visit.js';
import { defaultSubCommandRun } from '../subcommand-run.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const groupKind = (info: ResourceInfo) => (info.group ? `${info.kind}.${info.group}` : info.kind);

function requireTargets(ctx: KubectlContext, args: ParsedArgs): { targets: Target[]; errors: string[] } {
  const filenames = list(args, 'filename');
  if (args.args.length === 0 && filenames.length === 0 && !str(args, 'kustomize')) throw new KubectlError('error: required resource not specified');
  return visitTargets(ctx, args.args, { selector: str(args, 'selector'), filenames, recursive: bool(args, 'recursive') });
}

// ------------------------------------------------------------------ status

/** StatusViewer.Status: the message for the object's current state and whether the rollout is done. */
export function rolloutStatus(info: ResourceInfo, obj: KubeObject, revision = 0): { message: string; done: boolean } {
  const name = obj.metadata.name;
  const gen = obj.metadata.generation ?? 0;
  const st = obj.status ?? {};
  if (info.kind === 'Deployment') {
    if (revision > 0) {
      const rev = Number(obj.metadata.annotations?.[REVISION] ?? 0);
      if (rev !== revision) throw new KubectlError(`error: desired revision (${revision}) is different from the running revision (${rev})`);
    }
    if (gen <= (st.observedGeneration ?? 0)) {
      const cond = (st.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing');
      if (cond?.reason === 'ProgressDeadlineExceeded') throw new KubectlError(`error: deployment "${name}" exceeded its progress deadline`);
      const replicas = obj.spec?.replicas ?? 1;
      const updated = st.updatedReplicas ?? 0;
      if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
      if ((st.replicas ?? 0) > updated) {
        return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
      }
      if ((st.availableReplicas ?? 0) < updated) {
        return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
      }
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  if (info.kind === 'DaemonSet') {
    if ((obj.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubectlError('error: rollout status is only available for RollingUpdate strategy type');
    if (gen <= (st.observedGeneration ?? 0)) {
      const desired = st.desiredNumberScheduled ?? 0;
      if ((st.updatedNumberScheduled ?? 0) < desired) {
        return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
      }
      if ((st.numberAvailable ?? 0) < desired) {
        return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
      }
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  if (info.kind === 'StatefulSet') {
    const strategy = obj.spec?.updateStrategy ?? { type: 'RollingUpdate' };
    if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubectlError('error: rollout status is only available for RollingUpdate strategy type');
    if (!st.observedGeneration || gen > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
    const replicas = obj.spec?.replicas ?? 1;
    if ((st.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
    if (strategy.rollingUpdate) {
      const partition = strategy.rollingUpdate.partition;
      if (partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
        return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
      }
      return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
    }
    if (st.updateRevision !== st.currentRevision) {
      return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false };
    }
    return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
  }
  throw new KubectlError(`error: no status viewer has been implemented for ${groupKind(info)}`);
}


function status(ctx: KubectlContext, args: ParsedArgs): number {
  const { targets, errors } = requireTargets(ctx, args);
  if (errors.length) return finish(ctx, errors);
  const timeoutText = str(args, 'timeout');
  const timeout = parseDuration(timeoutText || '0s');
  const watch = bool(args, 'watch');
  const revision = int(args, 'revision');
  if (revision < 0) throw new KubectlError(`error: revision must be a positive integer: ${revision}`);
  for (const t of targets) {
    const key = `${t.info.group ? `${t.info.name}.${t.info.group}` : t.info.name}`;
    let last = '';
    const done = waitFor(ctx.cluster, watch ? timeout : 1, () => {
      const obj = ctx.api.get(key, t.obj.metadata.namespace, t.obj.metadata.name ?? '');
      const st = rolloutStatus(t.info, obj, revision);
      if (st.message !== last) ctx.out(st.message);
      last = st.message;
      return st.done || !watch ? true : undefined;
    });
    if (!done) throw new KubectlError('error: timed out waiting for the condition');
  }
  return 0;
}

// ------------------------------------------------------------------ history

function ownedReplicaSets(ctx: KubectlContext, d: KubeObject): ReplicaSet[] {
  return ctx.api
    .list<ReplicaSet>('replicasets.apps', d.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
}

const revisionOf = (o: KubeObject) => {
  const v = o.metadata.annotations?.[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

/** DeploymentHistoryViewer.ViewHistory (table or one revision's pod template). */
export function deploymentHistory(rss: ReplicaSet[], revision: number): string {
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const tmpl: PodTemplateSpec = structuredClone(rs.spec?.template ?? {});
    tmpl.metadata = tmpl.metadata ?? {};
    tmpl.metadata.annotations = tmpl.metadata.annotations ?? {};
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) tmpl.metadata.annotations[CHANGE_CAUSE] = cause;
    history.set(v, tmpl);
  }
  if (history.size === 0) return 'No rollout history found.';
  if (revision > 0) {
    const tmpl = history.get(revision);
    if (!tmpl) throw new KubectlError('error: unable to find the specified revision');
    const w = new PrefixWriter();
    describePodTemplate(tmpl, w);
    return (w as unknown as { buf: string }).buf;
  }
  let t = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of [...history.keys()].sort((a, b) => a - b)) t += `${r}\t${history.get(r)!.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
  return tabwrite(t, { minwidth: 0, tabwidth: 8, padding: 2 });
}

function history(ctx: KubectlContext, args: ParsedArgs): number {
  const { targets, errors } = requireTargets(ctx, args);
  const revision = int(args, 'revision');
  const output = effectiveOutput(args);
  for (const { info, obj } of targets) {
    if (info.kind !== 'Deployment') {
      errors.push(`error: kubesim has no rollout history for ${groupKind(info)} yet`);
      continue;
    }
    const text = deploymentHistory(ownedReplicaSets(ctx, obj), revision);
    if (output) {
      printObject(ctx, obj, output, args);
      continue;
    }
    ctx.out(nameLine(info, obj.metadata.name ?? '', revision > 0 ? `with revision #${revision}` : '', 'none'));
    ctx.out(text + '\n');
  }
  return finish(ctx, errors);
}

// ------------------------------------------------------------------ undo

const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(t: PodTemplateSpec | undefined): string {
  const c = structuredClone(t ?? {}) as PodTemplateSpec;
  if (c.metadata?.labels) delete c.metadata.labels[HASH_LABEL];
  return JSON.stringify(c);
}

/** DeploymentRollbacker.Rollback: the updated Deployment, or a skip message. */
export function rollbackDeployment(d: KubeObject, rss: ReplicaSet[], toRevision: number): { next?: KubeObject; message: string } {
  if (d.spec?.paused) throw new KubectlError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  let latest: ReplicaSet | undefined;
  let latestRev = -1;
  let previous: ReplicaSet | undefined;
  let previousRev = -1;
  let target: ReplicaSet | undefined;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) throw new KubectlError(`error: unable to find specified revision ${toRevision} in history`);
  if (toRevision === 0) {
    if (!previous) throw new KubectlError(`error: no rollout history found for deployment "${d.metadata.name}"`);
    target = previous;
  }
  if (withoutHash(target!.spec?.template) === withoutHash(d.spec?.template)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const template: PodTemplateSpec = structuredClone(target!.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k];
  for (const [k, v] of Object.entries(target!.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const next = structuredClone(d);
  next.spec.template = template;
  next.metadata.annotations = annotations;
  return { next, message: 'rolled back' };
}

function undo(ctx: KubectlContext, args: ParsedArgs): number {
  const { targets, errors } = requireTargets(ctx, args);
  const dryRun = dryRunOf(ctx, args);
  const output = effectiveOutput(args);
  for (const { info, obj } of targets) {
    if (info.kind !== 'Deployment') {
      errors.push(`error: no rollbacker has been implemented for "${groupKind(info)}"`);
      continue;
    }
    const { next, message } = rollbackDeployment(obj, ownedReplicaSets(ctx, obj), int(args, 'to-revision'));
    const result = next ? writeBack(ctx, next, dryRun) : obj;
    if (output && output !== 'name') printObject(ctx, result, output, args);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', message, dryRun, output));
  }
  return finish(ctx, errors);
}

// ------------------------------------------------------------------ restart

/** ObjectRestarter: the object with the restartedAt template annotation set to `now`. */
export function restartObject(info: ResourceInfo, obj: KubeObject, now: Date): KubeObject {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(info.kind)) {
    throw new KubectlError(`error: ${info.name}/${obj.metadata.name} restarting is not supported`);
  }
  if (info.kind === 'Deployment' && obj.spec?.paused) {
    throw new KubectlError(`error: deployments.apps "${obj.metadata.name}" can't restart paused deployment (run rollout resume first)`);
  }
  const stamp = rfc3339(now.getTime());
  const next = structuredClone(obj);
  next.spec.template = next.spec.template ?? {};
  next.spec.template.metadata = next.spec.template.metadata ?? {};
  const ann = (next.spec.template.metadata.annotations = next.spec.template.metadata.annotations ?? {});
  if (ann[RESTARTED_AT] === stamp) {
    throw new KubectlError(
      `error: failed to create patch for ${obj.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
    );
  }
  ann[RESTARTED_AT] = stamp;
  return next;
}

function restart(ctx: KubectlContext, args: ParsedArgs): number {
  const { targets, errors } = requireTargets(ctx, args);
  const output = effectiveOutput(args);
  for (const { info, obj } of targets) {
    let next: KubeObject;
    try {
      next = restartObject(info, obj, ctx.now());
    } catch (e) {
      if (!(e instanceof KubectlError)) throw e;
      errors.push(e.message);
      continue;
    }
    const result = writeBack(ctx, next, 'none');
    if (output && output !== 'name') printObject(ctx, result, output, args);
    else ctx.out(nameLine(info, obj.metadata.name ?? '', 'restarted', 'none', output));
  }
  return finish(ctx, errors);
}

// ------------------------------------------------------------------ pause / resume

/**
 * ObjectPauserFn / ObjectResumerFn: the Deployment with spec.paused flipped, or the helper's error
 * ("is already paused", "is not paused", "pausing is not supported").
 */
export function pausedObject(info: ResourceInfo, obj: KubeObject, pause: boolean): KubeObject {
  if (info.kind !== 'Deployment') throw new Error(pause ? 'pausing is not supported' : 'resuming is not supported');
  if (Boolean(obj.spec?.paused) === pause) throw new Error(pause ? 'is already paused' : 'is not paused');
  const next = structuredClone(obj);
  if (pause) next.spec.paused = true;
  else delete next.spec.paused;
  return next;
}

function pauseOrResume(pause: boolean): Verb['run'] {
  return (ctx, args) => {
    const { targets, errors } = requireTargets(ctx, args);
    const output = effectiveOutput(args);
    for (const { info, obj } of targets) {
      let next: KubeObject;
      try {
        next = pausedObject(info, obj, pause);
      } catch (e) {
        // RunPause/RunResume: `error: <resource>[.<group>] "<name>" <helper error>`
        const resource = info.group ? `${info.name}.${info.group}` : info.name;
        errors.push(`error: ${resource} "${obj.metadata.name}" ${(e as Error).message}`);
        continue;
      }
      const result = writeBack(ctx, next, 'none');
      if (output && output !== 'name') printObject(ctx, result, output, args);
      else ctx.out(nameLine(info, obj.metadata.name ?? '', pause ? 'paused' : 'resumed', 'none', output));
    }
    return finish(ctx, errors);
  };
}

// ------------------------------------------------------------------ wiring

const common: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
];
const printing: FlagSpec[] = [
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
];

const sub = (name: string, flags: FlagSpec[], run: Verb['run'], readOnly = false): Verb => ({ name, path: `kubectl rollout ${name}`, flags, run, readOnly });

const verb: Verb = {
  name: 'rollout',
  flags: [],
  subcommands: {
    status: sub('status', [...common, { name: 'revision', type: 'int' }, { name: 'timeout', type: 'string', default: '0s' }, { name: 'watch', short: 'w', type: 'bool', default: true }], status),
    history: sub('history', [...common, ...printing, { name: 'revision', type: 'int' }], history, true),
    undo: sub('undo', [...common, ...printing, DRY_RUN_FLAG, { name: 'to-revision', type: 'int' }], undo),
    restart: sub('restart', [...common, ...printing, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], restart),
    pause: sub('pause', [...common, ...printing, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], pauseOrResume(true)),
    resume: sub('resume', [...common, ...printing, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], pauseOrResume(false)),
  },
  // rollout's help goes to standard output (as the v1.32 binary does), the other parents' to standard error
  run: defaultSubCommandRun('rollout', 'out'),
};

export default verb;
