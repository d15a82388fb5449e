// Server-side `kubectl get` tables per kind (columns and cells as pkg/printers/internalversion/printers.go
// computes them, always with Wide: true — the client drops priority-1 columns unless -o wide).

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject, LabelSelector } from '../../cluster/apiserver/types.js';
import { formatLabels, formatLabelSelector, formatSelector, fromLabelSelector } from '../../cluster/apiserver/labels.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration.js';
import { POLICY_PRINTERS } from './policy-tables.js';

export interface TableColumn {
  name: string;
  priority: 0 | 1;
  /** the column whose definition has `Format: "name"` (gets the kind prefix) */
  isName?: boolean;
}

export interface Table {
  columns: TableColumn[];
  rows: Array<{ cells: string[]; object: KubeObject }>;
}

type RowFn = (obj: any, now: Date) => string[];

interface Printer {
  columns: TableColumn[];
  row: RowFn;
}

const NAME: TableColumn = { name: 'Name', priority: 0, isName: true };
const AGE: TableColumn = { name: 'Age', priority: 0 };
const c = (name: string): TableColumn => ({ name, priority: 0 });
const w = (name: string): TableColumn => ({ name, priority: 1 });

const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata?.creationTimestamp, now);
const num = (n: unknown): string => String(typeof n === 'number' ? n : 0);

/** layoutContainerCells: names and images joined by `,`. */
function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** metav1.LabelSelectorAsSelector(sel).String(): nil (Nothing) and empty (Everything) both print ''. */
function selectorString(sel: LabelSelector | undefined | null): string {
  const reqs = fromLabelSelector(sel);
  return reqs === null ? '' : formatSelector(reqs);
}

// ------------------------------------------------------------------ pods

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

function laterOf(cur: number | null, ts: string | undefined): number | null {
  const t = parseTimestamp(ts);
  if (t === null) return cur;
  return cur === null || t > cur ? t : cur;
}

function podRow(pod: any, now: Date): string[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | null = null;
  let lastRestartableInitRestart: number | null = null;

  const phase: string = status.phase ?? '';
  let reason: string = phase;
  if (status.reason) reason = status.reason;
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'PodScheduled' && cond.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, any>();
  for (const ic of spec.initContainers ?? []) {
    initSpecs.set(ic.name, ic);
    if (isRestartableInit(ic)) totalContainers++;
  }
  const nInit = (spec.initContainers ?? []).length;

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    const lastTerm = cs.lastState?.terminated;
    if (lastTerm) lastRestart = laterOf(lastRestart, lastTerm.finishedAt);
    const restartable = isRestartableInit(initSpecs.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (lastTerm) lastRestartableInitRestart = laterOf(lastRestartableInitRestart, lastTerm.finishedAt);
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${nInit}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      const lastTerm = cs.lastState?.terminated;
      if (lastTerm) lastRestart = laterOf(lastRestart, lastTerm.finishedAt);
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== null) restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;

  const podIP = status.podIPs?.[0]?.ip || '<none>';
  const nodeName = spec.nodeName || '<none>';
  const nominated = status.nominatedNodeName || '<none>';
  let gates = '<none>';
  const rg: any[] = spec.readinessGates ?? [];
  if (rg.length > 0) {
    let t = 0;
    for (const g of rg) {
      const cond = (status.conditions ?? []).find((c: any) => c.type === g.conditionType);
      if (cond && cond.status === 'True') t++;
    }
    gates = `${t}/${rg.length}`;
  }
  return [pod.metadata.name, `${readyContainers}/${totalContainers}`, reason, restartsStr, age(pod, now), podIP, nodeName, nominated, gates];
}

// ------------------------------------------------------------------ services / endpoints

