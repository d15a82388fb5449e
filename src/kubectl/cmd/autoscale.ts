// `kubectl autoscale (-f FILE | TYPE NAME) --max=N [--min=N] [--cpu-percent=N]` (cmd/autoscale): an
// autoscaling/v1 HorizontalPodAutoscaler for a Deployment, ReplicaSet, StatefulSet or ReplicationController,
// stored as autoscaling/v2 (the API server's conversion: targetCPUUtilizationPercentage becomes a cpu
// Utilization metric), printing `horizontalpodautoscaler.autoscaling/NAME autoscaled`.

import { resourceKey, RESOURCES } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { MISSING_RESOURCE_ERROR, resolveRequest } from '../resolve.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors } from './printing.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'cpu-percent', type: 'int', default: -1 },
  { name: 'field-manager', type: 'string', default: 'kubectl-autoscale' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'max', type: 'int', default: -1 },
  { name: 'min', type: 'int', default: -1 },
  { name: 'name', type: 'string' },
  RECORD_FLAG_UNSIMULATED,
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'save-config', type: 'bool' },
];

const SCALABLE: Record<string, string> = {
  'deployments.apps': 'apps/v1',
  'replicasets.apps': 'apps/v1',
  'statefulsets.apps': 'apps/v1',
  replicationcontrollers: 'v1',
};

const HPA_INFO = RESOURCES.find((r) => r.name === 'horizontalpodautoscalers')!;

/** The autoscaling/v1 object kubectl builds (what --dry-run=client prints). */
export function buildV1(name: string, namespace: string | undefined, kind: string, apiVersion: string, target: string, min: number, max: number, cpu: number): KubeObject {
  const metadata: Record<string, unknown> = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  const spec: Record<string, unknown> = { maxReplicas: max };
  if (min > 0) spec.minReplicas = min;
  spec.scaleTargetRef = { apiVersion, kind, name: target };
  if (cpu >= 0) spec.targetCPUUtilizationPercentage = cpu;
  return { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: metadata as KubeObject['metadata'], spec, status: { currentReplicas: 0, desiredReplicas: 0 } };
}

/** The v1 → v2 conversion the API server applies. */
export function toV2(v1: KubeObject): KubeObject {
  const s = v1.spec as Record<string, any>;
  const spec: Record<string, unknown> = { maxReplicas: s.maxReplicas, scaleTargetRef: s.scaleTargetRef };
  if (s.minReplicas !== undefined) spec.minReplicas = s.minReplicas;
  if (s.targetCPUUtilizationPercentage !== undefined) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.targetCPUUtilizationPercentage } } }];
  }
  const md = { ...v1.metadata } as Record<string, unknown>;
  delete md.creationTimestamp;
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: md as KubeObject['metadata'], spec };
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (!args.changed.has('max')) throw new KubectlError('error: required flag(s) "max" not set');
  const max = int(args, 'max');
  const min = int(args, 'min');
  if (max < 1) throw new KubectlError(`error: --max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new KubectlError(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const dryRun = dryRunOf(ctx, args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args), dryRun);
  const targets: Array<{ key: string; obj: KubeObject }> = [];
  const filenames = list(args, 'filename');
  if (filenames.length) {
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive') })) {
      if (item.kind === 'error') throw new KubectlError(`error: ${item.message}`);
      const key = resourceKey(item.resource);
      targets.push({ key, obj: ctx.api.get(key, item.object.metadata.namespace ?? ctx.namespace, item.object.metadata.name ?? '') });
    }
  } else {
    if (!args.args.length) throw new KubectlError(MISSING_RESOURCE_ERROR);
    const req = resolveRequest(args.args, {});
    if (req.mode !== 'names') throw new KubectlError(MISSING_RESOURCE_ERROR);
    for (const t of req.targets) {
      const key = resourceKey(t.resource);
      targets.push({ key, obj: ctx.api.get(key, ctx.namespace, t.name) });
    }
  }
  const errors: unknown[] = [];
  for (const { key, obj } of targets) {
    const apiVersion = SCALABLE[key];
    if (!apiVersion) {
      errors.push(new KubectlError(`error: cannot autoscale a ${obj.kind}`));
      continue;
    }
    const name = str(args, 'name') || obj.metadata.name!;
    const v1 = buildV1(name, ctx.explicitNamespace ? ctx.namespace : undefined, obj.kind, apiVersion, obj.metadata.name!, min, max, int(args, 'cpu-percent'));
    if (dryRun === 'client') {
      printer.print(HPA_INFO, v1, 'autoscaled', { typed: true });
      continue;
    }
    const v2 = toV2(v1);
    v2.metadata.namespace = ctx.namespace;
    const created = ctx.api.create(v2, { dryRun: dryRun === 'server' });
    printer.print(HPA_INFO, created, 'autoscaled');
  }
  return reportErrors(ctx, errors);
}

const autoscale: Verb = { name: 'autoscale', flags: FLAGS, run };
export default autoscale;
