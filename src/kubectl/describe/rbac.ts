// `kubectl describe` for Roles, ClusterRoles and their bindings (describe.go RoleDescriber,
// ClusterRoleDescriber, RoleBindingDescriber, ClusterRoleBindingDescriber): rules broken down and compacted as
// `auth can-i --list` shows them; a binding's role and subjects.

import type { BindingObject, RoleObject } from '../../cluster/rbac/types.js';
import { displayRules, ruleRow } from '../../cluster/rbac/rules-list.js';
import { LEVEL_0, LEVEL_1, printAnnotationsMultiline, printLabelsMultiline } from './helpers.js';
import { tabbedString } from './tabbed.js';

export function describeRole(role: RoleObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of displayRules(role.rules ?? [])) w.write(LEVEL_1, `${ruleRow(r)}\n`);
  });
}

export function describeRoleBinding(b: BindingObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', b.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  });
}
