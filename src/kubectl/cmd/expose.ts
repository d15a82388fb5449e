// `kubectl expose` (cmd/expose/expose.go + polymorphichelpers): a Service built client-side from a pod,
// deployment, replica set, replication controller or service — selector, ports and protocols by introspection.

import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { bool, list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { readManifestsFor } from '../manifests.js';
import { resolveRequest } from '../resolve.js';
import { forServer } from './generators.js';
import { lastAppliedAnnotation } from './apply-config.js';
import { DRY_RUN_FLAG, dryRunOf, ObjectPrinter, outputFormatOf, PRINT_FLAGS, reportErrors } from './printing.js';
import { RECORD_FLAG_UNSIMULATED } from './record.js';

const FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'cluster-ip', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'field-manager', type: 'string', default: 'kubectl-expose' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'override-type', type: 'string', default: 'merge' },
  { name: 'overrides', type: 'string' },
  { name: 'port', type: 'string' },
  { name: 'protocol', type: 'string' },
  RECORD_FLAG_UNSIMULATED,
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'save-config', type: 'bool' },
  { name: 'selector', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'type', type: 'string' },
];

const EXPOSABLE = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet', 'extensions/Deployment', 'extensions/ReplicaSet']);

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl expose -h' for help and examples`);
}

function makeLabels(m: Record<string, string>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** polymorphichelpers.MapBasedSelectorForObject */
function selectorFor(obj: any): string {
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(obj.metadata.labels);
    case 'Service':
      if (!obj.spec?.selector) throw new Error('the service has no pod selector set');
      return makeLabels(obj.spec.selector);
    case 'ReplicationController':
      return makeLabels(obj.spec?.selector ?? {});
    case 'Deployment':
    case 'ReplicaSet': {
      const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      const sel = obj.spec?.selector;
      if (!sel) throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      if (sel.matchExpressions?.length) {
        const exprs = sel.matchExpressions.map((e: any) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
        throw new Error(`couldn't convert expressions - "[${exprs}]" to map-based selector format`);
      }
      return makeLabels(sel.matchLabels ?? {});
    }
    default:
      throw new Error(`cannot extract pod selector from ${obj.kind}`);
  }
}

function podSpecOf(obj: any): any {
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
}

/** polymorphichelpers.PortsForObject: container ports (or service ports), in order, without duplicates. */
function portsFor(obj: any): string[] {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: any) => String(p.port));
  const out: string[] = [];
  for (const c of podSpecOf(obj)?.containers ?? []) {
    for (const p of c.ports ?? []) if (!out.includes(String(p.containerPort))) out.push(String(p.containerPort));
  }
  return out;
}

/** polymorphichelpers.ProtocolsForObject: port → protocols. */
function protocolsFor(obj: any): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (port: unknown, proto: unknown) => {
    const k = String(port);
    const list = m.get(k) ?? [];
    const p = (proto as string) || 'TCP';
    if (!list.includes(p)) list.push(p);
    m.set(k, list);
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return m;
}

