// A pod's resource requests and limits as the scheduler, the quota admission and the describers add them up
// (component-helpers resource.PodRequests / kubectl resourcehelper.PodRequestsAndLimits).

import { type ResourceList, addResourceList, maxResourceList, parseResourceList } from './quantity.js';
import type { Pod } from './types.js';

type Any = Record<string, any>;

/** resourcehelper.PodRequestsAndLimits (container sums, init-container maxima, sidecars, overhead). */
export function podRequestsAndLimits(pod: Pod): { reqs: ResourceList; limits: ResourceList } {
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s as Any]));
  for (const c of pod.spec.containers ?? []) {
    const res = (c.resources ?? {}) as Any;
    let containerReqs = parseResourceList(res.requests);
    const allocated = statuses.get(c.name)?.allocatedResources;
    if (allocated) {
      const merged = new Map(containerReqs);
      maxResourceList(merged, parseResourceList(allocated));
      containerReqs = merged;
    }
    addResourceList(reqs, containerReqs);
    addResourceList(limits, parseResourceList(res.limits));
  }
  const restartableReqs: ResourceList = new Map();
  const restartableLimits: ResourceList = new Map();
  const initReqs: ResourceList = new Map();
  const initLimits: ResourceList = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const res = (c.resources ?? {}) as Any;
    let cReqs = parseResourceList(res.requests);
    let cLimits = parseResourceList(res.limits);
    if (c.restartPolicy === 'Always') {
      addResourceList(reqs, cReqs);
      addResourceList(restartableReqs, cReqs);
      cReqs = restartableReqs;
      addResourceList(limits, cLimits);
      addResourceList(restartableLimits, cLimits);
      cLimits = restartableLimits;
    } else {
      const tr: ResourceList = new Map();
      addResourceList(tr, cReqs);
      addResourceList(tr, restartableReqs);
      cReqs = tr;
      const tl: ResourceList = new Map();
      addResourceList(tl, cLimits);
      addResourceList(tl, restartableLimits);
      cLimits = tl;
    }
    maxResourceList(initReqs, cReqs);
    maxResourceList(initLimits, cLimits);
  }
  maxResourceList(reqs, initReqs);
  maxResourceList(limits, initLimits);
  const overhead = parseResourceList(pod.spec.overhead as Record<string, unknown> | undefined);
  addResourceList(reqs, overhead);
  for (const [name, q] of overhead) {
    const cur = limits.get(name);
    if (cur) limits.set(name, { nano: cur.nano + q.nano, format: cur.nano === 0n ? q.format : cur.format });
  }
  return { reqs, limits };
}

