// autoscaling/v1 HorizontalPodAutoscaler over `kubesim serve` (what kubectl autoscale posts), converted to and from
// the stored autoscaling/v2 object as the API server's conversion (pkg/apis/autoscaling/v1/conversion.go) does:
// targetCPUUtilizationPercentage <-> a Resource cpu metric with a Utilization target, and what v1 cannot hold
// (other metrics, behavior, conditions, other current metrics) in the autoscaling.alpha.kubernetes.io annotations.

import type { KubeObject } from '../../cluster/apiserver/types.js';

type Any = Record<string, any>;

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

const isCpuUtilization = (m: Any) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

/** a v2 Resource metric as the v1 annotation's MetricSpec (targetAverageUtilization / targetAverageValue) */
function v1Metric(m: Any): Any {
  if (m.type !== 'Resource') return m;
  const t = m.resource?.target ?? {};
  const resource: Any = { name: m.resource?.name };
  if (t.averageUtilization !== undefined) resource.targetAverageUtilization = t.averageUtilization;
  if (t.averageValue !== undefined) resource.targetAverageValue = t.averageValue;
  return { type: 'Resource', resource };
}

function v2Metric(m: Any): Any {
  if (m.type !== 'Resource') return m;
  const r = m.resource ?? {};
  const target: Any = r.targetAverageUtilization !== undefined ? { type: 'Utilization', averageUtilization: r.targetAverageUtilization } : { type: 'AverageValue', averageValue: r.targetAverageValue };
  return { type: 'Resource', resource: { name: r.name, target } };
}

function v1Current(m: Any): Any {
  if (m.type !== 'Resource') return m;
  const c = m.resource?.current ?? {};
  return { type: 'Resource', resource: { name: m.resource?.name, ...(c.averageUtilization !== undefined ? { currentAverageUtilization: c.averageUtilization } : {}), currentAverageValue: c.averageValue ?? '0' } };
}

function v2Current(m: Any): Any {
  if (m.type !== 'Resource') return m;
  const r = m.resource ?? {};
  return { type: 'Resource', resource: { name: r.name, current: { ...(r.currentAverageUtilization !== undefined ? { averageUtilization: r.currentAverageUtilization } : {}), averageValue: r.currentAverageValue } } };
}

/** The stored v2 object as autoscaling/v1 shows it. */
export function hpaToV1(obj: KubeObject): KubeObject {
  const o = structuredClone(obj) as Any;
  const spec = o.spec ?? {};
  const status = o.status;
  const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
  const metrics: Any[] = spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[METRICS] = JSON.stringify(others.map(v1Metric));
  if (spec.behavior) annotations[BEHAVIOR] = JSON.stringify(spec.behavior);
  const v1spec: Any = { scaleTargetRef: spec.scaleTargetRef };
  if (spec.minReplicas !== undefined) v1spec.minReplicas = spec.minReplicas;
  v1spec.maxReplicas = spec.maxReplicas;
  if (cpu) v1spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const out: Any = { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', metadata: o.metadata, spec: v1spec };
  if (status) {
    const v1status: Any = {};
    if (status.observedGeneration !== undefined) v1status.observedGeneration = status.observedGeneration;
    if (status.lastScaleTime !== undefined) v1status.lastScaleTime = status.lastScaleTime;
    v1status.currentReplicas = status.currentReplicas ?? 0;
    v1status.desiredReplicas = status.desiredReplicas ?? 0;
    const current: Any[] = status.currentMetrics ?? [];
    const cur = current.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.current?.averageUtilization !== undefined);
    if (cur) v1status.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
    const restCurrent = current.filter((m) => m !== cur);
    if (restCurrent.length) annotations[CURRENT] = JSON.stringify(restCurrent.map(v1Current));
    if (status.conditions?.length) annotations[CONDITIONS] = JSON.stringify(status.conditions);
    out.status = v1status;
  }
  if (Object.keys(annotations).length) out.metadata = { ...o.metadata, annotations };
  return out as KubeObject;
}

/** An autoscaling/v1 body as the v2 object the ApiServer stores (its defaults then apply as for any v2 write). */
export function hpaFromV1(obj: KubeObject): KubeObject {
  const o = structuredClone(obj) as Any;
  const spec = o.spec ?? {};
  const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
  const take = (k: string): Any | undefined => {
    const v = annotations[k];
    delete annotations[k];
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  const metrics: Any[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  metrics.push(...((take(METRICS) as Any[] | undefined) ?? []).map(v2Metric));
  const behavior = take(BEHAVIOR);
  const conditions = take(CONDITIONS);
  const current = take(CURRENT) as Any[] | undefined;
  const v2spec: Any = { scaleTargetRef: spec.scaleTargetRef };
  if (spec.minReplicas !== undefined) v2spec.minReplicas = spec.minReplicas;
  if (spec.maxReplicas !== undefined) v2spec.maxReplicas = spec.maxReplicas;
  if (metrics.length) v2spec.metrics = metrics;
  if (behavior) v2spec.behavior = behavior;
  const metadata = { ...(o.metadata ?? {}) };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: Any = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec: v2spec };
  if (o.status) {
    const s = o.status;
    const status: Any = { ...(s.observedGeneration !== undefined ? { observedGeneration: s.observedGeneration } : {}), ...(s.lastScaleTime !== undefined ? { lastScaleTime: s.lastScaleTime } : {}), currentReplicas: s.currentReplicas ?? 0, desiredReplicas: s.desiredReplicas ?? 0 };
    const cm: Any[] = [];
    if (s.currentCPUUtilizationPercentage !== undefined) cm.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: s.currentCPUUtilizationPercentage } } });
    cm.push(...(current ?? []).map(v2Current));
    if (cm.length) status.currentMetrics = cm;
    if (conditions) status.conditions = conditions;
    out.status = status;
  }
  return out as KubeObject;
}
