// The controllers of the simulated control plane and nodes, in the fixed order the cluster runs them to a
// fixed point after every mutating command.

import { apiServiceAvailabilityController } from './apiservice-availability.js';
import type { Controller } from './controller.js';
import { ciliumController } from './cilium.js';
import { cronJobController } from './cronjob.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { disruptionController } from './disruption.js';
import { endpointsController } from './endpoints.js';
import { endpointSliceController, endpointSliceMirroringController } from './endpointslice.js';
import { garbageCollector } from './garbagecollector.js';
import { ingressNginxController } from './ingress-nginx.js';
import { emissaryController } from './emissary.js';
import { jobController } from './job.js';
import { kubelet } from './kubelet.js';
import { containerLoopRunner } from './kubelet/loops.js';
import { namespaceController } from './namespace.js';
import { nodeLifecycleController } from './nodelifecycle.js';
import { nodeNetworkController } from './node-network.js';
import { podAutoscaler } from './podautoscaler.js';
import { resourceQuotaController } from './resourcequota.js';
import { persistentVolumeController } from './persistentvolume.js';
import { replicaSetController } from './replicaset.js';
import { scheduler } from './scheduler.js';
import { serviceLoadBalancerController } from './servicelb.js';
import { rootCAPublisher, serviceAccountController } from './serviceaccount.js';
import { statefulSetController } from './statefulset.js';
import { clusterRoleAggregationController } from '../rbac/aggregation.js';
import { csrSigningController } from './csrsigning.js';

export const controllers: Controller[] = [
  namespaceController,
  serviceAccountController,
  rootCAPublisher,
  garbageCollector,
  deploymentController,
  replicaSetController,
  daemonSetController,
  statefulSetController,
  cronJobController,
  jobController,
  podAutoscaler,
  nodeLifecycleController,
  nodeNetworkController,
  persistentVolumeController,
  scheduler,
  kubelet,
  ciliumController,
  containerLoopRunner,
  endpointsController,
  endpointSliceController,
  endpointSliceMirroringController,
  ingressNginxController,
  emissaryController,
  apiServiceAvailabilityController,
  serviceLoadBalancerController,
  disruptionController,
  resourceQuotaController,
  clusterRoleAggregationController,
  csrSigningController,
];
