// The cilium CLI (cilium-cli v0.11.6) on the simulated host, against the simulated cluster through the kubeconfig's
// current context: `cilium version`, `cilium install`, `cilium status [--wait]` and `cilium config view`, with the
// texts of internal/cli/cmd, install/install.go, status/status.go and config/config.go. Other subcommands and flags
// are refused plainly. Flavor autodetection is not modelled: every cluster is installed as one of no detected
// flavor (cluster-pool IPAM, the chart's vxlan tunnel), as the seed's kubeadm cluster was; on a `kind-` context
// v0.11.6 would run its kind version check and pick Kubernetes IPAM instead.

import type { Cluster } from '../cluster/state/cluster.js';
import type { Deployment, KubeObject, Pod } from '../cluster/apiserver/types.js';
import { StatusError } from '../cluster/apiserver/errors.js';
import { CILIUM_CLI_GO, CILIUM_CLI_VERSION, CILIUM_STABLE_VERSION, CILIUM_VERSION, helmValues } from '../cluster/cilium/config-map.js';
import { CILIUM_ENDPOINTS } from '../cluster/cilium/crds.js';
import { installSteps, KUBECONFIG_CLUSTER_NAME } from '../cluster/cilium/install.js';
import { waitFor } from '../cluster/state/waiting.js';
import { tabwrite } from '../cluster/text/tabwriter.js';
import type { NodeCommandContext } from './tool-context.js';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const BLUE = '\x1b[34m';
const GREEN = '\x1b[32m';
const MAGENTA = '\x1b[35m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

/** status/k8s.go waits this long by default (defaults.StatusWaitDuration), polling every 2 s. */
const STATUS_WAIT_MS = 5 * 60_000;

class Fatal extends Error {}

interface Counts {
  errors: string[];
  warnings: string[];
  disabled: boolean;
}

/** What status/k8s.go collects, from the live objects. */
export interface CiliumStatus {
  podState: Array<{ type: string; name: string; desired: number; ready: number; available: number; unavailable: number }>;
  phaseCount: Array<{ name: string; phases: Array<[string, number]> }>;
  imageCount: Array<{ name: string; images: Array<[string, number]> }>;
  pods: { all: number; byCilium: number };
  /** deployment name -> pod/deployment name -> errors and warnings */
  errors: Map<string, Map<string, Counts>>;
}

function counts(s: CiliumStatus, deployment: string, pod: string): Counts {
  let m = s.errors.get(deployment);
  if (!m) s.errors.set(deployment, (m = new Map()));
  let c = m.get(pod);
  if (!c) m.set(pod, (c = { errors: [], warnings: [], disabled: false }));
  return c;
}

