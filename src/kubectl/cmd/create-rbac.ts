// `kubectl create role|clusterrole|rolebinding|clusterrolebinding` (create_role.go, create_clusterrole.go,
// create_rolebinding.go, create_clusterrolebinding.go): the objects they build client-side, with kubectl's
// verb and resource checks (resources resolved through discovery, one rule per API group).

import { tryResolveType } from '../resolve.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { PolicyRule, Subject } from '../../cluster/rbac/types.js';
import { nameRequired, requiredFlagsError } from './generators.js';
import type { BatchVerbHooks } from './create-batch.js';

const RBAC = 'rbac.authorization.k8s.io';
const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const SPECIAL_VERBS: Record<string, Array<[string, string]>> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  escalate: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};

interface ResourceOption {
  group: string;
  resource: string;
  subresource: string;
}

const uniq = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);

function verbsOf(args: ParsedArgs): string[] {
  const verbs: string[] = [];
  for (const v of list(args, 'verb')) {
    if (v === '*') return ['*'];
    if (!verbs.includes(v)) verbs.push(v);
  }
  return verbs;
}

function resourcesOf(args: ParsedArgs): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of list(args, 'resource')) {
    const slash = r.indexOf('/');
    const section = slash < 0 ? r : r.slice(0, slash);
    const dot = section.indexOf('.');
    const opt = { resource: dot < 0 ? section : section.slice(0, dot), group: dot < 0 ? '' : section.slice(dot + 1), subresource: slash < 0 ? '' : r.slice(slash + 1) };
    if (opt.resource === '*' && dot < 0 && slash < 0) return [opt];
    out.push(opt);
  }
  return out;
}

/** The RESTMapper's ResourceFor over discovery: the full resource and group, or NoResourceMatchError. */
function resourceFor(r: ResourceOption): { group: string; resource: string } | Error {
  const info = tryResolveType(r.group ? `${r.resource}.${r.group}` : r.resource);
  if (info && (!r.group || info.group === r.group)) return { group: info.group, resource: info.name };
  return new Error(`no matches for ${r.group}/, Resource=${r.resource}`);
}

function validateResources(verbs: string[], resources: ResourceOption[]): void {
  for (const r of resources) {
    if (!r.resource) throw new KubectlError('error: resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = resourceFor(r);
    let err: Error | undefined = found instanceof Error ? found : undefined;
    const gr = found instanceof Error ? { group: r.group, resource: r.resource } : found;
    for (const v of verbs) {
      const special = SPECIAL_VERBS[v];
      if (!special) continue;
      if (!special.some(([g, res]) => g === gr.group && res === gr.resource)) throw new KubectlError(`error: can not perform '${v}' on '${gr.resource}' in group '${gr.group}'`);
      err = undefined;
    }
    if (err) throw new KubectlError(`error: ${err.message}`);
  }
}

/** generateResourcePolicyRules: one rule per API group (sorted), then the non-resource URLs' rule. */
export function policyRules(verbs: string[], resources: ResourceOption[], names: string[], urls: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = resourceFor(r);
    const gr = found instanceof Error ? { group: r.group, resource: r.resource } : found;
    const res = r.subresource ? `${gr.resource}/${r.subresource}` : gr.resource;
    const cur = byGroup.get(gr.group) ?? [];
    if (!cur.includes(res)) cur.push(res);
    byGroup.set(gr.group, cur);
  }
  const rules: PolicyRule[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: PolicyRule = { verbs, apiGroups: [g], resources: byGroup.get(g)! };
    if (names.length) rule.resourceNames = names;
    rules.push(rule);
  }
  if (urls.length) rules.push({ verbs, nonResourceURLs: urls });
  return rules;
}

function warnVerbs(ctx: KubectlContext, verbs: string[]): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) ctx.err(`Warning: '${v}' is not a standard resource verb\n`);
}

function meta(name: string, namespace: string | undefined): KubeObject['metadata'] {
  const m: Record<string, unknown> = { name };
  if (namespace) m.namespace = namespace;
  m.creationTimestamp = null;
  return m as KubeObject['metadata'];
}

/** cliflag.MapStringString: key=value pairs, comma-separated, over repeated flags. */
function mapStringString(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    for (const pair of v.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new KubectlError(`error: invalid argument "${v}" for "--aggregation-rule" flag: malformed pair, expect string=string`);
      out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return out;
}

function subjectsOf(args: ParsedArgs): Subject[] {
  const subjects: Subject[] = [];
  for (const u of list(args, 'user')) subjects.push({ kind: 'User', apiGroup: RBAC, name: u });
  for (const g of list(args, 'group')) subjects.push({ kind: 'Group', apiGroup: RBAC, name: g });
  for (const sa of list(args, 'serviceaccount')) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || !tokens[0] || !tokens[1]) throw new KubectlError('error: serviceaccount must be <namespace>:<name>');
    subjects.push({ kind: 'ServiceAccount', name: tokens[1], namespace: tokens[0] });
  }
  return subjects;
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, roleKind: string, role: string, subjects: Subject[]): KubeObject {
  // Go field order (the JSON printer keeps it): subjects before roleRef
  const b: Record<string, unknown> = { kind, apiVersion: `${RBAC}/v1`, metadata: meta(name, namespace) };
  if (subjects.length) b.subjects = subjects;
  b.roleRef = { apiGroup: RBAC, kind: roleKind, name: role };
  return b as unknown as KubeObject;
}

