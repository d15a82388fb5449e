// `kubectl describe` for the scheduling and autoscaling kinds (describe.go): HorizontalPodAutoscaler (v2),
// ResourceQuota, PodDisruptionBudget.

import { formatLabelSelector } from '../../cluster/apiserver/labels.js';
import { formatQuantity, quantityOf } from '../../cluster/apiserver/quantity.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { type DescribeContext, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, eventQueryFor, printAnnotationsMultiline, printLabelsMultiline, writeEvents } from './helpers.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { rfc1123z } from './time.js';

type Any = Record<string, any>;

function directionBehavior(w: PrefixWriter, direction: string, rules: Any | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHPA(hpa: KubeObject, ctx: DescribeContext): string {
  const spec = (hpa.spec ?? {}) as Any;
  const st = (hpa.status ?? {}) as Any;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp!)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((m: Any, i: number) => {
      const cur = (st.currentMetrics ?? [])[i]?.resource?.current;
      if (m.type !== 'Resource') return;
      const name = m.resource?.name ?? '';
      const target = m.resource?.target ?? {};
      if (target.averageValue !== undefined) {
        w.write(LEVEL_1, `resource ${name} on pods:\t${cur?.averageValue !== undefined ? formatQuantity(quantityOf(cur.averageValue)) : '<unknown>'} / ${formatQuantity(quantityOf(target.averageValue))}\n`);
      } else {
        const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}% (${formatQuantity(quantityOf(cur.averageValue))})` : '<unknown>';
        const tgt = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `resource ${name} on pods  (as a percentage of request):\t${current} / ${tgt}\n`);
      }
    });
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      directionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      directionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired\n`);
    if ((st.conditions ?? []).length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of st.conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    writeEvents(w, ctx, eventQueryFor(hpa));
  });
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

export function describeQuota(q: KubeObject): string {
  const spec = (q.spec ?? {}) as Any;
  const st = (q.status ?? {}) as Any;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
    const scopes = [...(spec.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    for (const name of Object.keys(st.hard ?? {}).sort()) {
      w.write(LEVEL_0, `${name}\t${formatQuantity(quantityOf(st.used?.[name] ?? '0'))}\t${formatQuantity(quantityOf(st.hard[name]))}\n`);
    }
  });
}

export function describePDB(pdb: KubeObject, ctx: DescribeContext): string {
  const spec = (pdb.spec ?? {}) as Any;
  const st = (pdb.status ?? {}) as Any;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${st.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${st.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${st.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${st.expectedPods ?? 0}\n`);
    writeEvents(w, ctx, eventQueryFor(pdb));
  });
}
