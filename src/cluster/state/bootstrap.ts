// A fresh cluster as kubeadm/kind leaves it: namespaces, Ready nodes, the `kubernetes` and `kube-dns` Services,
// CoreDNS, the kube-proxy DaemonSet and the static control-plane pods. Everything is created through the API
// server, then the controllers take over (ReplicaSets, pods, endpoints...).

import { createHash } from 'node:crypto';
import * as yaml from 'js-yaml';
import { ensureKubernetesService } from '../apiserver/kubernetes-service.js';
import { strategies } from '../apiserver/registry/index.js';
import { ApiServer } from '../apiserver/server.js';
import { bootstrapPolicy, kindPolicy } from '../rbac/bootstrap-policy.js';
import { Rng } from './rng.js';
import { createKindnet } from './kindnet.js';
import { createCilium } from '../cilium/install.js';
import { METRICS_SERVER_MANIFEST, readReleaseManifest } from './vendored.js';
import type { KubeObject, Node, Pod } from '../apiserver/types.js';
import { Cluster } from './cluster.js';
import { DEFAULT_NODE_CAPACITY, cniOf, ipToString, parseCIDR, type ClusterConfig, type NodeConfig } from './config.js';

/** The n-th address of the service CIDR (1 = `kubernetes`, 10 = `kube-dns`). */
export function serviceIP(config: ClusterConfig, n: number): string {
  return ipToString((parseCIDR(config.serviceCIDR)!.base + n) >>> 0);
}

export const IMAGES = {
  coredns: 'registry.k8s.io/coredns/coredns:v1.11.3',
  etcd: 'registry.k8s.io/etcd:3.5.16-0',
  pause: 'registry.k8s.io/pause:3.10',
  localPathProvisioner: 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0',
};

/**
 * A node's machine-id, product UUID and boot id: derived from the seed and node name (a hash, not the cluster RNG,
 * so adding them did not shift any other seeded choice).
 */
function nodeIdentity(seed: number, name: string): { machineID: string; systemUUID: string; bootID: string } {
  const hex = (what: string) => createHash('sha256').update(`kubesim/${seed}/${name}/${what}`).digest('hex').slice(0, 32);
  const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { machineID: hex('machine-id'), systemUUID: uuid(hex('product_uuid')), bootID: uuid(hex('boot_id')) };
}

function nodeObject(n: NodeConfig, config: ClusterConfig, tainted: boolean, now: string): Node {
  const ids = nodeIdentity(config.seed, n.name);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const cond = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: n.podCIDR,
      podCIDRs: [n.podCIDR],
      providerID: `kind://docker/kubesim/${n.name}`,
      ...(tainted ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { ...(n.allocatable ?? DEFAULT_NODE_CAPACITY) },
      capacity: { ...(n.capacity ?? DEFAULT_NODE_CAPACITY) },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: ids.bootID,
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1017-aws',
        kubeProxyVersion: config.kubernetesVersion,
        kubeletVersion: config.kubernetesVersion,
        machineID: ids.machineID,
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: ids.systemUUID,
      },
    },
  };
}

/** The kubelet's heartbeat Lease in kube-node-lease (describe node shows it). */
function nodeLease(node: KubeObject, now: string): KubeObject {
  const microNow = now.replace('Z', '.000000Z');
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: microNow },
  };
}

const CONTROL_PLANE_TOLERATION = { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' };

function staticPod(component: string, node: NodeConfig, image: string, command: string[], config: ClusterConfig): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${node.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: {
        'kubernetes.io/config.hash': '',
        'kubernetes.io/config.mirror': '',
        'kubernetes.io/config.seen': '',
        'kubernetes.io/config.source': 'file',
      },
    },
    spec: {
      containers: [{ name: component, image, command, imagePullPolicy: 'IfNotPresent' }],
      hostNetwork: true,
      nodeName: node.name,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  };
}

