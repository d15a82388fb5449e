// Endpoints controller (pkg/controller/endpoint): an Endpoints object per Service with a selector, addresses
// of the selected pods split into ready/notReady, ports resolved per pod (named targetPorts from the container
// ports), subsets repacked by port set, and the last-change-trigger-time annotation.

import { matchesMap } from '../apiserver/labels.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service, ServicePort } from '../apiserver/types.js';
import { fullRelist, settledMemo, type Controller, type ControllerContext } from './controller.js';
import { K, isPodReady, same, unchangedSince, updateIfChanged } from './util.js';

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** podutil.FindPort: the container port a service port targets on this pod, or undefined. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const proto = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  }
  return undefined;
}

/** endpointutil.ShouldPodBeInEndpoints. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status.phase;
  if (pod.spec.restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (pod.spec.restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/** Pods a Service selects, in list order. */
export function selectedPods(ctx: ControllerContext, svc: Service): Pod[] {
  const sel = svc.spec.selector ?? {};
  return ctx.api.list<Pod>(K.pods, svc.metadata.namespace).filter((p) => matchesMap(sel, p.metadata.labels));
}

export function endpointHostname(pod: Pod, svc: Service): string | undefined {
  return pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace ? pod.spec.hostname : undefined;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ipKeys = new Map<string, string>();
/** The address with every dot-separated part zero-padded to 3 (sorts IPv4 by value); remembered per address. */
function ipKey(ip: string): string {
  let k = ipKeys.get(ip);
  if (k === undefined) {
    if (ipKeys.size >= 65536) ipKeys.clear();
    ipKeys.set(ip, (k = ip.split('.').map((p) => p.padStart(3, '0')).join('.')));
  }
  return k;
}

/** endpoints.RepackSubsets: addresses grouped by the exact set of ports they serve. */
export function repackSubsets(entries: Array<{ addr: EndpointAddress; ready: boolean; port: EndpointPort }>): EndpointSubset[] {
  const portsByAddr = new Map<string, { addr: EndpointAddress; ready: boolean; ports: EndpointPort[] }>();
  for (const e of entries) {
    const key = `${e.addr.ip}/${e.addr.targetRef?.uid ?? ''}`;
    const cur = portsByAddr.get(key) ?? { addr: e.addr, ready: e.ready, ports: [] };
    const pk = JSON.stringify(e.port);
    if (!cur.ports.some((p) => JSON.stringify(p) === pk)) cur.ports.push(e.port);
    portsByAddr.set(key, cur);
  }
  const groups = new Map<string, EndpointSubset>();
  for (const { addr, ready, ports } of portsByAddr.values()) {
    const sorted = [...ports].sort((a, b) => cmp(a.name ?? '', b.name ?? '') || a.port - b.port || cmp(a.protocol ?? '', b.protocol ?? ''));
    const key = JSON.stringify(sorted);
    const g = groups.get(key) ?? { ports: sorted };
    if (ready) (g.addresses ??= []).push(addr);
    else (g.notReadyAddresses ??= []).push(addr);
    groups.set(key, g);
  }
  // ipKey once per address (not per comparison)
  const ipKeys = new Map<string, string>();
  const keyOf = (ip: string) => {
    let k = ipKeys.get(ip);
    if (k === undefined) ipKeys.set(ip, (k = ipKey(ip)));
    return k;
  };
  // by IP (zero-padded parts), then target uid; each address's keys computed once
  const sortByIP = (list: EndpointAddress[]) =>
    list
      .map((a) => ({ a, ip: keyOf(a.ip), uid: a.targetRef?.uid ?? '' }))
      .sort((x, y) => cmp(x.ip, y.ip) || cmp(x.uid, y.uid))
      .map((x) => x.a);
  const out = [...groups.values()];
  for (const s of out) {
    if (s.addresses) s.addresses = sortByIP(s.addresses);
    if (s.notReadyAddresses) s.notReadyAddresses = sortByIP(s.notReadyAddresses);
  }
  const first = (s: EndpointSubset) => keyOf((s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '');
  out.sort((a, b) => cmp(first(a), first(b)) || cmp(JSON.stringify(a.ports), JSON.stringify(b.ports)));
  // field order as the API serialises an EndpointSubset
  return out.map((s) => {
    const o: EndpointSubset = {};
    if (s.addresses) o.addresses = s.addresses;
    if (s.notReadyAddresses) o.notReadyAddresses = s.notReadyAddresses;
    if (s.ports?.length) o.ports = s.ports;
    return o;
  });
}

function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const entries: Array<{ addr: EndpointAddress; ready: boolean; port: EndpointPort }> = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, false)) continue;
    const addr: EndpointAddress = { ip: pod.status!.podIP! };
    const hostname = endpointHostname(pod, svc);
    if (hostname) addr.hostname = hostname;
    if (pod.spec.nodeName) addr.nodeName = pod.spec.nodeName;
    addr.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name!, uid: pod.metadata.uid };
    const ready = svc.spec.publishNotReadyAddresses === true || isPodReady(pod);
    for (const sp of svc.spec.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep = {} as EndpointPort;
      if (sp.name) ep.name = sp.name;
      ep.port = port;
      ep.protocol = sp.protocol ?? 'TCP';
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      entries.push({ addr, ready, port: ep });
    }
  }
  return repackSubsets(entries);
}

