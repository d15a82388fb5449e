// apps/v1 strategies: Deployment, ReplicaSet, DaemonSet, StatefulSet. Defaults from
// pkg/apis/apps/v1/defaults.go, validation from pkg/apis/apps/validation (selector/template rules,
// strategies), and the apps/v1 immutable selector on update.

import { field, GoLiteral, type FieldCause } from '../errors.js';
import { fromLabelSelector, matches } from '../labels.js';
import type { DaemonSet, Deployment, KubeObject, LabelSelector, PodTemplateSpec, ReplicaSet, StatefulSet } from '../types.js';
import { goIntOrString, goLabelSelector, goStringMap } from './gofmt.js';
import { defaultTemplate, validatePodSpec, validatePodTemplateSpec } from './podspec.js';
import type { Strategy } from './strategy.js';
import {
  dedupe,
  eachInvalid,
  isQualifiedName,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabels,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.js';

type Obj = Record<string, any>;

const stable = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );

/** unversionedvalidation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldCause[] {
  if (!sel) return [];
  const out: FieldCause[] = [];
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (!e.values?.length) out.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (e.values?.length) out.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        out.push(field.invalid(`${p}.operator`, e.operator, 'not a valid selector operator'));
    }
    out.push(...eachInvalid(`${p}.key`, e.key, isQualifiedName(e.key)));
  });
  out.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  return out;
}

/** Whether the selector (LabelSelectorAsSelector) is "empty" (matches everything) — nil is Nothing, not empty. */
function selectorState(sel: LabelSelector | undefined): 'nothing' | 'everything' | 'some' {
  if (!sel) return 'nothing';
  return (sel.matchLabels && Object.keys(sel.matchLabels).length) || sel.matchExpressions?.length ? 'some' : 'everything';
}

function selectorMatchesTemplate(sel: LabelSelector | undefined, t: PodTemplateSpec | undefined): boolean {
  const s = fromLabelSelector(sel);
  if (!s) return false;
  return matches(s, t?.metadata?.labels ?? {});
}

const mismatch = (t: PodTemplateSpec | undefined): FieldCause =>
  field.invalid('spec.template.metadata.labels', goStringMap(t?.metadata?.labels), '`selector` does not match template `labels`');

/** ValidatePodTemplateSpecForReplicaSet (used by Deployment and ReplicaSet). */
function validateTemplateForRS(t: PodTemplateSpec | undefined, sel: LabelSelector | undefined, kindWord: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (!t) return [field.required('spec.template')];
  if (selectorState(sel) !== 'everything' && !selectorMatchesTemplate(sel, t)) out.push(mismatch(t));
  out.push(...validatePodTemplateSpec(t, 'spec.template'));
  const rp = t.spec?.restartPolicy;
  if (rp !== 'Always') out.push(field.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined) {
    out.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
  return out;
}

function validateSelectorRequired(sel: LabelSelector | undefined, emptyWord: string): FieldCause[] {
  if (!sel) return [field.required('spec.selector')];
  const out = validateLabelSelector(sel, 'spec.selector');
  if (selectorState(sel) === 'everything') out.push(field.invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${emptyWord}`));
  return out;
}

const immutableSelector = (obj: KubeObject, old: KubeObject): FieldCause[] =>
  stable(obj.spec?.selector) === stable(old.spec?.selector)
    ? []
    : [field.invalid('spec.selector', goLabelSelector(obj.spec?.selector), 'field is immutable')];

// ------------------------------------------------------------------------------------------ Deployment

function intOrPercent(v: number | string | undefined): { value: number; percent: boolean } {
  if (typeof v === 'string' && v.endsWith('%')) return { value: parseInt(v, 10), percent: true };
  return { value: typeof v === 'number' ? v : parseInt(String(v ?? 0), 10) || 0, percent: false };
}

function validatePositiveIntOrPercent(v: number | string | undefined, path: string): FieldCause[] {
  if (typeof v === 'string') {
    return /^[0-9]+%$/.test(v)
      ? []
      : [field.invalid(path, goIntOrString(v), regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%'))];
  }
  return validateNonnegative(v, path);
}

function validateDeploymentStrategy(strategy: Obj | undefined): FieldCause[] {
  const s = strategy ?? {};
  const path = 'spec.strategy';
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate ? [field.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (!ru) return [field.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const out = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`),
      ];
      if (intOrPercent(ru.maxUnavailable).value === 0 && intOrPercent(ru.maxSurge).value === 0) {
        out.push(field.invalid(`${path}.rollingUpdate.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
      const mu = intOrPercent(ru.maxUnavailable);
      if (mu.percent && mu.value > 100) {
        out.push(field.invalid(`${path}.rollingUpdate.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'must not be greater than 100%'));
      }
      return out;
    }
    default: {
      const ruText = s.rollingUpdate ? '&apps.RollingUpdateDeployment{...}' : '(*apps.RollingUpdateDeployment)(nil)';
      return [
        field.notSupported(path, new GoLiteral(`apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ruText}}`), [
          'Recreate',
          'RollingUpdate',
        ]),
      ];
    }
  }
}

