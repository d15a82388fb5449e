// PersistentVolume, PersistentVolumeClaim and StorageClass strategies (pkg/apis/core/validation and
// pkg/apis/storage/validation in miniature): defaults (Retain/Filesystem, Delete/Immediate), the
// DefaultStorageClass and StorageObjectInUseProtection admission plugins, and the v1.32 validation texts.

import { StatusError, field, type FieldCause } from '../errors.js';
import { cmpQuantity, parseQuantity } from '../quantity.js';
import type { KubeObject } from '../types.js';
import type { RegistryContext, Strategy } from './strategy.js';
import { dedupe, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

/** The default StorageClass (DefaultStorageClass admission): the newest one annotated as default. */
export function defaultStorageClass(ctx: RegistryContext): Any | undefined {
  const classes = ctx.store.list('storageclasses.storage.k8s.io', undefined) as Any[];
  const defaults = classes.filter((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  return defaults[0];
}

function validateAccessModes(modes: unknown, path: string): FieldCause[] {
  if (!Array.isArray(modes) || modes.length === 0) return [field.required(path, 'at least 1 access mode is required')];
  const out: FieldCause[] = [];
  for (const m of modes) if (!ACCESS_MODES.includes(String(m))) out.push(field.notSupported(path, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) out.push(field.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return out;
}

function validateStorage(q: unknown, path: string): FieldCause[] {
  if (q === undefined || q === null || q === '') return [field.required(path, '')];
  try {
    const v = parseQuantity(String(q));
    if (v.nano <= 0n) return [field.invalid(path, String(q), 'must be greater than zero')];
  } catch {
    return [field.invalid(path, String(q), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  }
  return [];
}

const VOLUME_TYPES = ['hostPath', 'local', 'nfs', 'csi', 'iscsi', 'fc', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'rbd', 'cinder', 'glusterfs', 'flexVolume', 'vsphereVolume', 'portworxVolume', 'scaleIO', 'storageos', 'quobyte', 'photonPersistentDisk'];

function validatePVSpec(pv: Any): FieldCause[] {
  const spec = (pv.spec ?? {}) as Any;
  const out: FieldCause[] = [...validateAccessModes(spec.accessModes, 'spec.accessModes')];
  if (!spec.capacity || spec.capacity.storage === undefined) out.push(field.required('spec.capacity', ''));
  else out.push(...validateStorage(spec.capacity.storage, 'spec.capacity[storage]'));
  const types = VOLUME_TYPES.filter((t) => spec[t] !== undefined);
  if (types.length === 0) out.push(field.required('spec', 'must specify a volume type'));
  else if (types.length > 1) out.push(field.forbidden(`spec.${types[1]}`, 'may not specify more than 1 volume type'));
  if (spec.hostPath && !spec.hostPath.path) out.push(field.required('spec.hostPath.path', ''));
  if (spec.local) {
    if (!spec.local.path) out.push(field.required('spec.local.path', ''));
    if (!spec.nodeAffinity) out.push(field.required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  const policies = ['Delete', 'Recycle', 'Retain'];
  if (spec.persistentVolumeReclaimPolicy !== undefined && !policies.includes(spec.persistentVolumeReclaimPolicy)) out.push(field.notSupported('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, policies));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) out.push(field.notSupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  return out;
}

function validatePVCSpec(pvc: Any): FieldCause[] {
  const spec = (pvc.spec ?? {}) as Any;
  const out: FieldCause[] = [...validateAccessModes(spec.accessModes, 'spec.accessModes')];
  const req = spec.resources?.requests?.storage;
  if (req === undefined) out.push(field.required('spec.resources[storage]', ''));
  else out.push(...validateStorage(req, 'spec.resources[storage]'));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) out.push(field.notSupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  return out;
}

export const persistentVolumeStrategy: Strategy = {
  defaults(obj) {
    const spec = ((obj as Any).spec ??= {}) as Any;
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
    const md = obj.metadata;
    md.finalizers = [...new Set([...(md.finalizers ?? []), PV_PROTECTION])];
  },
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validatePVSpec(obj as Any)]),
  validateUpdate(obj, old) {
    const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePVSpec(obj as Any)];
    const a = (obj as Any).spec ?? {};
    const b = (old as Any).spec ?? {};
    if (JSON.stringify(a.nodeAffinity ?? null) !== JSON.stringify(b.nodeAffinity ?? null) && b.nodeAffinity) out.push(field.forbidden('spec.nodeAffinity', 'field is immutable'));
    if (b.volumeMode !== a.volumeMode) out.push(field.invalid('spec.volumeMode', a.volumeMode, 'field is immutable'));
    return dedupe(out);
  },
  initialStatus(obj) {
    (obj as Any).status = { phase: 'Pending' };
  },
};

export const persistentVolumeClaimStrategy: Strategy = {
  defaults(obj, ctx) {
    const spec = ((obj as Any).spec ??= {}) as Any;
    spec.volumeMode ??= 'Filesystem';
    // DefaultStorageClass admission: an unset class (not "") gets the default one
    if (spec.storageClassName === undefined || spec.storageClassName === null) {
      const dflt = defaultStorageClass(ctx);
      if (dflt) spec.storageClassName = dflt.metadata.name;
    }
    const md = obj.metadata;
    md.finalizers = [...new Set([...(md.finalizers ?? []), PVC_PROTECTION])];
  },
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validatePVCSpec(obj as Any)]),
  validateUpdate(obj, old, ctx) {
    const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePVCSpec(obj as Any)];
    const a = { ...((obj as Any).spec ?? {}) } as Any;
    const b = { ...((old as Any).spec ?? {}) } as Any;
    const bound = !!b.volumeName && (old as Any).status?.phase === 'Bound';
    // the binder fills volumeName; a claim's class may be set once when it had none
    if (!b.volumeName) b.volumeName = a.volumeName;
    if (b.storageClassName === undefined && a.storageClassName !== undefined) b.storageClassName = a.storageClassName;
    const reqA = a.resources?.requests?.storage;
    const reqB = b.resources?.requests?.storage;
    const strip = (s: Any) => JSON.stringify({ ...s, resources: bound ? undefined : s.resources, volumeAttributesClassName: undefined });
    if (strip(a) !== strip(b)) {
      out.push(field.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    } else if (bound && reqA !== undefined && reqB !== undefined && String(reqA) !== String(reqB)) {
      let less = false;
      try {
        less = cmpQuantity(parseQuantity(String(reqA)), parseQuantity(String(reqB))) < 0;
      } catch {
        /* reported by validatePVCSpec */
      }
      if (less) out.push(field.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
      else {
        const sc = ctx.store.get('storageclasses.storage.k8s.io', undefined, String(b.storageClassName ?? '')) as Any | undefined;
        // PersistentVolumeClaimResize admission
        if (!sc?.allowVolumeExpansion && !out.length) {
          const name = obj.metadata.name ?? '';
          throw new StatusError('Forbidden', `persistentvolumeclaims "${name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`, { name, kind: 'persistentvolumeclaims' });
        }
      }
    }
    return dedupe(out);
  },
  initialStatus(obj) {
    (obj as Any).status = { phase: 'Pending' };
  },
};

function validateStorageClass(sc: Any): FieldCause[] {
  const out: FieldCause[] = [];
  if (!sc.provisioner) out.push(field.required('provisioner', ''));
  const policies = ['Delete', 'Retain'];
  if (sc.reclaimPolicy !== undefined && !policies.includes(sc.reclaimPolicy)) out.push(field.notSupported('reclaimPolicy', sc.reclaimPolicy, policies));
  const modes = ['Immediate', 'WaitForFirstConsumer'];
  if (sc.volumeBindingMode !== undefined && !modes.includes(sc.volumeBindingMode)) out.push(field.notSupported('volumeBindingMode', sc.volumeBindingMode, modes));
  return out;
}

export const storageClassStrategy: Strategy = {
  defaults(obj) {
    const sc = obj as Any;
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },
  validate: (obj) => dedupe([...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateStorageClass(obj as Any)]),
  validateUpdate(obj, old) {
    const a = obj as Any;
    const b = old as Any;
    const out = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStorageClass(a)];
    if (JSON.stringify(a.parameters ?? {}) !== JSON.stringify(b.parameters ?? {})) out.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
    if (a.provisioner !== b.provisioner) out.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (a.reclaimPolicy !== b.reclaimPolicy) out.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    if (a.volumeBindingMode !== b.volumeBindingMode) out.push(field.forbidden('volumeBindingMode', 'field is immutable'));
    return dedupe(out);
  },
};

/** Whether a PVC of this class waits for a pod before binding (WaitForFirstConsumer). */
export function waitsForConsumer(sc: KubeObject | undefined): boolean {
  return (sc as Any | undefined)?.volumeBindingMode === 'WaitForFirstConsumer';
}
