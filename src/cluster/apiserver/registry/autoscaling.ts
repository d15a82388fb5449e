// HorizontalPodAutoscaler (autoscaling/v2) strategy: defaults (minReplicas 1, a CPU 80% target when no metric is
// given) and the validation of replicas, the scale target and Resource metric targets.

import { field, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

type Any = Record<string, any>;

function defaults(obj: KubeObject): void {
  const spec = ((obj.spec ??= {}) as Any);
  spec.minReplicas ??= 1;
  if (!spec.metrics || !spec.metrics.length) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
}

function validate(obj: KubeObject): FieldCause[] {
  const spec = (obj.spec ?? {}) as Any;
  const out: FieldCause[] = [];
  const ref = spec.scaleTargetRef ?? {};
  if (!ref.kind) out.push(field.required('spec.scaleTargetRef.kind'));
  if (!ref.name) out.push(field.required('spec.scaleTargetRef.name'));
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) out.push(field.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if (spec.maxReplicas === undefined || spec.maxReplicas < 1) out.push(field.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  else if (spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) out.push(field.invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((m: Any, i: number) => {
    const path = `spec.metrics[${i}]`;
    const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
    if (!types.includes(m.type)) out.push(field.notSupported(`${path}.type`, m.type ?? '', types));
    else if (m.type !== 'Resource') out.push(field.forbidden(`${path}.type`, `kubesim does not simulate ${m.type} metrics; only Resource (cpu, memory) metrics are`));
    else {
      const t = m.resource?.target ?? {};
      if (!m.resource?.name) out.push(field.required(`${path}.resource.name`, 'must specify a resource name'));
      if (t.type === 'Utilization' && t.averageUtilization === undefined) out.push(field.required(`${path}.resource.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
      if (t.averageUtilization !== undefined && t.averageUtilization < 1) out.push(field.invalid(`${path}.resource.target.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
      if (!['Utilization', 'AverageValue', 'Value'].includes(t.type)) out.push(field.notSupported(`${path}.resource.target.type`, t.type ?? '', ['AverageValue', 'Utilization', 'Value']));
    }
  });
  return out;
}

export const hpaStrategy: Strategy = {
  defaults,
  defaultsUpdate: defaults,
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validate(obj)]),
  validateUpdate: (obj, old) => dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)]),
};