export function rbacVerbs(h: BatchVerbHooks): Record<string, Verb> {
  const ruleFlags: FlagSpec[] = [{ name: 'verb', type: 'stringSlice' }, { name: 'resource', type: 'stringSlice' }, { name: 'resource-name', type: 'stringArray' }];
  const subjectFlags: FlagSpec[] = [{ name: 'user', type: 'stringArray' }, { name: 'group', type: 'stringArray' }, { name: 'serviceaccount', type: 'stringArray' }];
  const role: Verb = {
    name: 'role',
    path: 'kubectl create role',
    flags: [...h.common, ...ruleFlags],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create role');
      const verbs = verbsOf(args);
      const resources = resourcesOf(args);
      if (verbs.length === 0) throw new KubectlError('error: at least one verb must be specified');
      warnVerbs(ctx, verbs);
      if (resources.length === 0) throw new KubectlError('error: at least one resource must be specified');
      validateResources(verbs, resources);
      const obj = { kind: 'Role', apiVersion: `${RBAC}/v1`, metadata: meta(name, h.namespace(ctx)), rules: policyRules(verbs, resources, uniq(list(args, 'resource-name')), []) } as KubeObject;
      h.create(ctx, args, obj, null);
    },
  };
  const clusterrole: Verb = {
    name: 'clusterrole',
    path: 'kubectl create clusterrole',
    flags: [...h.common, ...ruleFlags, { name: 'non-resource-url', type: 'stringSlice' }, { name: 'aggregation-rule', type: 'stringArray' }],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create clusterrole');
      const verbs = verbsOf(args);
      const resources = resourcesOf(args);
      const names = uniq(list(args, 'resource-name'));
      const urls = uniq(list(args, 'non-resource-url'));
      const aggregation = mapStringString(list(args, 'aggregation-rule'));
      const obj: Record<string, unknown> = { kind: 'ClusterRole', apiVersion: `${RBAC}/v1`, metadata: meta(name, undefined) };
      if (Object.keys(aggregation).length) {
        if (urls.length || verbs.length || resources.length || names.length) throw new KubectlError('error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
        obj.rules = null;
        obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: aggregation }] };
        h.create(ctx, args, obj as unknown as KubeObject, null);
        return;
      }
      if (verbs.length === 0) throw new KubectlError('error: at least one verb must be specified');
      if (resources.length === 0 && urls.length === 0) throw new KubectlError('error: one of resource or nonResourceURL must be specified');
      if (resources.length) {
        warnVerbs(ctx, verbs);
        validateResources(verbs, resources);
      }
      if (urls.length) {
        for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new KubectlError(`error: invalid verb: '${v}' for nonResourceURL`);
        for (const u of urls) {
          if (u === '*') continue;
          if (!u.startsWith('/')) throw new KubectlError('error: nonResourceURL should start with /');
          if (u.slice(0, -1).includes('*')) throw new KubectlError("error: nonResourceURL only supports wildcard matches when '*' is at the end");
        }
      }
      obj.rules = policyRules(verbs, resources, names, urls);
      h.create(ctx, args, obj as unknown as KubeObject, null);
    },
  };
  const rolebinding: Verb = {
    name: 'rolebinding',
    path: 'kubectl create rolebinding',
    flags: [...h.common, { name: 'clusterrole', type: 'string' }, { name: 'role', type: 'string' }, ...subjectFlags],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create rolebinding');
      const cr = str(args, 'clusterrole');
      const r = str(args, 'role');
      if (!cr === !r) throw new KubectlError('error: exactly one of clusterrole or role must be specified');
      const obj = binding('RoleBinding', name, h.namespace(ctx), cr ? 'ClusterRole' : 'Role', cr || r, subjectsOf(args));
      h.create(ctx, args, obj, null);
    },
  };
  const clusterrolebinding: Verb = {
    name: 'clusterrolebinding',
    path: 'kubectl create clusterrolebinding',
    flags: [...h.common, { name: 'clusterrole', type: 'string' }, ...subjectFlags],
    run(ctx, args) {
      if (!args.changed.has('clusterrole')) throw requiredFlagsError(ctx.now(), ['clusterrole']);
      const name = nameRequired(args.args, 'kubectl create clusterrolebinding');
      const obj = binding('ClusterRoleBinding', name, undefined, 'ClusterRole', str(args, 'clusterrole'), subjectsOf(args));
      h.create(ctx, args, obj, null);
    },
  };
  return { role, clusterrole, rolebinding, clusterrolebinding };
}
