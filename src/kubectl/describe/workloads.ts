// `kubectl describe` for apps/v1 workloads: Deployment (with OldReplicaSets/NewReplicaSet), ReplicaSet,
// StatefulSet and DaemonSet (describe.go describeDeployment, describeReplicaSet, describeStatefulSet, describeDaemonSet).

import type { DaemonSet, Deployment, LabelSelector, Pod, ReplicaSet, StatefulSet } from '../../cluster/apiserver/types.js';
import { formatLabelSelector, formatLabels, formatSelector, fromLabelSelector, matches } from '../../cluster/apiserver/labels.js';
import { describePodTemplate } from './containers.js';
import { goSort } from './gosort.js';
import {
  type DescribeContext,
  LEVEL_0,
  LEVEL_1,
  controllerRef,
  eventQueryFor,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  writeEvents,
} from './helpers.js';
import { formatQuantity, quantityOf } from './quantity.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { parseTime, rfc1123z } from './time.js';

type Any = Record<string, any>;

/** labels.Selector.String() of LabelSelectorAsSelector: '' for a nil or empty selector. */
function selectorString(sel: LabelSelector | undefined): string {
  const reqs = fromLabelSelector(sel);
  return reqs ? formatSelector(reqs) : '';
}

function selectedBy(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const reqs = fromLabelSelector(sel);
  return reqs !== null && matches(reqs, labels);
}

/** getPodStatusForController: phases of the pods matched by the selector and controlled by `uid`. */
function podStatusForController(ctx: DescribeContext, ns: string, sel: LabelSelector | undefined, uid: string | undefined) {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of ctx.list('pods', ns) as Pod[]) {
    if (!selectedBy(sel, pod.metadata.labels)) continue;
    const ref = controllerRef(pod);
    if (!ref || ref.uid !== uid) continue;
    switch (pod.status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return `${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed`;
}

/** intstr.IntOrString.String() of a pointer (nil prints `<nil>`). */
function intOrStringPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

/** Canonical JSON (sorted keys) for template equality. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Any)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** deploymentutil.EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
function equalIgnoreHash(a: Any | undefined, b: Any | undefined): boolean {
  const strip = (t: Any | undefined) => {
    const c = JSON.parse(JSON.stringify(t ?? {})) as Any;
    if (c.metadata?.labels) {
      delete c.metadata.labels['pod-template-hash'];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    if (c.metadata && Object.keys(c.metadata).length === 0) delete c.metadata;
    return canonical(c);
  };
  return strip(a) === strip(b);
}

/** deploymentutil.GetAllReplicaSets: (all old RSs, new RS) of a deployment. */
export function replicaSetsOf(d: Deployment, ctx: DescribeContext): { old: ReplicaSet[]; newRS: ReplicaSet | undefined } {
  const rsList = (ctx.list('replicasets.apps', d.metadata.namespace) as ReplicaSet[]).filter((rs) => {
    if (!selectedBy(d.spec.selector, rs.metadata.labels)) return false;
    return controllerRef(rs)?.uid === d.metadata.uid;
  });
  // findNewReplicaSet sorts the list in place by creation timestamp (ties by name)
  goSort(rsList, (a, b) => {
    const ta = parseTime(a.metadata.creationTimestamp) ?? -Infinity;
    const tb = parseTime(b.metadata.creationTimestamp) ?? -Infinity;
    if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '');
    return ta < tb;
  });
  const newRS = rsList.find((rs) => equalIgnoreHash(rs.spec.template as Any, d.spec.template as Any));
  // FindOldReplicaSets' first result, the one describe prints: old replica sets scaled to zero are left out
  const old = rsList.filter((rs) => (!newRS || rs.metadata.uid !== newRS.metadata.uid) && (rs.spec.replicas ?? 1) !== 0);
  return { old, newRS };
}

function printReplicaSets(list: ReplicaSet[]): string {
  const s = list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`).join(', ');
  return s === '' ? '<none>' : s;
}

export function describeDeployment(d: Deployment, ctx: DescribeContext): string {
  const { old, newRS } = replicaSetsOf(d, ctx);
  return tabbedString((w) => {
    const st = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(d.spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${d.spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
    const ru = d.spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrStringPtr(ru.maxUnavailable)} max unavailable, ${intOrStringPtr(ru.maxSurge)} max surge\n`);
    describePodTemplate(d.spec.template, w);
    const conds = st.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    // written whenever the replica set list could be read, even when there is none yet
    w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(old)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRS ? [newRS] : [])}\n`);
    writeEvents(w, ctx, eventQueryFor(d));
  });
}

export function describeReplicaSet(rs: ReplicaSet, ctx: DescribeContext): string {
  const ns = rs.metadata.namespace ?? '';
  const podsStatus = podStatusForController(ctx, ns, rs.spec.selector, rs.metadata.uid);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const by = printController(rs);
    if (by) w.write(LEVEL_0, `Controlled By:\t${by}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${podsStatus}\n`);
    describePodTemplate(rs.spec.template, w);
    const conds = ((rs.status as Any | undefined)?.conditions ?? []) as Any[];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    writeEvents(w, ctx, eventQueryFor(rs));
  });
}

function describeVolumeClaimTemplates(templates: Any[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    const meta = (pvc.metadata ?? {}) as Any;
    const spec = (pvc.spec ?? {}) as Any;
    const storageClass = spec.storageClassName ?? meta.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
    w.write(LEVEL_1, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${storageClass}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels, '  ');
    printLabelsMultiline(w, 'Annotations', meta.annotations, '  ');
    const storage = spec.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? formatQuantity(quantityOf(storage)) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${((spec.accessModes ?? []) as string[]).join(' ')}]\n`);
  }
}

export function describeStatefulSet(ps: StatefulSet, ctx: DescribeContext): string {
  const ns = ps.metadata.namespace ?? '';
  const podsStatus = podStatusForController(ctx, ns, ps.spec.selector, ps.metadata.uid);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ps.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ps.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ps.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ps.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${ps.spec.replicas ?? 0} desired | ${ps.status?.replicas ?? 0} total\n`);
    const us = (ps.spec.updateStrategy ?? {}) as Any;
    w.write(LEVEL_0, `Update Strategy:\t${us.type ?? ''}\n`);
    const ru = us.rollingUpdate as Any | undefined;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatus}\n`);
    describePodTemplate(ps.spec.template, w);
    describeVolumeClaimTemplates(ps.spec.volumeClaimTemplates as Any[] | undefined, w);
    writeEvents(w, ctx, eventQueryFor(ps));
  });
}

/** kubectl v1.32 prints no Namespace line for a DaemonSet. */
export function describeDaemonSet(ds: DaemonSet, ctx: DescribeContext): string {
  const ns = ds.metadata.namespace ?? '';
  const podsStatus = podStatusForController(ctx, ns, ds.spec.selector, ds.metadata.uid);
  return tabbedString((w) => {
    const st = (ds.status ?? {}) as Any;
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus}\n`);
    describePodTemplate(ds.spec.template, w);
    writeEvents(w, ctx, eventQueryFor(ds));
  });
}
