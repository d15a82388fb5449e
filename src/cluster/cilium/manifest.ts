// The objects `cilium install` (cilium-cli v0.11.6, install/install.go) creates for Cilium 1.11.4, from the chart's
// templates (cilium-agent/, cilium-operator/) for the values of config-map.ts: the agent and operator
// ServiceAccounts, ClusterRoles and bindings, the IngressClass `cilium`, the cilium-config ConfigMap, the cilium
// DaemonSet (agent on every node, host network, tolerating every taint) and the cilium-operator Deployment (one
// replica). The CRDs are not here: the operator registers them when it starts (crds.ts). Volumes and env that only
// feed the real binaries (BPF maps, cgroup and CNI host paths) and the agent's postStart/preStop hooks (cni-install.sh,
// which kubesim's kubelet would not run) are left out: no binary runs in kubesim.

import type { KubeObject } from '../apiserver/types.js';
import { CILIUM_AGENT_IMAGE, CILIUM_OPERATOR_IMAGE, ciliumConfigData } from './config-map.js';

const NS = 'kube-system';

const CILIUM_RESOURCES_AGENT = [
  'ciliumnetworkpolicies', 'ciliumnetworkpolicies/status', 'ciliumnetworkpolicies/finalizers', 'ciliumclusterwidenetworkpolicies',
  'ciliumclusterwidenetworkpolicies/status', 'ciliumclusterwidenetworkpolicies/finalizers', 'ciliumendpoints', 'ciliumendpoints/status',
  'ciliumendpoints/finalizers', 'ciliumnodes', 'ciliumnodes/status', 'ciliumnodes/finalizers', 'ciliumidentities', 'ciliumidentities/finalizers',
  'ciliumlocalredirectpolicies', 'ciliumlocalredirectpolicies/status', 'ciliumlocalredirectpolicies/finalizers', 'ciliumegressnatpolicies',
  'ciliumendpointslices',
];

const CILIUM_RESOURCES_OPERATOR = [
  'ciliumnetworkpolicies', 'ciliumnetworkpolicies/status', 'ciliumnetworkpolicies/finalizers', 'ciliumclusterwidenetworkpolicies',
  'ciliumclusterwidenetworkpolicies/status', 'ciliumclusterwidenetworkpolicies/finalizers', 'ciliumendpoints', 'ciliumendpoints/status',
  'ciliumendpoints/finalizers', 'ciliumnodes', 'ciliumnodes/status', 'ciliumnodes/finalizers', 'ciliumidentities', 'ciliumendpointslices',
  'ciliumidentities/status', 'ciliumidentities/finalizers', 'ciliumlocalredirectpolicies', 'ciliumlocalredirectpolicies/status',
  'ciliumlocalredirectpolicies/finalizers',
];

const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({ apiGroups, resources, verbs });

function agentClusterRole(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cilium' },
    rules: [
      rule(['networking.k8s.io'], ['networkpolicies'], ['get', 'list', 'watch']),
      rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
      rule([''], ['namespaces', 'services', 'nodes', 'endpoints'], ['get', 'list', 'watch']),
      rule([''], ['pods/finalizers'], ['update']),
      rule([''], ['nodes', 'pods'], ['get', 'list', 'watch', 'update']),
      rule([''], ['nodes', 'nodes/status'], ['patch']),
      rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['create', 'list', 'watch', 'update', 'get']),
      rule([''], ['secrets'], ['get']),
      rule(['cilium.io'], CILIUM_RESOURCES_AGENT, ['*']),
    ],
  } as KubeObject;
}

function operatorClusterRole(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cilium-operator' },
    rules: [
      rule([''], ['pods'], ['get', 'list', 'watch', 'delete']),
      rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
      rule([''], ['services'], ['get', 'list', 'watch']),
      rule([''], ['services/status'], ['update']),
      rule([''], ['services', 'endpoints', 'namespaces'], ['get', 'list', 'watch']),
      rule(['cilium.io'], CILIUM_RESOURCES_OPERATOR, ['*']),
      rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['create', 'get', 'list', 'update', 'watch']),
      rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'update']),
    ],
  } as KubeObject;
}

function binding(name: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: NS }],
  } as KubeObject;
}

const healthProbe = (port: number, brief: boolean) => ({
  httpGet: { host: '127.0.0.1', path: '/healthz', port, scheme: 'HTTP', ...(brief ? { httpHeaders: [{ name: 'brief', value: 'true' }] } : {}) },
});

