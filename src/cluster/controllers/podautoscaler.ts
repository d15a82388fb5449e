// HorizontalPodAutoscaler controller, autoscaling/v2 (pkg/controller/podautoscaler): every 15 s per HPA it reads
// the target's scale and pods, the Resource metrics (cpu/memory, Utilization or AverageValue) from the metrics
// API, computes the replica count (tolerance 0.1; pods without metrics or not ready counted as the real
// ReplicaCalculator does), stabilizes it (the default 300 s scale-down window, policies) and scales the target,
// writing status, conditions and SuccessfulRescale / FailedGetResourceMetric events.

import type { KubeObject, Pod } from '../apiserver/types.js';
import { fromLabelSelector, matches } from '../apiserver/labels.js';
import { quantityMilliValue, quantityOf, quantityValue } from '../apiserver/quantity.js';
import { metricsAvailable, podMetrics } from '../metrics/server.js';
import type { Controller, ControllerContext } from './controller.js';
import { K, writeStatus } from './util.js';
import { behaviorOf, stabilize, type Recommendation, type ScaleEvent } from './podautoscaler-behavior.js';

export const HPA_KEY = 'horizontalpodautoscalers.autoscaling';
const SYNC_MS = 15_000;
const TOLERANCE = 0.1;
const SOURCE = { component: 'horizontal-pod-autoscaler' };
const CPU_INITIALIZATION_MS = 300_000;
const INITIAL_READINESS_DELAY_MS = 30_000;
const METRIC_WINDOW_MS = 15_000;

interface HpaData {
  /** per HPA uid: last sync instant, recommendations, scale events */
  [uid: string]: { last: number; gen?: number; recs: Recommendation[]; ups: ScaleEvent[]; downs: ScaleEvent[] };
}

const TARGET_KEYS: Record<string, string> = { Deployment: K.deployments, ReplicaSet: K.replicasets, StatefulSet: K.statefulsets, ReplicationController: 'replicationcontrollers' };

interface MetricResult {
  replicas: number;
  /** status.currentMetrics entry */
  current: Record<string, unknown>;
  /** `cpu resource utilization (percentage of request)` */
  description: string;
}

class MetricError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly condition: string,
  ) {
    super(message);
  }
}

function requestOf(pod: Pod, resource: string): number | undefined {
  let sum = 0;
  for (const c of pod.spec.containers ?? []) {
    const r = (c.resources as any)?.requests?.[resource];
    if (r === undefined) return undefined;
    sum += resource === 'cpu' ? Number(quantityMilliValue(quantityOf(r))) : Number(quantityValue(quantityOf(r)));
  }
  return sum;
}

