// `kubectl api-resources`: the discovery table (cmd/apiresources/apiresources.go of v1.32): filters by group,
// scope, verbs and categories, `-o wide|name`, `--sort-by=name|kind`, `--no-headers`.

import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';

export interface ApiResourcesOptions {
  output: string;
  noHeaders: boolean;
  sortBy: string;
  apiGroup?: string;
  namespaced?: boolean;
  verbs: string[];
  categories: string[];
}

function goCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rows of api-resources after filtering and the stable sort kubectl applies. */
export function selectResources(resources: readonly ResourceInfo[], o: ApiResourcesOptions): ResourceInfo[] {
  const picked = resources.filter(
    (r) =>
      r.verbs.length > 0 &&
      (o.apiGroup === undefined || r.group === o.apiGroup) &&
      (o.namespaced === undefined || r.namespaced === o.namespaced) &&
      o.verbs.every((v) => r.verbs.includes(v)) &&
      o.categories.every((c) => r.categories.includes(c)),
  );
  const key = (r: ResourceInfo) => (o.sortBy === 'name' ? r.name : o.sortBy === 'kind' ? r.kind : r.group);
  // Array.prototype.sort is stable, as sort.Stable is
  return picked.sort((a, b) => goCompare(key(a), key(b)) || goCompare(a.name, b.name));
}

/** The text `kubectl api-resources` prints. */
export function renderApiResources(resources: readonly ResourceInfo[], o: ApiResourcesOptions): string {
  const rows = selectResources(resources, o);
  if (o.output === 'name') return rows.map((r) => (r.group ? `${r.name}.${r.group}` : r.name) + '\n').join('');
  let text = '';
  if (!o.noHeaders) {
    const cols = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
    if (o.output === 'wide') cols.push('VERBS', 'CATEGORIES');
    text += cols.join('\t') + '\n';
  }
  for (const r of rows) {
    const cells = [r.name, r.shortNames.join(','), r.apiVersion, String(r.namespaced), r.kind];
    if (o.output === 'wide') cells.push(r.verbs.join(','), r.categories.join(','));
    text += cells.join('\t') + '\n';
  }
  return tabwrite(text);
}

/** Discovery lists a resource once, at its group's preferred version (the first a CRD serves, kube-aware order). */
function preferred(all: ResourceInfo[]): ResourceInfo[] {
  const seen = new Set<string>();
  return all.filter((r) => {
    const k = `${r.group}/${r.name}`;
    if (r.crd && seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const verb: Verb = {
  name: 'api-resources',
  readOnly: true,
  flags: [
    { name: 'api-group', type: 'string' },
    { name: 'cached', type: 'bool' },
    { name: 'categories', type: 'stringSlice' },
    { name: 'namespaced', type: 'bool', default: true },
    { name: 'no-headers', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'sort-by', type: 'string' },
    { name: 'verbs', type: 'stringSlice' },
  ],
  run(ctx: KubectlContext, args: ParsedArgs) {
    if (args.args.length) {
      throw new KubectlError(`error: unexpected arguments: [${args.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`);
    }
    const output = str(args, 'output');
    if (!['', 'wide', 'name'].includes(output)) throw new KubectlError(`error: --output ${output} is not available`);
    const sortBy = str(args, 'sort-by');
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') throw new KubectlError('error: --sort-by accepts only name or kind');
    ctx.out(
      renderApiResources(preferred(ctx.api.discovery()), {
        output,
        noHeaders: bool(args, 'no-headers'),
        sortBy,
        apiGroup: args.changed.has('api-group') ? str(args, 'api-group') : undefined,
        namespaced: args.changed.has('namespaced') ? bool(args, 'namespaced') : undefined,
        verbs: list(args, 'verbs'),
        categories: list(args, 'categories'),
      }),
    );
  },
};

export default verb;
