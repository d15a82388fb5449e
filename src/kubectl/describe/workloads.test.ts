import { describe, expect, it } from 'vitest';
import type { DaemonSet, Deployment, Pod, PodTemplateSpec, ReplicaSet, StatefulSet } from '../../cluster/apiserver/types.js';
import { describeObject } from './index.js';
import { ev, makeCtx } from './testutil.js';

function template(labels: Record<string, string>, image = 'nginx', ports?: Array<{ containerPort: number; protocol: string }>): PodTemplateSpec {
  return {
    metadata: { labels },
    spec: {
      containers: [{ name: image.split(':')[0], image, ports, resources: {}, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'Always' }],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    },
  };
}

function webDeployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'deploy-uid',
      creationTimestamp: '2025-01-06T10:00:00Z',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template({ app: 'web' }),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

function webReplicaSet(): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-7854ff8877',
      namespace: 'default',
      uid: 'rs-uid',
      creationTimestamp: '2025-01-06T10:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7854ff8877' },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'deploy-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '7854ff8877' } },
      template: template({ app: 'web', 'pod-template-hash': '7854ff8877' }),
    },
    status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
}

function ownedPod(name: string, labels: Record<string, string>, owner: { kind: string; name: string; uid: string }, phase: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, labels, ownerReferences: [{ apiVersion: 'apps/v1', ...owner, controller: true }] },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase },
  };
}

describe('describe deployment', () => {
  it('matches the §5.4 worked example', () => {
    const d = webDeployment();
    const rs = webReplicaSet();
    const events = [ev(d, 'Normal', 'ScalingReplicaSet', 'deployment-controller', 'Scaled up replica set web-7854ff8877 from 0 to 3', '2025-01-06T10:00:00Z')];
    const ctx = makeCtx('2025-01-06T10:02:00Z', { 'deployments.apps': [d], 'replicasets.apps': [rs], events });
    expect(describeObject('deployments.apps', d, ctx)).toBe(`Name:                   web
Namespace:              default
CreationTimestamp:      Mon, 06 Jan 2025 10:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-7854ff8877 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set web-7854ff8877 from 0 to 3
`);
  });

  it('lists old replica sets still holding replicas during a rollout (not those scaled to zero), and the changed template as the new one', () => {
    const d = webDeployment();
    d.spec.template = template({ app: 'web' }, 'nginx:1.27');
    d.metadata.annotations = { 'deployment.kubernetes.io/revision': '3' };
    d.status = { replicas: 4, updatedReplicas: 1, availableReplicas: 3, unavailableReplicas: 1, conditions: [] };
    const rs1 = webReplicaSet();
    rs1.status = { replicas: 3 };
    const rs0 = webReplicaSet();
    rs0.metadata = { ...rs0.metadata, name: 'web-5d5c8f9b6d', uid: 'rs0', creationTimestamp: '2025-01-06T09:00:00Z' };
    rs0.spec = { ...rs0.spec, replicas: 0, template: template({ app: 'web', 'pod-template-hash': '5d5c8f9b6d' }, 'nginx:1.25') };
    rs0.status = { replicas: 0 };
    const rs2 = webReplicaSet();
    rs2.metadata = { ...rs2.metadata, name: 'web-69b7c5d8f4', uid: 'rs2', creationTimestamp: '2025-01-06T10:05:00Z' };
    rs2.spec = { ...rs2.spec, replicas: 1, template: template({ app: 'web', 'pod-template-hash': '69b7c5d8f4' }, 'nginx:1.27') };
    rs2.status = { replicas: 1 };
    const ctx = makeCtx('2025-01-06T10:06:00Z', { 'replicasets.apps': [rs1, rs0, rs2] }, false);
    const out = describeObject('deployments.apps', d, ctx);
    // no conditions: the two lines join the block of the pod template's Tolerations line
    expect(out.split('\n').slice(-4).join('\n')).toBe(`  Tolerations:     <none>
OldReplicaSets:    web-7854ff8877 (3/3 replicas created)
NewReplicaSet:     web-69b7c5d8f4 (1/1 replicas created)
`);
  });
});