/** ReplicaCalculator.GetResourceReplicas (and the AverageValue variant). */
function resourceReplicas(ctx: ControllerContext, metric: any, pods: Pod[], current: number): MetricResult {
  const name = metric.resource?.name as string;
  const target = metric.resource?.target ?? {};
  if (!metricsAvailable(ctx.api)) {
    throw new MetricError('FailedGetResourceMetric', `failed to get ${name} utilization: unable to get metrics for resource ${name}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`, 'FailedGetResourceMetric');
  }
  const usage = podMetrics(ctx.api, ctx.clock.nowMs(), ctx.data);
  const now = ctx.clock.nowMs();
  let ready = 0;
  const missing: Pod[] = [];
  const ignored: Pod[] = [];
  const metrics = new Map<string, number>();
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') continue;
    const u = usage.get(p.metadata.uid!);
    if (!u) {
      missing.push(p);
      continue;
    }
    const value = name === 'cpu' ? u.reduce((s, c) => s + c.usage.cpuMilli, 0) : u.reduce((s, c) => s + c.usage.memory, 0);
    // cpu: groupPods ignores a pod still initialising (first 5 minutes) that is unready or only just became
    // ready, and one that has never been ready
    if (name === 'cpu') {
      const readyCond = p.status?.conditions?.find((c) => c.type === 'Ready');
      const start = p.status?.startTime ? Date.parse(p.status.startTime) : undefined;
      let unready: boolean;
      if (!readyCond || start === undefined) unready = true;
      else {
        const transition = Date.parse(readyCond.lastTransitionTime ?? '') || 0;
        if (start + CPU_INITIALIZATION_MS > now) unready = readyCond.status === 'False' || now < transition + METRIC_WINDOW_MS;
        else unready = readyCond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
      }
      if (unready) {
        ignored.push(p);
        continue;
      }
    }
    metrics.set(p.metadata.uid!, value);
    ready++;
  }
  if (!metrics.size) {
    throw new MetricError('FailedGetResourceMetric', `failed to get ${name} utilization: unable to get metrics for resource ${name}: no metrics returned from resource metrics API`, 'FailedGetResourceMetric');
  }
  const withMetrics = pods.filter((p) => metrics.has(p.metadata.uid!));
  const total = [...metrics.values()].reduce((a, b) => a + b, 0);
  const unit = (v: number) => (name === 'cpu' ? `${Math.round(v)}m` : `${Math.round(v)}`);
  if (target.type === 'AverageValue') {
    const targetValue = name === 'cpu' ? Number(quantityMilliValue(quantityOf(target.averageValue))) : Number(quantityValue(quantityOf(target.averageValue)));
    const avg = total / metrics.size;
    const ratio = total / (targetValue * ready);
    const replicas = Math.abs(ratio - 1) > TOLERANCE ? Math.ceil(total / targetValue) : current;
    return {
      replicas,
      current: { type: 'Resource', resource: { name, current: { averageValue: unit(avg) } } },
      description: `${name} resource`,
    };
  }
  let requests = 0;
  for (const p of withMetrics) {
    const r = requestOf(p, name);
    if (r === undefined) {
      const c = (p.spec.containers ?? []).find((x) => (x.resources as any)?.requests?.[name] === undefined)!;
      throw new MetricError('FailedGetResourceMetric', `failed to get ${name} utilization: missing request for ${name} in container ${c.name} of Pod ${p.metadata.name}`, 'FailedGetResourceMetric');
    }
    requests += r;
  }
  const targetUtil = Number(target.averageUtilization ?? 0);
  const utilization = Math.trunc((total * 100) / requests);
  const ratio = (total * 100) / requests / targetUtil;
  const avg = total / metrics.size;
  const result = (replicas: number) => ({
    replicas,
    current: { type: 'Resource', resource: { name, current: { averageUtilization: utilization, averageValue: unit(avg) } } },
    description: `${name} resource utilization (percentage of request)`,
  });
  const scaleUp = ratio > 1;
  if (!missing.length && !(scaleUp && ignored.length)) {
    if (Math.abs(ratio - 1) <= TOLERANCE) return result(current);
    return result(Math.ceil(ratio * metrics.size));
  }
  // rebalance: missing pods use 0 on a scale up and 100% of request on a scale down; ignored pods count 0
  let adjTotal = total;
  let adjRequests = requests;
  for (const p of missing) {
    const r = requestOf(p, name) ?? 0;
    adjRequests += r;
    if (!scaleUp) adjTotal += r;
  }
  if (scaleUp) for (const p of ignored) adjRequests += requestOf(p, name) ?? 0;
  const newRatio = adjTotal / adjRequests / (targetUtil / 100);
  if (Math.abs(newRatio - 1) <= TOLERANCE || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return result(current);
  const replicas = Math.ceil(newRatio * (metrics.size + missing.length + (scaleUp ? ignored.length : 0)));
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return result(current);
  return result(replicas);
}

function condition(type: string, status: string, reason: string, message: string, old: any[], now: string): Record<string, unknown> {
  const prev = old.find((c) => c.type === type);
  return { lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, message, reason, status, type };
}

