// PodSpec defaulting (pkg/apis/core/v1/defaults.go), the admission plugins that mutate new Pods
// (ServiceAccount, Priority, DefaultTolerationSeconds) and PodSpec / PodTemplateSpec validation with
// pkg/apis/core/validation's exact messages. Shared by pods and the workload kinds' templates.

import { field, type FieldCause } from '../errors.js';
import type { Container, PodSpec, PodTemplateSpec } from '../types.js';
import type { Rng } from '../../state/rng.js';
import {
  eachInvalid,
  inclusiveRangeError,
  isValidPortName,
  isValidPortNum,
  validateAnnotations,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabels,
} from './validation.js';

type Obj = Record<string, any>;

/** The tag ParseImageName would report: `latest` when neither tag nor digest, '' for digest-only. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = noDigest.lastIndexOf('/');
  const last = noDigest.slice(lastSlash + 1);
  const colon = last.indexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

function defaultEnv(env: Obj[] | undefined): void {
  for (const e of env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
}

/** SetDefaults_Container + SetDefaults_ContainerPort + probes. */
export function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (!c.resources) c.resources = {};
  const res = c.resources as Obj;
  if (res.limits && Object.keys(res.limits).length) {
    res.requests ??= {};
    for (const [k, v] of Object.entries(res.limits)) if (res.requests[k] === undefined) res.requests[k] = v;
  }
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  defaultProbe(c.livenessProbe as Obj | undefined);
  defaultProbe(c.readinessProbe as Obj | undefined);
  defaultProbe(c.startupProbe as Obj | undefined);
  defaultEnv(c.env as Obj[] | undefined);
}

function defaultVolumes(volumes: Obj[] | undefined): void {
  for (const v of volumes ?? []) {
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
    if (v.projected) v.projected.defaultMode ??= 420;
    if (v.hostPath) v.hostPath.type ??= '';
    for (const it of v.downwardAPI?.items ?? []) if (it.fieldRef) it.fieldRef.apiVersion ??= 'v1';
  }
}

/** SetDefaults_PodSpec and the container defaults (templates and pods alike). */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!spec.securityContext) spec.securityContext = {};
  spec.terminationGracePeriodSeconds ??= 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // conversion: the deprecated serviceAccount mirrors serviceAccountName
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  defaultVolumes(spec.volumes as Obj[] | undefined);
}