/** Builds and bootstraps a new cluster; the controllers have already run when it returns. */
export function bootstrapCluster(config: ClusterConfig): Cluster {
  const cluster = Cluster.empty(config);
  const api = cluster.api;
  // who writes each bootstrap object, as managedFields name them on a kind cluster (reset for the controllers)
  const as = (manager: string, f: () => void) => {
    api.manager = manager;
    f();
    api.manager = 'kube-controller-manager';
  };
  api.manager = 'kube-apiserver';
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  const tainted = config.nodes.length > 1;
  const now = cluster.clock.timestamp();
  const cpFirst = [...config.nodes].sort((a, b) => Number(b.role === 'control-plane') - Number(a.role === 'control-plane'));
  const joinNode = (n: NodeConfig) =>
    as('kubelet', () => {
      const node = api.create(nodeObject(n, config, tainted && n.role === 'control-plane', now));
      api.create(nodeLease(node, now));
    });
  // kubeadm init brings up the control plane (and the addons, which tolerate its taint) before any worker joins,
  // so CoreDNS lands on the control-plane node as in kind; the workers join afterwards.
  joinNode(cpFirst[0]);
  as('kube-apiserver', () => ensureKubernetesService(api, config));
  as('kubeadm', () => {
    createKubeDNS(api, config);
    createKubeProxy(api, config);
  });
  api.manager = 'kubelet';
  const cp = config.nodes.find((n) => n.role === 'control-plane') ?? config.nodes[0];
  const v = config.kubernetesVersion;
  const svcRange = `--service-cluster-ip-range=${config.serviceCIDR}`;
  api.create(staticPod('etcd', cp, IMAGES.etcd, ['etcd', `--advertise-client-urls=https://${cp.ip}:2379`, '--data-dir=/var/lib/etcd'], config));
  api.create(
    staticPod('kube-apiserver', cp, `registry.k8s.io/kube-apiserver:${v}`, ['kube-apiserver', `--advertise-address=${cp.ip}`, svcRange, `--service-node-port-range=${config.nodePortRange.base}-${config.nodePortRange.base + config.nodePortRange.size - 1}`], config),
  );
  api.create(
    staticPod('kube-controller-manager', cp, `registry.k8s.io/kube-controller-manager:${v}`, ['kube-controller-manager', '--allocate-node-cidrs=true', `--cluster-cidr=${config.podCIDR}`, svcRange], config),
  );
  api.create(staticPod('kube-scheduler', cp, `registry.k8s.io/kube-scheduler:${v}`, ['kube-scheduler', '--bind-address=127.0.0.1'], config));
  // kind installs its CNI (kindnet) and the default storage (local-path-provisioner) right after kubeadm init;
  // `cni: cilium` installs Cilium there instead (its Helm chart's defaults), `cni: none` no pod network at all
  as('kubectl-create', () => {
    if (cniOf(config) === 'kindnet') createKindnet(api, config);
  });
  as('helm', () => {
    if (cniOf(config) === 'cilium') createCilium(api, config, 'kind-kubesim');
  });
  as('kubectl-create', () => createLocalPathStorage(api));
  cluster.reconcile();
  for (const n of cpFirst.slice(1)) joinNode(n);
  cluster.reconcile();
  as('kube-apiserver', () => createRbacPolicy(cluster, config));
  // kind users apply metrics-server's components.yaml once the cluster is up, so its RBAC joins the bootstrap policy
  // (its reader role aggregates into admin/edit/view through the aggregation controller)
  if (config.metricsServer) {
    createMetricsServer(api);
    cluster.reconcile();
  }
  return cluster;
}

/**
 * kube-apiserver's and kubeadm's RBAC objects. Their UIDs come from an RNG of their own (seeded from the cluster
 * seed), so adding them moved no pod name, ClusterIP or other seeded choice.
 */
function createRbacPolicy(cluster: Cluster, config: ClusterConfig): void {
  const rng = Rng.fromSeed(parseInt(createHash('sha256').update(`kubesim/${config.seed}/rbac`).digest('hex').slice(0, 8), 16));
  const rbacApi = new ApiServer(cluster.api.store, cluster.clock, rng, config, strategies);
  for (const obj of [...bootstrapPolicy(), ...kindPolicy()]) rbacApi.create(obj);
  cluster.api.dirty = true;
}

/**
 * metrics-server v0.7.2 as `kubectl apply -f components.yaml` installs it (kubesim's copy of the release manifest),
 * with the `--kubelet-insecure-tls` argument kind needs added to its container, as the kind pages patch it in.
 */
function createMetricsServer(api: ApiServer): void {
  for (const doc of yaml.loadAll(readReleaseManifest(METRICS_SERVER_MANIFEST)) as KubeObject[]) {
    if (!doc) continue;
    if (doc.kind === 'Deployment') {
      const c = (doc.spec as any).template.spec.containers[0];
      c.args = [...(c.args ?? []), '--kubelet-insecure-tls'];
    }
    api.create(doc);
  }
}

function createKubeDNS(api: ApiServer, config: ClusterConfig): void {
  const labels = { 'k8s-app': 'kube-dns' };
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } });
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: {
      Corefile: `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes ${config.clusterDomain} in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n`,
    },
  });
  api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'coredns',
              image: IMAGES.coredns,
              args: ['-conf', '/etc/coredns/Corefile'],
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            },
          ],
          dnsPolicy: 'Default',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TOLERATION],
        },
      },
    },
  } as KubeObject);
  api.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: serviceIP(config, 10),
      selector: labels,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  } as KubeObject);
}

function createKubeProxy(api: ApiServer, config: ClusterConfig): void {
  const labels = { 'k8s-app': 'kube-proxy' };
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } });
  api.create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'kube-proxy',
              image: `registry.k8s.io/kube-proxy:${config.kubernetesVersion}`,
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              imagePullPolicy: 'IfNotPresent',
              securityContext: { privileged: true },
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
        },
      },
    },
  } as KubeObject);
}

/** kind's default storage manifest (pkg/build/nodeimage/const_storage.go): the provisioner and the `standard` class. */
function createLocalPathStorage(api: ApiServer): void {
  const ns = 'local-path-storage';
  const helper = 'docker.io/kindest/local-path-helper:v20241212-8ac705d0';
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'local-path-provisioner-service-account', namespace: ns } } as KubeObject);
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'local-path-config', namespace: ns },
    data: {
      'config.json': '{\n        "nodePathMap":[\n        {\n                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n                "paths":["/var/local-path-provisioner"]\n        }\n        ]\n}',
      setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
      teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
      'helperPod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  containers:\n  - name: helper-pod\n    image: ${helper}\n    imagePullPolicy: IfNotPresent`,
    },
  } as KubeObject);
  const labels = { app: 'local-path-provisioner' };
  api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'local-path-provisioner', namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
          ],
          serviceAccountName: 'local-path-provisioner-service-account',
          containers: [
            {
              name: 'local-path-provisioner',
              image: IMAGES.localPathProvisioner,
              imagePullPolicy: 'IfNotPresent',
              command: ['local-path-provisioner', '--debug', 'start', '--helper-image', helper, '--config', '/etc/config/config.json'],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
        },
      },
    },
  } as KubeObject);
  api.create({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    volumeBindingMode: 'WaitForFirstConsumer',
    reclaimPolicy: 'Delete',
  } as KubeObject);
}
