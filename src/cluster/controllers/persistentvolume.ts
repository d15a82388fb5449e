// The PersistentVolume controller (pkg/controller/volume/persistentvolume), the PVC/PV protection controllers and
// kind's local-path-provisioner, on the cluster clock: claims bind to the smallest matching Available volume (or
// to the one they name); a WaitForFirstConsumer claim waits until the scheduler picks a node for a pod that uses
// it (volume.kubernetes.io/selected-node), then the provisioner creates `pvc-<uid>` on that node's disk and the
// claim binds; a deleted claim releases its volume, which its reclaim policy deletes or retains; protection
// finalizers hold a claim while a pod uses it and a volume while a claim is bound to it.

import type { KubeObject, Pod } from '../apiserver/types.js';
import { cmpQuantity, parseQuantity } from '../apiserver/quantity.js';
import { PVC_PROTECTION, PV_PROTECTION, waitsForConsumer } from '../apiserver/registry/storage.js';
import { fromLabelSelector, matches } from '../apiserver/labels.js';
import type { Controller, ControllerContext } from './controller.js';

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
import { K, isPodTerminal } from './util.js';

type Any = KubeObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BINDER = { component: 'persistentvolume-controller' };
export const LOCAL_PATH = 'rancher.io/local-path';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** how long the provisioner's helper pod takes to create the directory on the node */
const PROVISION_MS = 2000;
/** the binder's resync: a waiting claim's event repeats this often */
const RESYNC_MS = 15_000;

interface PvData {
  /** claim uid → when provisioning started */
  provisioning: Record<string, number>;
  /** `<claim uid>/<reason>` → when that waiting event was last written */
  waited: Record<string, number>;
}

function pvData(ctx: ControllerContext): PvData {
  const d = (ctx.data.persistentVolumes ??= {}) as Partial<PvData>;
  d.provisioning ??= {};
  d.waited ??= {};
  return d as PvData;
}

function storageOf(q: unknown): bigint {
  try {
    return parseQuantity(String(q ?? '0')).nano;
  } catch {
    return 0n;
  }
}

function classOf(o: Any): string {
  return String(o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '');
}

/** Whether a volume can satisfy a claim: class, access modes, size, volume mode and the claim's selector. */
export function volumeMatches(pv: Any, pvc: Any): boolean {
  if (classOf(pv) !== classOf(pvc)) return false;
  const modes = new Set((pv.spec?.accessModes ?? []) as string[]);
  if (!((pvc.spec?.accessModes ?? []) as string[]).every((m) => modes.has(m))) return false;
  if (storageOf(pv.spec?.capacity?.storage) < storageOf(pvc.spec?.resources?.requests?.storage)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  if (pvc.spec?.selector) {
    const sel = fromLabelSelector(pvc.spec.selector);
    if (sel && !matches(sel, pv.metadata?.labels ?? {})) return false;
  }
  return true;
}

/** The node a volume is pinned to by its node affinity (kubernetes.io/hostname In [x]), if any. */
export function volumeNode(pv: Any): string | undefined {
  for (const t of (pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) as Any[]) {
    for (const e of (t.matchExpressions ?? []) as Any[]) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length) return String(e.values[0]);
  }
  return undefined;
}

/** The best Available volume for a claim (smallest that fits, then name), optionally only on one node. */
export function findVolume(pvs: Any[], pvc: Any, node?: string): Any | undefined {
  const fits = pvs.filter((pv) => {
    if (pv.metadata.deletionTimestamp) return false;
    const ref = pv.spec?.claimRef;
    if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) return false;
    if (!ref && pv.status?.phase !== 'Available') return false;
    if (node !== undefined && volumeNode(pv) !== undefined && volumeNode(pv) !== node) return false;
    return volumeMatches(pv, pvc);
  });
  fits.sort((a, b) => {
    const pre = Number(!!b.spec?.claimRef) - Number(!!a.spec?.claimRef);
    if (pre) return pre;
    const c = cmpQuantity(parseQuantity(String(a.spec.capacity.storage)), parseQuantity(String(b.spec.capacity.storage)));
    return c || String(a.metadata.name).localeCompare(String(b.metadata.name));
  });
  return fits[0];
}

function setAnnotations(o: Any, add: Record<string, string>): boolean {
  const a = (o.metadata.annotations ??= {}) as Record<string, string>;
  let changed = false;
  for (const [k, v] of Object.entries(add)) {
    if (a[k] !== v) {
      a[k] = v;
      changed = true;
    }
  }
  return changed;
}

