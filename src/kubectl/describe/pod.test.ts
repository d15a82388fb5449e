import { describe, expect, it } from 'vitest';
import type { Pod } from '../../cluster/apiserver/types.js';
import { describeObject } from './index.js';
import { ev, makeCtx } from './testutil.js';

function webPod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7854ff8877-abcde',
      namespace: 'default',
      uid: 'pod-uid-1',
      creationTimestamp: '2025-01-06T10:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7854ff8877' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7854ff8877', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
        },
      ],
      nodeName: 'node-1',
      serviceAccountName: 'default',
      priority: 0,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      hostIP: '172.18.0.2',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      startTime: '2025-01-06T10:00:00Z',
      qosClass: 'BestEffort',
      containerStatuses: [
        {
          name: 'nginx',
          image: 'docker.io/library/nginx:latest',
          imageID: 'docker.io/library/nginx@sha256:abc',
          containerID: 'containerd://3f2a',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2025-01-06T10:00:05Z' } },
          lastState: {},
        },
      ],
    },
  };
}

describe('describe pod', () => {
  it('matches the §5.4 worked example (projected token volume in v1.32 wording)', () => {
    const pod = webPod();
    const events = [
      ev(pod, 'Normal', 'Scheduled', 'default-scheduler', 'Successfully assigned default/web-7854ff8877-abcde to node-1', '2025-01-06T10:00:00Z', { omitKind: true }),
      ev(pod, 'Normal', 'Pulling', 'kubelet', 'Pulling image "nginx"', '2025-01-06T10:00:00Z'),
      ev(pod, 'Normal', 'Pulled', 'kubelet', 'Successfully pulled image "nginx" in 1.2s (1.2s including waiting). Image size: 72099410 bytes.', '2025-01-06T10:00:01Z'),
      ev(pod, 'Normal', 'Created', 'kubelet', 'Created container nginx', '2025-01-06T10:00:01Z'),
      ev(pod, 'Normal', 'Started', 'kubelet', 'Started container nginx', '2025-01-06T10:00:01Z'),
    ];
    const ctx = makeCtx('2025-01-06T10:02:00Z', { pods: [pod], events });
    expect(describeObject('pods', pod, ctx)).toBe(`Name:             web-7854ff8877-abcde
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/172.18.0.2
Start Time:       Mon, 06 Jan 2025 10:00:00 +0000
Labels:           app=web
                  pod-template-hash=7854ff8877
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-7854ff8877
Containers:
  nginx:
    Container ID:   containerd://3f2a
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 06 Jan 2025 10:00:05 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-x7k2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/web-7854ff8877-abcde to node-1
  Normal  Pulling    2m    kubelet            Pulling image "nginx"
  Normal  Pulled     119s  kubelet            Successfully pulled image "nginx" in 1.2s (1.2s including waiting). Image size: 72099410 bytes.
  Normal  Created    119s  kubelet            Created container nginx
  Normal  Started    119s  kubelet            Started container nginx
`);
  });

  it('pending unscheduled pod: Node <none>, empty IP, IPs <none>, Waiting state absent without status, --show-events=false', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'dev', uid: 'u2', creationTimestamp: '2025-01-06T10:00:00Z', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'sleep 3600'],
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
            ],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          },
        ],
        nodeSelector: { disktype: 'ssd' },
      },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
    };
    const ctx = makeCtx('2025-01-06T10:05:00Z', { pods: [pod] }, false);
    expect(describeObject('pods', pod, ctx)).toBe(`Name:         p
Namespace:    dev
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       Pending
IP:           
IPs:          <none>
Containers:
  app:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      sleep 3600
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:
      MODE:      prod
      POD_NAME:  p (v1:metadata.name)
      PASSWORD:  <set to the key 'pw' in secret 'db'>  Optional: false
    Mounts:      <none>
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       Burstable
Node-Selectors:  disktype=ssd
Tolerations:     <none>
`);
  });
});
