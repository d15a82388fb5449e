// The rbac.authorization.k8s.io/v1 shapes the authorizer and the printers read, and the identity a request is
// made as (k8s.io/apiserver's user.Info).

import type { KubeObject } from '../apiserver/types.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: Array<{ matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }> };
}

export interface BindingObject extends KubeObject {
  roleRef: RoleRef;
  subjects?: Subject[];
}

/** user.Info: who a request is made as. */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_VERSION = 'rbac.authorization.k8s.io/v1';
