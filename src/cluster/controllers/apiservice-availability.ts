// kube-aggregator's AvailableConditionController (pkg/controllers/status/available_controller.go) for the
// APIServices kubesim serves: the Available condition from the backing Service, its Endpoints, and the discovery
// check against the serving pod (only metrics-server serves an aggregated API here). `kubectl top` and the HPA
// use the Metrics API only while this condition is True.

import type { Endpoints, KubeObject, Pod, Service } from '../apiserver/types.js';
import { imageFamily } from '../network/images/index.js';
import type { Controller, ControllerContext } from './controller.js';
import { writeStatus } from './util.js';

export const APISERVICE_KEY = 'apiservices.apiregistration.k8s.io';

type Any = Record<string, any>;
interface Availability {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** The group/version an APIService's pods must serve, and the backend answering it (a simulated image family). */
const BACKENDS: Record<string, string> = { 'metrics.k8s.io/v1beta1': 'metrics-server' };

export function availabilityOf(ctx: Pick<ControllerContext, 'api'>, apiService: KubeObject): Availability {
  const spec = (apiService.spec ?? {}) as Any;
  const ref = spec.service as Any | undefined;
  if (!ref) return { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
  const where = `service/${ref.name} in ${JSON.stringify(ref.namespace)}`;
  const svc = ctx.api.tryGet<Service>('services', ref.namespace, ref.name);
  if (!svc) return { status: 'False', reason: 'ServiceNotFound', message: `${where} is not present` };
  const port = (svc.spec.ports ?? []).find((p) => p.port === (ref.port ?? 443));
  if (!port) return { status: 'False', reason: 'ServicePortError', message: `${where} is not listening on port ${ref.port ?? 443}` };
  const ep = ctx.api.tryGet<Endpoints>('endpoints', ref.namespace, ref.name);
  if (!ep) return { status: 'False', reason: 'EndpointsNotFound', message: `cannot find endpoints for ${where}` };
  const ready = (ep.subsets ?? []).filter((s) => (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => p.name === (port.name ?? '')));
  if (ready.length === 0) return { status: 'False', reason: 'MissingEndpoints', message: `endpoints for ${where} have no addresses with port name ${JSON.stringify(port.name ?? '')}` };
  // the discovery check: GET /apis/GROUP/VERSION through the service must answer 2xx
  const gv = `${spec.group}/${spec.version}`;
  const url = `https://${svc.spec.clusterIP}:${port.port}/apis/${gv}`;
  const pods = ready.flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef?.name && ctx.api.tryGet<Pod>('pods', ref.namespace, a.targetRef.name)).filter((p): p is Pod => !!p));
  const serves = pods.some((p) => p.spec.containers.some((c) => imageFamily(c.image ?? '') === BACKENDS[gv]));
  if (!serves) return { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: bad status from ${url}: 404` };
  return { status: 'True', reason: 'Passed', message: 'all checks passed' };
}


export const apiServiceAvailabilityController: Controller = {
  name: 'apiservice-availability',
  sync(ctx: ControllerContext): void {
    for (const s of ctx.api.list<KubeObject>(APISERVICE_KEY)) {
      const want = availabilityOf(ctx, s);
      const conds = (((s.status as Any | undefined)?.conditions ?? []) as Any[]).filter((c) => c.type !== 'Available');
      const old = (((s.status as Any | undefined)?.conditions ?? []) as Any[]).find((c) => c.type === 'Available');
      const lastTransitionTime = old && old.status === want.status ? old.lastTransitionTime : ctx.clock.timestamp();
      const status = { ...(s.status as Any | undefined), conditions: [...conds, { type: 'Available', status: want.status, lastTransitionTime, reason: want.reason, message: want.message }] };
      writeStatus(ctx.api, s, status);
    }
  },
};
