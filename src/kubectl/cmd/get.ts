// `kubectl get` (cmd/get/get.go): resources by type, name, TYPE/NAME, -l, -A or -f; server-side tables with kind
// prefixes and blank lines between kinds, or -o yaml|json|name|jsonpath|custom-columns on the object or a v1 List;
// NotFound errors after the output; "No resources found" on stderr when nothing was printed.

import { crdVersionOf } from '../../cluster/apiserver/crd/served.js';
import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { matches, type Selector } from '../../cluster/apiserver/labels.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { renderGet } from '../printers/get-output.js';
import { tableFor, type Table } from '../printers/tables.js';
import { resolveRequest } from '../resolve.js';
import type { GenericFormat } from './get-generic.js';
import { formatErrors, SourcedError } from './report.js';
import { fieldSelectorFor, selectorFlag } from '../selector.js';
import { templateFormatOf, TemplateFlagError } from '../printers/template-printers.js';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'chunk-size', type: 'int', default: 500 },
  { name: 'field-selector', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'label-columns', short: 'L', type: 'stringSlice' },
  { name: 'no-headers', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'raw', type: 'string', unsimulated: true },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'server-print', type: 'bool', default: true },
  { name: 'show-kind', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'subresource', type: 'string' },
  { name: 'template', type: 'string' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
];

const GET_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml'];

const NO_TYPE_ERROR =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples";

type Format = { kind: 'table'; wide: boolean } | GenericFormat;