function agentDaemonSet(): KubeObject {
  const labels = { 'k8s-app': 'cilium' };
  const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
  const cmEnv = (name: string, key: string) => ({ name, valueFrom: { configMapKeyRef: { name: 'cilium-config', key, optional: true } } });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'cilium', namespace: NS, labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { rollingUpdate: { maxUnavailable: 2 }, type: 'RollingUpdate' },
      template: {
        metadata: { annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '' }, labels },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
                  { matchExpressions: [{ key: 'beta.kubernetes.io/os', operator: 'In', values: ['linux'] }] },
                ],
              },
            },
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['cilium'] }] }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
          containers: [
            {
              name: 'cilium-agent',
              image: CILIUM_AGENT_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['cilium-agent'],
              args: ['--config-dir=/tmp/cilium/config-map'],
              startupProbe: { ...healthProbe(9876, true), failureThreshold: 105, periodSeconds: 2, successThreshold: 1 },
              livenessProbe: { ...healthProbe(9876, true), periodSeconds: 30, successThreshold: 1, failureThreshold: 10, timeoutSeconds: 5 },
              readinessProbe: { ...healthProbe(9876, true), periodSeconds: 30, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 5 },
              env: [
                fieldEnv('K8S_NODE_NAME', 'spec.nodeName'),
                fieldEnv('CILIUM_K8S_NAMESPACE', 'metadata.namespace'),
                { name: 'CILIUM_CLUSTERMESH_CONFIG', value: '/var/lib/cilium/clustermesh/' },
                cmEnv('CILIUM_CNI_CHAINING_MODE', 'cni-chaining-mode'),
                cmEnv('CILIUM_CUSTOM_CNI_CONF', 'custom-cni-conf'),
              ],
              securityContext: { privileged: true },
              volumeMounts: [{ name: 'cilium-config-path', mountPath: '/tmp/cilium/config-map', readOnly: true }],
            },
          ],
          hostNetwork: true,
          initContainers: [
            {
              name: 'mount-cgroup',
              image: CILIUM_AGENT_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'CGROUP_ROOT', value: '/run/cilium/cgroupv2' },
                { name: 'BIN_PATH', value: '/opt/cni/bin' },
              ],
              command: [
                'sh',
                '-ec',
                'cp /usr/bin/cilium-mount /hostbin/cilium-mount;\nnsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;\nrm /hostbin/cilium-mount\n',
              ],
              securityContext: { privileged: true },
            },
            {
              name: 'clean-cilium-state',
              image: CILIUM_AGENT_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/init-container.sh'],
              env: [cmEnv('CILIUM_ALL_STATE', 'clean-cilium-state'), cmEnv('CILIUM_BPF_STATE', 'clean-cilium-bpf-state')],
              securityContext: { privileged: true },
            },
          ],
          restartPolicy: 'Always',
          priorityClassName: 'system-node-critical',
          serviceAccount: 'cilium',
          serviceAccountName: 'cilium',
          terminationGracePeriodSeconds: 1,
          tolerations: [{ operator: 'Exists' }],
          volumes: [{ name: 'cilium-config-path', configMap: { name: 'cilium-config' } }],
        },
      },
    },
  } as KubeObject;
}

function operatorDeployment(): KubeObject {
  const labels = { 'io.cilium/app': 'operator', name: 'cilium-operator' };
  const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cilium-operator', namespace: NS, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 }, type: 'RollingUpdate' },
      template: {
        metadata: { annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '' }, labels },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchExpressions: [{ key: 'io.cilium/app', operator: 'In', values: ['operator'] }] }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
          containers: [
            {
              name: 'cilium-operator',
              image: CILIUM_OPERATOR_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['cilium-operator-generic'],
              args: ['--config-dir=/tmp/cilium/config-map', '--debug=$(CILIUM_DEBUG)'],
              env: [
                fieldEnv('K8S_NODE_NAME', 'spec.nodeName'),
                fieldEnv('CILIUM_K8S_NAMESPACE', 'metadata.namespace'),
                { name: 'CILIUM_DEBUG', valueFrom: { configMapKeyRef: { name: 'cilium-config', key: 'debug', optional: true } } },
              ],
              livenessProbe: { ...healthProbe(9234, false), initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 3 },
              volumeMounts: [{ name: 'cilium-config-path', mountPath: '/tmp/cilium/config-map', readOnly: true }],
            },
          ],
          hostNetwork: true,
          restartPolicy: 'Always',
          priorityClassName: 'system-cluster-critical',
          serviceAccount: 'cilium-operator',
          serviceAccountName: 'cilium-operator',
          tolerations: [{ operator: 'Exists' }],
          volumes: [{ name: 'cilium-config-path', configMap: { name: 'cilium-config' } }],
        },
      },
    },
  } as KubeObject;
}

/** The objects cilium-cli creates, grouped by the step of `cilium install` that creates them, in its order. */
export interface CiliumObjects {
  serviceAccounts: KubeObject[];
  clusterRoles: KubeObject[];
  ingressClass: KubeObject;
  configMap: KubeObject;
  daemonSet: KubeObject;
  deployment: KubeObject;
}

export function ciliumObjects(clusterName: string): CiliumObjects {
  const sa = (name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } }) as KubeObject;
  return {
    serviceAccounts: [sa('cilium'), sa('cilium-operator')],
    clusterRoles: [agentClusterRole(), binding('cilium'), operatorClusterRole(), binding('cilium-operator')],
    ingressClass: { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'cilium' }, spec: { controller: 'cilium.io/ingress-controller' } } as KubeObject,
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config', namespace: NS }, data: ciliumConfigData(clusterName) } as KubeObject,
    daemonSet: agentDaemonSet(),
    deployment: operatorDeployment(),
  };
}
