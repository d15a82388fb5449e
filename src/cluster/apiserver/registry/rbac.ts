// The rbac.authorization.k8s.io registry (pkg/apis/rbac/validation): rules need verbs, and resources with API
// groups or non-resource URLs (those only in cluster roles); a binding's roleRef names a Role or ClusterRole of
// the RBAC group and never changes.

import { field, GoLiteral, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';

type Any = Record<string, any>;

function validateRule(rule: Any, path: string, namespaced: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  if (!rule.verbs?.length) out.push(field.required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) out.push(field.invalid(`${path}.nonResourceURLs`, new GoLiteral(`[]string{${rule.nonResourceURLs.map((u: string) => JSON.stringify(u)).join(', ')}}`), 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length) {
      out.push(field.invalid(`${path}.nonResourceURLs`, new GoLiteral(`[]string{${rule.nonResourceURLs.map((u: string) => JSON.stringify(u)).join(', ')}}`), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return out;
  }
  if (!rule.apiGroups?.length) out.push(field.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) out.push(field.required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return out;
}

function roleStrategy(namespaced: boolean): Strategy {
  const validate = (obj: KubeObject) => ((obj as Any).rules ?? []).flatMap((r: Any, i: number) => validateRule(r ?? {}, `rules[${i}]`, namespaced));
  return { validate, validateUpdate: validate };
}

function validateBinding(obj: Any, clusterScoped: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  const ref = obj.roleRef ?? {};
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') out.push(field.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  const kinds = clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind)) out.push(field.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) out.push(field.required('roleRef.name'));
  (obj.subjects ?? []).forEach((s: Any, i: number) => {
    const p = `subjects[${i}]`;
    if (!s.name) out.push(field.required(`${p}.name`));
    if (s.kind === 'ServiceAccount') {
      if (s.apiGroup) out.push(field.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (clusterScoped && !s.namespace) out.push(field.required(`${p}.namespace`));
    } else if (s.kind === 'User' || s.kind === 'Group') {
      if (s.apiGroup !== 'rbac.authorization.k8s.io') out.push(field.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
    } else out.push(field.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  });
  return out;
}

function roleRefLiteral(ref: Any): GoLiteral {
  return new GoLiteral(`rbac.RoleRef{APIGroup:${JSON.stringify(ref.apiGroup ?? '')}, Kind:${JSON.stringify(ref.kind ?? '')}, Name:${JSON.stringify(ref.name ?? '')}}`);
}

function bindingStrategy(clusterScoped: boolean): Strategy {
  return {
    defaults(obj) {
      // defaults.go: a User/Group subject gets the RBAC group
      for (const s of ((obj as Any).subjects ?? []) as Any[]) if ((s.kind === 'User' || s.kind === 'Group') && s.apiGroup === undefined) s.apiGroup = 'rbac.authorization.k8s.io';
    },
    validate: (obj) => validateBinding(obj, clusterScoped),
    validateUpdate(obj, old) {
      const out = validateBinding(obj, clusterScoped);
      const a = (obj as Any).roleRef ?? {};
      const b = (old as Any).roleRef ?? {};
      if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) out.push(field.invalid('roleRef', roleRefLiteral(a), 'cannot change roleRef'));
      return out;
    },
  };
}

export const rbacStrategies: Record<string, Strategy> = {
  'roles.rbac.authorization.k8s.io': roleStrategy(true),
  'clusterroles.rbac.authorization.k8s.io': roleStrategy(false),
  'rolebindings.rbac.authorization.k8s.io': bindingStrategy(false),
  'clusterrolebindings.rbac.authorization.k8s.io': bindingStrategy(true),
};
