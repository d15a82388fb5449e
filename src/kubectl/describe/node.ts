// `kubectl describe node` (describe.go describeNode, describeNodeLease, describeNodeResource): lease, conditions,
// capacity, system info, the Non-terminated Pods table and Allocated resources.

import type { KubeObject, Node, Pod } from '../../cluster/apiserver/types.js';
import {
  type DescribeContext,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  writeEvents,
} from './helpers.js';
import { podRequestsAndLimits } from '../../cluster/apiserver/resources.js';
import {
  type Quantity,
  type ResourceList,
  addResourceList,
  formatQuantity,
  parseResourceList,
  quantityMilliValue,
  quantityValue,
  zeroQuantity,
} from './quantity.js';

export { podRequestsAndLimits };
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { rfc1123z, since } from './time.js';

type Any = Record<string, any>;

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted, de-duplicated. */
function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** int64(float64(a)/float64(b)*100) as Go computes it (Inf/NaN become math.MinInt64 on amd64). */
function percent(a: bigint, b: bigint): string {
  const f = (Number(a) / Number(b)) * 100;
  if (!Number.isFinite(f)) return '-9223372036854775808';
  return String(Math.trunc(f));
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const status = (node.status ?? {}) as Any;
  const allocatable = parseResourceList(Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : status.capacity);
  const get = (list: ResourceList, name: string): Quantity => list.get(name) ?? zeroQuantity();
  const allocCpu = quantityMilliValue(get(allocatable, 'cpu'));
  const allocMem = quantityValue(get(allocatable, 'memory'));
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cpuReq = get(reqs, 'cpu');
    const cpuLim = get(limits, 'cpu');
    const memReq = get(reqs, 'memory');
    const memLim = get(limits, 'memory');
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t` +
        `${formatQuantity(cpuReq)} (${percent(quantityMilliValue(cpuReq), allocCpu)}%)\t` +
        `${formatQuantity(cpuLim)} (${percent(quantityMilliValue(cpuLim), allocCpu)}%)\t` +
        `${formatQuantity(memReq)} (${percent(quantityValue(memReq), allocMem)}%)\t` +
        `${formatQuantity(memLim)} (${percent(quantityValue(memLim), allocMem)}%)\t` +
        `${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    addResourceList(reqs, r.reqs);
    addResourceList(limits, r.limits);
  }
  const row = (name: string, req: Quantity, lim: Quantity, scale: (q: Quantity) => bigint, alloc: bigint) => {
    const pr = alloc !== 0n ? percent(scale(req), alloc) : '0';
    const pl = alloc !== 0n ? percent(scale(lim), alloc) : '0';
    w.write(LEVEL_1, `${name}\t${formatQuantity(req)} (${pr}%)\t${formatQuantity(lim)} (${pl}%)\n`);
  };
  row('cpu', get(reqs, 'cpu'), get(limits, 'cpu'), quantityMilliValue, allocCpu);
  row('memory', get(reqs, 'memory'), get(limits, 'memory'), quantityValue, allocMem);
  row('ephemeral-storage', get(reqs, 'ephemeral-storage'), get(limits, 'ephemeral-storage'), quantityValue, quantityValue(get(allocatable, 'ephemeral-storage')));
  const hugePages: string[] = [];
  const ext: string[] = [];
  for (const name of allocatable.keys()) {
    if (name.startsWith('hugepages-')) hugePages.push(name);
    else if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('requests.') && !name.startsWith('limits.') && name !== 'pods') ext.push(name);
  }
  for (const name of hugePages.sort()) row(name, get(reqs, name), get(limits, name), quantityValue, quantityValue(get(allocatable, name)));
  for (const name of ext.sort()) w.write(LEVEL_1, `${name}\t${formatQuantity(get(reqs, name))}\t${formatQuantity(get(limits, name))}\n`);
}

function describeNodeLease(node: Node, ctx: DescribeContext, w: PrefixWriter): void {
  const lease = (ctx.list('leases.coordination.k8s.io', 'kube-node-lease') as KubeObject[]).find((l) => l.metadata.name === node.metadata.name);
  if (!lease) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found\n`);
    return;
  }
  const spec = (lease.spec ?? {}) as Any;
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? rfc1123z(spec.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? rfc1123z(spec.renewTime) : '<unset>'}\n`);
}

export function describeNode(node: Node, ctx: DescribeContext): string {
  const name = node.metadata.name ?? '';
  const pods = (ctx.list('pods') as Pod[]).filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  return tabbedString((w) => {
    const spec = (node.spec ?? {}) as Any;
    const status = (node.status ?? {}) as Any;
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable ? 'true' : 'false'}\n`);
    describeNodeLease(node, ctx, w);
    const conds = (status.conditions ?? []) as Any[];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conds) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of (status.addresses ?? []) as Any[]) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResourceList = (list: Record<string, unknown>) => {
      const parsed = parseResourceList(list);
      for (const k of [...parsed.keys()].sort()) w.write(LEVEL_0, `  ${k}:\t${formatQuantity(parsed.get(k)!)}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(status.allocatable);
    }
    const info = (status.nodeInfo ?? {}) as Record<string, string>;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, w, ctx.now);
    // controllers report node events with the node's uid, the kubelet with its name
    writeEvents(w, ctx, [
      { name, namespace: '', kind: 'Node', uid: node.metadata.uid },
      { name, namespace: '', kind: 'Node', uid: name },
    ]);
  });
}
