// EndpointSlice controller (pkg/controller/endpointslice) and EndpointSlice mirroring
// (pkg/controller/endpointslicemirroring): `<svc>-<5 chars>` slices per port set for Services with a selector,
// with ready/serving/terminating conditions, and mirrored slices for selector-less Services whose Endpoints were
// written by hand. Existing endpoints keep their place in a slice; new ones are appended.

import type { EndpointSlice, Endpoints, KubeObject, Pod, Service, SliceEndpoint, SlicePort } from '../apiserver/types.js';
import { fullRelist, settledMemo, type Controller, type ControllerContext } from './controller.js';
import { TRIGGER_TIME, endpointHostname, findPort, selectedPods, shouldPodBeInEndpoints } from './endpoints.js';
import { K, controllerRef, isControlledBy, isPodReady, same, unchangedSince, updateIfChanged } from './util.js';

export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const SERVICE_NAME = 'kubernetes.io/service-name';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const MAX_ENDPOINTS = 100;

interface Group {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
  /** JSON of ports (the grouping key) */
  key?: string;
}

const endpointKey = (e: SliceEndpoint) => `${e.addresses[0]}/${e.targetRef?.uid ?? ''}`;

function addToGroup(groups: Group[], ports: SlicePort[], ep: SliceEndpoint): void {
  const key = JSON.stringify(ports);
  let g = groups.find((x) => (x.key ??= JSON.stringify(x.ports)) === key);
  if (!g) groups.push((g = { ports, endpoints: [], key }));
  g.endpoints.push(ep);
}

