// What the API server's per-kind strategies say about a resource's metadata: which kinds carry
// metadata.generation, and which have a status subresource (a write of the main resource keeps the stored status).

/** Resource kinds that carry metadata.generation (bumped on spec change). */
export const GENERATION_KINDS = new Set(['deployments.apps', 'replicasets.apps', 'daemonsets.apps', 'statefulsets.apps', 'jobs.batch', 'cronjobs.batch', 'networkpolicies.networking.k8s.io', 'ingresses.networking.k8s.io', 'horizontalpodautoscalers.autoscaling', 'poddisruptionbudgets.policy']);

/** Kinds whose status is only writable through /status (a PUT of the main resource keeps the old status). */
export const HAS_STATUS_SUBRESOURCE = new Set([
  'pods',
  'services',
  'nodes',
  'namespaces',
  'deployments.apps',
  'replicasets.apps',
  'daemonsets.apps',
  'statefulsets.apps',
  'persistentvolumes',
  'persistentvolumeclaims',
  'poddisruptionbudgets.policy',
  'horizontalpodautoscalers.autoscaling',
  'resourcequotas',
  'apiservices.apiregistration.k8s.io',
  'ingresses.networking.k8s.io',
  'certificatesigningrequests.certificates.k8s.io',
]);

/**
 * Kinds whose /status writes also take metadata.annotations (deploymentStatusStrategy keeps only spec and
 * labels from the stored object): the deployment controller sets deployment.kubernetes.io/revision that way.
 */
export const STATUS_WRITES_ANNOTATIONS = new Set(['deployments.apps']);
