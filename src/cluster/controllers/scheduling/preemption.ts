// DefaultPreemption (framework/preemption + plugins/defaultpreemption): when a pod fits nowhere, find nodes where
// evicting lower-priority pods would make room (SelectVictimsOnNode with PodDisruptionBudget-aware reprieves),
// pick one (pickOneNodeForPreemption) and report either the candidate or the `preemption: ...` message.

import { fromLabelSelector, matches } from '../../apiserver/labels.js';
import type { KubeObject, Pod } from '../../apiserver/types.js';
import type { Status } from './status.js';
import { fitErrorMessage } from './fiterror.js';
import type { NodeInfo } from './nodeinfo.js';

export const MSG_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NO_VICTIMS = 'No preemption victims found for incoming pod';

export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

/** util.MoreImportantPod: higher priority, then the earlier start. */
function moreImportant(a: Pod, b: Pod): number {
  const d = podPriority(b) - podPriority(a);
  if (d) return d;
  const at = a.status?.startTime ?? a.metadata.creationTimestamp ?? '';
  const bt = b.status?.startTime ?? b.metadata.creationTimestamp ?? '';
  return at < bt ? -1 : at > bt ? 1 : 0;
}

export interface Candidate {
  node: string;
  victims: Pod[];
  pdbViolations: number;
}

export interface PreemptionResult {
  candidate?: Candidate;
  /** the PostFilter message (without the `preemption: ` prefix) when there is no candidate */
  message?: string;
}

/** Re-runs the filters for pod on a changed copy of one node (the cycle state recomputed around it). */
export type FilterOn = (pod: Pod, info: NodeInfo) => Status | undefined;

function pdbViolation(victims: Pod[], pdbs: KubeObject[]): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = pdbs.map((p) => Number((p.status as { disruptionsAllowed?: number } | undefined)?.disruptionsAllowed ?? 0));
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const v of victims) {
    let violates = false;
    pdbs.forEach((pdb, i) => {
      if (pdb.metadata.namespace !== v.metadata.namespace) return;
      const sel = fromLabelSelector((pdb.spec as { selector?: any } | undefined)?.selector);
      if (!sel || !sel.length || !matches(sel, v.metadata.labels)) return;
      const disrupted = (pdb.status as { disruptedPods?: Record<string, string> } | undefined)?.disruptedPods ?? {};
      if (v.metadata.name! in disrupted) return;
      allowed[i]--;
      if (allowed[i] < 0) violates = true;
    });
    (violates ? violating : nonViolating).push(v);
  }
  return { violating, nonViolating };
}

/** SelectVictimsOnNode. */
function selectVictims(pod: Pod, info: NodeInfo, pdbs: KubeObject[], filterOn: FilterOn): { victims: Pod[]; violations: number } | Status {
  const work = info.clone();
  const prio = podPriority(pod);
  const potential = info.pods.filter((p) => podPriority(p) < prio);
  if (!potential.length) return { code: 'UnschedulableAndUnresolvable', reasons: [MSG_NO_VICTIMS], plugin: 'DefaultPreemption' };
  for (const p of potential) work.addPod(p, -1);
  const status = filterOn(pod, work);
  if (status) return status;
  potential.sort(moreImportant);
  const { violating, nonViolating } = pdbViolation(potential, pdbs);
  const victims: Pod[] = [];
  let violations = 0;
  const reprieve = (p: Pod): boolean => {
    work.addPod(p);
    if (!filterOn(pod, work)) return true;
    work.addPod(p, -1);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) violations++;
  for (const p of nonViolating) reprieve(p);
  victims.sort(moreImportant);
  return { victims, violations };
}

function startOf(p: Pod): string {
  return p.status?.startTime ?? p.metadata.creationTimestamp ?? '';
}

/** pickOneNodeForPreemption's criteria in order; the first candidate left wins. */
export function pickOne(cands: Candidate[]): Candidate {
  const narrow = (list: Candidate[], key: (c: Candidate) => number | string, preferMax = false) => {
    let best = list.map(key)[0];
    for (const c of list) {
      const k = key(c);
      if (preferMax ? k > best : k < best) best = k;
    }
    return list.filter((c) => key(c) === best);
  };
  let list = cands.filter((c) => c.victims.length === 0);
  if (list.length) return list[0];
  list = narrow(cands, (c) => c.pdbViolations);
  list = narrow(list, (c) => podPriority(c.victims[0]));
  list = narrow(list, (c) => c.victims.reduce((s, v) => s + podPriority(v) + 2147483648, 0));
  list = narrow(list, (c) => c.victims.length);
  list = narrow(list, (c) => {
    const top = podPriority(c.victims[0]);
    return c.victims.filter((v) => podPriority(v) === top).map(startOf).sort()[0] ?? '';
  }, true);
  return list[0];
}

/**
 * Evaluate: eligibility, the nodes where preemption might help (those whose status is Unschedulable rather than
 * unresolvable), victims per node, and the chosen candidate, or the FitError text of why none.
 */
export function preempt(pod: Pod, infos: NodeInfo[], statuses: Map<string, Status>, pdbs: KubeObject[], filterOn: FilterOn): PreemptionResult {
  if (pod.spec.preemptionPolicy === 'Never') return { message: 'not eligible due to preemptionPolicy=Never.' };
  const nominated = pod.status?.nominatedNodeName as string | undefined;
  if (nominated && statuses.get(nominated)?.code !== 'UnschedulableAndUnresolvable') {
    const info = infos.find((i) => i.name === nominated);
    if (info?.pods.some((p) => p.metadata.deletionTimestamp && podPriority(p) < podPriority(pod))) {
      return { message: 'not eligible due to a terminating pod on the nominated node.' };
    }
  }
  const results = new Map<string, Status>();
  const cands: Candidate[] = [];
  for (const info of infos) {
    const st = statuses.get(info.name);
    if (!st) continue;
    if (st.code === 'UnschedulableAndUnresolvable') {
      results.set(info.name, { code: 'UnschedulableAndUnresolvable', reasons: [MSG_NOT_HELPFUL], plugin: 'DefaultPreemption' });
      continue;
    }
    const r = selectVictims(pod, info, pdbs, filterOn);
    if ('code' in r) results.set(info.name, r);
    else cands.push({ node: info.name, victims: r.victims, pdbViolations: r.violations });
  }
  if (!cands.length) return { message: fitErrorMessage(infos.length, results.values()) };
  return { candidate: pickOne(cands) };
}
