// `kubectl cluster-info` (control plane and cluster-service addresses, coloured as go-colortext does) and
// `kubectl cluster-info dump` (nodes, then per namespace events, RCs, services, daemonsets, deployments,
// replicasets and pods as JSON lists, then each container's logs).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { parseSelector } from '../../cluster/apiserver/labels.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, list, str, type ParsedArgs } from '../flags.js';
import { serverURL } from './config.js';
import { goJsonIndent } from './output.js';
import { toYaml } from '../printers/yaml.js';

const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

/** One `<name> is running at <link>` line; coloured unless TERM=dumb (go-colortext never checks for a terminal). */
export function serviceLine(name: string, link: string, color: boolean): string {
  if (!color) return `${name} is running at ${link}\n`;
  return `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n`;
}

/** The link kubectl prints for a cluster service (LoadBalancer ingress, else the API server proxy URL). */
export function serviceLink(host: string, svc: KubeObject): string {
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  const ports: Array<{ name?: string; port: number }> = svc.spec?.ports ?? [];
  if (ingress) {
    const ip = ingress.ip || ingress.hostname || '';
    return ports.map((p) => `http://${ip}:${p.port} `).join('');
  }
  let name = svc.metadata.name ?? '';
  if (ports.length > 0) {
    const port = ports[0];
    const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
    // utilnet.JoinSchemeNamePort
    if (scheme) name = `${scheme}:${name}:${port.name ?? ''}`;
    else if (port.name) name = `${name}:${port.name}`;
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
}

function clusterInfo(ctx: KubectlContext, args: ParsedArgs): number {
  if (args.args.length) {
    // cobra passes the unknown word to a command without sub-command match: kubectl prints the info anyway
  }
  // go-colortext's ct_ansi.go writes the escapes whenever TERM is not "dumb", piped or not (kubernetes#5698).
  const color = ctx.env.TERM !== 'dumb';
  const host = serverURL(ctx.cluster);
  const ns = ctx.explicitNamespace ? ctx.namespace : 'kube-system';
  let text = serviceLine('Kubernetes control plane', host, color);
  const services = ctx.api.list('services', ns, parseSelector('kubernetes.io/cluster-service=true'));
  for (const svc of services) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name || '';
    text += serviceLine(name, serviceLink(host, svc), color);
  }
  text += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  ctx.out(text);
  return 0;
}

/** A typed List as client-go returns it: items without apiVersion/kind. */
export function typedList(kind: string, apiVersion: string, resourceVersion: string, items: KubeObject[]): Record<string, unknown> {
  return {
    kind,
    apiVersion,
    metadata: { resourceVersion },
    items: items.map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    }),
  };
}

function clusterInfoDump(ctx: KubectlContext, args: ParsedArgs): number {
  const output = str(args, 'output');
  if (output !== 'json' && output !== 'yaml') {
    throw new KubectlError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  const outDir = str(args, 'output-directory');
  if (outDir && outDir !== '-') throw new KubectlError('error: kubesim does not write cluster-info dump to a directory');
  const rv = String(ctx.api.store.resourceVersion);
  const print = (o: Record<string, unknown>) => {
    if (output === 'json') ctx.out(goJsonIndent(o) + '\n');
    else ctx.out(toYaml(o));
  };
  print(typedList('NodeList', 'v1', rv, ctx.api.list('nodes')));
  let namespaces: string[];
  if (bool(args, 'all-namespaces')) namespaces = ctx.api.list('namespaces').map((n) => n.metadata.name ?? '');
  else if (list(args, 'namespaces').length) namespaces = list(args, 'namespaces');
  else namespaces = ['kube-system', ctx.namespace];
  const kinds: Array<[string, string, string]> = [
    ['events', 'EventList', 'v1'],
    ['replicationcontrollers', 'ReplicationControllerList', 'v1'],
    ['services', 'ServiceList', 'v1'],
    ['daemonsets.apps', 'DaemonSetList', 'apps/v1'],
    ['deployments.apps', 'DeploymentList', 'apps/v1'],
    ['replicasets.apps', 'ReplicaSetList', 'apps/v1'],
    ['pods', 'PodList', 'v1'],
  ];
  for (const ns of namespaces) {
    for (const [key, listKind, apiVersion] of kinds) print(typedList(listKind, apiVersion, rv, ctx.api.list(key, ns)));
    for (const pod of ctx.api.list('pods', ns)) {
      const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as Array<{ name: string }>;
      for (const c of containers) {
        ctx.out(`==== START logs for container ${c.name} of pod ${ns}/${pod.metadata.name} ====\n`);
        ctx.out(`==== END logs for container ${c.name} of pod ${ns}/${pod.metadata.name} ====\n`);
      }
    }
  }
  return 0;
}



const dump: Verb = {
  name: 'dump',
  path: 'kubectl cluster-info dump',
  readOnly: true,
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'namespaces', type: 'stringSlice' },
    { name: 'output', short: 'o', type: 'string', default: 'json' },
    { name: 'output-directory', type: 'string' },
    { name: 'pod-running-timeout', type: 'string', default: '20s' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
  ],
  run: clusterInfoDump,
};

const verb: Verb = {
  name: 'cluster-info',
  readOnly: true,
  flags: [],
  subcommands: { dump },
  run: clusterInfo,
};

export default verb;
