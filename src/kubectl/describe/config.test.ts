import { describe, expect, it } from 'vitest';
import type { ConfigMap, KubeObject } from '../../cluster/apiserver/types.js';
import { describeObject, joinDescriptions } from './index.js';
import { makeCtx } from './testutil.js';

describe('describe namespace', () => {
  it('matches the §5.4 worked example (no Events section)', () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dev', uid: 'ns-uid', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    const ctx = makeCtx('2025-01-06T10:00:00Z', {});
    expect(describeObject('namespaces', ns, ctx)).toBe(`Name:         dev
Labels:       kubernetes.io/metadata.name=dev
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });

  it('summarises resource quotas and limit ranges', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } }, status: { phase: 'Active' } };
    const quota: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: 'team' },
      spec: { hard: { pods: '10', 'requests.cpu': '2' } },
      status: { hard: { pods: '10', 'requests.cpu': '2' }, used: { pods: '3', 'requests.cpu': '750m' } },
    };
    const limits: KubeObject = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: 'team' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } }] },
    };
    const ctx = makeCtx('2025-01-06T10:00:00Z', { resourcequotas: [quota], limitranges: [limits] });
    expect(describeObject('namespaces', ns, ctx)).toBe(`Name:         team
Labels:       kubernetes.io/metadata.name=team
Annotations:  <none>
Status:       Active

Resource Quotas
  Name:         compute
  Resource      Used  Hard
  --------      ---   ---
  pods          3     10
  requests.cpu  750m  2

Resource Limits
 Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
 ----       --------  ---  ---  ---------------  -------------  -----------------------
 Container  cpu       -    -    250m             500m           -
`);
  });
});

describe('describe configmap', () => {
  it('prints Data and BinaryData sections and the events line after a blank line', () => {
    const cm: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'game-config', namespace: 'default', uid: 'cm-uid' },
      data: { 'game.properties': 'enemies=aliens\nlives=3\n', 'ui.color': 'purple' },
      binaryData: { 'logo.png': Buffer.from([1, 2, 3, 4, 5]).toString('base64') },
    };
    const ctx = makeCtx('2025-01-06T10:00:00Z', { events: [] });
    expect(describeObject('configmaps', cm, ctx)).toBe(`Name:         game-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
game.properties:
----
enemies=aliens
lives=3


ui.color:
----
purple


BinaryData
====
logo.png: 5 bytes

Events:  <none>
`);
  });
});

describe('describe secret and serviceaccount', () => {
  it('secret: Type after a blank line, byte counts per key, no events', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default' },
      type: 'Opaque',
      data: { password: Buffer.from('s3cr3t!').toString('base64'), user: Buffer.from('admin').toString('base64') },
    };
    expect(describeObject('secrets', secret, makeCtx('2025-01-06T10:00:00Z', {}))).toBe(`Name:         db
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  7 bytes
user:      5 bytes
`);
  });

  it('serviceaccount: the three fixed-width headers', () => {
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', uid: 'sa-uid' } };
    expect(describeObject('serviceaccounts', sa, makeCtx('2025-01-06T10:00:00Z', { events: [] }))).toBe(`Name:                default
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  <none>
Mountable secrets:   <none>
Tokens:              <none>
Events:              <none>
`);
  });
});

describe('generic describer and joining', () => {
  it('prints every field with smart labels for kinds without a describer', () => {
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease', uid: 'l-uid', resourceVersion: '42', creationTimestamp: '2025-01-06T09:00:00Z', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n' }] },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-01-06T09:59:58.000000Z' },
    };
    expect(describeObject('leases.coordination.k8s.io', lease, makeCtx('2025-01-06T10:00:00Z', { events: [] }))).toBe(`Name:         node-1
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  2025-01-06T09:00:00Z
  Owner References:
    API Version:     v1
    Kind:            Node
    Name:            node-1
    UID:             n
  Resource Version:  42
  UID:               l-uid
Spec:
  Holder Identity:         node-1
  Lease Duration Seconds:  40
  Renew Time:              2025-01-06T09:59:58.000000Z
Events:                    <none>
`);
  });

  it('separates several descriptions with two blank lines', () => {
    expect(joinDescriptions(['a\n', 'b\n'])).toBe('a\n\n\nb\n');
  });
});
