// Pod registry strategy: scheme defaults + admission mutations on create (ServiceAccount token volume,
// priority, default tolerations), validation, and the "pod updates may not change fields" rule.

import { StatusError, field, type FieldCause } from '../errors.js';
import type { KubeObject, Pod, PodSpec } from '../types.js';
import {
  admitDefaultTolerations,
  admitServiceAccount,
  defaultPodOnly,
  defaultPodSpec,
  podQOS,
  validatePodSpec,
  type ServiceAccountFacts,
} from './podspec.js';
import type { RegistryContext, Strategy } from './strategy.js';
import { ephemeralOnCreate } from './ephemeral-containers.js';
import { admitPodLimits } from '../admission/limitranger.js';
import { admitPodPriority } from '../admission/priority.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validatePod(pod: Pod): FieldCause[] {
  return [...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain), ...validatePodSpec(pod.spec, 'spec', true)];
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
);

/** A short diff in the spirit of cmp.Diff (whose exact output is randomised upstream). */
function specDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ['  core.PodSpec{'];
  let same = 0;
  for (const k of keys) {
    const a = (oldSpec as any)[k];
    const b = (newSpec as any)[k];
    if (stable(a) === stable(b)) {
      same++;
      continue;
    }
    if (same) lines.push(`  \t... // ${same} identical fields`);
    same = 0;
    const Name = k[0].toUpperCase() + k.slice(1);
    if (a !== undefined) lines.push(`- \t${Name}: ${stable(a)},`);
    if (b !== undefined) lines.push(`+ \t${Name}: ${stable(b)},`);
  }
  if (same) lines.push(`  \t... // ${same} identical fields`);
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations (and -1→1 grace) may change. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldCause[] {
  const out: FieldCause[] = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePod(pod)];
  const nc = pod.spec?.containers ?? [];
  const oc = old.spec?.containers ?? [];
  if (nc.length !== oc.length) {
    out.push(field.forbidden('spec.containers', 'pod updates may not add or remove containers'));
    return dedupe(out);
  }
  const ni = pod.spec?.initContainers ?? [];
  const oi = old.spec?.initContainers ?? [];
  if (ni.length !== oi.length) {
    out.push(field.forbidden('spec.initContainers', 'pod updates may not add or remove containers'));
    return dedupe(out);
  }
  // only additions to tolerations (tolerationSeconds may change)
  const newTols = (pod.spec.tolerations ?? []) as Array<Record<string, unknown>>;
  for (const t of (old.spec.tolerations ?? []) as Array<Record<string, unknown>>) {
    const strip = (x: Record<string, unknown>) => stable({ ...x, tolerationSeconds: undefined });
    if (!newTols.some((n) => strip(n) === strip(t))) {
      out.push(field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
    }
  }
  const munged: PodSpec = JSON.parse(JSON.stringify(pod.spec));
  munged.containers = munged.containers.map((c, i) => ({ ...c, image: oc[i].image }));
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: oi[i].image }));
  if (old.spec.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = old.spec.activeDeadlineSeconds;
  if (old.spec.tolerations === undefined) delete munged.tolerations;
  else munged.tolerations = old.spec.tolerations;
  const og = old.spec.terminationGracePeriodSeconds;
  if (og !== undefined && og < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = og;
  if (stable(munged) !== stable(old.spec)) {
    out.push(
      field.forbidden(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(old.spec, munged)}`,
      ),
    );
  }
  return dedupe(out);
}

/**
 * The pod's ServiceAccount as the admission plugin looks it up: a missing one is Forbidden. A missing `default`
 * is taken as an empty account: the plugin waits for the serviceaccount controller, which here runs right after.
 */
function serviceAccountFor(pod: Pod, ctx: RegistryContext): ServiceAccountFacts {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.spec.serviceAccountName || 'default';
  const sa = ctx.store.get('serviceaccounts', ns, name) as (KubeObject & ServiceAccountFacts) | undefined;
  if (sa) return sa;
  if (name === 'default') return {};
  throw new StatusError('Forbidden', `pods "${ctx.requestName || 'Unknown'}" is forbidden: error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`, {
    name: ctx.requestName,
    kind: 'pods',
  });
}

export const podStrategy: Strategy = {
  defaults(obj, ctx) {
    const pod = obj as Pod;
    pod.spec ??= { containers: [] };
    defaultPodSpec(pod.spec);
    defaultPodOnly(pod.spec);
  },
  admit(obj, ctx) {
    const pod = obj as Pod;
    // admission plugins, in the apiserver's default order; mirror pods (static pods) keep their spec
    admitPodLimits(pod, ctx.store);
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] === undefined) admitServiceAccount(pod.spec, ctx.rng, serviceAccountFor(pod, ctx));
    admitPodPriority(pod, ctx.store);
    admitDefaultTolerations(pod.spec);
  },
  validate(obj) {
    return dedupe([...validatePod(obj as Pod), ...ephemeralOnCreate(obj as Pod)]);
  },
  defaultsUpdate(obj) {
    const pod = obj as Pod;
    pod.spec ??= { containers: [] };
    defaultPodSpec(pod.spec);
    defaultPodOnly(pod.spec);
  },
  validateUpdate(obj, old) {
    return validatePodUpdate(obj as Pod, old as Pod);
  },
  initialStatus(obj: KubeObject) {
    const pod = obj as Pod;
    pod.status = { phase: 'Pending', qosClass: podQOS(pod.spec) };
  },
};
