// The scheduler's VolumeBinding plugin (pkg/scheduler/framework/plugins/volumebinding) and its VolumeRestrictions
// neighbour in miniature: PreFilter refuses a pod whose claim is missing, being deleted or unbound with immediate
// binding; Filter keeps a pod on the node its bound local volumes are pinned to, and for WaitForFirstConsumer
// claims on nodes where a volume can be found or provisioned; PreBind annotates such claims with the chosen node
// (volume.kubernetes.io/selected-node) and holds the pod until the PersistentVolume controller has bound them.

import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject, Node, Pod } from '../apiserver/types.js';
import { waitsForConsumer } from '../apiserver/registry/storage.js';
import { SELECTED_NODE, findVolume, volumeNode } from './persistentvolume.js';

type Any = KubeObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function claimsOf(api: ApiServer, pod: Pod): Array<{ name: string; pvc: Any | undefined }> {
  return ((pod.spec.volumes ?? []) as Any[])
    .filter((v) => v.persistentVolumeClaim?.claimName)
    .map((v) => ({ name: String(v.persistentVolumeClaim.claimName), pvc: api.tryGet<Any>('persistentvolumeclaims', pod.metadata.namespace, String(v.persistentVolumeClaim.claimName)) }));
}

function classOf(api: ApiServer, pvc: Any): Any | undefined {
  const name = pvc.spec?.storageClassName;
  return name ? api.tryGet<Any>('storageclasses.storage.k8s.io', undefined, String(name)) : undefined;
}

/** PreFilter: a reason that no node can fix (UnschedulableAndUnresolvable), or undefined. */
export function volumePreFilter(api: ApiServer, pod: Pod): string | undefined {
  let unboundImmediate = false;
  for (const { name, pvc } of claimsOf(api, pod)) {
    if (!pvc) return `persistentvolumeclaim "${name}" not found`;
    if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    if (!pvc.spec?.volumeName && !waitsForConsumer(classOf(api, pvc))) unboundImmediate = true;
  }
  return unboundImmediate ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
}

/** Filter: why a node cannot host the pod's volumes, or undefined. */
export function volumeNodeFilter(api: ApiServer, pod: Pod, node: Node): string | undefined {
  const name = node.metadata.name!;
  for (const { pvc } of claimsOf(api, pod)) {
    if (!pvc) continue;
    if (pvc.spec?.volumeName) {
      const pv = api.tryGet<Any>('persistentvolumes', undefined, String(pvc.spec.volumeName));
      const pinned = pv ? volumeNode(pv) : undefined;
      if (pinned !== undefined && pinned !== name) return 'node(s) had volume node affinity conflict';
      continue;
    }
    const selected = pvc.metadata.annotations?.[SELECTED_NODE];
    if (selected && selected !== name) return "node(s) didn't find available persistent volumes to bind";
    const sc = classOf(api, pvc);
    const pvs = api.list<Any>('persistentvolumes');
    if (!findVolume(pvs, pvc, name) && !sc?.provisioner) return "node(s) didn't find available persistent volumes to bind";
  }
  return undefined;
}

/** PreBind: annotates the pod's delayed claims with the node; true once every claim is bound. */
export function bindVolumes(api: ApiServer, pod: Pod, node: string): boolean {
  let ready = true;
  for (const { pvc } of claimsOf(api, pod)) {
    if (!pvc || pvc.spec?.volumeName) continue;
    ready = false;
    if (pvc.metadata.annotations?.[SELECTED_NODE] !== node) {
      const next = JSON.parse(JSON.stringify(pvc)) as Any;
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE]: node };
      api.update(next);
    }
  }
  return ready;
}

/** FitError.Error() when a PreFilter plugin failed: its message, then the preemption summary. */
export function preFilterFitError(total: number, message: string): string {
  return `0/${total} nodes are available: ${message}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}

/** What a retry of a pod waiting on volumes depends on: the claims, volumes and classes (their add/update events requeue it). */
export function volumeSignature(api: ApiServer): string {
  let s = '';
  for (const c of api.list<Any>('persistentvolumeclaims')) s += `${c.metadata.namespace}/${c.metadata.name}:${c.spec?.volumeName ?? ''}:${c.metadata.deletionTimestamp ?? ''};`;
  for (const v of api.list<Any>('persistentvolumes')) s += `${v.metadata.name}:${v.status?.phase ?? ''};`;
  for (const c of api.list<Any>('storageclasses.storage.k8s.io')) s += `${c.metadata.name};`;
  return s;
}
