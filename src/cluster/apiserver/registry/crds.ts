// CustomResourceDefinition registry (apiextensions-apiserver pkg/registry/customresourcedefinition and
// pkg/apis/apiextensions/v1 defaults, validation/validation.go): defaults, the validation the API server does
// (name = plural.group, the names, scope, versions and their schemas), and the status the naming and
// establishing controllers write (NamesAccepted, Established, acceptedNames, storedVersions), which kubesim writes
// at once, as those controllers do before a client can look.

import { field, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { RegistryContext, Strategy } from './strategy.js';

type Any = Record<string, any>;

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function defaults(obj: KubeObject): void {
  const spec = ((obj as Any).spec ??= {}) as Any;
  const names = (spec.names ??= {}) as Any;
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
}

function validateNames(names: Any, path: string, out: FieldCause[]): void {
  if (!names.plural) out.push(field.required(`${path}.plural`));
  else if (!DNS1035.test(names.plural)) out.push(field.invalid(`${path}.plural`, names.plural, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'));
  if (names.singular && !DNS1035.test(names.singular)) out.push(field.invalid(`${path}.singular`, names.singular, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'));
  if (!names.kind) out.push(field.required(`${path}.kind`));
  if (!names.listKind) out.push(field.required(`${path}.listKind`));
  else if (names.kind && names.listKind === names.kind) out.push(field.invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
}

function validate(obj: KubeObject): FieldCause[] {
  const out: FieldCause[] = [];
  const spec = (obj as Any).spec as Any;
  const names = (spec.names ?? {}) as Any;
  if (obj.metadata.name !== `${names.plural}.${spec.group}`) {
    out.push(field.invalid('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!spec.group) out.push(field.required('spec.group'));
  else if (!String(spec.group).includes('.')) out.push(field.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  else if (!DNS1123_SUBDOMAIN.test(spec.group)) out.push(field.invalid('spec.group', spec.group, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    if (!spec.scope) out.push(field.required('spec.scope'));
    else out.push(field.notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  const versions = (spec.versions ?? []) as Any[];
  if (versions.length === 0) out.push(field.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  else {
    const storage = versions.filter((v) => v.storage === true).length;
    if (storage !== 1) out.push(field.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
    versions.forEach((v, i) => {
      if (!v.name) out.push(field.required(`spec.versions[${i}].name`));
      if (!v.schema?.openAPIV3Schema) out.push(field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
      else if (v.schema.openAPIV3Schema.type !== 'object') {
        out.push(field.invalid(`spec.versions[${i}].schema.openAPIV3Schema.type`, v.schema.openAPIV3Schema.type ?? '', 'must be object at the root'));
      }
    });
  }
  validateNames(names, 'spec.names', out);
  return out;
}

/** The status the naming controller and the establishing controller write. */
function initialStatus(obj: KubeObject, ctx: RegistryContext): void {
  const spec = (obj as Any).spec as Any;
  const names = spec.names as Any;
  const now = ctx.clock.timestamp();
  const accepted: Any = { kind: names.kind, listKind: names.listKind, plural: names.plural };
  if (names.shortNames?.length) accepted.shortNames = [...names.shortNames];
  accepted.singular = names.singular;
  if (names.categories?.length) accepted.categories = [...names.categories];
  (obj as Any).status = {
    acceptedNames: accepted,
    conditions: [
      { lastTransitionTime: now, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: now, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: ((spec.versions ?? []) as Any[]).filter((v) => v.storage).map((v) => v.name),
  };
}

function validateUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const out = validate(obj);
  const scope = ((obj as Any).spec as Any).scope;
  const oldScope = ((old as Any).spec as Any).scope;
  if (scope !== oldScope) out.push(field.invalid('spec.scope', scope, 'field is immutable'));
  if (((obj as Any).spec as Any).group !== ((old as Any).spec as Any).group) out.push(field.invalid('spec.group', ((obj as Any).spec as Any).group, 'field is immutable'));
  return out;
}

export const crdStrategy: Strategy = {
  defaults,
  validate,
  initialStatus,
  defaultsUpdate: (obj, old, ctx) => {
    defaults(obj);
    // the naming controller accepts changed names; conditions keep their transition times
    const conditions = ((old as Any).status?.conditions as Any[] | undefined) ?? [];
    const stored = ((old as Any).status?.storedVersions as string[] | undefined) ?? [];
    initialStatus(obj, ctx);
    const status = (obj as Any).status as Any;
    if (conditions.length) status.conditions = conditions;
    for (const v of stored) if (!status.storedVersions.includes(v)) status.storedVersions.unshift(v);
  },
  validateUpdate,
};