function validateDeployment(d: Deployment): FieldCause[] {
  const spec = (d.spec ?? {}) as Deployment['spec'];
  const out = [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain)];
  out.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  out.push(...validateSelectorRequired(spec.selector, 'deployment'));
  out.push(...validateTemplateForRS(spec.template, spec.selector, 'ReplicaSet'));
  out.push(...validateDeploymentStrategy(spec.strategy));
  out.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined) {
    out.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      out.push(field.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return out;
}

function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  spec.replicas ??= 1;
  const st = (spec.strategy ??= {});
  if (!st.type) st.type = 'RollingUpdate';
  if (st.type === 'RollingUpdate') {
    st.rollingUpdate ??= {};
    st.rollingUpdate.maxUnavailable ??= '25%';
    st.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

export const deploymentStrategy: Strategy = {
  defaults: defaultDeployment,
  defaultsUpdate: defaultDeployment,
  validate: (obj) => dedupe(validateDeployment(obj as Deployment)),
  validateUpdate: (obj, old) =>
    dedupe([
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDeployment(obj as Deployment).filter((c) => !c.field.startsWith('metadata.')),
      ...immutableSelector(obj, old),
    ]),
  initialStatus(obj) {
    obj.status = {};
  },
};

// ------------------------------------------------------------------------------------------ ReplicaSet

function validateReplicaSet(rs: ReplicaSet): FieldCause[] {
  const spec = (rs.spec ?? {}) as ReplicaSet['spec'];
  return [
    ...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain),
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelectorRequired(spec.selector, 'deployment'),
    ...validateTemplateForRS(spec.template, spec.selector, 'ReplicaSet'),
  ];
}

function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

export const replicaSetStrategy: Strategy = {
  defaults: defaultReplicaSet,
  defaultsUpdate: defaultReplicaSet,
  validate: (obj) => dedupe(validateReplicaSet(obj as ReplicaSet)),
  validateUpdate: (obj, old) =>
    dedupe([
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateReplicaSet(obj as ReplicaSet).filter((c) => !c.field.startsWith('metadata.')),
      ...immutableSelector(obj, old),
    ]),
  initialStatus(obj) {
    obj.status = { replicas: 0 };
  },
};

// ------------------------------------------------------------------------------------------- DaemonSet

function validateDaemonSet(ds: DaemonSet): FieldCause[] {
  const spec = (ds.spec ?? {}) as DaemonSet['spec'];
  const out = [...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain)];
  out.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (!selectorMatchesTemplate(spec.selector, spec.template)) out.push(mismatch(spec.template));
  if (spec.selector && selectorState(spec.selector) === 'everything') {
    out.push(field.invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  out.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  const rp = spec.template?.spec?.restartPolicy;
  if (rp !== 'Always') out.push(field.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  const ads = spec.template?.spec?.activeDeadlineSeconds as number | undefined;
  if (ads !== undefined) out.push(field.invalid('spec.template.spec.activeDeadlineSeconds', ads, 'activeDeadlineSeconds in DaemonSet is not Supported'));
  out.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const us = (spec.updateStrategy ?? {}) as Obj;
  if (us.type === 'RollingUpdate') {
    if (!us.rollingUpdate) out.push(field.required('spec.updateStrategy.rollingUpdate'));
  } else if (us.type !== 'OnDelete') {
    out.push(field.notSupported('spec.updateStrategy', new GoLiteral(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(us.type ?? '')}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`), ['RollingUpdate', 'OnDelete']));
  }
  out.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return out;
}

function defaultDaemonSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  const us = (spec.updateStrategy ??= {});
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    us.rollingUpdate ??= {};
    us.rollingUpdate.maxUnavailable ??= 1;
    us.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

export const daemonSetStrategy: Strategy = {
  defaults: defaultDaemonSet,
  defaultsUpdate: defaultDaemonSet,
  validate: (obj) => dedupe(validateDaemonSet(obj as DaemonSet)),
  validateUpdate: (obj, old) =>
    dedupe([
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDaemonSet(obj as DaemonSet).filter((c) => !c.field.startsWith('metadata.')),
      ...immutableSelector(obj, old),
    ]),
  initialStatus(obj) {
    obj.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  },
};

// ----------------------------------------------------------------------------------------- StatefulSet

export const STS_UPDATE_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function validateStatefulSet(sts: StatefulSet): FieldCause[] {
  const spec = (sts.spec ?? {}) as StatefulSet['spec'];
  const out = [...validateObjectMeta(sts.metadata, true, nameIsDNSSubdomain)];
  const pmp = spec.podManagementPolicy;
  if (!pmp) out.push(field.required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') out.push(field.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = (spec.updateStrategy ?? {}) as Obj;
  if (!us.type) out.push(field.required('spec.updateStrategy'));
  else if (us.type === 'OnDelete') {
    if (us.rollingUpdate) out.push(field.invalid('spec.updateStrategy.rollingUpdate', new GoLiteral('&apps.RollingUpdateStatefulSetStrategy{...}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (us.type === 'RollingUpdate') {
    if (us.rollingUpdate) out.push(...validateNonnegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else {
    out.push(field.invalid('spec.updateStrategy', new GoLiteral(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(us.type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const pol = spec.persistentVolumeClaimRetentionPolicy;
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    const v = pol?.[k];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') {
      out.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, v, ['Retain', 'Delete']));
    }
  }
  out.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  out.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...validateSelectorRequired(spec.selector, 'statefulset'));
  const t = spec.template;
  if (!t) out.push(field.required('spec.template'));
  else {
    if (selectorState(spec.selector) !== 'everything' && !selectorMatchesTemplate(spec.selector, t)) out.push(mismatch(t));
    out.push(...validateLabels(t.metadata?.labels, 'spec.template.labels'));
    out.push(...validateAnnotations(t.metadata?.annotations, 'spec.template.annotations'));
    // upstream skips full PodSpec validation for StatefulSets; the container essentials still matter here
    // volumeMounts may name a volumeClaimTemplate: the controller adds that volume to each pod
    const claimVolumes = ((spec.volumeClaimTemplates ?? []) as Obj[]).map((c) => ({ name: c.metadata?.name, persistentVolumeClaim: { claimName: c.metadata?.name } }));
    const podSpec = t.spec && claimVolumes.length ? { ...t.spec, volumes: [...((t.spec.volumes ?? []) as Obj[]), ...claimVolumes] } : t.spec;
    out.push(...validatePodSpec(podSpec as typeof t.spec, 'spec.template.spec', false).filter((c) => /containers/.test(c.field)));
  }
  const rp = t?.spec?.restartPolicy;
  if (rp !== 'Always') out.push(field.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (t?.spec?.activeDeadlineSeconds !== undefined) {
    out.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return out;
}

function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Obj;
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate) us.rollingUpdate.partition ??= 0;
  const pol = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!pol.whenDeleted) pol.whenDeleted = 'Retain';
  if (!pol.whenScaled) pol.whenScaled = 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const pvc of spec.volumeClaimTemplates ?? []) {
    pvc.spec ??= {};
    pvc.spec.volumeMode ??= 'Filesystem';
    pvc.status ??= { phase: 'Pending' };
  }
  defaultTemplate(spec.template);
}

function validateStatefulSetUpdate(obj: StatefulSet, old: StatefulSet): FieldCause[] {
  const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  const clone = { ...(obj.spec as Obj) };
  const o = old.spec as Obj;
  for (const k of ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy']) {
    if (o[k] === undefined) delete clone[k];
    else clone[k] = o[k];
  }
  if (stable(clone) !== stable(o)) out.push(field.forbidden('spec', STS_UPDATE_FORBIDDEN));
  out.push(...validateStatefulSet(obj).filter((c) => !c.field.startsWith('metadata.')));
  return dedupe(out);
}

export const statefulSetStrategy: Strategy = {
  defaults: defaultStatefulSet,
  defaultsUpdate: defaultStatefulSet,
  validate: (obj) => dedupe(validateStatefulSet(obj as StatefulSet)),
  validateUpdate: (obj, old) => validateStatefulSetUpdate(obj as StatefulSet, old as StatefulSet),
  initialStatus(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
};
