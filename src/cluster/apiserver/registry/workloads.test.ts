import { describe, expect, it } from 'vitest';
import { invalid } from '../errors.js';
import type { Deployment, KubeObject, Pod, StatefulSet } from '../types.js';
import { strategies } from './index.js';
import { testContext } from './test-context.js';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function deployment(labels: Record<string, string>, selector?: Record<string, string>): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: selector ? { matchLabels: selector } : (undefined as never),
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
    },
  } as Deployment;
}

describe('Pod defaults and admission (§8.1)', () => {
  it('a ReplicaSet pod spec as the reference shows it', () => {
    const ctx = testContext({ seed: 3 });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } } as Pod;
    strategies.pods.defaults!(pod, ctx);
    strategies.pods.admit!(pod, ctx);
    const vol = (pod.spec.volumes![0] as { name: string }).name;
    expect(vol).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec).toEqual({
      containers: [
        {
          image: 'nginx',
          imagePullPolicy: 'Always',
          name: 'nginx',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol, readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: vol,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    });
    strategies.pods.initialStatus!(pod, ctx);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('imagePullPolicy: Always for latest or no tag, IfNotPresent otherwise', () => {
    const ctx = testContext();
    const images = ['nginx', 'nginx:latest', 'nginx:1.25', 'localhost:5000/app', 'nginx@sha256:abc', 'registry.k8s.io/pause:3.9'];
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } as Pod;
    strategies.pods.defaults!(pod, ctx);
    strategies.pods.admit!(pod, ctx);
    expect(pod.spec.containers.map((c) => c.imagePullPolicy)).toEqual(['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('validation messages', () => {
    const ctx = testContext();
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { restartPolicy: 'Sometimes', containers: [{ name: 'Web', ports: [{ containerPort: 0 }, { containerPort: 70000, protocol: 'tcp' }] }] },
    } as unknown as Pod;
    strategies.pods.defaults!(pod, ctx);
    strategies.pods.admit!(pod, ctx);
    expect(strategies.pods.validate!(pod, ctx).map((c) => c.message)).toEqual([
      `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.containers[0].image: Required value',
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    const empty = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [] } } as unknown as Pod;
    strategies.pods.defaults!(empty, ctx);
    strategies.pods.admit!(empty, ctx);
    expect(strategies.pods.validate!(empty, ctx).map((c) => c.message)).toEqual(['spec.containers: Required value']);
  });

  it('pod updates: image may change, other fields may not', () => {
    const ctx = testContext();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } as Pod;
    strategies.pods.defaults!(pod, ctx);
    strategies.pods.admit!(pod, ctx);
    const img = clone(pod);
    img.spec.containers[0].image = 'nginx:1.25';
    expect(strategies.pods.validateUpdate!(img, pod, ctx)).toEqual([]);
    const bad = clone(pod);
    bad.spec.restartPolicy = 'Never';
    const [cause] = strategies.pods.validateUpdate!(bad, pod, ctx);
    expect(cause.message.split('\n')[0]).toBe(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });
});

describe('Deployment', () => {
  it('defaults as §8.1 shows them', () => {
    const ctx = testContext();
    const d = deployment({ app: 'web' }, { app: 'web' });
    strategies['deployments.apps'].defaults!(d, ctx);
    expect(d.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [{ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(strategies['deployments.apps'].validate!(d, ctx)).toEqual([]);
  });

  it('selector/labels mismatch and missing selector', () => {
    const ctx = testContext();
    const d = deployment({ app: 'x' }, { app: 'web' });
    strategies['deployments.apps'].defaults!(d, ctx);
    const causes = strategies['deployments.apps'].validate!(d, ctx);
    expect(invalid('Deployment', 'apps', 'web', causes).message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
    const none = deployment({ app: 'x' });
    strategies['deployments.apps'].defaults!(none, ctx);
    expect(strategies['deployments.apps'].validate!(none, ctx).map((c) => c.message)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it('selector is immutable; maxSurge and maxUnavailable may not both be 0', () => {
    const ctx = testContext();
    const d = deployment({ app: 'web', tier: 'fe' }, { app: 'web' });
    strategies['deployments.apps'].defaults!(d, ctx);
    const next = clone(d);
    next.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } };
    expect(strategies['deployments.apps'].validateUpdate!(next, d, ctx).map((c) => c.message)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const z = clone(d);
    z.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    expect(strategies['deployments.apps'].validate!(z, ctx).map((c) => c.message)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });
});

describe('DaemonSet, StatefulSet, Namespace', () => {
  it('DaemonSet and StatefulSet defaults', () => {
    const ctx = testContext();
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } as KubeObject;
    strategies['daemonsets.apps'].defaults!(ds, ctx);
    expect([ds.spec.updateStrategy, ds.spec.revisionHistoryLimit]).toEqual([{ rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' }, 10]);
    expect(strategies['daemonsets.apps'].validate!(ds, ctx)).toEqual([]);
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { serviceName: 'db', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'postgres' }] } } } } as StatefulSet;
    strategies['statefulsets.apps'].defaults!(sts, ctx);
    const { template: _t, ...rest } = sts.spec;
    expect(rest).toEqual({
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { a: 'b' } },
      serviceName: 'db',
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
    });
    const next = clone(sts);
    next.spec.serviceName = 'other';
    expect(strategies['statefulsets.apps'].validateUpdate!(next, sts, ctx).map((c) => c.message)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('Namespace label, finalizer, phase, name rule', () => {
    const ctx = testContext();
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' }, spec: {} } as KubeObject;
    strategies.namespaces.defaults!(ns, ctx);
    strategies.namespaces.initialStatus!(ns, ctx);
    expect([ns.metadata.labels, ns.spec, ns.status]).toEqual([{ 'kubernetes.io/metadata.name': 'dev' }, { finalizers: ['kubernetes'] }, { phase: 'Active' }]);
    const bad = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Dev' } } as KubeObject;
    expect(strategies.namespaces.validate!(bad, ctx).map((c) => c.message)).toEqual([
      `metadata.name: Invalid value: "Dev": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('ConfigMap keys and Endpoints/EndpointSlice port defaults', () => {
    const ctx = testContext();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { 'bad key': 'x' } } as KubeObject;
    expect(strategies.configmaps.validate!(cm, ctx)[0].message).toMatch(/^data\[bad key\]: Invalid value: "bad key": a valid config key must consist/);
    const es = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abcde', namespace: 'default' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] } as unknown as KubeObject;
    strategies['endpointslices.discovery.k8s.io'].defaults!(es, ctx);
    expect(es.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(Object.keys(strategies).sort()).toEqual([
      'apiservices.apiregistration.k8s.io', 'certificatesigningrequests.certificates.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io', 'configmaps', 'cronjobs.batch', 'customresourcedefinitions.apiextensions.k8s.io', 'daemonsets.apps', 'deployments.apps', 'endpoints', 'endpointslices.discovery.k8s.io', 'events', 'horizontalpodautoscalers.autoscaling', 'ingressclasses.networking.k8s.io', 'ingresses.networking.k8s.io', 'jobs.batch', 'limitranges', 'namespaces', 'networkpolicies.networking.k8s.io', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'priorityclasses.scheduling.k8s.io', 'replicasets.apps', 'resourcequotas', 'rolebindings.rbac.authorization.k8s.io', 'roles.rbac.authorization.k8s.io', 'secrets', 'services', 'statefulsets.apps', 'storageclasses.storage.k8s.io',
    ]);
  });
});
