// Helpers shared by the controllers: resource keys, owner references, pod readiness and activity, the
// pod-template hash (controller.ComputeHash), pods from templates, tolerations and node affinity matching.

import { clone } from '../apiserver/server.js';
import { sortedJSON, sortedJSONEqual } from '../apiserver/jsonequal.js';
import { fromLabelSelector, matches } from '../apiserver/labels.js';
import type { ApiServer } from '../apiserver/server.js';
import { noteRefusedWrite } from './controller.js';
import type { KubeObject, Node, OwnerReference, Pod, PodCondition, PodTemplateSpec, Toleration } from '../apiserver/types.js';

export const K = {
  pods: 'pods',
  nodes: 'nodes',
  services: 'services',
  endpoints: 'endpoints',
  slices: 'endpointslices.discovery.k8s.io',
  namespaces: 'namespaces',
  deployments: 'deployments.apps',
  replicasets: 'replicasets.apps',
  daemonsets: 'daemonsets.apps',
  statefulsets: 'statefulsets.apps',
} as const;

/** JSON with object keys sorted (a canonical form for comparisons and hashing). */
export function canonical(v: unknown): string {
  return sortedJSON(v);
}

/** canonical(a) === canonical(b), without building the strings. */
export function same(a: unknown, b: unknown): boolean {
  return sortedJSONEqual(a, b);
}

// ---------------------------------------------------------------- ownership

/** The controller ownerReference an owner puts on what it creates (metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerOf(obj)?.uid === owner.metadata.uid;
}

// ---------------------------------------------------------------- pods

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** A pod object from a controller's template (controller.GetPodFromTemplate). */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, extraLabels: Record<string, string> = {}): Pod {
  const t = clone(template);
  const metadata: Pod['metadata'] = { namespace: owner.metadata.namespace };
  const labels = { ...(t.metadata?.labels ?? {}), ...extraLabels };
  if (Object.keys(labels).length) metadata.labels = labels;
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) metadata.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers?.length) metadata.finalizers = [...t.metadata.finalizers];
  metadata.ownerReferences = [controllerRef(owner)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec };
}

// ---------------------------------------------------------------- hashing

/** 32-bit FNV-1a over the UTF-8 bytes of a string (or raw bytes). */
export function fnv32a(input: string | Uint8Array, seed = 0x811c9dc5): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery rand.SafeEncodeString: every byte mapped into the vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/** fnv-32a of a template's canonical JSON, per template object (a stored object's template is never changed in place). */
const templateHashes = new WeakMap<object, number>();

/**
 * controller.ComputeHash: fnv-32a of the pod template (here: its canonical JSON) followed by the collision count
 * as 8 little-endian bytes, printed in decimal and safe-encoded.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = templateHashes.get(template);
  if (h === undefined) templateHashes.set(template, (h = fnv32a(canonical(template))));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

// ---------------------------------------------------------------- scheduling predicates

export type { Toleration };

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The first NoSchedule/NoExecute taint of the node the pod does not tolerate. */
export function untoleratedTaint(pod: Pod, node: Node): Taint | undefined {
  const tols = (pod.spec.tolerations ?? []) as Toleration[];
  return (node.spec?.taints ?? []).find(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tols.some((t) => tolerates(t, taint)),
  );
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(vals[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(vals[0]);
    default:
      return false;
  }
}

/** nodeSelector plus required node affinity (matchExpressions on labels, matchFields on metadata.name). */
export function matchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = (pod.spec.affinity as any)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = (required?.nodeSelectorTerms ?? []) as Array<{ matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }>;
  if (!terms.length) return true;
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (!exprs.length && !fields.length) return false;
    return (
      exprs.every((r) => requirementMatches(r, labels[r.key])) &&
      fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
    );
  });
}

export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

export function nodeInternalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** PUT .../status only when the status differs (cheap: no copy of the whole object when nothing changed). */
export function writeStatus<T extends KubeObject>(api: ApiServer, obj: T, status: unknown): T {
  if (same(obj.status, status)) return obj;
  return api.updateStatus({ ...obj, status }) as T;
}

/** Writes a changed copy only when `mutate` changed something (so a settled controller writes nothing). */
export function updateIfChanged<T extends KubeObject>(api: ApiServer, obj: T, mutate: (copy: T) => void, status = false): T {
  const copy = clone(obj);
  mutate(copy);
  if (same(copy, obj)) return obj;
  return (status ? api.updateStatus(copy) : api.update(copy)) as T;
}

/** Integer-or-percent resolution as intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (v.endsWith('%')) {
    const pct = parseInt(v, 10);
    const x = (pct * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return parseInt(v, 10) || 0;
}

const memo = new WeakMap<object, Map<string, string>>();

/**
 * Per-API-server memo of input signatures (resourceVersions a reconcile depends on): lets a controller skip
 * work whose inputs did not change since it last ran to completion against the same API server.
 */
export function unchangedSince(api: ApiServer, controller: string, key: string, signature: string): boolean {
  let m = memo.get(api);
  if (!m) memo.set(api, (m = new Map()));
  const k = `${controller}/${key}`;
  if (m.get(k) === signature) return true;
  m.set(k, signature);
  return false;
}

/**
 * The controller ref manager's adoption (ClaimPods): active pods in the owner's namespace without a controller
 * whose labels match the owner's selector get the owner as controller, so a re-created owner takes over the pods
 * a `--cascade=orphan` delete left behind instead of making new ones.
 */
export function adoptOrphans(api: ApiServer, owner: KubeObject & { spec: { selector?: import('../apiserver/types.js').LabelSelector } }): number {
  const selector = fromLabelSelector(owner.spec.selector);
  if (!selector || !selector.length || owner.metadata.deletionTimestamp) return 0;
  let n = 0;
  for (const p of api.list<Pod>('pods', owner.metadata.namespace)) {
    if (controllerOf(p) || p.metadata.deletionTimestamp || !matches(selector, p.metadata.labels)) continue;
    updateIfChanged(api, p, (c) => {
      c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), controllerRef(owner)];
    });
    n++;
  }
  return n;
}

const failedAt = new WeakMap<ApiServer, Set<string>>();

/**
 * Creates a controller's pod; an API error (a Forbidden from admission, say) becomes the controller's FailedCreate
 * Warning instead of ending the reconcile: recorded once per owner and clock instant, so the fixed-point run
 * settles and the next write (the missing ServiceAccount created, say) lets the controller try again.
 */
export function tryCreatePod(api: ApiServer, owner: KubeObject, pod: Pod, source: { component: string }, failure: (message: string) => string): Pod | undefined {
  try {
    return api.create<Pod>(pod);
  } catch (e) {
    const status = (e as { status?: { message?: string } }).status;
    if (!status?.message) throw e;
    let seen = failedAt.get(api);
    if (!seen) failedAt.set(api, (seen = new Set()));
    noteRefusedWrite(api);
    const key = `${owner.metadata.uid}/${api.clock.nowMs()}/${status.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      api.recordEvent(owner, 'Warning', 'FailedCreate', failure(status.message), source);
    }
    return undefined;
  }
}