describe('describe replicaset', () => {
  it('matches the §5.4 worked example (pod phases counted for pods it controls)', () => {
    const rs = webReplicaSet();
    const labels = { app: 'web', 'pod-template-hash': '7854ff8877' };
    const owner = { kind: 'ReplicaSet', name: rs.metadata.name!, uid: 'rs-uid' };
    const pods = [
      ownedPod('web-7854ff8877-abcde', labels, owner, 'Running'),
      ownedPod('web-7854ff8877-fghij', labels, owner, 'Running'),
      ownedPod('web-7854ff8877-klmno', labels, owner, 'Running'),
      ownedPod('stray', labels, { kind: 'ReplicaSet', name: 'other', uid: 'other' }, 'Pending'),
    ];
    const events = [ev(rs, 'Normal', 'SuccessfulCreate', 'replicaset-controller', 'Created pod: web-7854ff8877-abcde', '2025-01-06T10:00:00Z')];
    const ctx = makeCtx('2025-01-06T10:02:00Z', { pods, events });
    expect(describeObject('replicasets.apps', rs, ctx)).toBe(`Name:           web-7854ff8877
Namespace:      default
Selector:       app=web,pod-template-hash=7854ff8877
Labels:         app=web
                pod-template-hash=7854ff8877
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/web
Replicas:       3 current / 3 desired
Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=7854ff8877
  Containers:
   nginx:
    Image:         nginx
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: web-7854ff8877-abcde
`);
  });
});

describe('describe statefulset', () => {
  it('matches the §5.4 worked example', () => {
    const sts: StatefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default', uid: 'sts-uid', creationTimestamp: '2025-01-06T10:00:00Z' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'db' } },
        template: template({ app: 'db' }, 'postgres:16', [{ containerPort: 5432, protocol: 'TCP' }]),
        serviceName: 'db',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
      status: { replicas: 3, readyReplicas: 3 },
    };
    const owner = { kind: 'StatefulSet', name: 'db', uid: 'sts-uid' };
    const pods = ['db-0', 'db-1', 'db-2'].map((n) => ownedPod(n, { app: 'db' }, owner, 'Running'));
    const events = [ev(sts, 'Normal', 'SuccessfulCreate', 'statefulset-controller', 'create Pod db-0 in StatefulSet db successful', '2025-01-06T10:00:00Z')];
    const ctx = makeCtx('2025-01-06T10:03:00Z', { pods, events });
    expect(describeObject('statefulsets.apps', sts, ctx)).toBe(`Name:               db
Namespace:          default
CreationTimestamp:  Mon, 06 Jan 2025 10:00:00 +0000
Selector:           app=db
Labels:             <none>
Annotations:        <none>
Replicas:           3 desired | 3 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=db
  Containers:
   postgres:
    Image:         postgres:16
    Port:          5432/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:     <none>
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  3m    statefulset-controller  create Pod db-0 in StatefulSet db successful
`);
  });
});

describe('describe daemonset', () => {
  it('has no Namespace line in v1.32 and prints the five status counters without tabs', () => {
    const ds: DaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', uid: 'ds-uid', creationTimestamp: '2025-01-06T09:00:00Z', labels: { 'k8s-app': 'kube-proxy' }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-proxy' } },
          spec: {
            containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0', command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf'] }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            serviceAccountName: 'kube-proxy',
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists' }],
            volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } }],
          },
        },
      },
      status: { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2 },
    };
    const ctx = makeCtx('2025-01-06T10:00:00Z', {}, true);
    expect(describeObject('daemonsets.apps', ds, ctx)).toBe(`Name:           kube-proxy
Selector:       k8s-app=kube-proxy
Node-Selector:  kubernetes.io/os=linux
Labels:         k8s-app=kube-proxy
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 2
Current Number of Nodes Scheduled: 2
Number of Nodes Scheduled with Up-to-date Pods: 2
Number of Nodes Scheduled with Available Pods: 2
Number of Nodes Misscheduled: 0
Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:           k8s-app=kube-proxy
  Service Account:  kube-proxy
  Containers:
   kube-proxy:
    Image:      registry.k8s.io/kube-proxy:v1.32.0
    Port:       <none>
    Host Port:  <none>
    Command:
      /usr/local/bin/kube-proxy
      --config=/var/lib/kube-proxy/config.conf
    Environment:  <none>
    Mounts:       <none>
  Volumes:
   lib-modules:
    Type:               HostPath (bare host directory volume)
    Path:               /lib/modules
    HostPathType:       
  Priority Class Name:  system-node-critical
  Node-Selectors:       kubernetes.io/os=linux
  Tolerations:          op=Exists
Events:                 <none>
`);
  });
});
