// The cilium-config ConfigMap of Cilium 1.11.4 as its Helm chart (templates/cilium-configmap.yaml, values.yaml of
// the chart cilium-cli v0.11.6 vendors) renders it for the values `cilium install` sets on a cluster of no
// detected flavor: cluster.id=0, cluster.name=NAME, encryption.nodeEncryption=false, ipam.mode=cluster-pool,
// kubeProxyReplacement=disabled, operator.replicas=1 and the two service account names. Each key below is one the
// template writes for those values (the comments and the keys whose conditions are false are left out).

export const CILIUM_VERSION = 'v1.11.4';
/** cilium/cilium's stable.txt when cilium-cli v0.11.6 was current (what `cilium version` showed as "stable") */
export const CILIUM_STABLE_VERSION = 'v1.11.5';
export const CILIUM_CLI_VERSION = 'v0.11.6';
export const CILIUM_CLI_GO = 'go1.18.2';

export const CILIUM_AGENT_IMAGE = 'quay.io/cilium/cilium:v1.11.4@sha256:d9d4c7759175db31aa32eaa68274bb9355d468fbc87e23123c80052e3ed63116';
export const CILIUM_OPERATOR_IMAGE = 'quay.io/cilium/operator-generic:v1.11.4@sha256:bf75ad0dc47691a3a519b8ab148ed3a792ffa2f1e309e6efa955f30a40e95adc';

/** the chart's ipam.operator defaults */
export const CLUSTER_POOL_IPV4_CIDR = '10.0.0.0/8';
export const CLUSTER_POOL_IPV4_MASK_SIZE = 24;

/** The helm values cilium-cli passes, in the order its `helm template ... --set` line prints them (sorted). */
export function helmValues(clusterName: string): Array<[string, string]> {
  return [
    ['cluster.id', '0'],
    ['cluster.name', clusterName],
    ['encryption.nodeEncryption', 'false'],
    ['ipam.mode', 'cluster-pool'],
    ['kubeProxyReplacement', 'disabled'],
    ['operator.replicas', '1'],
    ['serviceAccounts.cilium.name', 'cilium'],
    ['serviceAccounts.operator.name', 'cilium-operator'],
  ];
}

/** The values file cilium-cli stores in the cilium-cli-helm-values Secret (chartutil.Values.YAML of the merged --set values). */
export function helmValuesYAML(clusterName: string): string {
  return [
    'cluster:',
    '  id: 0',
    `  name: ${clusterName}`,
    'encryption:',
    '  nodeEncryption: false',
    'ipam:',
    '  mode: cluster-pool',
    'kubeProxyReplacement: disabled',
    'operator:',
    '  replicas: 1',
    'serviceAccounts:',
    '  cilium:',
    '    name: cilium',
    '  operator:',
    '    name: cilium-operator',
    '',
  ].join('\n');
}

/** data of cilium-config for a cluster named `clusterName`. */
export function ciliumConfigData(clusterName: string): Record<string, string> {
  return {
    'identity-allocation-mode': 'crd',
    'cilium-endpoint-gc-interval': '5m0s',
    'disable-endpoint-crd': 'false',
    debug: 'false',
    'enable-policy': 'default',
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    'custom-cni-conf': 'false',
    'enable-bpf-clock-probe': 'true',
    'monitor-aggregation': 'medium',
    'monitor-aggregation-interval': '5s',
    'monitor-aggregation-flags': 'all',
    'bpf-map-dynamic-size-ratio': '0.0025',
    'bpf-policy-map-max': '16384',
    'bpf-lb-map-max': '65536',
    'bpf-lb-external-clusterip': 'false',
    'preallocate-bpf-maps': 'false',
    'sidecar-istio-proxy-image': 'cilium/istio_proxy',
    'cluster-name': clusterName,
    'cluster-id': '0',
    tunnel: 'vxlan',
    'enable-l7-proxy': 'true',
    'enable-ipv4-masquerade': 'true',
    'enable-ipv6-masquerade': 'true',
    'enable-xt-socket-fallback': 'true',
    'install-iptables-rules': 'true',
    'install-no-conntrack-iptables-rules': 'false',
    'auto-direct-node-routes': 'false',
    'enable-bandwidth-manager': 'false',
    'enable-local-redirect-policy': 'false',
    'kube-proxy-replacement': 'disabled',
    'enable-health-check-nodeport': 'true',
    'node-port-bind-protection': 'true',
    'enable-auto-protect-node-port-range': 'true',
    'enable-session-affinity': 'true',
    'enable-l2-neigh-discovery': 'true',
    'arping-refresh-period': '30s',
    'enable-endpoint-health-checking': 'true',
    'enable-health-checking': 'true',
    'enable-well-known-identities': 'false',
    'enable-remote-node-identity': 'true',
    'operator-api-serve-addr': '127.0.0.1:9234',
    'enable-hubble': 'true',
    'hubble-socket-path': '/var/run/cilium/hubble.sock',
    'hubble-listen-address': ':4244',
    'hubble-disable-tls': 'false',
    'hubble-tls-cert-file': '/var/lib/cilium/tls/hubble/server.crt',
    'hubble-tls-key-file': '/var/lib/cilium/tls/hubble/server.key',
    'hubble-tls-client-ca-files': '/var/lib/cilium/tls/hubble/client-ca.crt',
    ipam: 'cluster-pool',
    'cluster-pool-ipv4-cidr': CLUSTER_POOL_IPV4_CIDR,
    'cluster-pool-ipv4-mask-size': String(CLUSTER_POOL_IPV4_MASK_SIZE),
    'disable-cnp-status-updates': 'true',
    'cgroup-root': '/run/cilium/cgroupv2',
    'enable-k8s-terminating-endpoint': 'true',
  };
}
