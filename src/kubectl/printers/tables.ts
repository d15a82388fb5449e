// Server-side `kubectl get` tables per kind (columns and cells as pkg/printers/internalversion/printers.go
// computes them, always with Wide: true — the client drops priority-1 columns unless -o wide).

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { formatLabels, formatLabelSelector } from '../../cluster/apiserver/labels.js';
import { POLICY_PRINTERS } from './policy-tables.js';
import { customResourceTable } from './custom-resource-table.js';
import type { PrinterColumn } from '../../cluster/apiserver/crd/served.js';
import { RBAC_PRINTERS } from './rbac-tables.js';
import { CSR_PRINTER } from './csr-table.js';
import { jobRow, cronJobRow, hpaRow, pvcRow, pvRow } from './rows-batch-storage.js';
import { serviceRow, formatEndpoints, sliceRow, ingressRow, ingressClassRow } from './rows-network.js';
import { nodeRow, eventRow } from './rows-nodes-events.js';
import { podRow } from './rows-pods.js';
import { type Table, type Printer, NAME, AGE, c, w, age, num, containerCells, selectorString } from './table-types.js';

export type { Table, TableColumn } from './table-types.js';
export { accessModes } from './rows-batch-storage.js';
export { formatEndpoints } from './rows-network.js';

// ------------------------------------------------------------------ the registry of printers

const CW = [w('Containers'), w('Images'), w('Selector')];

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [NAME, c('Ready'), c('Status'), c('Restarts'), AGE, w('IP'), w('Node'), w('Nominated Node'), w('Readiness Gates')],
    row: podRow,
  },
  services: {
    columns: [NAME, c('Type'), c('Cluster-IP'), c('External-IP'), c('Port(s)'), AGE, w('Selector')],
    row: serviceRow,
  },
  endpoints: {
    columns: [NAME, c('Endpoints'), AGE],
    row: (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)],
  },
  'endpointslices.discovery.k8s.io': {
    columns: [NAME, c('AddressType'), c('Ports'), c('Endpoints'), AGE],
    row: sliceRow,
  },
  'deployments.apps': {
    columns: [NAME, c('Ready'), c('Up-to-date'), c('Available'), AGE, ...CW],
    row: (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      const st = o.status ?? {};
      return [o.metadata.name, `${num(st.readyReplicas)}/${num(o.spec?.replicas)}`, num(st.updatedReplicas), num(st.availableReplicas), age(o, now), names, images, selectorString(o.spec?.selector)];
    },
  },
  'replicasets.apps': {
    columns: [NAME, c('Desired'), c('Current'), c('Ready'), AGE, ...CW],
    row: (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      const st = o.status ?? {};
      return [o.metadata.name, num(o.spec?.replicas), num(st.replicas), num(st.readyReplicas), age(o, now), names, images, formatLabelSelector(o.spec?.selector)];
    },
  },
  replicationcontrollers: {
    columns: [NAME, c('Desired'), c('Current'), c('Ready'), AGE, ...CW],
    row: (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      const st = o.status ?? {};
      return [o.metadata.name, num(o.spec?.replicas), num(st.replicas), num(st.readyReplicas), age(o, now), names, images, formatLabels(o.spec?.selector)];
    },
  },
  'statefulsets.apps': {
    columns: [NAME, c('Ready'), AGE, w('Containers'), w('Images')],
    row: (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name, `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`, age(o, now), names, images];
    },
  },
  'daemonsets.apps': {
    columns: [NAME, c('Desired'), c('Current'), c('Ready'), c('Up-to-date'), c('Available'), c('Node Selector'), AGE, ...CW],
    row: (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      const st = o.status ?? {};
      return [
        o.metadata.name,
        num(st.desiredNumberScheduled),
        num(st.currentNumberScheduled),
        num(st.numberReady),
        num(st.updatedNumberScheduled),
        num(st.numberAvailable),
        formatLabels(o.spec?.template?.spec?.nodeSelector),
        age(o, now),
        names,
        images,
        formatLabelSelector(o.spec?.selector),
      ];
    },
  },
  nodes: {
    columns: [NAME, c('Status'), c('Roles'), AGE, c('Version'), w('Internal-IP'), w('External-IP'), w('OS-Image'), w('Kernel-Version'), w('Container-Runtime')],
    row: nodeRow,
  },
  namespaces: {
    columns: [NAME, c('Status'), AGE],
    row: (o, now) => [o.metadata.name, o.status?.phase ?? '', age(o, now)],
  },
  configmaps: {
    columns: [NAME, c('Data'), AGE],
    row: (o, now) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o, now)],
  },
  secrets: {
    columns: [NAME, c('Type'), c('Data'), AGE],
    row: (o, now) => [o.metadata.name, o.type ?? '', String(Object.keys(o.data ?? {}).length), age(o, now)],
  },
  serviceaccounts: {
    columns: [NAME, c('Secrets'), AGE],
    row: (o, now) => [o.metadata.name, String((o.secrets ?? []).length), age(o, now)],
  },
  events: {
    columns: [c('Last Seen'), c('Type'), c('Reason'), c('Object'), w('Subobject'), w('Source'), c('Message'), w('First Seen'), w('Count'), { name: 'Name', priority: 1, isName: true }],
    row: eventRow,
  },
  'ingresses.networking.k8s.io': {
    columns: [NAME, c('Class'), c('Hosts'), c('Address'), c('Ports'), AGE],
    row: ingressRow,
  },
  'certificatesigningrequests.certificates.k8s.io': CSR_PRINTER,
  'ingressclasses.networking.k8s.io': {
    columns: [NAME, c('Controller'), c('Parameters'), AGE],
    row: ingressClassRow,
  },
  'networkpolicies.networking.k8s.io': {
    columns: [NAME, c('Pod-Selector'), AGE],
    row: (o, now) => [o.metadata.name, formatLabelSelector(o.spec?.podSelector ?? {}), age(o, now)],
  },
  'jobs.batch': {
    columns: [NAME, c('Status'), c('Completions'), c('Duration'), AGE, ...CW],
    row: jobRow,
  },
  'cronjobs.batch': {
    columns: [NAME, c('Schedule'), c('Timezone'), c('Suspend'), c('Active'), c('Last Schedule'), AGE, ...CW],
    row: cronJobRow,
  },
  'horizontalpodautoscalers.autoscaling': {
    columns: [NAME, c('Reference'), c('Targets'), c('MinPods'), c('MaxPods'), c('Replicas'), AGE],
    row: hpaRow,
  },
  persistentvolumeclaims: {
    columns: [NAME, c('Status'), c('Volume'), c('Capacity'), c('Access Modes'), c('StorageClass'), c('VolumeAttributesClass'), AGE, w('VolumeMode')],
    row: pvcRow,
  },
  persistentvolumes: {
    columns: [NAME, c('Capacity'), c('Access Modes'), c('Reclaim Policy'), c('Status'), c('Claim'), c('StorageClass'), c('VolumeAttributesClass'), c('Reason'), AGE, w('VolumeMode')],
    row: pvRow,
  },
  'storageclasses.storage.k8s.io': {
    columns: [NAME, c('Provisioner'), c('ReclaimPolicy'), c('VolumeBindingMode'), c('AllowVolumeExpansion'), AGE],
    row: (o, now) => [
      o.metadata.name + (o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || o.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true' ? ' (default)' : ''),
      o.provisioner ?? '',
      o.reclaimPolicy ?? 'Delete',
      o.volumeBindingMode ?? 'Immediate',
      String(o.allowVolumeExpansion === true),
      age(o, now),
    ],
  },
  'leases.coordination.k8s.io': {
    columns: [NAME, c('Holder'), AGE],
    row: (o, now) => [o.metadata.name, o.spec?.holderIdentity ?? '', age(o, now)],
  },
};

