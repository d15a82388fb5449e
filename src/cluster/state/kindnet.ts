// kind's CNI as kind v0.26 installs it right after `kubeadm init` (pkg/build/nodeimage/const_cni.go): the kindnet
// ServiceAccount and the kindnet DaemonSet (kindnetd on every node, host network, tolerating every taint, the
// pod subnet in POD_SUBNET). Its ClusterRole and binding are in the RBAC bootstrap (rbac/bootstrap-policy.ts).
// What kindnetd does on a node (ptp routes, host-local IPAM, the NetworkPolicy nftables table) is simulated by
// the data path (controllers/ipam.ts, network/netpol).

import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject } from '../apiserver/types.js';
import type { ClusterConfig } from './config.js';

export const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20241212-9f82dd49';

export function createKindnet(api: ApiServer, config: ClusterConfig): void {
  const labels = { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' };
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kindnet', namespace: 'kube-system' } });
  const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  api.create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kindnet', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: { app: 'kindnet' } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          serviceAccountName: 'kindnet',
          containers: [
            {
              name: 'kindnet-cni',
              image: KINDNETD_IMAGE,
              env: [fieldEnv('HOST_IP', 'status.hostIP'), fieldEnv('POD_IP', 'status.podIP'), { name: 'POD_SUBNET', value: config.podCIDR }],
              volumeMounts: [
                { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
                { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
              ],
              resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
              securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
            },
          ],
          volumes: [
            { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  } as KubeObject);
}
