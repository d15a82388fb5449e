import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints, KubeObject, Service } from '../../cluster/apiserver/types.js';
import { formatEndpointSlices } from './helpers.js';
import { describeObject } from './index.js';
import { ev, makeCtx } from './testutil.js';

function slice(name: string, svc: string, ips: Array<[string, boolean | undefined]>, ports: Array<{ name: string; port: number }> | null = [{ name: '', port: 80 }]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: ips.map(([ip, ready]) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready, serving: ready, terminating: false } })),
    ports: ports === null ? null : ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' })),
  };
}

function nodePortService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { app: 'web' }, creationTimestamp: '2025-01-06T10:00:00Z' },
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 31100 }],
      clusterIP: '10.96.140.21',
      clusterIPs: ['10.96.140.21'],
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  };
}

describe('describe service', () => {
  it('matches the §5.4 NodePort worked example (Endpoints from EndpointSlices)', () => {
    const svc = nodePortService();
    const slices = [slice('web-abc12', 'web', [['10.244.1.5', true], ['10.244.2.7', true], ['10.244.2.8', true]]), slice('other-x', 'other', [['10.244.9.9', true]])];
    const ctx = makeCtx('2025-01-06T10:05:00Z', { services: [svc], 'endpointslices.discovery.k8s.io': slices, events: [] });
    expect(describeObject('services', svc, ctx)).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.140.21
IPs:                      10.96.140.21
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  31100/TCP
Endpoints:                10.244.1.5:80,10.244.2.7:80,10.244.2.8:80
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  it('LoadBalancer with a hostname ingress, named target port, + N more..., and an events table (seed 000 shapes)', () => {
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'frontend',
        namespace: 'default',
        uid: 'fe-uid',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n' },
      },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'hello', tier: 'frontend' },
        ports: [{ protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 32668 }],
        clusterIP: '10.100.125.32',
        clusterIPs: ['10.100.125.32'],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        allocateLoadBalancerNodePorts: true,
      },
      status: { loadBalancer: { ingress: [{ hostname: 'aba776baae7b111e8830f02c004722d8-1367000266.us-west-2.elb.amazonaws.com' }] } },
    };
    const ips: Array<[string, boolean]> = ['192.168.136.140', '192.168.149.34', '192.168.187.204', '192.168.1.4', '192.168.1.5', '192.168.1.6', '192.168.1.7'].map((ip) => [ip, true]);
    const slices = [slice('frontend-q8z2k', 'frontend', ips)];
    const events = [
      ev(svc, 'Normal', 'EnsuringLoadBalancer', 'service-controller', 'Ensuring load balancer', '2025-01-06T10:00:00Z'),
      ev(svc, 'Normal', 'EnsuredLoadBalancer', 'service-controller', 'Ensured load balancer', '2025-01-06T10:00:00Z'),
    ];
    const ctx = makeCtx('2025-01-06T10:21:00Z', { 'endpointslices.discovery.k8s.io': slices, events });
    expect(describeObject('services', svc, ctx)).toBe(`Name:                     frontend
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=hello,tier=frontend
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.100.125.32
IPs:                      10.100.125.32
LoadBalancer Ingress:     aba776baae7b111e8830f02c004722d8-1367000266.us-west-2.elb.amazonaws.com
Port:                     <unset>  80/TCP
TargetPort:               http/TCP
NodePort:                 <unset>  32668/TCP
Endpoints:                192.168.136.140:80,192.168.149.34:80,192.168.187.204:80 + 4 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:
  Type    Reason                Age   From                Message
  ----    ------                ----  ----                -------
  Normal  EnsuringLoadBalancer  21m   service-controller  Ensuring load balancer
  Normal  EnsuredLoadBalancer   21m   service-controller  Ensured load balancer
`);
  });

  it('ClusterIP with two named ports: endpoints filtered by port name; headless and ExternalName shapes', () => {
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'redis', namespace: 'default', uid: 'r-uid', labels: { role: 'redis', tier: 'back' } },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'redis' },
        ports: [
          { name: 'client', protocol: 'TCP', port: 6379, targetPort: 6379 },
          { name: 'gossip', protocol: 'TCP', port: 16379, targetPort: 16379 },
        ],
        clusterIP: 'None',
        clusterIPs: ['None'],
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
    };
    const s = slice('redis-abcde', 'redis', [['10.32.0.6', true], ['10.46.0.6', undefined], ['10.46.0.7', false]], [
      { name: 'client', port: 6379 },
      { name: 'gossip', port: 16379 },
    ]);
    const ctx = makeCtx('2025-01-06T10:00:00Z', { 'endpointslices.discovery.k8s.io': [s] }, false);
    expect(describeObject('services', svc, ctx)).toBe(`Name:                     redis
Namespace:                default
Labels:                   role=redis
                          tier=back
Annotations:              <none>
Selector:                 app=redis
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       None
IPs:                      None
Port:                     client  6379/TCP
TargetPort:               6379/TCP
Endpoints:                10.32.0.6:6379,10.46.0.6:6379
Port:                     gossip  16379/TCP
TargetPort:               16379/TCP
Endpoints:                10.32.0.6:16379,10.46.0.6:16379
Session Affinity:         None
Internal Traffic Policy:  Cluster
`);
  });
});