/** Makes the owner's slices (by manager) match the desired port groups, reusing slices where ports match. */
function reconcileSlices(
  ctx: ControllerContext,
  owner: KubeObject,
  serviceName: string,
  manager: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  groups: Group[],
  placeholder: boolean,
): void {
  const { api } = ctx;
  const ns = owner.metadata.namespace!;
  const existing = api
    .list<EndpointSlice>(K.slices, ns)
    .filter((s) => s.metadata.labels?.[SERVICE_NAME] === serviceName && s.metadata.labels?.[MANAGED_BY] === manager && isControlledBy(s, owner));
  const wanted = groups.length ? groups : placeholder ? [{ ports: [], endpoints: [] }] : [];
  const now = ctx.clock.timestamp();
  const used = new Set<string>();
  const write = (slice: EndpointSlice | undefined, g: Group) => {
    const body = (s: EndpointSlice) => {
      s.metadata.labels = { ...labels };
      const prevTrigger = s.metadata.annotations?.[TRIGGER_TIME];
      s.metadata.annotations = { ...annotations };
      if (manager === SLICE_CONTROLLER && prevTrigger) s.metadata.annotations[TRIGGER_TIME] = prevTrigger;
      if (!Object.keys(s.metadata.annotations).length) delete s.metadata.annotations;
      s.endpoints = g.endpoints.length ? g.endpoints : null;
      if (g.ports.length) s.ports = g.ports;
      else delete s.ports;
    };
    if (!slice) {
      const s: EndpointSlice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${serviceName}-`, namespace: ns, ownerReferences: [controllerRef(owner)] },
        addressType: 'IPv4',
        endpoints: null,
      };
      body(s);
      if (manager === SLICE_CONTROLLER) s.metadata.annotations = { ...(s.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
      api.create(s);
      return;
    }
    used.add(slice.metadata.name!);
    const annos = { ...(slice.metadata.annotations ?? {}) };
    delete annos[TRIGGER_TIME];
    const unchanged =
      same(slice.metadata.labels ?? {}, labels) &&
      same(annos, annotations) &&
      same(slice.endpoints ?? null, g.endpoints.length ? g.endpoints : null) &&
      same(slice.ports ?? [], g.ports);
    if (unchanged) return;
    updateIfChanged(api, slice, (c) => {
      body(c);
      if (manager === SLICE_CONTROLLER) c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
    });
  };
  for (const g of wanted) {
    const candidates = existing.filter((s) => !used.has(s.metadata.name!) && same(s.ports ?? [], g.ports));
    // keep the order endpoints already have in their slices; append new ones where there is room
    const want = new Map(g.endpoints.map((e) => [endpointKey(e), e]));
    const plan: Array<{ slice?: EndpointSlice; endpoints: SliceEndpoint[] }> = [];
    for (const s of candidates) {
      const kept: SliceEndpoint[] = [];
      const keptKeys: string[] = [];
      for (const e of s.endpoints ?? []) {
        const k = endpointKey(e);
        const w = want.get(k);
        if (w !== undefined) {
          kept.push(w);
          keptKeys.push(k);
        }
      }
      for (const k of keptKeys) want.delete(k);
      plan.push({ slice: s, endpoints: kept });
    }
    for (const e of want.values()) {
      let target = plan.find((p) => p.endpoints.length < MAX_ENDPOINTS);
      if (!target) plan.push((target = { endpoints: [] }));
      target.endpoints.push(e);
    }
    const nonEmpty = plan.filter((p) => p.endpoints.length);
    if (!nonEmpty.length) {
      // the placeholder: one slice with no endpoints
      write(plan[0]?.slice, { ports: g.ports, endpoints: [] });
      continue;
    }
    for (const p of nonEmpty) write(p.slice, { ports: g.ports, endpoints: p.endpoints });
  }
  for (const s of existing) if (!used.has(s.metadata.name!)) api.delete(K.slices, ns, s.metadata.name!);
}

// ---------------------------------------------------------------- the EndpointSlice controller

function slicePortsFor(pod: Pod, svc: Service): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

export function podEndpoint(pod: Pod, svc: Service): SliceEndpoint {
  const terminating = !!pod.metadata.deletionTimestamp;
  const serving = svc.spec.publishNotReadyAddresses === true || isPodReady(pod);
  const ep: SliceEndpoint = {
    addresses: [pod.status!.podIP!],
    conditions: { ready: serving && !terminating, serving, terminating },
  };
  const hostname = endpointHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name!, uid: pod.metadata.uid };
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  return ep;
}

function serviceSliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  labels[MANAGED_BY] = SLICE_CONTROLLER;
  labels[SERVICE_NAME] = svc.metadata.name!;
  if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

export const endpointSliceController: Controller = {
  name: 'endpointslice',
  sync(ctx) {
    const memo = fullRelist() ? undefined : settledMemo(ctx.api);
    for (const svc of ctx.api.list<Service>(K.services)) {
      if (!svc.spec.selector || svc.spec.type === 'ExternalName') {
        // slices this controller made for a service that lost its selector
        for (const s of ctx.api.list<EndpointSlice>(K.slices, svc.metadata.namespace)) {
          if (s.metadata.labels?.[MANAGED_BY] === SLICE_CONTROLLER && isControlledBy(s, svc)) ctx.api.delete(K.slices, s.metadata.namespace, s.metadata.name!);
        }
        continue;
      }
      // the namespace's pods and slices not written since the last look: the signature below is the same too
      const cheap = memo && `${svc.metadata.resourceVersion}|${ctx.api.store.nsWriteCount(K.slices, svc.metadata.namespace)}|${ctx.api.store.nsWriteCount(K.pods, svc.metadata.namespace)}`;
      const key = `endpointslice/${svc.metadata.uid}`;
      if (memo && memo.get(key) === cheap) continue;
      const pods = selectedPods(ctx, svc);
      const mine = ctx.api
        .list<EndpointSlice>(K.slices, svc.metadata.namespace)
        .filter((s) => s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name)
        .map((s) => s.metadata.resourceVersion)
        .join(',');
      const signature = `${svc.metadata.resourceVersion}|${mine}|${pods.map((p) => p.metadata.resourceVersion).join(',')}`;
      if (memo) {
        if (mine) memo.set(key, cheap);
        else memo.delete(key);
      }
      if (mine && unchangedSince(ctx.api, 'endpointslice', svc.metadata.uid!, signature)) continue;
      const groups: Group[] = [];
      for (const pod of pods) {
        if (!shouldPodBeInEndpoints(pod, true)) continue;
        addToGroup(groups, slicePortsFor(pod, svc), podEndpoint(pod, svc));
      }
      reconcileSlices(ctx, svc, svc.metadata.name!, SLICE_CONTROLLER, serviceSliceLabels(svc), {}, groups, true);
    }
  },
};

// ---------------------------------------------------------------- mirroring

const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';

export const endpointSliceMirroringController: Controller = {
  name: 'endpointslicemirroring',
  sync(ctx) {
    const { api } = ctx;
    for (const ep of api.list<Endpoints>(K.endpoints)) {
      const ns = ep.metadata.namespace!;
      const name = ep.metadata.name!;
      const svc = api.tryGet<Service>(K.services, ns, name);
      const mirror = !!svc && !svc.spec.selector && ep.metadata.labels?.[SKIP_MIRROR] !== 'true';
      if (!mirror) {
        for (const s of api.list<EndpointSlice>(K.slices, ns)) {
          if (s.metadata.labels?.[MANAGED_BY] === MIRROR_CONTROLLER && isControlledBy(s, ep)) api.delete(K.slices, ns, s.metadata.name!);
        }
        continue;
      }
      const groups: Group[] = [];
      for (const ss of ep.subsets ?? []) {
        const ports: SlicePort[] = (ss.ports ?? []).map((p) => {
          const sp: SlicePort = { name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port };
          if (p.appProtocol) sp.appProtocol = p.appProtocol;
          return sp;
        });
        for (const [list, ready] of [[ss.addresses ?? [], true], [ss.notReadyAddresses ?? [], false]] as const) {
          for (const a of list) {
            const e: SliceEndpoint = { addresses: [a.ip], conditions: { ready } };
            if (a.hostname) e.hostname = a.hostname;
            if (a.targetRef) e.targetRef = { ...a.targetRef };
            if (a.nodeName) e.nodeName = a.nodeName;
            addToGroup(groups, ports, e);
          }
        }
      }
      const labels: Record<string, string> = { ...(ep.metadata.labels ?? {}), [MANAGED_BY]: MIRROR_CONTROLLER, [SERVICE_NAME]: name };
      const annotations = { ...(ep.metadata.annotations ?? {}) };
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      delete annotations[TRIGGER_TIME];
      reconcileSlices(ctx, ep, name, MIRROR_CONTROLLER, labels, annotations, groups, false);
    }
  },
};
