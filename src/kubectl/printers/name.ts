// `-o name` and the `kind.group/name` form kubectl uses in messages (`deployment.apps/web created`).

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { kindPrefix } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';

/** `pod/web-1`, `deployment.apps/web`, `service/web`. */
export function nameOf(resource: ResourceInfo, obj: Pick<KubeObject, 'metadata'>): string {
  return `${kindPrefix(resource)}/${obj.metadata?.name ?? ''}`;
}