function parseLabels(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new KubectlError(`error: invalid label spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

interface ExposeFlags {
  port: string;
  protocol: string;
  targetPort: string;
  name: string;
  type: string;
  selector: string;
  labels: string;
  externalIP: string;
  loadBalancerIP: string;
  sessionAffinity: string;
  clusterIP: string;
}

/** The Service expose builds for one object (exported for tests). */
export function buildExposeService(obj: any, f: ExposeFlags, namespace?: string): KubeObject {
  const defaultName = (obj.metadata?.name ?? '').slice(0, 63);
  let selectorText = f.selector;
  if (!selectorText) {
    try {
      selectorText = selectorFor(obj);
    } catch (e) {
      throw usage(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
  }
  const headless = f.clusterIP === 'None';
  let port = f.port;
  let portsList = '';
  if (!port) {
    const ports = portsFor(obj);
    if (ports.length === 0 && !headless) throw usage("couldn't find port via --port flag or introspection");
    if (ports.length === 1) port = ports[0];
    else if (ports.length > 1) portsList = ports.join(',');
  }
  const protoMap = protocolsFor(obj);
  let labels: Record<string, string> | undefined;
  if (f.labels) labels = parseLabels(f.labels);
  else if (obj.metadata?.labels && Object.keys(obj.metadata.labels).length) labels = { ...obj.metadata.labels };
  const selector = parseLabels(selectorText);
  const name = f.name || defaultName;
  const portString = portsList || port;
  const ports: Array<Record<string, unknown>> = [];
  if (portString) {
    const parts = portString.split(',');
    parts.forEach((p, i) => {
      if (!/^[+-]?\d+$/.test(p)) throw new KubectlError(`error: strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax`);
      const n = Number(p);
      const portName = parts.length > 1 ? `port-${i + 1}` : '';
      let protocol = f.protocol;
      if (!protocol) {
        protocol = 'TCP';
        const protos = protoMap.get(p);
        if (protos && protos.length === 1) protocol = protos[0];
        else if (protos && protos.length > 1) {
          for (const pr of protos) ports.push({ name: `port-${i + 1}-${pr.toLowerCase()}`, protocol: pr, port: n });
          return;
        }
      }
      ports.push({ ...(portName ? { name: portName } : {}), protocol, port: n });
    });
  }
  for (const p of ports) {
    if (f.targetPort) p.targetPort = /^[+-]?\d+$/.test(f.targetPort) ? Number(f.targetPort) : f.targetPort;
    else p.targetPort = p.port;
  }
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = selector;
  if (f.clusterIP) spec.clusterIP = f.clusterIP;
  if (f.type) spec.type = f.type;
  if (f.externalIP) spec.externalIPs = [f.externalIP];
  if (f.sessionAffinity) {
    if (f.sessionAffinity !== 'None' && f.sessionAffinity !== 'ClientIP') throw new KubectlError(`error: unknown session affinity: ${f.sessionAffinity}`);
    spec.sessionAffinity = f.sessionAffinity;
  }
  if (f.type === 'LoadBalancer' && f.loadBalancerIP) spec.loadBalancerIP = f.loadBalancerIP;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null, ...(labels ? { labels } : {}) },
    spec,
    status: { loadBalancer: {} },
  } as unknown as KubeObject;
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const dryRun = dryRunOf(ctx, args);
  const printer = new ObjectPrinter(ctx, outputFormatOf(args, undefined, ctx.cwd), dryRun);
  const filenames = list(args, 'filename');
  const objects: Array<{ resource: ResourceInfo; obj: KubeObject }> = [];
  const errors: unknown[] = [];
  if (filenames.length) {
    if (args.args.length) throw new KubectlError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    for (const item of readManifestsFor(ctx, filenames, { recursive: bool(args, 'recursive') })) {
      if (item.kind === 'error') errors.push(new KubectlError(`error: ${item.message}`));
      else objects.push({ resource: item.resource, obj: item.object });
    }
  } else {
    const req = resolveRequest(args.args, {});
    if (req.mode === 'names') {
      for (const t of req.targets) {
        try {
          objects.push({ resource: t.resource, obj: ctx.api.get(resourceKey(t.resource), ctx.namespace, t.name) });
        } catch (e) {
          if (e instanceof StatusError) errors.push(e);
          else throw e;
        }
      }
    }
  }
  const flags: ExposeFlags = {
    port: str(args, 'port'),
    protocol: str(args, 'protocol'),
    targetPort: str(args, 'target-port'),
    name: str(args, 'name'),
    type: str(args, 'type'),
    selector: str(args, 'selector'),
    labels: str(args, 'labels'),
    externalIP: str(args, 'external-ip'),
    loadBalancerIP: str(args, 'load-balancer-ip'),
    sessionAffinity: str(args, 'session-affinity'),
    clusterIP: str(args, 'cluster-ip'),
  };
  const svcInfo = ctx.api.resource('services');
  for (const { resource, obj } of objects) {
    const gk = `${resource.group}/${resource.kind}`;
    if (!EXPOSABLE.has(gk)) {
      errors.push(new KubectlError(`error: cannot expose a ${resource.group ? `${resource.kind}.${resource.group}` : resource.kind}`));
      continue;
    }
    try {
      let svc = buildExposeService(obj, flags, dryRun === 'client' && ctx.explicitNamespace ? ctx.namespace : undefined);
      if (bool(args, 'save-config')) {
        svc = structuredClone(svc);
        svc.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': lastAppliedAnnotation(svc, { typed: true }) };
      }
      if (dryRun === 'client') {
        printer.print(svcInfo, svc, 'exposed', { typed: true });
        continue;
      }
      const toSend = forServer(svc);
      toSend.metadata.namespace = ctx.namespace;
      const created = ctx.api.create(toSend, { dryRun: dryRun === 'server' });
      printer.print(svcInfo, created, 'exposed');
    } catch (e) {
      if (e instanceof StatusError || e instanceof KubectlError) errors.push(e);
      else throw e;
    }
  }
  return reportErrors(ctx, errors);
}

const expose: Verb = { name: 'expose', flags: FLAGS, run };
export default expose;
