// `kubectl describe pod` (describePod in kubectl describe.go).

import type { Pod } from '../../cluster/apiserver/types.js';
import { describeContainers, describeResources, describeTopologySpreadConstraints, describeVolumes, podFieldResolver } from './containers.js';
import {
  type DescribeContext,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  printTolerationsMultiline,
  writeEvents,
} from './helpers.js';
import { type ResourceList, addResourceList, cmpQuantity, parseResourceList } from './quantity.js';
import { tabbedString } from './tabbed.js';
import { rfc1123z, since } from './time.js';

type Any = Record<string, any>;

/** qos.GetPodQOS: status.qosClass when set, else ComputePodQOS over cpu and memory. */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const supported = (name: string) => name === 'cpu' || name === 'memory';
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  let isGuaranteed = true;
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    const res = (c.resources ?? {}) as Any;
    const positive = (list: ResourceList): ResourceList => new Map([...list].filter(([n, q]) => supported(n) && q.nano > 0n));
    addResourceList(requests, positive(parseResourceList(res.requests)));
    const lim = positive(parseResourceList(res.limits));
    addResourceList(limits, lim);
    if (!(lim.has('memory') && lim.has('cpu'))) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || cmpQuantity(lim, req) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, ctx: DescribeContext): string {
  return tabbedString((w) => {
    const spec = pod.spec;
    const status = pod.status ?? {};
    const meta = pod.metadata;
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, ctx.now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = (spec.securityContext as Any | undefined)?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const podIPs = status.podIPs ?? [];
    if (podIPs.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = printController(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources as Any, w, LEVEL_1);
    }
    const resolver = podFieldResolver(pod);
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers('Init Containers', spec.initContainers!, status.initContainerStatuses as never, resolver, w, '');
    }
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolver, w, '');
    const ephemeral = (spec.ephemeralContainers as Any[] | undefined) ?? [];
    if (ephemeral.length > 0) describeContainers('Ephemeral Containers', ephemeral as never, status.ephemeralContainerStatuses as never, resolver, w, '');
    const conditions = status.conditions ?? [];
    const gates = (spec.readinessGates as Any[] | undefined) ?? [];
    if (gates.length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const c = conditions.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations as never);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints as Any[] | undefined, w, '');
    // kubectl clears the kind of the pod reference; a mirror pod's events carry the mirrored uid
    const mirror = meta.annotations?.['kubernetes.io/config.mirror'];
    writeEvents(w, ctx, { name: meta.name ?? '', namespace: meta.namespace, uid: mirror ?? meta.uid });
  });
}
