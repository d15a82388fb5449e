// The per-kind registry: one Strategy per resource key, as the API server looks them up.

import { limitRangeStrategy } from '../admission/limitranger.js';
import { priorityClassStrategy } from '../admission/priority.js';
import { resourceQuotaStrategy } from '../admission/quota.js';
import { apiServiceStrategy } from './apiservices.js';
import { hpaStrategy } from './autoscaling.js';
import { cronJobStrategy, jobStrategy } from './batch.js';
import { configMapStrategy } from './configmaps.js';
import { secretStrategy } from './secrets.js';
import { rbacStrategies } from './rbac.js';
import { endpointSliceStrategy } from './endpointslices.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy } from './events.js';
import { namespaceStrategy } from './namespaces.js';
import { networkPolicyStrategy } from './networkpolicies.js';
import { ingressClassStrategy, ingressStrategy } from './ingresses.js';
import { nodeStrategy } from './nodes.js';
import { podStrategy } from './pods.js';
import { serviceStrategy } from './services.js';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy, storageClassStrategy } from './storage.js';
import type { Strategy } from './strategy.js';
import { crdStrategy } from './crds.js';
import { csrStrategy } from './certificates.js';
import { daemonSetStrategy, deploymentStrategy, replicaSetStrategy, statefulSetStrategy } from './workloads.js';

export type { RegistryContext, Strategy } from './strategy.js';

export const strategies: Record<string, Strategy> = {
  'customresourcedefinitions.apiextensions.k8s.io': crdStrategy,
  namespaces: namespaceStrategy,
  nodes: nodeStrategy,
  pods: podStrategy,
  services: serviceStrategy,
  endpoints: endpointsStrategy,
  'endpointslices.discovery.k8s.io': endpointSliceStrategy,
  'deployments.apps': deploymentStrategy,
  'replicasets.apps': replicaSetStrategy,
  'daemonsets.apps': daemonSetStrategy,
  'statefulsets.apps': statefulSetStrategy,
  configmaps: configMapStrategy,
  secrets: secretStrategy,
  events: eventStrategy,
  'jobs.batch': jobStrategy,
  'cronjobs.batch': cronJobStrategy,
  'priorityclasses.scheduling.k8s.io': priorityClassStrategy,
  resourcequotas: resourceQuotaStrategy,
  limitranges: limitRangeStrategy,
  'horizontalpodautoscalers.autoscaling': hpaStrategy,
  'networkpolicies.networking.k8s.io': networkPolicyStrategy,
  'ingresses.networking.k8s.io': ingressStrategy,
  'ingressclasses.networking.k8s.io': ingressClassStrategy,
  persistentvolumes: persistentVolumeStrategy,
  persistentvolumeclaims: persistentVolumeClaimStrategy,
  'storageclasses.storage.k8s.io': storageClassStrategy,
  ...rbacStrategies,
  'apiservices.apiregistration.k8s.io': apiServiceStrategy,
  'certificatesigningrequests.certificates.k8s.io': csrStrategy,
};
