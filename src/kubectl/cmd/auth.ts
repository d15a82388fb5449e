// `kubectl auth can-i` (cani.go: a SelfSubjectAccessReview, or with --list a SelfSubjectRulesReview, answered by
// the RBAC authorizer) and `kubectl auth whoami` (a SelfSubjectReview: the user the request was made as).

import { authorize, rulesFor, type Attributes } from '../../cluster/rbac/authorizer.js';
import { rbacLister } from '../../cluster/rbac/access.js';
import { accessListLines } from '../../cluster/rbac/rules-list.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';
import { tryResolveType } from '../resolve.js';
import { defaultSubCommandRun } from '../subcommand-run.js';

const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
const NON_STANDARD = new Set(['users', 'groups']);

function warn(ctx: KubectlContext, text: string): void {
  ctx.err(`Warning: ${text}\n`);
}

function canI(ctx: KubectlContext, a: ParsedArgs): number {
  const list = bool(a, 'list');
  const quiet = bool(a, 'quiet');
  const all = bool(a, 'all-namespaces');
  const sub = str(a, 'subresource');
  const positional = a.args;
  const lister = rbacLister(ctx.cluster.api);
  if (list) {
    if (positional.length !== 0) throw new KubectlError('error: list option must be specified with no arguments');
    if (quiet || all || sub) throw new KubectlError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
    const { rules, errors } = rulesFor(lister, ctx.user, ctx.namespace);
    if (errors.length) warn(ctx, `the list may be incomplete: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`);
    ctx.out(tabwrite(accessListLines(rules, bool(a, 'no-headers'))));
    return 0;
  }
  if (positional.length !== 2) throw new KubectlError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const verb = positional[0];
  const namespace = all ? '' : ctx.namespace;
  let attrs: Attributes;
  if (positional[1].startsWith('/')) {
    if (sub) throw new KubectlError('error: --subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warn(ctx, `verb '${verb}' is not a known verb`);
    attrs = { user: ctx.user, verb, path: positional[1] };
  } else {
    const [typeArg, name] = positional[1].split(/\/(.*)/s);
    let group = '';
    let resource = typeArg;
    let namespaced = true;
    if (typeArg !== '*') {
      const info = tryResolveType(typeArg.toLowerCase(), ctx.api.discovery());
      if (info) {
        group = info.group;
        resource = info.name;
        namespaced = info.namespaced;
      } else {
        const dot = typeArg.toLowerCase().indexOf('.');
        const gr = dot < 0 ? { r: typeArg.toLowerCase(), g: '' } : { r: typeArg.toLowerCase().slice(0, dot), g: typeArg.toLowerCase().slice(dot + 1) };
        if (!NON_STANDARD.has(typeArg.toLowerCase())) warn(ctx, gr.g ? `the server doesn't have a resource type '${gr.r}' in group '${gr.g}'` : `the server doesn't have a resource type '${gr.r}'`);
        resource = typeArg;
      }
    }
    if (!all && !namespaced) warn(ctx, group ? `resource '${resource}' is not namespace scoped in group '${group}'` : `resource '${resource}' is not namespace scoped`);
    if (!RESOURCE_VERBS.has(verb)) warn(ctx, `verb '${verb}' is not a known verb`);
    attrs = { user: ctx.user, verb, apiGroup: group, resource, subresource: sub || undefined, name: name ?? '', namespace };
  }
  if (bool(a, 'no-headers')) throw new KubectlError('error: --no-headers cannot be set without --list specified');
  const decision = authorize(lister, attrs);
  if (!quiet) ctx.out(decision.allowed ? 'yes\n' : `no${decision.reason ? ` - ${decision.reason}` : ''}\n`);
  return decision.allowed ? 0 : 1;
}

const canIVerb: Verb = {
  name: 'can-i',
  path: 'kubectl auth can-i',
  readOnly: true,
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'list', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
  ],
  run: (ctx, args) => canI(ctx, args),
};

const whoamiVerb: Verb = {
  name: 'whoami',
  path: 'kubectl auth whoami',
  readOnly: true,
  flags: [
    { name: 'output', short: 'o', type: 'string', unsimulated: true },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  run(ctx, args) {
    // whoami takes no arguments and, as cobra leaves it, ignores any given
    let text = 'ATTRIBUTE\tVALUE\n';
    text += `Username\t${ctx.user.name}\n`;
    if (ctx.user.uid) text += `UID\t${ctx.user.uid}\n`;
    if (ctx.user.groups.length) text += `Groups\t[${ctx.user.groups.join(' ')}]\n`;
    for (const k of Object.keys(ctx.user.extra ?? {}).sort()) text += `Extra: ${k}\t[${ctx.user.extra![k].join(' ')}]\n`;
    ctx.out(tabwrite(text));
    return 0;
  },
};

const auth: Verb = {
  name: 'auth',
  flags: [],
  subcommands: { 'can-i': canIVerb, whoami: whoamiVerb },
  run: defaultSubCommandRun('auth'),
};

export default auth;
