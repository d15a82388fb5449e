// Table printers (printers.go printRole, printRoleBinding, printClusterRole, printClusterRoleBinding) for the
// rbac.authorization.k8s.io kinds: roles show their creation time, bindings their role and (wide) subjects.

import type { BindingObject, Subject } from '../../cluster/rbac/types.js';
import { NAME, AGE, c, w, age, type Printer } from './table-types.js';

/** rbac.SubjectsStrings: users, groups, service accounts as namespace:name, others. */
export function subjectsStrings(subjects: Subject[] | undefined): [string[], string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  const others: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}:${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else others.push(`${s.kind}/${s.name}`);
  }
  return [users, groups, sas, others];
}

const created = (o: { metadata: { name?: string; creationTimestamp?: string } }) => [o.metadata.name ?? '', (o.metadata.creationTimestamp ?? '').replace(/\.\d+Z$/, 'Z')];

function bindingRow(o: BindingObject, now: Date): string[] {
  const [users, groups, sas] = subjectsStrings(o.subjects);
  return [o.metadata.name ?? '', `${o.roleRef?.kind}/${o.roleRef?.name}`, age(o, now), users.join(', '), groups.join(', '), sas.join(', ')];
}

const ROLE_COLUMNS = [NAME, c('Created At')];
const BINDING_COLUMNS = [NAME, c('Role'), AGE, w('Users'), w('Groups'), w('ServiceAccounts')];

export const RBAC_PRINTERS: Record<string, Printer> = {
  'roles.rbac.authorization.k8s.io': { columns: ROLE_COLUMNS, row: created },
  'clusterroles.rbac.authorization.k8s.io': { columns: ROLE_COLUMNS, row: created },
  'rolebindings.rbac.authorization.k8s.io': { columns: BINDING_COLUMNS, row: bindingRow },
  'clusterrolebindings.rbac.authorization.k8s.io': { columns: BINDING_COLUMNS, row: bindingRow },
};