function loadBalancerStatus(s: any): string {
  const set = new Set<string>();
  for (const ing of s?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

function serviceExternalIP(svc: any): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

function servicePorts(ports: any[] | undefined): string {
  return (ports ?? [])
    .map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`))
    .join(',');
}

function serviceRow(svc: any, now: Date): string[] {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIPs?.length > 0 ? spec.clusterIPs[0] : '<none>';
  return [svc.metadata.name, spec.type ?? '', clusterIP, serviceExternalIP(svc), servicePorts(spec.ports) || '<none>', age(svc, now), formatLabels(spec.selector)];
}

/** net.JoinHostPort */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printers.formatEndpoints(endpoints, nil). */
export function formatEndpoints(ep: any): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

function sliceRow(s: any, now: Date): string[] {
  const max = 3;
  const ports: string[] = [];
  let pMore = false;
  let pCount = 0;
  for (const p of s.ports ?? []) {
    if (ports.length < max) ports.push(p.port != null ? String(p.port) : p.name != null ? p.name : '*');
    else if (ports.length === max) pMore = true;
    pCount++;
  }
  const eps: string[] = [];
  let eMore = false;
  let eCount = 0;
  for (const e of s.endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (eps.length < max) eps.push(a);
      else if (eps.length === max) eMore = true;
      eCount++;
    }
  }
  return [s.metadata.name, s.addressType ?? '', listWithMore(ports, pMore, pCount, max), listWithMore(eps, eMore, eCount, max), age(s, now)];
}

function ingressRow(ing: any, now: Date): string[] {
  const spec = ing.spec ?? {};
  const rules: any[] = spec.rules ?? [];
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rules) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  let hosts = list.length === 0 ? '*' : list.join(',');
  if (list.length > 0 && more) hosts = `${hosts} + ${rules.length - max} more...`;
  const ports = (spec.tls ?? []).length !== 0 ? '80, 443' : '80';
  return [ing.metadata.name, spec.ingressClassName ?? '<none>', hosts, loadBalancerStatus(ing.status?.loadBalancer), ports, age(ing, now)];
}

// ------------------------------------------------------------------ nodes

function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

function nodeRow(node: any, now: Date): string[] {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c: any) => c.type === 'Ready').pop();
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = nodeRoles(node.metadata?.labels).join(',') || '<none>';
  const info = node.status?.nodeInfo ?? {};
  const addr = (type: string) => (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
  return [
    node.metadata.name,
    status.join(','),
    roles,
    age(node, now),
    info.kubeletVersion ?? '',
    addr('InternalIP'),
    addr('ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

// ------------------------------------------------------------------ events

function eventRow(ev: any, now: Date): string[] {
  let first = translateTimestampSince(ev.firstTimestamp, now);
  if (parseTimestamp(ev.firstTimestamp) === null) first = translateTimestampSince(ev.eventTime, now);
  let last = translateTimestampSince(ev.lastTimestamp, now);
  if (parseTimestamp(ev.lastTimestamp) === null) last = first;
  let count: number = ev.count ?? 0;
  if (ev.series) {
    last = translateTimestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  const io = ev.involvedObject ?? {};
  const kind = String(io.kind ?? '').toLowerCase();
  const target = io.name ? `${kind}/${io.name}` : kind;
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  const source = host ? `${component}, ${host}` : component;
  return [last, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', source, String(ev.message ?? '').trim(), first, String(count), ev.metadata.name];
}

// ------------------------------------------------------------------ batch / autoscaling / storage

function hasCondition(conds: any[] | undefined, type: string): boolean {
  return (conds ?? []).some((c) => c.type === type && c.status === 'True');
}

function jobRow(job: any, now: Date): string[] {
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

function cronJobRow(cj: any, now: Date): string[] {
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

function hpaMetrics(specs: any[] | undefined, statuses: any[] | undefined): string {
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

function hpaRow(hpa: any, now: Date): string[] {
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

function pvcRow(pvc: any, now: Date): string[] {
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

function pvRow(pv: any, now: Date): string[] {
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

Object.assign(PRINTERS, POLICY_PRINTERS);

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
export function tableFor(resource: ResourceInfo, objects: KubeObject[], now: Date): Table {
  const p = printerFor(resource);
  return { columns: p.columns.map((col) => ({ ...col })), rows: objects.map((object) => ({ cells: p.row(object, now), object })) };
}
