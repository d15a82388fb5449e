// `kubectl explain TYPE[.FIELD...] [--recursive] [--api-version=G/V]` (cmd/explain/explain.go and
// explain.SplitAndParseResourceRequest[WithMatchingPrefix]): the resource is resolved as the REST mapper does,
// the schema is the API server's v1.32 OpenAPI v3 document for the group-version, rendered by the plaintext
// template (explain/render.ts).

import { type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { openApi, schemaNameFor } from '../../cluster/apiserver/schema/openapi.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import { renderExplain } from '../explain/render.js';

const SUGGEST = 'Use "kubectl api-resources" for a complete list of supported resources.';

/** The mapper's ResourcesFor({Resource: r}): short names expanded, plural or singular (any case), any group. */
function resourcesFor(resource: string, RESOURCES: readonly ResourceInfo[]): ResourceInfo[] {
  const r = resource.toLowerCase();
  const short = RESOURCES.find((i) => i.shortNames.includes(r));
  const name = RESOURCES.some((i) => i.name === r || i.singular === r) ? r : (short?.name ?? r);
  return RESOURCES.filter((i) => i.name === name || i.singular === name);
}

/** The jsonpath field nodes of `a.b.c` (kubectl parses the argument as `{.a.b.c}`). */
function fieldNodes(text: string): string[] {
  const t = text.replace(/\.$/, '');
  if (!/^[A-Za-z0-9_.\-/]*$/.test(t) || t.startsWith('.') || t.includes('..')) {
    throw new KubectlError('error: invalid jsonpath syntax, first node must be field node');
  }
  return t === '' ? [] : t.split('.');
}

function gvrString(group: string, version: string, resource: string): string {
  return `${group}/${version}, Resource=${resource}`;
}

/** schema.ParseGroupVersion */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new KubectlError(`error: unexpected GroupVersion string: ${gv}`);
}

function run(ctx: KubectlContext, args: ParsedArgs): number {
  if (args.args.length === 0) throw new KubectlError(`error: You must specify the type of resource to explain. ${SUGGEST}`);
  if (args.args.length > 1) throw new KubectlError('error: We accept only this format: explain RESOURCE');
  const arg = args.args[0];
  const apiVersion = str(args, 'api-version');
  const nodes = fieldNodes(arg);
  const candidates = nodes.length ? resourcesFor(nodes[0], ctx.api.discovery()) : [];
  if (candidates.length === 0) throw new KubectlError(`error: the server doesn't have a resource type "${nodes[0] ?? ''}"`);
  let info = candidates[0];
  let fieldPath = nodes.slice(1);
  if (!apiVersion) {
    // the first resource whose `resource.group` the argument starts with; else the first (highest priority) one
    const byPrefix = candidates.find((c) => arg.startsWith(c.group ? `${c.name}.${c.group}` : c.name));
    if (byPrefix) {
      info = byPrefix;
      const gr = info.group ? `${info.name}.${info.group}` : info.name;
      fieldPath = fieldNodes(arg.slice(gr.length).replace(/^\./, ''));
    }
  }
  if (info.crd) throw new KubectlError(`error: kubesim does not simulate "kubectl explain" for custom resources yet (${info.name}.${info.group} is served by a CustomResourceDefinition)`);
  const format = str(args, 'output');
  if (format === 'plaintext-openapiv2') throw new KubectlError('error: kubesim does not simulate "kubectl explain --output=plaintext-openapiv2" yet');
  let { group, version } = info;
  if (apiVersion) ({ group, version } = parseGroupVersion(apiVersion));
  const asset = openApi();
  const gv = group ? `${group}/${version}` : version;
  if (!asset.groupVersions.includes(gv)) throw new KubectlError(`error: couldn't find resource for "${gvrString(group, version, info.name)}"`);
  if (format !== 'plaintext') throw new KubectlError(`error: unrecognized format: ${format}`);
  // the group-version's document serves the resource when it has the kind (the resource's paths carry its GVK)
  const schemaName = group === info.group ? schemaNameFor(group, version, info.kind) : undefined;
  if (!schemaName) throw new KubectlError(`error: GVR (${gvrString(group, version, info.name)}) not found in OpenAPI schema`);
  const { out, error } = renderExplain(asset.schemas, { group, version, kind: info.kind, schemaName }, fieldPath, bool(args, 'recursive'));
  ctx.out(out);
  if (error) throw new KubectlError(error);
  return 0;
}

const explain: Verb = {
  name: 'explain',
  readOnly: true,
  flags: [
    { name: 'api-version', type: 'string', default: '' },
    { name: 'output', short: 'o', type: 'string', default: 'plaintext' },
    { name: 'recursive', type: 'bool' },
  ],
  run,
};
export default explain;
