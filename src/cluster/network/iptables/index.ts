// kube-proxy iptables mode: the pure renderer and the ruleset model (public surface of this directory).

export * from './model.js';
export * from './counters.js';
export { renderIptables, LARGE_CLUSTER_ENDPOINTS_THRESHOLD } from './render.js';
export type { ProxyInput, ProxyNode } from './render.js';
export { servicePortHash, endpointChainName, hash16 } from './hash.js';
export { kubeProxyNormalisedPayload } from './restore.js';
