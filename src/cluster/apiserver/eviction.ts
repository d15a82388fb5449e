// POST pods/NAME/eviction (pkg/registry/core/pod/storage/eviction.go): a graceful delete that first asks the
// pod's PodDisruptionBudget. A pod that is finished, Pending or already terminating goes without asking; with a
// budget that allows no disruption the answer is 429 "Cannot evict pod as it would violate the pod's disruption
// budget."; otherwise the budget's disruptionsAllowed is decremented and the pod noted in status.disruptedPods
// (the disruption controller forgets it once the pod is gone, or after two minutes).

import { StatusError } from './errors.js';
import { fromLabelSelector, matches } from './labels.js';
import type { ApiServer, DeleteOptions } from './server.js';
import type { KubeObject, Pod } from './types.js';

export const PDB_KEY = 'poddisruptionbudgets.policy';
export const EVICTION_BLOCKED = "Cannot evict pod as it would violate the pod's disruption budget.";

interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
}

/** The budgets whose selector matches the pod (policy/v1: an empty selector matches every pod in the namespace). */
export function pdbsForPod(api: ApiServer, pod: Pod): KubeObject[] {
  return api.list<KubeObject>(PDB_KEY, pod.metadata.namespace).filter((pdb) => {
    const sel = fromLabelSelector((pdb.spec as { selector?: any } | undefined)?.selector);
    return sel !== null && matches(sel, pod.metadata.labels);
  });
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function evictPod(api: ApiServer, ns: string, name: string, opts: DeleteOptions = {}): Pod {
  const pod = api.get<Pod>('pods', ns, name);
  const phase = pod.status?.phase;
  if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending') {
    return api.delete<Pod>('pods', ns, name, opts);
  }
  const pdbs = pdbsForPod(api, pod);
  if (pdbs.length > 1) {
    throw new StatusError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    const status = (pdb.status ?? {}) as PdbStatus;
    const blocked = (cause: string) =>
      new StatusError('TooManyRequests', EVICTION_BLOCKED, { causes: [{ reason: 'DisruptionBudget', message: cause, field: '' }] } as never);
    // an unhealthy pod may go when the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget)
    const unhealthyOK = !isReady(pod) && (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0;
    if (!unhealthyOK) {
      if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) throw blocked(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
      if ((status.disruptionsAllowed ?? 0) < 0) throw new StatusError('Forbidden', 'pdb disruptions allowed is negative');
      if ((status.disruptionsAllowed ?? 0) === 0) {
        throw blocked(`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
      }
      if (!opts.dryRun) {
        const next = structuredClone(pdb);
        const st = (next.status ??= {}) as PdbStatus;
        st.disruptionsAllowed = (st.disruptionsAllowed ?? 0) - 1;
        st.disruptedPods = { ...(st.disruptedPods ?? {}), [name]: api.clock.timestamp() };
        api.updateStatus(next);
      }
    }
  }
  return api.delete<Pod>('pods', ns, name, opts);
}
