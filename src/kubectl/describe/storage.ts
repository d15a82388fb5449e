// `kubectl describe pv|pvc|storageclass` (describe.go describePersistentVolume, describePersistentVolumeClaim,
// describeStorageClass): the claim or volume facts, the node affinity, the source, the pods that use a claim.

import { formatLabels } from '../../cluster/apiserver/labels.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { type DescribeContext, LEVEL_0, LEVEL_1, LEVEL_2, eventQueryFor, printAnnotationsMultiline, printLabelsMultiline, writeEvents } from './helpers.js';
import { accessModes } from '../printers/tables.js';
import { formatQuantity, quantityOf } from './quantity.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { since } from './time.js';

type Any = KubeObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function classOf(o: Any): string {
  return String(o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '');
}

const finalizers = (o: Any) => `[${((o.metadata.finalizers ?? []) as string[]).join(' ')}]`;
const quantity = (q: unknown) => (q === undefined || q === null ? '0' : formatQuantity(quantityOf(q as string)));

function printNodeAffinity(w: PrefixWriter, affinity: Any | undefined): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = (affinity.required.nodeSelectorTerms ?? []) as Any[];
  if (!terms.length) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = (term.matchExpressions ?? []) as Any[];
    if (!reqs.length) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((r, j) => {
      if (j) w.write(LEVEL_2, '\t');
      const vals = ((r.values ?? []) as string[]).length ? ` [${(r.values as string[]).join(', ')}]` : '';
      w.write(LEVEL_0, `${r.key} ${String(r.operator).toLowerCase()}${vals}\n`);
    });
  });
}

function printSource(w: PrefixWriter, spec: Any): void {
  if (spec.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type || '<none>'}\n`);
  } else if (spec.local) {
    w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`);
  } else if (spec.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${spec.nfs.readOnly ? 'true' : 'false'}\n`);
  } else if (spec.csi) {
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver ?? ''}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle ?? ''}\n    ReadOnly:\t${spec.csi.readOnly ? 'true' : 'false'}\n`);
    w.write(LEVEL_2, `VolumeAttributes:\t${Object.keys(spec.csi.volumeAttributes ?? {}).length ? '' : '<none>'}\n`);
  } else w.write(LEVEL_1, '<unknown>\n');
}

export function describePersistentVolume(pv: Any, ctx: DescribeContext): string {
  return tabbedString((w) => {
    const spec = (pv.spec ?? {}) as Any;
    w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${finalizers(pv)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${classOf(pv)}\n`);
    if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantity(spec.capacity?.storage)}\n`);
    printNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    printSource(w, spec);
    if (ctx.showEvents) writeEvents(w, ctx, eventQueryFor(pv));
  });
}

export function describePersistentVolumeClaim(pvc: Any, ctx: DescribeContext): string {
  const ns = pvc.metadata.namespace ?? '';
  const pods = (ctx.list('pods', ns) as Any[])
    .filter((p) => ((p.spec?.volumes ?? []) as Any[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
    .map((p) => String(p.metadata.name))
    .sort();
  return tabbedString((w) => {
    const spec = (pvc.spec ?? {}) as Any;
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `StorageClass:\t${classOf(pvc)}\n`);
    if (pvc.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, ctx.now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${finalizers(pvc)}\n`);
    const bound = !!spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? quantity(pvc.status?.capacity?.storage) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, 'Used By:\t');
    if (!pods.length) w.writeLine('<none>');
    else pods.forEach((p, i) => w.write(LEVEL_0, `${i ? '\t' : ''}${p}\n`));
    if (ctx.showEvents) writeEvents(w, ctx, eventQueryFor(pvc));
  });
}

export function describeStorageClass(sc: Any, ctx: DescribeContext): string {
  return tabbedString((w) => {
    const ann = (sc.metadata.annotations ?? {}) as Record<string, string>;
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(ann)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : String(sc.allowVolumeExpansion)}\n`);
    const opts = (sc.mountOptions ?? []) as string[];
    if (!opts.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of opts) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (ctx.showEvents) writeEvents(w, ctx, eventQueryFor(sc));
  });
}