/** SetDefaults_Pod extras: enableServiceLinks, hostNetwork hostPorts. */
export function defaultPodOnly(spec: PodSpec): void {
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

/** Template defaults: PodSpec defaults plus `metadata.creationTimestamp: null` as serialised. */
export function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (!t) return;
  t.metadata ??= {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  if (t.spec) defaultPodSpec(t.spec);
}

const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The ServiceAccount fields the admission plugin reads. */
export interface ServiceAccountFacts {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: Array<{ name?: string }>;
}

/**
 * ServiceAccount admission (plugin/pkg/admission/serviceaccount): serviceAccountName default, the pull secrets of
 * the account when the pod names none, and the kube-api-access-xxxxx projected volume and mounts unless the pod
 * (or else the account) sets automountServiceAccountToken false.
 */
export function admitServiceAccount(spec: PodSpec, rng: Rng, sa: ServiceAccountFacts = {}): void {
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const podSecrets = spec.imagePullSecrets as unknown[] | undefined;
  if (!podSecrets?.length && sa.imagePullSecrets?.length) spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ name: s.name ?? '' }));
  if ((spec.automountServiceAccountToken ?? sa.automountServiceAccountToken) === false) return;
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  // A pod that already mounts something at the token path keeps it (no volume is added).
  if (all.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === SA_MOUNT_PATH))) return;
  const name = `kube-api-access-${rng.string(5)}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    },
  ];
  for (const c of all) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: SA_MOUNT_PATH, name, readOnly: true }];
}

const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/** Priority admission: priority from the class (0 without one), preemptionPolicy default. */
export function admitPriority(spec: PodSpec): void {
  if (spec.priority === undefined) spec.priority = spec.priorityClassName ? (SYSTEM_PRIORITIES[spec.priorityClassName] ?? 0) : 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** DefaultTolerationSeconds admission: not-ready / unreachable NoExecute tolerations for 300s. */
export function admitDefaultTolerations(spec: PodSpec): void {
  const tols = (spec.tolerations ?? []) as Obj[];
  const tolerates = (key: string) =>
    tols.some((t) => (t.effect === 'NoExecute' || !t.effect) && ((t.operator === 'Exists' && !t.key) || t.key === key));
  const add: Obj[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerates(key)) add.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  if (add.length) spec.tolerations = [...tols, ...add];
}

// ------------------------------------------------------------------------------------------- validation

function validateContainerPorts(ports: Obj[] | undefined, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) out.push(...eachInvalid(`${ip}.name`, p.name, msgs));
      else if (names.has(p.name)) out.push(field.duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) out.push(field.required(`${ip}.containerPort`));
    else for (const m of isValidPortNum(p.containerPort)) out.push(field.invalid(`${ip}.containerPort`, p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(p.hostPort)) out.push(field.invalid(`${ip}.hostPort`, p.hostPort, m));
    if (!p.protocol) out.push(field.required(`${ip}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) out.push(field.notSupported(`${ip}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return out;
}

function validatePullPolicy(policy: string | undefined, path: string): FieldCause[] {
  if (!policy) return [field.required(path)];
  if (!['Always', 'IfNotPresent', 'Never'].includes(policy)) return [field.notSupported(path, policy, ['Always', 'IfNotPresent', 'Never'])];
  return [];
}

function validateEnv(env: Obj[] | undefined, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  (env ?? []).forEach((e, i) => {
    const p = `${path}[${i}].name`;
    if (!e.name) out.push(field.required(p));
    else if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.name)) {
      out.push(
        field.invalid(
          p,
          e.name,
          "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
        ),
      );
    }
  });
  return out;
}

export function validateContainerCommon(c: Container, volumes: Set<string>, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (!c.name) out.push(field.required(`${path}.name`));
  else out.push(...validateDNS1123Label(c.name, `${path}.name`));
  if (!c.image) out.push(field.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) out.push(field.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    out.push(field.notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  }
  out.push(...validateContainerPorts(c.ports as Obj[] | undefined, `${path}.ports`));
  out.push(...validateEnv(c.env as Obj[] | undefined, `${path}.env`));
  (c.volumeMounts ?? []).forEach((m, i) => {
    const mp = `${path}.volumeMounts[${i}]`;
    if (!m.name) out.push(field.required(`${mp}.name`));
    if (!volumes.has(m.name)) out.push({ reason: 'FieldValueNotFound', field: `${mp}.name`, message: `${mp}.name: Not found: ${JSON.stringify(m.name ?? '')}` });
    if (!m.mountPath) out.push(field.required(`${mp}.mountPath`));
  });
  out.push(...validatePullPolicy(c.imagePullPolicy, `${path}.imagePullPolicy`));
  return out;
}

function validateVolumes(volumes: Obj[] | undefined, path: string): { names: Set<string>; errs: FieldCause[] } {
  const names = new Set<string>();
  const errs: FieldCause[] = [];
  (volumes ?? []).forEach((v, i) => {
    const np = `${path}[${i}].name`;
    const el: FieldCause[] = [];
    if (!v.name) el.push(field.required(np));
    else el.push(...validateDNS1123Label(v.name, np));
    if (v.name && names.has(v.name)) el.push(field.duplicate(np, v.name));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return { names, errs };
}

function validateHostPorts(containers: Container[], path: string): FieldCause[] {
  const seen = new Set<string>();
  const out: FieldCause[] = [];
  containers.forEach((c, ci) =>
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) out.push(field.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    }),
  );
  return out;
}

/** ValidatePodSpec; `path` is `spec` for pods and `spec.template.spec` for templates. */
export function validatePodSpec(spec: PodSpec | undefined, path: string, isPod: boolean): FieldCause[] {
  const s = (spec ?? {}) as PodSpec;
  const out: FieldCause[] = [];
  const { names: vols, errs: volErrs } = validateVolumes(s.volumes as Obj[] | undefined, `${path}.volumes`);
  out.push(...volErrs);
  const containers = s.containers ?? [];
  if (containers.length === 0) out.push(field.required(`${path}.containers`));
  else {
    const names = new Set<string>();
    containers.forEach((c, i) => {
      const cp = `${path}.containers[${i}]`;
      out.push(...validateContainerCommon(c, vols, cp));
      if (names.has(c.name)) out.push(field.duplicate(`${cp}.name`, c.name));
      else names.add(c.name);
    });
    out.push(...validateHostPorts(containers, `${path}.containers`));
  }
  const allNames = new Set(containers.map((c) => c.name));
  (s.initContainers ?? []).forEach((c, i) => {
    const cp = `${path}.initContainers[${i}]`;
    out.push(...validateContainerCommon(c, vols, cp));
    if (allNames.has(c.name)) out.push(field.duplicate(`${cp}.name`, c.name));
    else if (c.name) allNames.add(c.name);
  });
  const rp = s.restartPolicy;
  if (!rp) out.push(field.required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(rp)) out.push(field.notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dp = s.dnsPolicy;
  if (!dp) out.push(field.required(`${path}.dnsPolicy`));
  else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dp)) {
    out.push(field.notSupported(`${path}.dnsPolicy`, dp, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  out.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.serviceAccountName) out.push(...validateDNS1123Subdomain(s.serviceAccountName, `${path}.serviceAccountName`));
  if (s.nodeName) out.push(...validateDNS1123Subdomain(s.nodeName, `${path}.nodeName`));
  const ads = s.activeDeadlineSeconds as number | undefined;
  if (ads !== undefined && (ads < 1 || ads > 2147483647)) out.push(field.invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, 2147483647)));
  if (s.hostname) out.push(...validateDNS1123Label(s.hostname, `${path}.hostname`));
  if (s.subdomain) out.push(...validateDNS1123Label(s.subdomain, `${path}.subdomain`));
  if (s.preemptionPolicy && !['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
    out.push(field.notSupported(`${path}.preemptionPolicy`, s.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  if (isPod && s.terminationGracePeriodSeconds !== undefined && s.terminationGracePeriodSeconds < 0) {
    out.push(field.invalid(`${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  return out;
}

/** ValidatePodTemplateSpec: labels and annotations at `<path>.labels`, then the spec. */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): FieldCause[] {
  if (!t) return [field.required(path)];
  return [
    ...validateLabels(t.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`, false),
  ];
}

/** QoS class of a pod as qos.ComputePodQOS decides it (cpu/memory requests and limits). */
export function podQOS(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const r = (c.resources ?? {}) as Obj;
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    for (const k of ['cpu', 'memory']) {
      if (req[k] !== undefined || lim[k] !== undefined) any = true;
      if (lim[k] === undefined || (req[k] !== undefined && String(req[k]) !== String(lim[k]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