function syncOne(ctx: ControllerContext, hpa: KubeObject, data: HpaData): void {
  const { api } = ctx;
  const now = ctx.clock.nowMs();
  const uid = hpa.metadata.uid!;
  const st = (data[uid] ??= { last: -Infinity, recs: [], ups: [], downs: [] });
  // a sync every 15 s, and at once when the spec changed
  if (now < st.last + SYNC_MS && hpa.metadata.generation === st.gen) {
    ctx.requeueAt(st.last + SYNC_MS);
    return;
  }
  st.last = now;
  st.gen = hpa.metadata.generation;
  ctx.requeueAt(now + SYNC_MS);
  const spec = hpa.spec as any;
  const ref = spec.scaleTargetRef ?? {};
  const key = TARGET_KEYS[ref.kind];
  const target = key ? api.tryGet<KubeObject>(key, hpa.metadata.namespace, ref.name) : undefined;
  const oldStatus = (hpa.status ?? {}) as any;
  const oldConds = oldStatus.conditions ?? [];
  const ts = ctx.clock.timestamp();
  if (!target) {
    const msg = `the HPA controller was unable to get the target's current scale: ${key ?? 'unknown'} "${ref.name}" not found`;
    api.recordEvent(hpa, 'Warning', 'FailedGetScale', `${key ?? ref.kind} "${ref.name}" not found`, SOURCE);
    writeStatus(api, hpa, { ...oldStatus, conditions: [condition('AbleToScale', 'False', 'FailedGetScale', msg, oldConds, ts)] });
    return;
  }
  const current = (target.spec as any)?.replicas ?? 1;
  const selector = fromLabelSelector((target.spec as any)?.selector);
  const pods = selector ? api.list<Pod>(K.pods, hpa.metadata.namespace).filter((p) => matches(selector, p.metadata.labels)) : [];
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  let desired = current;
  let metricDesc = '';
  const currentMetrics: unknown[] = [];
  const conds: Record<string, unknown>[] = [];
  let failed: MetricError | undefined;
  if (current === 0 && min !== 0) {
    conds.push(condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', oldConds, ts));
  } else {
    let best = 0;
    for (const m of spec.metrics ?? []) {
      if (m.type !== 'Resource') continue;
      try {
        const r = resourceReplicas(ctx, m, pods, current);
        currentMetrics.push(r.current);
        if (r.replicas > best || !metricDesc) {
          best = Math.max(best, r.replicas);
          metricDesc = r.description;
        }
      } catch (e) {
        if (!(e instanceof MetricError)) throw e;
        failed = e;
        currentMetrics.push({ type: '' });
      }
    }
    if (failed && !metricDesc) {
      api.recordEvent(hpa, 'Warning', failed.reason, failed.message, SOURCE);
      const metricName = (spec.metrics ?? []).find((m: any) => m.type === 'Resource')?.resource?.name ?? 'cpu';
      api.recordEvent(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of ${(spec.metrics ?? []).length}), first error is: failed to get ${metricName} resource metric value: ${failed.message}`, SOURCE);
      writeStatus(api, hpa, {
        ...(oldStatus.lastScaleTime ? { lastScaleTime: oldStatus.lastScaleTime } : {}),
        currentMetrics: oldStatus.currentMetrics ?? null,
        currentReplicas: current,
        desiredReplicas: oldStatus.desiredReplicas ?? 0,
        conditions: [
          condition('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale', oldConds, ts),
          condition('ScalingActive', 'False', failed.condition, `the HPA was unable to compute the replica count: ${failed.message}`, oldConds, ts),
        ],
      });
      return;
    }
    desired = best;
  }
  // behavior: stabilization windows and scaling policies, then min/max
  const behavior = behaviorOf(spec.behavior);
  const { replicas: stabilized, reason: ableReason, limitedReason } = stabilize(st, now, current, desired, min, max, behavior);
  let rescale = stabilized !== current;
  if (current === 0 && min !== 0) rescale = false;
  if (rescale) {
    const next = structuredClone(target) as any;
    next.spec.replicas = stabilized;
    api.update(next);
    const reason = stabilized > current ? `${metricDesc} above target` : 'All metrics below target';
    api.recordEvent(hpa, 'Normal', 'SuccessfulRescale', `New size: ${stabilized}; reason: ${reason}`, SOURCE);
    (stabilized > current ? st.ups : st.downs).push({ at: now, delta: Math.abs(stabilized - current) });
  }
  const able = ableReason === 'ScaleDownStabilized'
    ? condition('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation', oldConds, ts)
    : ableReason === 'ScaleUpStabilized'
      ? condition('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation', oldConds, ts)
      : condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', oldConds, ts);
  const limited = limitedReason
    ? condition('ScalingLimited', 'True', limitedReason, { TooManyReplicas: 'the desired replica count is more than the maximum replica count', TooFewReplicas: 'the desired replica count is less than the minimum replica count', ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate', ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate' }[limitedReason]!, oldConds, ts)
    : condition('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range', oldConds, ts);
  if (!conds.length) conds.push(condition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricDesc}`, oldConds, ts));
  const status: Record<string, unknown> = {
    conditions: [able, ...conds, limited],
    currentMetrics: currentMetrics.length ? currentMetrics : null,
    currentReplicas: current,
    desiredReplicas: stabilized,
  };
  const lastScale = rescale ? ts : oldStatus.lastScaleTime;
  if (lastScale) status.lastScaleTime = lastScale;
  status.observedGeneration = hpa.metadata.generation;
  writeStatus(api, hpa, status);
}

export const podAutoscaler: Controller = {
  name: 'horizontal-pod-autoscaler',
  sync(ctx) {
    const hpas = ctx.api.list<KubeObject>(HPA_KEY);
    const data = ((ctx.data.hpa as HpaData | undefined) ??= {});
    const live = new Set(hpas.map((h) => h.metadata.uid!));
    for (const uid of Object.keys(data)) if (!live.has(uid)) delete data[uid];
    for (const h of hpas) syncOne(ctx, h, data);
  },
};