function formatOf(args: ParsedArgs, cwd: string): Format {
  const o = str(args, 'output');
  const templateFlag = str(args, 'template');
  if (o === '' && templateFlag === '') return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const head = eq < 0 ? o : o.slice(0, eq);
  if (eq >= 0 && head === 'custom-columns') return { kind: head, arg: o.slice(eq + 1) };
  if (head === 'custom-columns') throw new KubectlError('error: custom-columns format specified but no custom columns given');
  if (head === 'custom-columns-file') throw new KubectlError(`error: kubesim does not support -o ${head}`);
  try {
    const tf = templateFormatOf(o, templateFlag, cwd, GET_FORMATS);
    if (tf) return { kind: 'template', template: tf, allowMissing: args.flags['allow-missing-template-keys'] !== false };
  } catch (e) {
    if (e instanceof TemplateFlagError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
  throw new KubectlError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${GET_FORMATS.join(',')}`);
}

/** One "info" of the builder: a whole resource type (list) or one named object. */
interface Info {
  resource: ResourceInfo;
  objects: KubeObject[];
  /** true for a listed type (namespaced-ness counts for "No resources found in ns") */
  listed: boolean;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const filenames = list(args, 'filename');
  const kustomize = str(args, 'kustomize');
  const allNamespaces = bool(args, 'all-namespaces');
  const ignoreNotFound = bool(args, 'ignore-not-found');
  const selectorText = str(args, 'selector');
  const fieldText = str(args, 'field-selector');
  const output = str(args, 'output');
  if (args.args.length === 0 && filenames.length === 0 && !kustomize) throw new KubectlError(NO_TYPE_ERROR);
  const format = formatOf(args, ctx.cwd);
  if (bool(args, 'show-labels') && format.kind !== 'table') {
    throw new KubectlError(`error: --show-labels option cannot be used with ${format.kind} printer`);
  }
  const selector = selectorFlag(selectorText);
  const ns = allNamespaces ? undefined : ctx.namespace;
  if (bool(args, 'watch') || bool(args, 'watch-only')) {
    if (filenames.length || kustomize) throw new KubectlError('error: kubesim does not simulate watching objects given with -f or -k');
    const req = resolveRequest(args.args, { selector: selectorText || fieldText, allowEmptySelector: true, allNamespaces, served: ctx.api.discovery() });
    const targets = req.mode === 'list' ? req.resources.map((resource) => ({ resource })) : req.targets.map((t) => ({ resource: t.resource, name: t.name }));
    if (targets.length > 1) throw new KubectlError(`error: watch is only supported on individual resources and resource collections, but ${targets.length} resources were found`);
    const { runWatch } = await import('./get-watch.js');
    const fields = req.mode === 'list' && req.resources.length === 1 ? fieldSelectorFor(req.resources[0], fieldText, selectorText) : [];
    return runWatch(ctx, args, { targets, namespace: ns, selector, fields, format, allNamespaces });
  }

  const infos: Info[] = [];
  const errors: unknown[] = [];
  let singleItemImplied = false;

  if (filenames.length || kustomize) {
    if (args.args.length) throw new KubectlError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    // loaded only for -f: the YAML reader is the largest module a plain `get` would otherwise pull in
    const { readManifestsFor } = await import('../manifests.js');
    const items = readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive'), kustomize, bareKustomizeErrors: true });
    singleItemImplied = items.length === 1 && !kustomize;
    for (const item of items) {
      if (item.kind === 'error') {
        errors.push(new KubectlError(`error: ${item.message}`));
        continue;
      }
      const obj = item.object;
      try {
        const got = ctx.api.get(resourceKey(item.resource), obj.metadata.namespace, obj.metadata.name ?? '');
        if (selector === null || selectorMatches(selector, got)) infos.push({ resource: item.resource, objects: [got], listed: false });
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'NotFound' && ignoreNotFound) continue;
        errors.push(e instanceof StatusError ? e : new SourcedError(e, 'getting', item.source));
      }
    }
  } else {
    const req = resolveRequest(args.args, { selector: selectorText || fieldText, allowEmptySelector: true, allNamespaces, served: ctx.api.discovery() });
    if (req.mode === 'list') {
      for (const resource of req.resources) {
        try {
          const fields = fieldSelectorFor(resource, fieldText, selectorText);
          infos.push({ resource, objects: ctx.api.list(resourceKey(resource), ns, selector, fields), listed: true });
        } catch (e) {
          errors.push(e);
        }
      }
    } else {
      singleItemImplied = req.singleItemImplied;
      for (const t of req.targets) {
        try {
          const got = ctx.api.get(resourceKey(t.resource), ctx.namespace, t.name);
          infos.push({ resource: t.resource, objects: [got], listed: false });
        } catch (e) {
          if (e instanceof StatusError && e.reason === 'NotFound' && ignoreNotFound) continue;
          errors.push(e);
        }
      }
    }
  }

  const sortBy = str(args, 'sort-by');
  if (format.kind === 'table') {
    const distinct = new Set(infos.map((i) => i.resource));
    const withKind = bool(args, 'show-kind') || distinct.size > 1;
    // consecutive infos of one resource share a table (the printer changes only when the mapping does)
    const groups: Array<{ resource: ResourceInfo; table: Table }> = [];
    let last: { resource: ResourceInfo; objects: KubeObject[] } | undefined;
    const runs: Array<{ resource: ResourceInfo; objects: KubeObject[] }> = [];
    for (const info of infos) {
      if (last && last.resource === info.resource && !info.listed) last.objects.push(...info.objects);
      else {
        last = { resource: info.resource, objects: [...info.objects] };
        runs.push(last);
      }
    }
    const sortRows = sortBy ? (await import('../printers/sort-rows.js')).sortRows : undefined;
    for (const r of runs) {
      let table = tableFor(r.resource, r.objects, ctx.now(), crdVersionOf(ctx.api.store, r.resource)?.additionalPrinterColumns);
      if (sortRows) table = sortRows(table, sortBy);
      groups.push({ resource: r.resource, table });
    }
    const text = renderGet(groups, {
      wide: format.wide,
      allNamespaces,
      withKind,
      noHeaders: bool(args, 'no-headers'),
      showLabels: bool(args, 'show-labels'),
      labelColumns: list(args, 'label-columns'),
    });
    ctx.out(text);
    if (text === '' && !ignoreNotFound && errors.length === 0) {
      const allNamespaced = !allNamespaces && infos.every((i) => i.resource.namespaced);
      ctx.err(allNamespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
    }
    return report(ctx, errors);
  }

  // generic printers
  if (singleItemImplied && errors.length && infos.length === 0) return report(ctx, errors);
  if (infos.length === 0 && ignoreNotFound) return report(ctx, errors);
  // -o yaml|json|name|jsonpath|custom-columns: printers loaded only when asked for (a cold plain `get` skips them)
  const generic = await import('./get-generic.js');
  generic.printGeneric(ctx, args, format, infos, singleItemImplied, strip);
  return report(ctx, errors);
}

function strip(obj: KubeObject, args: ParsedArgs): KubeObject {
  if (bool(args, 'show-managed-fields') || !obj.metadata?.managedFields) return obj;
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return copy;
}

function selectorMatches(selector: Selector, obj: KubeObject): boolean {
  return matches(selector, obj.metadata.labels);
}

function report(ctx: KubectlContext, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  ctx.err(formatErrors(errors));
  return 1;
}

const get: Verb = { name: 'get', flags: FLAGS, readOnly: true, run };
export default get;