// kube-aggregator's table (pkg/registry/apiservice/etcd): SERVICE is Local or NS/NAME; AVAILABLE the condition,
// with its reason when not True
PRINTERS['apiservices.apiregistration.k8s.io'] = {
  columns: [NAME, c('Service'), c('Available'), AGE],
  row: (o, now) => {
    const ref = o.spec?.service;
    const cond = (o.status?.conditions ?? []).find((x: any) => x.type === 'Available');
    let available = 'Unknown';
    if (cond) available = cond.status === 'True' || !cond.reason ? String(cond.status) : `${cond.status} (${cond.reason})`;
    return [o.metadata.name, ref ? `${ref.namespace}/${ref.name}` : 'Local', available, age(o, now)];
  },
};

Object.assign(PRINTERS, POLICY_PRINTERS, RBAC_PRINTERS);
// CRDs get the API machinery's default table convertor (NAME, CREATED AT), as RBAC roles do
PRINTERS['customresourcedefinitions.apiextensions.k8s.io'] = RBAC_PRINTERS['clusterroles.rbac.authorization.k8s.io'];

const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], row: (o, now) => [o.metadata?.name ?? '', age(o, now)] };

/** events.k8s.io/v1 Events are printed by the same printer after conversion to the core shape. */
function coreEventOf(ev: any): any {
  return {
    metadata: ev.metadata,
    involvedObject: ev.regarding ?? {},
    reason: ev.reason,
    message: ev.note,
    type: ev.type,
    source: ev.deprecatedSource,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    count: ev.deprecatedCount,
    eventTime: ev.eventTime,
    series: ev.series ? { count: ev.series.count, lastObservedTime: ev.series.lastObservedTime } : undefined,
    reportingComponent: ev.reportingController,
    reportingInstance: ev.reportingInstance,
  };
}
PRINTERS['events.events.k8s.io'] = { columns: PRINTERS.events.columns, row: (o, now) => eventRow(coreEventOf(o), now) };

function printerFor(resource: ResourceInfo): Printer {
  const key = resource.group ? `${resource.name}.${resource.group}` : resource.name;
  return PRINTERS[key] ?? DEFAULT_PRINTER;
}

/** The Table the API server returns for `kubectl get <resource>` (all columns, wide ones marked priority 1). */
export function tableFor(resource: ResourceInfo, objects: KubeObject[], now: Date, printerColumns?: PrinterColumn[]): Table {
  if (resource.crd) return customResourceTable(printerColumns, objects, now);
  const p = printerFor(resource);
  return { columns: p.columns.map((col) => ({ ...col })), rows: objects.map((object) => ({ cells: p.row(object, now), object })) };
}
