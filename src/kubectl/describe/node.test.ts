import { describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '../../cluster/apiserver/types.js';
import { describeObject } from './index.js';
import { ev, makeCtx } from './testutil.js';

function kindNode(): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'kind-control-plane',
      uid: 'node-uid',
      creationTimestamp: '2025-01-06T09:00:00Z',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'kind-control-plane',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
      providerID: 'kind://docker/kind/kind-control-plane',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    },
    status: {
      capacity: { cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16333576Ki', pods: '110' },
      allocatable: { cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16333576Ki', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2025-01-06T09:58:00Z', lastTransitionTime: '2025-01-06T09:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: '2025-01-06T09:58:00Z', lastTransitionTime: '2025-01-06T09:00:00Z', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: '2025-01-06T09:58:00Z', lastTransitionTime: '2025-01-06T09:00:00Z', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: '2025-01-06T09:58:00Z', lastTransitionTime: '2025-01-06T09:00:30Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'kind-control-plane' },
      ],
      nodeInfo: {
        machineID: 'a1b2c3',
        systemUUID: 'd4e5f6',
        bootID: 'g7h8i9',
        kernelVersion: '6.8.0-1017-gcp',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: 'v1.32.0',
        kubeProxyVersion: 'v1.32.0',
      },
    },
  };
}

function sysPod(ns: string, name: string, resources: Record<string, unknown>, phase = 'Running', node = 'kind-control-plane'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `${name}-uid`, creationTimestamp: '2025-01-06T09:00:10Z' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'x', resources }] },
    status: { phase },
  };
}

const lease: KubeObject = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'kind-control-plane', namespace: 'kube-node-lease' },
  spec: { holderIdentity: 'kind-control-plane', leaseDurationSeconds: 40, renewTime: '2025-01-06T09:59:58.123456Z' },
};

describe('describe node', () => {
  it('renders lease, conditions, capacity, system info, the pods table and allocated resources', () => {
    const node = kindNode();
    const pods = [
      sysPod('kube-system', 'coredns-668d6bf9bc-4xk2p', { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } }),
      sysPod('kube-system', 'etcd-kind-control-plane', { requests: { cpu: '100m', memory: '100Mi' } }),
      sysPod('kube-system', 'kindnet-5hx7q', { limits: { cpu: '100m', memory: '50Mi' }, requests: { cpu: '100m', memory: '50Mi' } }),
      sysPod('kube-system', 'kube-apiserver-kind-control-plane', { requests: { cpu: '250m' } }),
      sysPod('kube-system', 'kube-proxy-9wz6d', {}),
      sysPod('default', 'done', { requests: { cpu: '1' } }, 'Succeeded'),
      sysPod('default', 'elsewhere', { requests: { cpu: '1' } }, 'Running', 'kind-worker'),
    ];
    const events = [
      { ...ev(node, 'Normal', 'Starting', 'kubelet', 'Starting kubelet.', '2025-01-06T09:00:00Z'), involvedObject: { kind: 'Node', name: 'kind-control-plane', uid: 'kind-control-plane' } },
      { ...ev(node, 'Normal', 'RegisteredNode', 'node-controller', 'Node kind-control-plane event: Registered Node kind-control-plane in Controller', '2025-01-06T09:00:20Z'), involvedObject: { kind: 'Node', name: 'kind-control-plane', uid: 'node-uid' } },
      { ...ev(node, 'Normal', 'NodeHasSufficientMemory', 'kubelet', 'Node kind-control-plane status is now: NodeHasSufficientMemory', '2025-01-06T09:00:05Z', { first: '2025-01-06T09:00:00Z', count: 8 }), involvedObject: { kind: 'Node', name: 'kind-control-plane', uid: 'kind-control-plane' } },
    ];
    const ctx = makeCtx('2025-01-06T10:00:00Z', { pods, events, 'leases.coordination.k8s.io': [lease] });
    const out = describeObject('nodes', node, ctx);
    expect(out).toBe(EXPECTED);
  });
});

const EXPECTED = `Name:               kind-control-plane
Roles:              control-plane
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=kind-control-plane
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/control-plane=
                    node.kubernetes.io/exclude-from-external-load-balancers=
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 06 Jan 2025 09:00:00 +0000
Taints:             node-role.kubernetes.io/control-plane:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  kind-control-plane
  AcquireTime:     <unset>
  RenewTime:       Mon, 06 Jan 2025 09:59:58 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Mon, 06 Jan 2025 09:58:00 +0000   Mon, 06 Jan 2025 09:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Mon, 06 Jan 2025 09:58:00 +0000   Mon, 06 Jan 2025 09:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Mon, 06 Jan 2025 09:58:00 +0000   Mon, 06 Jan 2025 09:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Mon, 06 Jan 2025 09:58:00 +0000   Mon, 06 Jan 2025 09:00:30 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.2
  Hostname:    kind-control-plane
Capacity:
  cpu:                8
  ephemeral-storage:  102626232Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16333576Ki
  pods:               110
Allocatable:
  cpu:                8
  ephemeral-storage:  102626232Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16333576Ki
  pods:               110
System Info:
  Machine ID:                 a1b2c3
  System UUID:                d4e5f6
  Boot ID:                    g7h8i9
  Kernel Version:             6.8.0-1017-gcp
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.0
  Kube-Proxy Version:         v1.32.0
PodCIDR:                      10.244.0.0/24
PodCIDRs:                     10.244.0.0/24
ProviderID:                   kind://docker/kind/kind-control-plane
Non-terminated Pods:          (5 in total)
  Namespace                   Name                                 CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                                 ------------  ----------  ---------------  -------------  ---
  kube-system                 coredns-668d6bf9bc-4xk2p             100m (1%)     0 (0%)      70Mi (0%)        170Mi (1%)     59m
  kube-system                 etcd-kind-control-plane              100m (1%)     0 (0%)      100Mi (0%)       0 (0%)         59m
  kube-system                 kindnet-5hx7q                        100m (1%)     100m (1%)   50Mi (0%)        50Mi (0%)      59m
  kube-system                 kube-apiserver-kind-control-plane    250m (3%)     0 (0%)      0 (0%)           0 (0%)         59m
  kube-system                 kube-proxy-9wz6d                     0 (0%)        0 (0%)      0 (0%)           0 (0%)         59m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                550m (6%)   100m (1%)
  memory             220Mi (1%)  220Mi (1%)
  ephemeral-storage  0 (0%)      0 (0%)
  hugepages-1Gi      0 (0%)      0 (0%)
  hugepages-2Mi      0 (0%)      0 (0%)
Events:
  Type    Reason                   Age                From             Message
  ----    ------                   ----               ----             -------
  Normal  Starting                 60m                kubelet          Starting kubelet.
  Normal  NodeHasSufficientMemory  59m (x8 over 60m)  kubelet          Node kind-control-plane status is now: NodeHasSufficientMemory
  Normal  RegisteredNode           59m                node-controller  Node kind-control-plane event: Registered Node kind-control-plane in Controller
`;
