import { describe, expect, it } from 'vitest';
import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { renderGet, sortRows, naturalLess, type GetOutputOptions } from './get-output.js';
import { tableFor } from './tables.js';

const res = (name: string, group = ''): ResourceInfo => RESOURCES.find((r) => r.name === name && r.group === group)!;
const NOW = new Date('2022-05-18T22:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString().replace('.000Z', 'Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const opts = (o: Partial<GetOutputOptions> = {}): GetOutputOptions => ({ wide: false, allNamespaces: false, withKind: false, noHeaders: false, showLabels: false, labelColumns: [], ...o });

function pod(name: string, age: number, o: { ns?: string; labels?: Record<string, string>; ip?: string; node?: string; phase?: string; waiting?: string; restarts?: number; lastFinished?: number } = {}): KubeObject {
  const running = !o.waiting;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.ns ?? 'default', creationTimestamp: ago(age), labels: o.labels },
    spec: { containers: [{ name: 'c', image: 'httpd' }], nodeName: o.node ?? 'ip-172-31-24-84' },
    status: {
      phase: o.phase ?? (running ? 'Running' : 'Pending'),
      podIPs: o.ip ? [{ ip: o.ip }] : undefined,
      containerStatuses: [
        {
          name: 'c',
          image: 'httpd',
          imageID: '',
          ready: running,
          restartCount: o.restarts ?? 0,
          state: running ? { running: { startedAt: ago(age) } } : { waiting: { reason: o.waiting! } },
          lastState: o.lastFinished !== undefined ? { terminated: { exitCode: 0, finishedAt: ago(o.lastFinished) } } : {},
        },
      ],
    },
  };
}

function svc(name: string, age: number, type: string, ip: string, ports: Array<[number, string, number?]>, o: { ns?: string; labels?: Record<string, string>; lb?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: o.ns ?? 'default', creationTimestamp: ago(age), labels: o.labels },
    spec: { type, clusterIP: ip, clusterIPs: [ip], ports: ports.map(([port, protocol, nodePort]) => ({ port, protocol, nodePort })) },
    status: { loadBalancer: o.lb ? { ingress: [{ ip: o.lb }] } : {} },
  };
}

function deploy(name: string, age: number, replicas: number, ns = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { spec: { containers: [{ name: 'c', image: 'img' }] } } },
    status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas },
  };
}

function rs(name: string, age: number, replicas: number, ns = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { spec: { containers: [] } } },
    status: { replicas, readyReplicas: replicas },
  };
}

const one = (r: ResourceInfo, objs: KubeObject[], o: Partial<GetOutputOptions> = {}) => renderGet([{ resource: r, table: tableFor(r, objs, NOW) }], opts(o));

