// Resource-type resolution as kubectl's resource builder does it (cli-runtime resource/builder.go `mappingFor`,
// client-go's shortcut expander and REST mapper): plural/singular/short names/kinds, `deploy.v1.apps`, the `all`
// category, `TYPE1,TYPE2`, `TYPE/NAME` arguments, and the builder's exact error strings.

import { RESOURCES, resourceKey, type ResourceInfo } from '../cluster/apiserver/discovery.js';
import { KubectlError } from './context.js';

/** The builder's error when neither resources nor files were given. */
export const MISSING_RESOURCE_ERROR =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

function fail(message: string): never {
  throw new KubectlError(`error: ${message}`);
}

/** What discovery serves: the built-in resources unless a caller passes the API server's discovery (CRDs too). */
type Served = readonly ResourceInfo[];

/** client-go shortcutExpander.expandResourceShortcut */
function expandShortcut(resource: string, group: string | undefined, MAPPABLE: Served): { resource: string; group: string | undefined } {
  for (const info of MAPPABLE) {
    if (group !== undefined && group !== '' && info.group !== group) continue;
    if (resource === info.name || resource === info.singular) return { resource, group };
  }
  for (const info of MAPPABLE) {
    if (group !== undefined && group !== '' && info.group !== group) continue;
    if (info.shortNames.includes(resource)) return { resource: info.name, group: info.group };
  }
  if (!group) return { resource, group };
  for (const info of MAPPABLE) {
    if (!info.group.startsWith(group)) continue;
    if (info.shortNames.includes(resource)) return { resource: info.name, group: info.group };
  }
  return { resource, group };
}

/** REST mapper KindFor(resource): lower-cased plural or singular; an empty group or version matches any. */
function kindFor(resource: string, group: string | undefined, version: string | undefined, MAPPABLE: Served): ResourceInfo | undefined {
  const exp = expandShortcut(resource, group || undefined, MAPPABLE);
  const res = exp.resource.toLowerCase();
  const g = exp.group;
  return MAPPABLE.find(
    (info) => (info.name === res || info.singular === res) && (!g || info.group === g) && (!version || info.version === version),
  );
}

/** REST mapper RESTMapping(groupKind, version): kinds are matched exactly. */
function mappingForKind(kind: string, group: string, version: string | undefined, MAPPABLE: Served): ResourceInfo | undefined {
  return MAPPABLE.find((info) => info.kind === kind && info.group === group && (!version || info.version === version));
}

/**
 * Resolves one TYPE string (`pods`, `po`, `Pod`, `deployments.apps`, `deploy.v1.apps`) to its resource, or throws
 * `error: the server doesn't have a resource type "<resource>"`.
 */
export function resolveType(text: string, served: Served = RESOURCES): ResourceInfo {
  const info = tryResolveType(text, served);
  if (!info) {
    const dot = text.indexOf('.');
    fail(`the server doesn't have a resource type "${dot < 0 ? text : text.slice(0, dot)}"`);
  }
  return info;
}

export function tryResolveType(text: string, served: Served = RESOURCES): ResourceInfo | undefined {
  // schema.ParseResourceArg
  const dot = text.indexOf('.');
  let found: ResourceInfo | undefined;
  if ((text.match(/\./g) ?? []).length >= 2) {
    const parts = text.split('.');
    const [resource, version] = parts;
    const group = parts.slice(2).join('.');
    found = kindFor(resource, group, version, served);
  }
  if (!found) {
    const resource = dot < 0 ? text : text.slice(0, dot);
    const group = dot < 0 ? undefined : text.slice(dot + 1);
    found = kindFor(resource, group, undefined, served);
  }
  if (found) return found;
  // schema.ParseKindArg: Kind.version.group or Kind.group
  if ((text.match(/\./g) ?? []).length >= 2) {
    const parts = text.split('.');
    const m = mappingForKind(parts[0], parts.slice(2).join('.'), parts[1], served);
    if (m) return m;
  }
  const kind = dot < 0 ? text : text.slice(0, dot);
  const group = dot < 0 ? '' : text.slice(dot + 1);
  return mappingForKind(kind, group, undefined, served);
}

/** Category expansion (`all`) of one comma-separated type argument, as Builder.ReplaceAliases does. */
export function replaceAliases(input: string, served: Served = RESOURCES): string {
  return input
    .split(',')
    .map((arg) => {
      const members = served.filter((r) => r.categories.includes(arg));
      if (members.length === 0) return arg;
      return members.map((r) => (r.group ? `${r.name}.${r.group}` : r.name)).join(',');
    })
    .join(',');
}

/** Builder.SplitResourceArgument: split on commas, drop duplicates, keep order. */
export function splitResourceArgument(arg: string): string[] {
  const out: string[] = [];
  for (const s of arg.split(',')) if (!out.includes(s)) out.push(s);
  return out;
}

