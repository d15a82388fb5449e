// `kubectl api-versions` (cmd/apiresources/apiversions.go of v1.32): every group/version the server's discovery
// serves, sorted as sort.Strings does. Besides each resource's preferred version, kube-apiserver v1.32 also serves
// autoscaling/v1; the aggregated metrics.k8s.io/v1beta1 appears once metrics-server is up.

import { type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { metricsAvailable } from '../../cluster/metrics/server.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import type { ParsedArgs } from '../flags.js';

/** Versions served beside the preferred ones that RESOURCES lists. */
const NON_PREFERRED = ['autoscaling/v1'];

/** The lines `kubectl api-versions` prints, for the given discovery and whether the metrics API is available. */
export function renderApiVersions(resources: readonly ResourceInfo[], metrics: boolean): string {
  const versions = new Set<string>(NON_PREFERRED);
  for (const r of resources) versions.add(r.group ? `${r.group}/${r.version}` : r.version);
  if (metrics) versions.add('metrics.k8s.io/v1beta1');
  const sorted = [...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((v) => `${v}\n`).join('');
}

const verb: Verb = {
  name: 'api-versions',
  readOnly: true,
  flags: [],
  run(ctx: KubectlContext, args: ParsedArgs) {
    if (args.args.length) throw new KubectlError(`error: unexpected arguments: [${args.args.join(' ')}]\nSee 'kubectl api-versions -h' for help and examples`);
    ctx.out(renderApiVersions(ctx.api.discovery(), metricsAvailable(ctx.api)));
    return 0;
  },
};

export default verb;