describe('kubectl get tables (seed 002)', () => {
  it('get pod -o wide while creating and running', () => {
    expect(one(res('pods'), [pod('web', 8 * S, { waiting: 'ContainerCreating' })], { wide: true })).toBe(
      'NAME   READY   STATUS              RESTARTS   AGE   IP       NODE              NOMINATED NODE   READINESS GATES\n' +
        'web    0/1     ContainerCreating   0          8s    <none>   ip-172-31-24-84   <none>           <none>\n',
    );
    expect(one(res('pods'), [pod('web', 18 * S, { ip: '10.0.0.128' })], { wide: true })).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   IP           NODE              NOMINATED NODE   READINESS GATES\n' +
        'web    1/1     Running   0          18s   10.0.0.128   ip-172-31-24-84   <none>           <none>\n',
    );
  });

  it('get pod -A', () => {
    const pods = [
      pod('cilium-5gp4t', 14 * M, { ns: 'kube-system' }),
      pod('coredns-6d4b75cb6d-fzsbw', 14 * M, { ns: 'kube-system' }),
      pod('kube-controller-manager-ip-172-31-24-84', 105 * M, { ns: 'kube-system' }),
    ];
    expect(one(res('pods'), pods, { allNamespaces: true })).toBe(
      'NAMESPACE     NAME                                      READY   STATUS    RESTARTS   AGE\n' +
        'kube-system   cilium-5gp4t                              1/1     Running   0          14m\n' +
        'kube-system   coredns-6d4b75cb6d-fzsbw                  1/1     Running   0          14m\n' +
        'kube-system   kube-controller-manager-ip-172-31-24-84   1/1     Running   0          105m\n',
    );
  });

  it('get pod --show-labels', () => {
    const labels = { app: 'website', 'pod-template-hash': '5746f499f' };
    expect(one(res('pods'), [pod('website-5746f499f-f967r', 61 * S, { labels }), pod('website-5746f499f-qzjjq', 61 * S, { labels })], { showLabels: true })).toBe(
      'NAME                      READY   STATUS    RESTARTS   AGE   LABELS\n' +
        'website-5746f499f-f967r   1/1     Running   0          61s   app=website,pod-template-hash=5746f499f\n' +
        'website-5746f499f-qzjjq   1/1     Running   0          61s   app=website,pod-template-hash=5746f499f\n',
    );
  });

  it('get deploy', () => {
    expect(one(res('deployments', 'apps'), [deploy('website', 52 * S, 3)])).toBe('NAME      READY   UP-TO-DATE   AVAILABLE   AGE\nwebsite   3/3     3            3           52s\n');
  });

  it('get services (ClusterIP, headless, NodePort)', () => {
    const svcs = [
      svc('headlesswebsite', 41 * S, 'ClusterIP', 'None', [[80, 'TCP']]),
      svc('kubernetes', 37 * H, 'ClusterIP', '10.96.0.1', [[443, 'TCP']]),
      svc('website', 133 * M, 'NodePort', '10.111.148.30', [[80, 'TCP', 31100]]),
    ];
    expect(one(res('services'), svcs)).toBe(
      'NAME              TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE\n' +
        'headlesswebsite   ClusterIP   None            <none>        80/TCP         41s\n' +
        'kubernetes        ClusterIP   10.96.0.1       <none>        443/TCP        37h\n' +
        'website           NodePort    10.111.148.30   <none>        80:31100/TCP   133m\n',
    );
    expect(one(res('services'), [svc('kube-dns', 37 * H, 'ClusterIP', '10.96.0.10', [[53, 'UDP'], [53, 'TCP'], [9153, 'TCP']], { ns: 'kube-system' })])).toBe(
      'NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\nkube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   37h\n',
    );
  });

  it('get endpoints website', () => {
    const ep = (ips: string[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'website', namespace: 'default', creationTimestamp: ago(28 * M) },
      subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 80, protocol: 'TCP' }] }],
    });
    expect(one(res('endpoints'), [ep(['10.0.0.1', '10.0.0.177', '10.0.0.202'])])).toBe(
      'NAME      ENDPOINTS                                 AGE\nwebsite   10.0.0.1:80,10.0.0.177:80,10.0.0.202:80   28m\n',
    );
    expect(one(res('endpoints'), [ep(['10.0.0.1', '10.0.0.177', '10.0.0.202', '10.0.0.3', '10.0.0.4'])])).toBe(
      'NAME      ENDPOINTS                                             AGE\nwebsite   10.0.0.1:80,10.0.0.177:80,10.0.0.202:80 + 2 more...   28m\n',
    );
    const empty: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'x', creationTimestamp: ago(5 * S) } };
    expect(one(res('endpoints'), [empty])).toBe('NAME   ENDPOINTS   AGE\nx      <none>      5s\n');
  });

  it('get sts,po: kind prefixes, blank line between kinds, restarts with "ago"', () => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'webstate', creationTimestamp: ago(79 * S) },
      spec: { replicas: 1, selector: {}, template: { spec: { containers: [] } } },
      status: { replicas: 1, readyReplicas: 1 },
    };
    const pods = [
      pod('client', 46 * M, { restarts: 2, lastFinished: 5 * M + 22 * S }),
      pod('website-5746f499f-nnpxc', 79 * M),
      pod('website-5746f499f-v9shz', 170 * M),
      pod('webstate-0', 79 * S),
    ];
    const out = renderGet(
      [
        { resource: res('statefulsets', 'apps'), table: tableFor(res('statefulsets', 'apps'), [sts], NOW) },
        { resource: res('pods'), table: tableFor(res('pods'), pods, NOW) },
      ],
      opts({ withKind: true }),
    );
    expect(out).toBe(
      'NAME                        READY   AGE\n' +
        'statefulset.apps/webstate   1/1     79s\n' +
        '\n' +
        'NAME                          READY   STATUS    RESTARTS        AGE\n' +
        'pod/client                    1/1     Running   2 (5m22s ago)   46m\n' +
        'pod/website-5746f499f-nnpxc   1/1     Running   0               79m\n' +
        'pod/website-5746f499f-v9shz   1/1     Running   0               170m\n' +
        'pod/webstate-0                1/1     Running   0               79s\n',
    );
  });

  it('get all -n emissary (LoadBalancer <pending>, empty kinds skipped)', () => {
    const ns = 'emissary';
    const groups = [
      { resource: res('pods'), objs: [pod('emissary-ingress-845489689d-dz245', 23 * M, { ns }), pod('emissary-ingress-agent-75ccf64bc8-6l6h6', 23 * M, { ns })] },
      { resource: res('replicationcontrollers'), objs: [] },
      {
        resource: res('services'),
        objs: [
          svc('emissary-ingress', 23 * M, 'LoadBalancer', '10.107.25.56', [[80, 'TCP', 31211], [443, 'TCP', 31361]], { ns }),
          svc('emissary-ingress-admin', 23 * M, 'NodePort', '10.105.156.190', [[8877, 'TCP', 30768], [8005, 'TCP', 31779]], { ns }),
          svc('emissary-ingress-agent', 23 * M, 'ClusterIP', '10.96.6.49', [[80, 'TCP']], { ns }),
        ],
      },
      { resource: res('daemonsets', 'apps'), objs: [] },
      { resource: res('deployments', 'apps'), objs: [deploy('emissary-ingress', 23 * M, 3, ns), deploy('emissary-ingress-agent', 23 * M, 1, ns)] },
      { resource: res('replicasets', 'apps'), objs: [rs('emissary-ingress-845489689d', 23 * M, 3, ns), rs('emissary-ingress-agent-75ccf64bc8', 23 * M, 1, ns)] },
    ];
    const out = renderGet(
      groups.map((g) => ({ resource: g.resource, table: tableFor(g.resource, g.objs, NOW) })),
      opts({ withKind: true }),
    );
    expect(out).toBe(
      'NAME                                          READY   STATUS    RESTARTS   AGE\n' +
        'pod/emissary-ingress-845489689d-dz245         1/1     Running   0          23m\n' +
        'pod/emissary-ingress-agent-75ccf64bc8-6l6h6   1/1     Running   0          23m\n' +
        '\n' +
        'NAME                             TYPE           CLUSTER-IP       EXTERNAL-IP   PORT(S)                         AGE\n' +
        'service/emissary-ingress         LoadBalancer   10.107.25.56     <pending>     80:31211/TCP,443:31361/TCP      23m\n' +
        'service/emissary-ingress-admin   NodePort       10.105.156.190   <none>        8877:30768/TCP,8005:31779/TCP   23m\n' +
        'service/emissary-ingress-agent   ClusterIP      10.96.6.49       <none>        80/TCP                          23m\n' +
        '\n' +
        'NAME                                     READY   UP-TO-DATE   AVAILABLE   AGE\n' +
        'deployment.apps/emissary-ingress         3/3     3            3           23m\n' +
        'deployment.apps/emissary-ingress-agent   1/1     1            1           23m\n' +
        '\n' +
        'NAME                                                DESIRED   CURRENT   READY   AGE\n' +
        'replicaset.apps/emissary-ingress-845489689d         3         3         3       23m\n' +
        'replicaset.apps/emissary-ingress-agent-75ccf64bc8   1         1         1       23m\n',
    );
  });

  it('get nodes: NotReady control-plane', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'ip-172-31-24-84', creationTimestamp: ago(10 * S), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'False' }], nodeInfo: { kubeletVersion: 'v1.24.0' } },
    };
    expect(one(res('nodes'), [node])).toBe('NAME              STATUS     ROLES           AGE   VERSION\nip-172-31-24-84   NotReady   control-plane   10s   v1.24.0\n');
  });

  it('get svc --show-labels with a LoadBalancer IP (seed 003)', () => {
    const s = svc('kubeanimals', 11 * M, 'LoadBalancer', '10.102.194.9', [[80, 'TCP', 30489]], { labels: { app: 'kubeanimals', version: '1.0' }, lb: '10.10.99.121' });
    expect(one(res('services'), [s], { showLabels: true })).toBe(
      'NAME          TYPE           CLUSTER-IP     EXTERNAL-IP    PORT(S)        AGE   LABELS\n' +
        'kubeanimals   LoadBalancer   10.102.194.9   10.10.99.121   80:30489/TCP   11m   app=kubeanimals,version=1.0\n',
    );
  });

  it('-L columns (header = last path segment, empty cell keeps trailing spaces), --no-headers, empty tables', () => {
    const pods = [pod('a', 5 * M, { labels: { 'app.kubernetes.io/name': 'web' } }), pod('b', 5 * M)];
    expect(one(res('pods'), pods, { labelColumns: ['app.kubernetes.io/name'] })).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   NAME\na      1/1     Running   0          5m    web\nb      1/1     Running   0          5m    \n',
    );
    const two = renderGet(
      [
        { resource: res('pods'), table: tableFor(res('pods'), [pod('a', 5 * M)], NOW) },
        { resource: res('services'), table: tableFor(res('services'), [svc('s', 5 * M, 'ClusterIP', '10.96.0.5', [[80, 'TCP']])], NOW) },
      ],
      opts({ noHeaders: true, withKind: true }),
    );
    expect(two).toBe('pod/a   1/1   Running   0     5m\nservice/s   ClusterIP   10.96.0.5   <none>   80/TCP   5m\n');
    expect(one(res('pods'), [])).toBe('');
  });
});

