// The Priority admission plugin (plugin/pkg/admission/priority) and the PriorityClass registry: a pod's
// priorityClassName (or the global default class) resolves to spec.priority and spec.preemptionPolicy; an unknown
// class or a hand-written priority that disagrees is Forbidden. The API server's two system classes always exist.

import { StatusError, field, type FieldCause } from '../errors.js';
import type { RegistryContext, Strategy } from '../registry/strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../registry/validation.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject, Pod } from '../types.js';

export const PC_KEY = 'priorityclasses.scheduling.k8s.io';
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}

/** scheduling.SystemPriorityClasses(): created by the apiserver's bootstrap hook. */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number; description: string }> = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

function lookup(store: ObjectStore, name: string): { value: number; preemptionPolicy: string } | undefined {
  const pc = store.get(PC_KEY, undefined, name) as PriorityClass | undefined;
  if (pc) return { value: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
  const sys = SYSTEM_PRIORITY_CLASSES.find((s) => s.name === name);
  return sys ? { value: sys.value, preemptionPolicy: 'PreemptLowerPriority' } : undefined;
}

/** getDefaultPriorityClass: the global default with the lowest value, if any. */
function defaultClass(store: ObjectStore): PriorityClass | undefined {
  const defaults = (store.list(PC_KEY) as PriorityClass[]).filter((p) => p.globalDefault);
  return defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
}

/** Admit a pod: fills priorityClassName (from the default), priority and preemptionPolicy. */
export function admitPodPriority(pod: Pod, store: ObjectStore): void {
  const spec = pod.spec;
  let priority = 0;
  let policy = 'PreemptLowerPriority';
  if (!spec.priorityClassName) {
    const d = defaultClass(store);
    if (d) {
      spec.priorityClassName = d.metadata.name;
      priority = d.value ?? 0;
      policy = d.preemptionPolicy ?? policy;
    }
  } else {
    const pc = lookup(store, spec.priorityClassName);
    if (!pc) {
      throw new StatusError('Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`, { name: pod.metadata.name, kind: 'pods' });
    }
    priority = pc.value;
    policy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw new StatusError(
      'Forbidden',
      `pods "${pod.metadata.name ?? ''}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      { name: pod.metadata.name, kind: 'pods' },
    );
  }
  if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    throw new StatusError(
      'Forbidden',
      `pods "${pod.metadata.name ?? ''}" is forbidden: the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      { name: pod.metadata.name, kind: 'pods' },
    );
  }
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

function validatePC(pc: PriorityClass, ctx: RegistryContext, old?: PriorityClass): FieldCause[] {
  const out: FieldCause[] = [];
  const name = pc.metadata.name ?? '';
  const sys = SYSTEM_PRIORITY_CLASSES.find((s) => s.name === name);
  if (name.startsWith('system-')) {
    const why = !sys ? `${name} is not a known system priority class` : pc.value !== sys.value ? `value of ${name} PriorityClass must be ${sys.value}` : '';
    if (why) out.push(field.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    out.push(field.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy && !['PreemptLowerPriority', 'Never'].includes(pc.preemptionPolicy)) {
    out.push(field.notSupported('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  }
  if (old) {
    if (pc.value !== old.value) out.push(field.forbidden('value', 'may not be changed in an update.'));
    if (pc.preemptionPolicy !== old.preemptionPolicy) out.push(field.invalid('preemptionPolicy', pc.preemptionPolicy, 'field is immutable'));
  }
  void ctx;
  return out;
}

/** The priority admission plugin on PriorityClasses: only one global default. */
function admitDefault(obj: KubeObject, _old: KubeObject | undefined, ctx: RegistryContext): void {
  const pc = obj as PriorityClass;
  if (!pc.globalDefault) return;
  const other = (ctx.store.list(PC_KEY) as PriorityClass[]).find((p) => p.globalDefault && p.metadata.name !== pc.metadata.name);
  if (other) {
    throw new StatusError('Forbidden', `priorityclasses.scheduling.k8s.io "${pc.metadata.name}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`, {
      name: pc.metadata.name,
      group: 'scheduling.k8s.io',
      kind: 'priorityclasses',
    });
  }
}

export const priorityClassStrategy: Strategy = {
  defaults(obj) {
    const pc = obj as PriorityClass;
    pc.value ??= 0;
    pc.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate: (obj, ctx) => dedupe([...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validatePC(obj as PriorityClass, ctx)]),
  validateUpdate: (obj, old, ctx) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePC(obj as PriorityClass, ctx, old as PriorityClass)]),
  allocate: admitDefault,
};
