// Row functions of the server-side table printers (printers.go) for batch, autoscaling and storage.

import { formatLabelSelector } from '../../cluster/apiserver/labels.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration.js';
import { age, num, containerCells } from './table-types.js';

// ------------------------------------------------------------------ batch / autoscaling / storage

export function hasCondition(conds: any[] | undefined, type: string): boolean {
  return (conds ?? []).some((c) => c.type === type && c.status === 'True');
}

export function jobRow(job: any, now: Date): string[] {
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  const succeeded = st.succeeded ?? 0;
  let completions: string;
  if (spec.completions != null) completions = `${succeeded}/${spec.completions}`;
  else if ((spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
  else completions = `${succeeded}/1`;
  let duration = '';
  const start = parseTimestamp(st.startTime);
  if (start !== null) {
    const end = parseTimestamp(st.completionTime);
    duration = humanDuration((end ?? now.getTime()) - start);
  }
  let status: string;
  if (hasCondition(st.conditions, 'Complete')) status = 'Complete';
  else if (hasCondition(st.conditions, 'Failed')) status = 'Failed';
  else if (job.metadata?.deletionTimestamp) status = 'Terminating';
  else if (hasCondition(st.conditions, 'Suspended')) status = 'Suspended';
  else if (hasCondition(st.conditions, 'FailureTarget')) status = 'FailureTarget';
  else status = 'Running';
  const [names, images] = containerCells(spec.template?.spec?.containers);
  return [job.metadata.name, status, completions, duration, age(job, now), names, images, formatLabelSelector(spec.selector)];
}

export function cronJobRow(cj: any, now: Date): string[] {
  const spec = cj.spec ?? {};
  const last = cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : '<none>';
  const suspend = spec.suspend == null ? '<unset>' : spec.suspend ? 'True' : 'False';
  const [names, images] = containerCells(spec.jobTemplate?.spec?.template?.spec?.containers);
  return [
    cj.metadata.name,
    spec.schedule ?? '',
    spec.timeZone ?? '<none>',
    suspend,
    String((cj.status?.active ?? []).length),
    last,
    age(cj, now),
    names,
    images,
    formatLabelSelector(spec.jobTemplate?.spec?.selector),
  ];
}

export function hpaMetrics(specs: any[] | undefined, statuses: any[] | undefined): string {
  const list: string[] = [];
  const sts = statuses ?? [];
  if (!specs || specs.length === 0) return '<none>';
  let count = 0;
  specs.forEach((spec, i) => {
    const st = sts[i];
    switch (spec.type) {
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? st?.resource : st?.containerResource;
        const name = src?.name ?? '';
        const prefix = spec.type === 'Resource' ? `${name}` : `${name} of container "${src?.container ?? ''}"`;
        if (src?.target?.averageValue != null) {
          const current = cur?.current?.averageValue != null ? String(cur.current.averageValue) : '<unknown>';
          list.push(`${prefix}: ${current}/${src.target.averageValue}`);
        } else {
          const current = cur?.current?.averageUtilization != null ? `${cur.current.averageUtilization}%` : '<unknown>';
          const target = src?.target?.averageUtilization != null ? `${src.target.averageUtilization}%` : '<auto>';
          list.push(`${prefix}: ${current}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  const max = 2;
  if (count > max) return `${list.slice(0, max).join(', ')} + ${count - max} more...`;
  return list.join(', ');
}

export function hpaRow(hpa: any, now: Date): string[] {
  const spec = hpa.spec ?? {};
  const ref = `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`;
  return [
    hpa.metadata.name,
    ref,
    hpaMetrics(spec.metrics, hpa.status?.currentMetrics),
    spec.minReplicas == null ? '<unset>' : String(spec.minReplicas),
    num(spec.maxReplicas),
    num(hpa.status?.currentReplicas),
    age(hpa, now),
  ];
}

/** storageutil.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, comma-joined. */
export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? [];
  const out: string[] = [];
  if (m.includes('ReadWriteOnce')) out.push('RWO');
  if (m.includes('ReadOnlyMany')) out.push('ROX');
  if (m.includes('ReadWriteMany')) out.push('RWX');
  if (m.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

export function pvcRow(pvc: any, now: Date): string[] {
  const spec = pvc.spec ?? {};
  const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
  let capacity = '';
  let modes = '';
  if (spec.volumeName) {
    modes = accessModes(pvc.status?.accessModes);
    capacity = String(pvc.status?.capacity?.storage ?? '0');
  }
  const cls = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? '';
  const vac = spec.volumeAttributesClassName ? spec.volumeAttributesClassName : '<unset>';
  return [pvc.metadata.name, phase, spec.volumeName ?? '', capacity, modes, cls, vac, age(pvc, now), spec.volumeMode ?? '<unset>'];
}

export function pvRow(pv: any, now: Date): string[] {
  const spec = pv.spec ?? {};
  const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
  const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
  const cls = pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? '';
  const vac = spec.volumeAttributesClassName ? spec.volumeAttributesClassName : '<unset>';
  return [
    pv.metadata.name,
    String(spec.capacity?.storage ?? '0'),
    accessModes(spec.accessModes),
    spec.persistentVolumeReclaimPolicy ?? '',
    phase,
    claim,
    cls,
    vac,
    pv.status?.reason ?? '',
    age(pv, now),
    spec.volumeMode ?? '<unset>',
  ];
}

