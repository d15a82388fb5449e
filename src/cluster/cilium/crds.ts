// The cilium.io/v2 CustomResourceDefinitions the cilium-operator 1.11 registers at start (pkg/k8s/apis/cilium.io/
// client): CiliumNode, CiliumEndpoint and CiliumIdentity, with their short names and printer columns. Only these
// three: kubesim simulates what they record (IPAM, endpoints, identities). The other cilium.io kinds 1.11 registers
// (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, CiliumLocalRedirectPolicy, CiliumEgressNATPolicy,
// CiliumExternalWorkload, CiliumEndpointSlice) would be stored and not enforced, so they are not registered: applying
// one fails with "no matches for kind", as the kind is not simulated.

import type { KubeObject } from '../apiserver/types.js';

interface Column {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
}

function crd(plural: string, kind: string, singular: string, shortNames: string[], scope: 'Namespaced' | 'Cluster', columns: Column[]): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.cilium.io`, annotations: { 'controller-gen.kubebuilder.io/version': 'v0.6.2' } },
    spec: {
      group: 'cilium.io',
      names: { kind, listKind: `${kind}List`, plural, shortNames, singular },
      scope,
      versions: [
        {
          name: 'v2',
          served: true,
          storage: true,
          ...(columns.length ? { additionalPrinterColumns: columns } : {}),
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['metadata'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                ...(kind === 'CiliumIdentity' ? { 'security-labels': { type: 'object', additionalProperties: { type: 'string' } } } : {}),
              },
            },
          },
        },
      ],
    },
  } as KubeObject;
}

export const CILIUM_NODES = 'ciliumnodes.cilium.io';
export const CILIUM_ENDPOINTS = 'ciliumendpoints.cilium.io';
export const CILIUM_IDENTITIES = 'ciliumidentities.cilium.io';

export function ciliumCRDs(): KubeObject[] {
  return [
    crd('ciliumnodes', 'CiliumNode', 'ciliumnode', ['cn', 'ciliumn'], 'Cluster', []),
    crd('ciliumendpoints', 'CiliumEndpoint', 'ciliumendpoint', ['cep', 'ciliumep'], 'Namespaced', [
      { name: 'Endpoint ID', type: 'integer', jsonPath: '.status.id', description: 'Cilium endpoint id' },
      { name: 'Identity ID', type: 'integer', jsonPath: '.status.identity.id', description: 'Cilium identity id' },
      { name: 'Ingress Enforcement', type: 'boolean', jsonPath: '.status.policy.ingress.enforcing', description: 'Ingress enforcement in the endpoint' },
      { name: 'Egress Enforcement', type: 'boolean', jsonPath: '.status.policy.egress.enforcing', description: 'Egress enforcement in the endpoint' },
      { name: 'Visibility Policy', type: 'string', jsonPath: '.status.visibility-policy-status', description: 'Status of visibility policy in the endpoint' },
      { name: 'Endpoint State', type: 'string', jsonPath: '.status.state', description: 'Endpoint current state' },
      { name: 'IPv4', type: 'string', jsonPath: '.status.networking.addressing[0].ipv4', description: 'Endpoint IPv4 address' },
      { name: 'IPv6', type: 'string', jsonPath: '.status.networking.addressing[0].ipv6', description: 'Endpoint IPv6 address' },
    ]),
    crd('ciliumidentities', 'CiliumIdentity', 'ciliumidentity', ['ciliumid'], 'Cluster', [
      { name: 'Namespace', type: 'string', jsonPath: '.metadata.labels.io\\.kubernetes\\.pod\\.namespace', description: 'The namespace of the entity' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'The age of the identity' },
    ]),
  ];
}