function desiredLabels(svc: Service): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return Object.keys(labels).length ? labels : undefined;
}

function syncService(ctx: ControllerContext, svc: Service, nsPods: Pod[], memo: Map<string, unknown> | undefined): void {
  const { api } = ctx;
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const sel = svc.spec.selector ?? {};
  const existing = api.tryGet<Endpoints>(K.endpoints, ns, name);
  // the namespace's pods not written since the last look: the signature below is the same too
  const cheap = memo && existing && `${svc.metadata.resourceVersion}|${existing.metadata.resourceVersion}|${api.store.nsWriteCount(K.pods, ns)}`;
  const key = `endpoints/${svc.metadata.uid}`;
  if (cheap && memo!.get(key) === cheap) return;
  if (memo) {
    if (cheap) memo.set(key, cheap);
    else memo.delete(key);
  }
  const pods = nsPods.filter((p) => matchesMap(sel, p.metadata.labels));
  const signature = `${svc.metadata.resourceVersion}|${existing?.metadata.resourceVersion ?? '-'}|${pods.map((p) => p.metadata.resourceVersion).join(',')}`;
  if (existing && unchangedSince(api, 'endpoints', svc.metadata.uid!, signature)) return;
  const subsets = desiredSubsets(svc, pods);
  const labels = desiredLabels(svc);
  const cur = api.tryGet<Endpoints>(K.endpoints, ns, name);
  const now = ctx.clock.timestamp();
  if (!cur) {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, annotations: { [TRIGGER_TIME]: now } } };
    if (labels) ep.metadata.labels = labels;
    if (subsets.length) ep.subsets = subsets;
    api.create(ep);
    return;
  }
  const curLabels = { ...(cur.metadata.labels ?? {}) };
  if (same(cur.subsets ?? [], subsets) && same(curLabels, labels ?? {})) return;
  updateIfChanged(api, cur, (c) => {
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
    if (labels) c.metadata.labels = labels;
    else delete c.metadata.labels;
    if (subsets.length) c.subsets = subsets;
    else delete c.subsets;
  });
}

export const endpointsController: Controller = {
  name: 'endpoints',
  sync(ctx) {
    const { api } = ctx;
    const services = api.list<Service>(K.services);
    const memo = fullRelist() ? undefined : settledMemo(api);
    const podsByNs = new Map<string, Pod[]>();
    for (const p of api.list<Pod>(K.pods)) {
      const list = podsByNs.get(p.metadata.namespace!);
      if (list) list.push(p);
      else podsByNs.set(p.metadata.namespace!, [p]);
    }
    const keys = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const svc of services) {
      if (svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes') continue;
      if (!svc.spec.selector || svc.spec.type === 'ExternalName') continue;
      syncService(ctx, svc, podsByNs.get(svc.metadata.namespace!) ?? [], memo);
    }
    // Endpoints this controller wrote whose Service is gone
    for (const ep of api.list<Endpoints>(K.endpoints)) {
      if (keys.has(`${ep.metadata.namespace}/${ep.metadata.name}`)) continue;
      if (!ep.metadata.annotations?.[TRIGGER_TIME]) continue;
      api.delete(K.endpoints, ep.metadata.namespace, ep.metadata.name!);
    }
  },
};