function bind(ctx: ControllerContext, pv: Any, pvc: Any, byController: boolean): void {
  const { api } = ctx;
  let vol = api.get<Any>('persistentvolumes', undefined, pv.metadata.name!);
  if (!vol.spec.claimRef || vol.spec.claimRef.uid !== pvc.metadata.uid) {
    vol = clone(vol);
    vol.spec.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid };
    if (byController) setAnnotations(vol, { 'pv.kubernetes.io/bound-by-controller': 'yes' });
    vol = api.update(vol);
  }
  if (vol.status?.phase !== 'Bound') vol = api.updateStatus({ ...clone(vol), status: { phase: 'Bound', lastPhaseTransitionTime: ctx.clock.timestamp() } });
  let claim = clone(api.get<Any>('persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name!));
  const ann: Record<string, string> = { 'pv.kubernetes.io/bind-completed': 'yes' };
  if (byController) ann['pv.kubernetes.io/bound-by-controller'] = 'yes';
  if (claim.spec.volumeName !== vol.metadata.name || setAnnotations(claim, ann)) {
    claim.spec.volumeName = vol.metadata.name;
    setAnnotations(claim, ann);
    claim = api.update(claim);
  }
  if (claim.status?.phase !== 'Bound') {
    api.updateStatus({ ...clone(claim), status: { phase: 'Bound', accessModes: vol.spec.accessModes, capacity: { storage: vol.spec.capacity.storage } } });
  }
}

/** Pods (not finished) that use a claim. */
function podsUsing(pods: Pod[], pvc: Any): Pod[] {
  return pods.filter((p) => p.metadata.namespace === pvc.metadata.namespace && !isPodTerminal(p) && ((p.spec.volumes ?? []) as Any[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name!));
}

/** The provisioner's identity as its events show it (`rancher.io/local-path_<pod>_<uuid>`), once it runs. */
function provisionerIdentity(ctx: ControllerContext): string | undefined {
  const pod = ctx.api.list<Pod>(K.pods, 'local-path-storage').find((p) => p.metadata.labels?.app === 'local-path-provisioner' && p.status?.phase === 'Running');
  if (!pod) return undefined;
  const uid = String(pod.metadata.uid ?? '');
  return `${LOCAL_PATH}_${pod.metadata.name}_${uid}`;
}

function provision(ctx: ControllerContext, pvc: Any, sc: Any, data: PvData, now: number): void {
  const { api } = ctx;
  const uid = String(pvc.metadata.uid);
  const node = pvc.metadata.annotations?.[SELECTED_NODE] as string | undefined;
  const name = `pvc-${uid}`;
  const ident = provisionerIdentity(ctx);
  if (!ident || !node) return;
  const source = { component: ident };
  const started = data.provisioning[uid];
  if (started === undefined) {
    data.provisioning[uid] = now;
    api.recordEvent(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, source);
    ctx.requeueAt(now + PROVISION_MS);
    return;
  }
  if (now < started + PROVISION_MS) {
    ctx.requeueAt(started + PROVISION_MS);
    return;
  }
  delete data.provisioning[uid];
  if (api.tryGet('persistentvolumes', undefined, name)) return;
  const path = `/var/local-path-provisioner/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`;
  const pv = api.create<Any>({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'local.path.provisioner/selected-node': node, 'pv.kubernetes.io/provisioned-by': LOCAL_PATH } },
    spec: {
      accessModes: pvc.spec.accessModes,
      capacity: { storage: pvc.spec.resources.requests.storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid },
      hostPath: { path, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
    },
  } as KubeObject, { fieldManager: 'local-path-provisioner' });
  // the setup script: mkdir -m 0777 -p "$VOL_DIR" on the node
  const nodeFs = ((ctx.data.nodeFs ??= {}) as Record<string, Record<string, unknown>>)[node] ?? {};
  ((ctx.data.nodeFs as Record<string, unknown>)[node] = nodeFs)[path] = { t: 'd', m: 0o777, ts: now };
  api.recordEvent(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`, source);
}

function syncClaim(ctx: ControllerContext, pvc: Any, pvs: Any[], pods: Pod[], data: PvData, now: number): void {
  const { api } = ctx;
  const uid = String(pvc.metadata.uid);
  // PVC protection: the finalizer goes once no pod uses the claim
  if (pvc.metadata.deletionTimestamp) {
    if (pvc.metadata.finalizers?.includes(PVC_PROTECTION) && podsUsing(pods, pvc).length === 0) {
      const next = clone(pvc);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== PVC_PROTECTION);
      api.update(next);
    }
    return;
  }
  if (pvc.spec?.volumeName) {
    const pv = pvs.find((v) => v.metadata.name === pvc.spec.volumeName);
    if (pv && (!pv.spec.claimRef || pv.spec.claimRef.uid === uid)) bind(ctx, pv, pvc, false);
    else if (pvc.status?.phase === 'Bound') api.updateStatus({ ...clone(pvc), status: { phase: 'Lost' } });
    return;
  }
  const className = classOf(pvc);
  const sc = className ? api.tryGet<Any>('storageclasses.storage.k8s.io', undefined, className) : undefined;
  const node = pvc.metadata.annotations?.[SELECTED_NODE] as string | undefined;
  const delayed = waitsForConsumer(sc);
  const match = findVolume(pvs, pvc, delayed ? node : undefined);
  if (match && (!delayed || node || match.spec?.claimRef)) {
    bind(ctx, match, pvc, true);
    for (const k of Object.keys(data.waited)) if (k.startsWith(`${uid}/`)) delete data.waited[k];
    return;
  }
  const waitEvent = (type: 'Normal' | 'Warning', reason: string, message: string): void => {
    const key = `${uid}/${reason}`;
    const last = data.waited[key];
    if (last !== undefined && now < last + RESYNC_MS) {
      ctx.requeueAt(last + RESYNC_MS);
      return;
    }
    const times = last === undefined ? 1 : Math.floor((now - last) / RESYNC_MS);
    const at = last === undefined ? now : last + times * RESYNC_MS;
    api.recordEvent(pvc, type, reason, message, BINDER, undefined, { atMs: at, times });
    data.waited[key] = at;
    ctx.requeueAt(at + RESYNC_MS);
  };
  if (delayed && !node) return waitEvent('Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  if (!className) return waitEvent('Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  if (!sc) return waitEvent('Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
  // dynamic provisioning by the class's external provisioner
  const provisioner = String(sc.provisioner);
  const ann = { 'volume.beta.kubernetes.io/storage-provisioner': provisioner, 'volume.kubernetes.io/storage-provisioner': provisioner };
  const claim = clone(pvc);
  if (setAnnotations(claim, ann)) api.update(claim);
  waitEvent(
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
  if (provisioner === LOCAL_PATH) provision(ctx, api.get('persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name!), sc, data, now);
}

function syncVolume(ctx: ControllerContext, pv: Any, claims: Map<string, Any>): void {
  const { api } = ctx;
  const ref = pv.spec?.claimRef;
  if (pv.metadata.deletionTimestamp) {
    // PV protection: the finalizer goes once no claim is bound to the volume
    const bound = ref && claims.get(`${ref.namespace}/${ref.name}`)?.metadata.uid === ref.uid;
    if (!bound && pv.metadata.finalizers?.includes(PV_PROTECTION)) {
      const next = clone(pv);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== PV_PROTECTION);
      api.update(next);
    }
    return;
  }
  if (!ref) {
    if (pv.status?.phase !== 'Available') api.updateStatus({ ...clone(pv), status: { phase: 'Available', lastPhaseTransitionTime: ctx.clock.timestamp() } });
    return;
  }
  const claim = claims.get(`${ref.namespace}/${ref.name}`);
  if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) return;
  if (!ref.uid) return; // pre-bound to a claim that does not exist yet: it waits for it
  // the claim is gone: Released, then the reclaim policy
  if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') {
    api.updateStatus({ ...clone(pv), status: { phase: 'Released', lastPhaseTransitionTime: ctx.clock.timestamp() } });
  }
  if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') {
    const provisioned = pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'];
    if (provisioned === LOCAL_PATH) {
      // the teardown script: rm -rf "$VOL_DIR" on the node
      const node = volumeNode(pv);
      const disk = node ? ((ctx.data.nodeFs ?? {}) as Record<string, Record<string, unknown>>)[node] : undefined;
      const path = String(pv.spec.hostPath?.path ?? '');
      if (disk && path) for (const k of Object.keys(disk)) if (k === path || k.startsWith(path + '/')) delete disk[k];
      api.delete('persistentvolumes', undefined, pv.metadata.name!);
    } else {
      const cur = api.get<Any>('persistentvolumes', undefined, pv.metadata.name!);
      if (cur.status?.phase !== 'Failed') {
        api.updateStatus({ ...clone(cur), status: { phase: 'Failed', message: 'error getting deleter volume plugin for volume "' + pv.metadata.name + '": no deletable volume plugin matched', lastPhaseTransitionTime: ctx.clock.timestamp() } });
        api.recordEvent(pv, 'Warning', 'VolumeFailedDelete', `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`, BINDER);
      }
    }
  }
}

export const persistentVolumeController: Controller = {
  name: 'persistentvolume',
  sync(ctx) {
    const { api } = ctx;
    const data = pvData(ctx);
    const now = ctx.clock.nowMs();
    const pods = api.list<Pod>(K.pods);
    const claims = api.list<Any>('persistentvolumeclaims');
    for (const pvc of claims) {
      const fresh = api.tryGet<Any>('persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name!);
      if (fresh) syncClaim(ctx, fresh, api.list<Any>('persistentvolumes'), pods, data, now);
    }
    const byName = new Map(api.list<Any>('persistentvolumeclaims').map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, c]));
    for (const pv of api.list<Any>('persistentvolumes')) syncVolume(ctx, pv, byName);
    const live = new Set(api.list<Any>('persistentvolumeclaims').map((c) => String(c.metadata.uid)));
    for (const k of Object.keys(data.waited)) if (!live.has(k.split('/')[0])) delete data.waited[k];
    for (const k of Object.keys(data.provisioning)) if (!live.has(k)) delete data.provisioning[k];
  },
};