describe('other kinds', () => {
  it('pod status rules: CrashLoopBackOff, Completed, Init, Terminating', () => {
    const p = pod('db-0', 11 * M, { waiting: 'CrashLoopBackOff', restarts: 7, lastFinished: 20 * S });
    expect(tableFor(res('pods'), [p], NOW).rows[0].cells.slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '7 (20s ago)']);
    const done = pod('job-x', 1 * M);
    done.status.phase = 'Succeeded';
    done.status.containerStatuses[0].state = { terminated: { exitCode: 0, reason: 'Completed' } };
    done.status.containerStatuses[0].ready = false;
    expect(tableFor(res('pods'), [done], NOW).rows[0].cells.slice(1, 3)).toEqual(['0/1', 'Completed']);
    const init = pod('i', 1 * M, { waiting: 'PodInitializing' });
    init.spec.initContainers = [{ name: 'init' }];
    init.status.initContainerStatuses = [{ name: 'init', ready: false, restartCount: 0, state: { running: { startedAt: ago(M) } } }];
    expect(tableFor(res('pods'), [init], NOW).rows[0].cells[2]).toBe('Init:0/1');
    const term = pod('t', 1 * M);
    term.metadata.deletionTimestamp = ago(0);
    expect(tableFor(res('pods'), [term], NOW).rows[0].cells[2]).toBe('Terminating');
  });

  it('endpointslices, configmaps, namespaces, events, default table', () => {
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-7xk2p', creationTimestamp: ago(5 * M) },
      addressType: 'IPv4',
      ports: [{ port: 80 }],
      endpoints: ['10.244.1.5', '10.244.2.7', '10.244.2.8', '10.244.2.9'].map((a) => ({ addresses: [a] })),
    };
    expect(tableFor(res('endpointslices', 'discovery.k8s.io'), [slice], NOW).rows[0].cells).toEqual(['web-7xk2p', 'IPv4', '80', '10.244.1.5,10.244.2.7,10.244.2.8 + 1 more...', '5m']);
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.17', creationTimestamp: ago(2 * M) },
      involvedObject: { kind: 'Deployment', name: 'web', fieldPath: '' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7854ff8877 from 0 to 3 ',
      type: 'Normal',
      source: { component: 'deployment-controller' },
      firstTimestamp: ago(2 * M),
      lastTimestamp: ago(2 * M),
      count: 1,
    };
    expect(one(res('events'), [ev])).toBe(
      'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n2m          Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-7854ff8877 from 0 to 3\n',
    );
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', creationTimestamp: ago(3 * 24 * H) }, data: { 'ca.crt': 'x' } };
    expect(one(res('configmaps'), [cm])).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      3d\n');
    const role: KubeObject = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'x', creationTimestamp: ago(3 * S) } };
    expect(one(res('podtemplates'), [role])).toBe('NAME   AGE\nx      3s\n');
  });

  it('--sort-by orders rows by the jsonpath value (natural order, numbers numerically, missing first)', () => {
    const pods = [pod('pod-10', 1 * M), pod('pod-9', 3 * M), pod('pod-2', 2 * M)];
    const t = tableFor(res('pods'), pods, NOW);
    expect(sortRows(t, '.metadata.name').rows.map((r) => r.object.metadata.name)).toEqual(['pod-2', 'pod-9', 'pod-10']);
    expect(sortRows(t, '{.metadata.creationTimestamp}').rows.map((r) => r.object.metadata.name)).toEqual(['pod-9', 'pod-2', 'pod-10']);
    pods[1].metadata.labels = { n: '5' };
    pods[2].metadata.labels = { n: '3' };
    expect(sortRows(t, '.metadata.labels.n').rows.map((r) => r.object.metadata.name)).toEqual(['pod-10', 'pod-2', 'pod-9']);
    expect(naturalLess('a01', 'a1')).toBe(false);
    expect(naturalLess('a1', 'a01')).toBe(true);
  });
});