describe('formatEndpointSlices', () => {
  it('<none> without slices, empty string when nothing is ready', () => {
    expect(formatEndpointSlices([], new Set(['']))).toBe('<none>');
    expect(formatEndpointSlices([slice('a', 'x', [['10.0.0.1', false]])], new Set(['']))).toBe('');
  });

  it('reproduces the v1.32 "+ 0 more..." quirk: a not-ready fourth endpoint sets the overflow flag', () => {
    const s = slice('a', 'x', [['10.0.0.1', true], ['10.0.0.2', true], ['10.0.0.3', true], ['10.0.0.4', false]]);
    expect(formatEndpointSlices([s], new Set(['']))).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 0 more...');
  });

  it('headless slices without ports list bare addresses', () => {
    const s = slice('a', 'x', [['10.0.0.1', true], ['10.0.0.2', true]], null);
    expect(formatEndpointSlices([s], new Set(['']))).toBe('10.0.0.1,10.0.0.2');
  });
});

describe('describe endpoints', () => {
  it('matches the §5.4 worked example (empty line after each subset)', () => {
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', uid: 'ep-uid', labels: { app: 'web' }, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-06T10:00:05Z' } },
      subsets: [{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }, { ip: '10.244.2.8' }], ports: [{ port: 80, protocol: 'TCP' }] }],
    };
    const ctx = makeCtx('2025-01-06T10:05:00Z', { events: [] });
    expect(describeObject('endpoints', ep, ctx)).toBe(`Name:         web
Namespace:    default
Labels:       app=web
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-06T10:00:05Z
Subsets:
  Addresses:          10.244.1.5,10.244.2.7,10.244.2.8
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
`);
  });
});

describe('describe endpointslice', () => {
  it('lists ports and per-endpoint conditions, hostname, target and node', () => {
    const s = slice('web-abc12', 'web', [['10.244.1.5', true]]);
    s.endpoints![0].nodeName = 'node-1';
    s.endpoints![0].targetRef = { kind: 'Pod', namespace: 'default', name: 'web-7854ff8877-abcde', uid: 'p' };
    s.metadata.annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-06T10:00:05Z' };
    const ctx = makeCtx('2025-01-06T10:05:00Z', {}, false);
    expect(describeObject('endpointslices.discovery.k8s.io', s, ctx)).toBe(`Name:         web-abc12
Namespace:    default
Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
              kubernetes.io/service-name=web
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-06T10:00:05Z
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  <unset>  80    TCP
Endpoints:
  - Addresses:  10.244.1.5
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/web-7854ff8877-abcde
    NodeName:   node-1
    Zone:       <unset>
`);
  });
});

describe('describe ingress', () => {
  it('matches the §5.4 worked example (blank Address, host line with trailing padding, path block)', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default', uid: 'ing-uid' },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
      status: { loadBalancer: {} },
    };
    const svc = nodePortService();
    const slices = [slice('web-abc12', 'web', [['10.244.1.5', true], ['10.244.2.7', true]])];
    const ctx = makeCtx('2025-01-06T10:05:00Z', { services: [svc], 'endpointslices.discovery.k8s.io': slices, events: [] });
    expect(describeObject('ingresses.networking.k8s.io', ing, ctx)).toBe(`Name:             web
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host         Path  Backends
  ----         ----  --------
  example.com  
               /   web:80 (10.244.1.5:80,10.244.2.7:80)
Annotations:   <none>
Events:        <none>
`);
  });

  it('reports a missing backend service inline, and a rule-less ingress as * *', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'api', namespace: 'default' },
      spec: { defaultBackend: { service: { name: 'api', port: { name: 'http' } } } },
    };
    const ctx = makeCtx('2025-01-06T10:05:00Z', {}, false);
    expect(describeObject('ingresses.networking.k8s.io', ing, ctx)).toBe(`Name:             api
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    <none>
Default backend:  api:http (<error: services "api" not found>)
Rules:
  Host        Path  Backends
  ----        ----  --------
  *           *     api:http (<error: services "api" not found>)
Annotations:  <none>
`);
  });
});