/** Resolves `TYPE1,TYPE2` (with `all` expanded) to unique resources in order. */
export function resolveTypes(text: string, served: Served = RESOURCES): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const t of splitResourceArgument(replaceAliases(text, served))) {
    const info = resolveType(t, served);
    if (!out.includes(info)) out.push(info);
  }
  return out;
}

export interface NamedTarget {
  resource: ResourceInfo;
  name: string;
}

/** What the arguments ask for: whole resource types (listed, maybe with a selector) or named objects. */
export type ResourceRequest =
  | { mode: 'list'; resources: ResourceInfo[] }
  | { mode: 'names'; targets: NamedTarget[]; singleItemImplied: boolean; types: ResourceInfo[] };

export interface RequestOptions {
  /** `-l` value (non-empty means a selector was given) */
  selector?: string;
  /** `--all` */
  selectAll?: boolean;
  /** get/describe list all objects when only a type is given (allowEmptySelector) */
  allowEmptySelector?: boolean;
  /** `-A` (names are then rejected) */
  allNamespaces?: boolean;
  /** -f given (then type arguments are rejected) */
  hasFilenames?: boolean;
  /** what the server serves (the API server's discovery, custom resources included); built-ins when absent */
  served?: Served;
}

function splitResourceTypeName(s: string): { resource: string; name: string } | undefined {
  if (!s.includes('/')) return undefined;
  const seg = s.split('/');
  if (seg.length !== 2) fail('arguments in resource/name form may not have more than one slash');
  const [resource, name] = seg;
  if (!resource || !name || splitResourceArgument(resource).length !== 1) {
    fail('arguments in resource/name form must have a single resource and name');
  }
  return { resource, name };
}

/** Builder.normalizeMultipleResourcesArgs: `a,b x y` → `a/x a/y b/x b/y`. */
function normalizeMultipleResourcesArgs(args: string[]): string[] {
  if (args.length >= 2) {
    const resources = splitResourceArgument(args[0]);
    if (resources.length > 1) {
      const out: string[] = [];
      for (const r of resources) for (const n of args.slice(1)) out.push(`${r}/${n}`);
      return out;
    }
  }
  return args;
}

/**
 * The resource builder's ResourceTypeOrNameArgs + visitorResult decisions, with its error strings.
 * Order of targets is the order of the arguments.
 */
export function resolveRequest(argsIn: string[], opts: RequestOptions = {}): ResourceRequest {
  const args = normalizeMultipleResourcesArgs([...argsIn]);
  const served = opts.served ?? RESOURCES;
  const slashes = args.filter((a) => a.includes('/')).length;
  const hasSelector = !!opts.selector?.trim() || !!opts.selectAll;
  if (slashes > 0 && slashes !== args.length) {
    fail(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  }
  if (slashes > 0) {
    const tuples = args.map((a) => splitResourceTypeName(a)!);
    if (opts.hasFilenames) fail('resource/name arguments cannot be provided when a path is specified');
    if (hasSelector) fail('selectors and the all flag cannot be used when passing resource/name arguments');
    const cache = new Map<string, ResourceInfo>();
    for (const t of tuples) if (!cache.has(t.resource)) cache.set(t.resource, resolveType(t.resource, served));
    if (opts.allNamespaces && tuples.some((t) => cache.get(t.resource)!.namespaced)) {
      fail('a resource cannot be retrieved by name across all namespaces');
    }
    const targets = tuples.map((t) => ({ resource: cache.get(t.resource)!, name: t.name }));
    const types: ResourceInfo[] = [];
    for (const t of targets) if (!types.includes(t.resource)) types.push(t.resource);
    return { mode: 'names', targets, singleItemImplied: tuples.length === 1, types };
  }
  if (args.length === 0) {
    if (opts.hasFilenames) return { mode: 'list', resources: [] };
    throw new KubectlError(MISSING_RESOURCE_ERROR);
  }
  if (opts.hasFilenames) fail('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  const typeArg = replaceAliases(args[0], served);
  const types = splitResourceArgument(typeArg);
  const names = args.slice(1);
  if (hasSelector || (names.length === 0 && opts.allowEmptySelector)) {
    if (names.length) fail('name cannot be provided when a selector is specified');
    return { mode: 'list', resources: resolveTypes(args[0], served) };
  }
  if (names.length === 0) {
    for (const t of types) resolveType(t, served);
    fail('resource(s) were provided, but no name was specified');
  }
  if (types.length > 1) fail('you must specify only one resource');
  const info = resolveType(types[0], served);
  if (info.namespaced && opts.allNamespaces) fail('a resource cannot be retrieved by name across all namespaces');
  return { mode: 'names', targets: names.map((name) => ({ resource: info, name })), singleItemImplied: names.length === 1, types: [info] };
}

/** Store key of a resolved resource (re-exported for verbs). */
export { resourceKey };
