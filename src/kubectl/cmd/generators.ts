// Objects kubectl builds client-side (create deployment/service/namespace/configmap, run, expose), field for
// field and in Go struct order (so `--dry-run=client -o json` matches), with the generators' validation errors.

import type { Rng } from '../../cluster/state/rng.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError } from '../context.js';

/** cobra's required-flag failure as stock kubectl v1.32 prints it (cmdutil.CheckErr): `error: required flag(s) "image" not set`. */
export function requiredFlagsError(now: Date, flags: string[]): KubectlError {
  void now;
  return new KubectlError(`error: required flag(s) ${flags.map((f) => `"${f}"`).join(', ')} not set`);
}

/** `error: exactly one NAME is required, got N` with the usage hint. */
export function nameRequired(args: string[], path: string): string {
  if (args.length !== 1) {
    throw new KubectlError(`error: exactly one NAME is required, got ${args.length}\nSee '${path} -h' for help and examples`);
  }
  return args[0];
}

/** create_deployment.go sanitizeAndUniquify */
function sanitizeAndUniquify(name: string, rng: Rng): string {
  if (/[_.]/.test(name)) return `${name.replace(/_/g, '-').replace(/\./g, '-')}-${rng.string(5)}`;
  return name;
}

export interface DeploymentOptions {
  name: string;
  namespace?: string;
  images: string[];
  replicas: number;
  port: number;
  command: string[];
}

/** `kubectl create deployment` (create_deployment.go createDeployment/buildPodSpec). */
export function buildDeployment(o: DeploymentOptions, rng: Rng): KubeObject {
  const containers: Record<string, unknown>[] = o.images.map((image) => {
    let name = image.split('/').pop()!;
    if (name.includes(':')) name = name.split(':')[0];
    if (name.includes('@')) name = name.split('@')[0];
    return { name: sanitizeAndUniquify(name, rng), image, resources: {} };
  });
  if (o.command.length && containers.length) {
    const c = containers[0];
    containers[0] = { name: c.name, image: c.image, command: o.command, resources: {} };
  }
  if (o.port >= 0 && containers.length) {
    const c = containers[0];
    containers[0] = { name: c.name, image: c.image, ...(c.command ? { command: c.command } : {}), ports: [{ containerPort: o.port }], resources: {} };
  }
  const labels = { app: o.name };
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), creationTimestamp: null, labels },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
      strategy: {},
    },
    status: {},
  } as unknown as KubeObject;
}

export function buildNamespace(name: string): KubeObject {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: { name, creationTimestamp: null }, spec: {}, status: {} } as unknown as KubeObject;
}

/** utilsnet.ParsePort(s, true) */
function parsePort(s: string): number {
  if (!/^\d+$/.test(s)) throw new KubectlError(`error: strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KubectlError(`error: strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** validation.IsValidPortName */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

function parseTcp(spec: string): { port: number; targetPort: number | string } {
  const colon = spec.indexOf(':');
  const portStr = colon < 0 ? spec : spec.slice(0, colon);
  const target = colon < 0 ? '' : spec.slice(colon + 1);
  const port = parsePort(portStr);
  if (target === '') return { port, targetPort: port };
  if (/^[+-]?\d+$/.test(target)) {
    const n = Number(target);
    if (n < 1 || n > 65535) throw new KubectlError('error: must be between 1 and 65535, inclusive');
    return { port, targetPort: n };
  }
  const errs = portNameErrors(target);
  if (errs.length) throw new KubectlError(`error: ${errs.join(',')}`);
  return { port, targetPort: target };
}

export interface ServiceOptions {
  name: string;
  namespace?: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  tcp: string[];
  clusterIP?: string;
  nodePort?: number;
  externalName?: string;
}

/** `kubectl create service <type>` (create_service.go Validate + createService). */
export function buildService(o: ServiceOptions): KubeObject {
  if (o.clusterIP === 'None' && o.type !== 'ClusterIP') throw new KubectlError('error: ClusterIP=None can only be used with ClusterIP service type');
  if (o.clusterIP !== 'None' && o.tcp.length === 0 && o.type !== 'ExternalName') throw new KubectlError('error: at least one tcp port specifier must be provided');
  if (o.type === 'ExternalName' && !isDns1123Subdomain(o.externalName ?? '')) throw new KubectlError(`error: invalid service external name ${o.externalName ?? ''}`);
  const ports = o.tcp.map((spec) => {
    const { port, targetPort } = parseTcp(spec);
    return { name: spec.replace(/:/g, '-'), protocol: 'TCP', port, targetPort, ...(o.nodePort ? { nodePort: o.nodePort } : {}) };
  });
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { app: o.name };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = o.type;
  if (o.externalName) spec.externalName = o.externalName;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), creationTimestamp: null, labels: { app: o.name } },
    spec,
    status: { loadBalancer: {} },
  } as unknown as KubeObject;
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

const CONFIG_KEY_ERR =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

export interface ConfigMapOptions {
  name: string;
  namespace?: string;
  literals: string[];
  /** [key, content] pairs already read from --from-file sources */
  files: Array<[string, string]>;
}

/** `kubectl create configmap` (create_configmap.go). */
export function buildConfigMap(o: ConfigMapOptions): KubeObject {
  const data: Record<string, string> = {};
  const add = (key: string, value: string) => {
    if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253 || key === '.' || key === '..' || key.startsWith('..')) {
      throw new KubectlError(`error: ${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${CONFIG_KEY_ERR}`);
    }
    if (key in data) throw new KubectlError(`error: cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${o.name}"`);
    data[key] = value;
  };
  for (const [k, v] of o.files) add(k, v);
  for (const lit of o.literals) {
    const eq = lit.indexOf('=');
    if (eq < 0) throw new KubectlError(`error: invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), stripQuotes(lit.slice(eq + 1)));
  }
  const obj: Record<string, unknown> = {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), creationTimestamp: null },
  };
  if (Object.keys(data).length) obj.data = data;
  return obj as unknown as KubeObject;
}

/** parseLiteralSource strips one pair of matching surrounding quotes. */
function stripQuotes(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** The object without the client-only placeholders (`creationTimestamp: null`, empty status) before sending it. */
export function forServer(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject & { status?: unknown };
  const strip = (m: Record<string, unknown> | undefined) => {
    if (m && m.creationTimestamp === null) delete m.creationTimestamp;
  };
  strip(copy.metadata as unknown as Record<string, unknown>);
  const tmpl = (copy as { spec?: { template?: { metadata?: Record<string, unknown> } } }).spec?.template?.metadata;
  strip(tmpl);
  if (copy.status && typeof copy.status === 'object' && Object.keys(copy.status as object).length === 0) delete copy.status;
  return copy;
}