function podsOf(cluster: Cluster, ns: string, label: string, value: string): Pod[] {
  return cluster.api
    .list<Pod>('pods', ns)
    .filter((p) => p.metadata.labels?.[label] === value)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

function podStatus(cluster: Cluster, s: CiliumStatus, ns: string, name: string, label: string, value: string): Pod[] {
  const phases = new Map<string, number>();
  const images = new Map<string, number>();
  const pods = podsOf(cluster, ns, label, value);
  for (const pod of pods) {
    const phase = pod.status?.phase ?? '';
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    if (phase === 'Pending') counts(s, name, pod.metadata.name!).warnings.push('pod is pending');
    if (phase === 'Failed') counts(s, name, pod.metadata.name!).errors.push(`pod has failed: ${pod.status?.reason ?? ''} - ${pod.status?.message ?? ''}`);
    for (const c of pod.spec.containers) images.set(c.image ?? '', (images.get(c.image ?? '') ?? 0) + 1);
  }
  s.phaseCount.push({ name, phases: [...phases] });
  s.imageCount.push({ name, images: [...images] });
  return pods;
}

/** K8sStatusCollector.status: the agent DaemonSet, the operator, Hubble Relay and ClusterMesh Deployments, pod counts. */
export function collectStatus(cluster: Cluster, ns: string): CiliumStatus {
  const { api } = cluster;
  const s: CiliumStatus = { podState: [], phaseCount: [], imageCount: [], pods: { all: 0, byCilium: 0 }, errors: new Map() };
  const deployment = (name: string): boolean => {
    const d = api.tryGet<Deployment>('deployments.apps', ns, name);
    if (!d) return true;
    const st = (d.status ?? {}) as Record<string, number | undefined>;
    const c = { type: 'Deployment', name, desired: st.replicas ?? 0, ready: st.readyReplicas ?? 0, available: st.availableReplicas ?? 0, unavailable: st.unavailableReplicas ?? 0 };
    s.podState.push(c);
    const notReady = c.desired - c.ready;
    if (notReady > 0) counts(s, name, name).errors.push(`${notReady} pods of Deployment ${name} are not ready`);
    if (c.unavailable - notReady > 0) counts(s, name, name).warnings.push(`${c.unavailable - notReady} pods of Deployment ${name} are not available`);
    return false;
  };
  // the operator first, then the agent: the order the seed shows (Go's map order is random)
  counts(s, 'cilium-operator', 'cilium-operator').disabled = deployment('cilium-operator');
  const ds = api.tryGet<KubeObject & { status?: Record<string, number> }>('daemonsets.apps', ns, 'cilium');
  if (!ds) {
    counts(s, 'cilium', 'cilium').errors.push(`daemonsets.apps "cilium" not found`);
  } else {
    const st = ds.status ?? {};
    const c = { type: 'DaemonSet', name: 'cilium', desired: st.desiredNumberScheduled ?? 0, ready: st.numberReady ?? 0, available: st.numberAvailable ?? 0, unavailable: st.numberUnavailable ?? 0 };
    s.podState.push(c);
    const notReady = c.desired - c.ready;
    if (notReady > 0) counts(s, 'cilium', 'cilium').errors.push(`${notReady} pods of DaemonSet cilium are not ready`);
    if (c.unavailable - notReady > 0) counts(s, 'cilium', 'cilium').warnings.push(`${c.unavailable - notReady} pods of DaemonSet cilium are not available`);
  }
  podStatus(cluster, s, ns, 'cilium-operator', 'name', 'cilium-operator');
  podStatus(cluster, s, ns, 'cilium', 'k8s-app', 'cilium');
  for (const name of ['hubble-relay', 'hubble-ui', 'clustermesh-apiserver']) {
    const disabled = !api.tryGet('deployments.apps', ns, name);
    counts(s, name, name).disabled = disabled;
  }
  // podCount: listing the CiliumEndpoints fails while their CRD is not registered, and nothing is counted
  if (api.serves(CILIUM_ENDPOINTS)) {
    s.pods.all = api.list<Pod>('pods').filter((p) => !p.spec.hostNetwork).length;
    s.pods.byCilium = api.list(CILIUM_ENDPOINTS).length;
  }
  // the image versions table lists the agent first (as the seed shows)
  s.imageCount.reverse();
  return s;
}

function summary(s: CiliumStatus, name: string): string {
  const m = s.errors.get(name);
  let errors = 0;
  let warnings = 0;
  let disabled = false;
  for (const c of m?.values() ?? []) {
    errors += c.errors.length;
    warnings += c.warnings.length;
    disabled ||= c.disabled;
  }
  const parts: string[] = [];
  if (errors > 0) parts.push(`${RED}${errors} errors${RESET}`);
  if (warnings > 0) parts.push(`${YELLOW}${warnings} warnings${RESET}`);
  if (disabled) parts.push(`${CYAN}disabled${RESET}`);
  return parts.length ? parts.join(', ') : `${GREEN}OK${RESET}`;
}

function formatState(c: CiliumStatus['podState'][number]): string {
  const items: string[] = [];
  if (c.desired > 0) items.push(`Desired: ${c.desired}`);
  const color = c.ready < c.desired ? YELLOW : GREEN;
  if (c.ready > 0) items.push(`Ready: ${color}${c.ready}/${c.desired}${RESET}`);
  if (c.available > 0) items.push(`Available: ${color}${c.available}/${c.desired}${RESET}`);
  if (c.unavailable > 0) items.push(`Unavailable: ${RED}${c.unavailable}/${c.desired}${RESET}`);
  return items.join(', ');
}

function formatPhases(phases: Array<[string, number]>): string {
  return phases
    .map(([phase, n]) => {
      const color = phase === 'Failed' || phase === 'Unknown' ? RED : phase === 'Running' || phase === 'Pending' || phase === 'Succeeded' ? GREEN : '';
      return `${phase}: ${color}${n}${RESET}`;
    })
    .join(', ');
}

/** Status.Format: the logo with the four summaries, then the tables (tabwriter minwidth 0, padding 4). */
export function formatStatus(s: CiliumStatus): string {
  let t = '';
  t += `${YELLOW}    /¯¯\\\n`;
  t += `${CYAN} /¯¯${YELLOW}\\__/${GREEN}¯¯\\${RESET}\tCilium:\t${summary(s, 'cilium')}\n`;
  t += `${CYAN} \\__${RED}/¯¯\\${GREEN}__/${RESET}\tOperator:\t${summary(s, 'cilium-operator')}\n`;
  t += `${GREEN} /¯¯${RED}\\__/${MAGENTA}¯¯\\${RESET}\tHubble:\t${summary(s, 'hubble-relay')}\n`;
  t += `${GREEN} \\__${BLUE}/¯¯\\${MAGENTA}__/${RESET}\tClusterMesh:\t${summary(s, 'clustermesh-apiserver')}\n`;
  t += `${BLUE}    \\__/\n${RESET}`;
  t += '\n';
  for (const c of s.podState) t += `${c.type}\t${c.name}\t${formatState(c)}\n`;
  let header = 'Containers:';
  for (const p of s.phaseCount) {
    t += `${header}\t${p.name}\t${formatPhases(p.phases)}\n`;
    header = '';
  }
  t += `Cluster Pods:\t${s.pods.byCilium}/${s.pods.all} managed by Cilium\n`;
  header = 'Image versions';
  for (const i of s.imageCount) {
    for (const [image, n] of i.images) {
      t += `${header}\t${i.name}\t${image}: ${n}\n`;
      header = '';
    }
  }
  for (const kind of ['errors', 'warnings'] as const) {
    header = kind === 'errors' ? 'Errors:' : 'Warnings:';
    for (const [deployment, pods] of s.errors) {
      for (const [pod, c] of pods) {
        for (const e of c[kind]) {
          t += `${header}\t${deployment}\t${pod}\t${e}\n`;
          header = '';
        }
      }
    }
  }
  return tabwrite(t, { minwidth: 0, tabwidth: 0, padding: 4 });
}

/** statusIsReady with WarningFreePods (install) or without (status --wait). */
function statusReady(s: CiliumStatus, warningFree: string[] | null): boolean {
  for (const pods of s.errors.values()) for (const c of pods.values()) if (c.errors.length) return false;
  if (warningFree === null) {
    for (const pods of s.errors.values()) for (const c of pods.values()) if (c.warnings.length) return false;
    return true;
  }
  for (const name of warningFree) for (const c of s.errors.get(name)?.values() ?? []) if (c.warnings.length) return false;
  return true;
}

/** The cluster of the kubeconfig's current context (what client-go's ClusterName() gives cilium-cli). */
function clusterName(cluster: Cluster): string {
  // the kubeconfig kubesim keeps with the cluster (kubectl/cmd/config.ts); kind's names until a context is set
  const kc = cluster.data.kubeconfig as { currentContext?: string; contexts?: Array<{ name: string; cluster: string }> } | undefined;
  return kc?.contexts?.find((c) => c.name === kc.currentContext)?.cluster ?? KUBECONFIG_CLUSTER_NAME;
}

function runningVersion(cluster: Cluster, ns: string): string | undefined {
  const pods = podsOf(cluster, ns, 'k8s-app', 'cilium');
  for (const c of pods[0]?.spec.containers ?? []) {
    const [repo, tag] = (c.image ?? '').split(/:(.*)/s, 2) as [string, string | undefined];
    const last = repo.split('/').pop() ?? '';
    if (!last.startsWith('cilium')) continue;
    let v = tag ?? 'latest';
    const at = v.indexOf('@');
    if (at > 0) v = v.slice(0, at);
    return v;
  }
  return undefined;
}

function version(ctx: NodeCommandContext, ns: string): number {
  const { io, cluster } = ctx;
  io.out(`cilium-cli: ${CILIUM_CLI_VERSION} compiled with ${CILIUM_CLI_GO} on linux/amd64\n`);
  io.out(`cilium image (default): ${CILIUM_VERSION}\n`);
  // cilium/cilium's stable.txt (fetched from GitHub): what it said when v0.11.6 was current, as for modelled URLs
  io.out(`cilium image (stable): ${CILIUM_STABLE_VERSION}\n`);
  const v = runningVersion(cluster, ns);
  io.out(v ? `cilium image (running): ${v}\n` : `cilium image (running): unknown. Unable to obtain cilium version, no cilium pods found in namespace "${ns}"\n`);
  return 0;
}

function configView(ctx: NodeCommandContext, ns: string): number {
  const cm = ctx.cluster.api.tryGet<KubeObject & { data?: Record<string, string> }>('configmaps', ns, 'cilium-config');
  if (!cm) throw new Fatal(`Unable to view config:  unable get ConfigMap "cilium-config": configmaps "cilium-config" not found`);
  const data = cm.data ?? {};
  const keys = Object.keys(data).sort();
  ctx.io.out(tabwrite(keys.map((k) => `${k}\t${data[k]}\n`).join(''), { minwidth: 0, tabwidth: 0, padding: 4 }));
  return 0;
}

function status(ctx: NodeCommandContext, ns: string, wait: boolean): number {
  const { cluster, io } = ctx;
  let s = collectStatus(cluster, ns);
  if (wait && !statusReady(s, null)) {
    const done = waitFor(cluster, STATUS_WAIT_MS, () => {
      s = collectStatus(cluster, ns);
      return statusReady(s, null) ? s : undefined;
    });
    io.out(formatStatus(s));
    if (!done) throw new Fatal('Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded');
    return 0;
  }
  io.out(formatStatus(s));
  return 0;
}

function errText(e: unknown): string {
  return e instanceof StatusError ? e.message : String((e as Error).message ?? e);
}

function install(ctx: NodeCommandContext, ns: string): number {
  const { cluster, io } = ctx;
  const { api } = cluster;
  const name = clusterName(cluster);
  const log = (line: string) => io.out(line + '\n');
  log(`ℹ️  using Cilium version "${CILIUM_VERSION}"`);
  log(`🔮 Auto-detected cluster name: ${name}`);
  log('🔮 Auto-detected IPAM mode: cluster-pool');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])$/.test(name)) {
    log(`❌ Cluster name "${name}" is not valid, must match regular expression: ^[a-z0-9]([-a-z0-9]*[a-z0-9])$`);
    throw new Fatal('Unable to install Cilium: invalid cluster name');
  }
  log(`ℹ️  helm template --namespace ${ns} cilium cilium/cilium --version ${CILIUM_VERSION.slice(1)} --set ${helmValues(name).map(([k, v]) => `${k}=${v}`).join(',')}`);
  if (ns !== 'kube-system') throw new Fatal(`kubesim does not simulate "cilium install" into namespace "${ns}" (only kube-system)`);
  const created: KubeObject[] = [];
  let foundCA = false;
  const rollback = () => {
    log('↩️ Rolling back installation...');
    for (const o of created.reverse()) {
      const info = api.resourceOf(o);
      const key = info.group ? `${info.name}.${info.group}` : info.name;
      try {
        api.delete(key, o.metadata.namespace, o.metadata.name!);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const step of installSteps(cluster.config, name, cluster.clock.nowMs())) {
      const first = step.objects[0];
      // the helm values Secret is updated when it exists; the CA is reused ("Found CA")
      if (first?.metadata.name === 'cilium-cli-helm-values') {
        if (step.log) log(step.log);
        const old = api.tryGet('secrets', ns, first.metadata.name);
        if (old) api.update({ ...old, data: (first as KubeObject & { data: unknown }).data } as KubeObject);
        else api.create(first);
        continue;
      }
      if (first?.metadata.name === 'cilium-ca') {
        if (!api.tryGet('secrets', ns, 'cilium-ca')) created.push(api.create(first));
        else foundCA = true;
        continue;
      }
      if (step.log) log(foundCA && step.log.startsWith('🔑 Created CA') ? '🔑 Found CA in secret cilium-ca' : step.log);
      for (const o of step.objects) created.push(api.create(o));
    }
  } catch (e) {
    rollback();
    throw new Fatal(`Unable to install Cilium: ${errText(e)}`);
  }
  log('⌛ Waiting for Cilium to be installed and ready...');
  let last = collectStatus(cluster, ns);
  const ready = waitFor(cluster, STATUS_WAIT_MS, () => {
    last = collectStatus(cluster, ns);
    return statusReady(last, ['cilium', 'cilium-operator']) ? last : undefined;
  });
  if (!ready) {
    io.out(formatStatus(last));
    rollback();
    throw new Fatal('Unable to install Cilium: timeout while waiting for status to become successful: context deadline exceeded');
  }
  restartUnmanaged(cluster, log);
  log("✅ Cilium was successfully installed! Run 'cilium status' to view installation health");
  return 0;
}
/** restartUnmanagedPods: every pod not on the host network, not Succeeded and without a CiliumEndpoint is deleted. */
function restartUnmanaged(cluster: Cluster, log: (line: string) => void): void {
  const { api } = cluster;
  const pods = api.list<Pod>('pods').sort((a, b) => {
    const ka = `${a.metadata.namespace}/${a.metadata.name}`;
    const kb = `${b.metadata.namespace}/${b.metadata.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  if (!pods.length) return;
  const ceps = new Set(api.serves(CILIUM_ENDPOINTS) ? api.list(CILIUM_ENDPOINTS).map((c) => `${c.metadata.namespace}/${c.metadata.name}`) : []);
  let printed = false;
  for (const pod of pods) {
    if (pod.status?.phase === 'Succeeded' || pod.spec.hostNetwork) continue;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (ceps.has(key)) continue;
    if (!printed) {
      log('♻️  Restarting unmanaged pods...');
      printed = true;
    }
    try {
      api.delete('pods', pod.metadata.namespace, pod.metadata.name!);
      log(`♻️  Restarted unmanaged pod ${key}`);
    } catch (e) {
      log(`⚠️  Unable to restart pod ${key}: ${errText(e)}`);
    }
  }
}

const USAGE = 'kubesim simulates cilium version, cilium install, cilium status [--wait] and cilium config view';

export function ciliumTool(argv: string[], ctx: NodeCommandContext): number {
  let ns = 'kube-system';
  const args: string[] = [];
  let wait = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n' || a === '--namespace') ns = argv[++i] ?? '';
    else if (a.startsWith('--namespace=')) ns = a.slice('--namespace='.length);
    else if (a === '--wait' || a === '--wait=true') wait = true;
    else args.push(a);
  }
  const cmd = args.join(' ');
  try {
    const flag = args.find((a) => a.startsWith('-'));
    if (flag) throw new Fatal(`kubesim does not simulate "cilium ${args.filter((a) => !a.startsWith('-')).join(' ')} ${flag}"; ${USAGE}`);
    if (wait && cmd !== 'status' && cmd !== 'install') throw new Fatal('unknown flag: --wait');
    switch (cmd) {
      case 'version':
        return version(ctx, ns);
      case 'config view':
        return configView(ctx, ns);
      case 'status':
        return status(ctx, ns, wait);
      case 'install':
        return install(ctx, ns);
      default:
        throw new Fatal(`kubesim does not simulate "cilium ${cmd}"; ${USAGE}`);
    }
  } catch (e) {
    if (e instanceof Fatal) {
      ctx.io.err(`\nError: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
