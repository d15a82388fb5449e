import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOf, toJson } from './json.js';
import { toYaml } from './yaml.js';
import { KUBECTL_132, NO_KUBECTL_MESSAGE } from '../cmd/realkubectl.js';

const KUBECTL = KUBECTL_132;
if (!KUBECTL) console.warn(NO_KUBECTL_MESSAGE);

/** `kubectl create deployment web --image=nginx --replicas=3 --dry-run=client`, as the typed object (Go field order). */
const deployment = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
    strategy: {},
  },
  status: {},
};

const nodePortService = {
  kind: 'Service',
  apiVersion: 'v1',
  metadata: { name: 'x', creationTimestamp: null, labels: { app: 'x' } },
  spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'x' }, type: 'NodePort' },
  status: { loadBalancer: {} },
};

const lastApplied =
  '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"hello","namespace":"default"},"spec":{"ports":[{"port":80,"protocol":"TCP","targetPort":"http"}],"selector":{"app":"hello","tier":"backend"}}}\n';
const long = 'word '.repeat(30);
const tricky = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', labels: { z: 'y' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
  data: {
    t: 'True',
    one: '1',
    ts: '2025-01-06T10:00:00Z',
    e: '',
    lt: '<x>&',
    tab: 'tab\there',
    dash: '- dash',
    kv: 'key: value',
    hash: '# hash',
    lead: ' lead',
    trail: 'trail ',
    multi: 'multi\nline',
    keep: 'multi\nline\n\n',
    b60: '1:20',
    hex: '0x1F',
    on: 'on',
    n: 'yes',
    apos: "it's",
    folded: 'hello world this is a long string that goes past the eighty column limit for sure yes indeed it does go',
    quotedFold: `'quoted' ${long}`,
    dq: `tab\t${long}end`,
    emoji: 'hi 😀 there',
    ver: 'v1.32.0',
    date: '2025-1-6',
    badDate: '2025-13-01',
    _u: '1',
    Z: '1',
    item10: 'a',
    item9: 'b',
    'a\nb': 'complex key',
    nested: [[1, 2], [], {}, [{ a: [] }], null, true, 0.5, 1e-7, 1234567.5, -3],
  },
};

describe('toYaml (go-yaml v2 via sigs.k8s.io/yaml)', () => {
  it('create deployment --dry-run=client -o yaml', () => {
    expect(toYaml(deployment)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`);
  });

  it('create service nodeport --dry-run=client -o yaml', () => {
    expect(toYaml(nodePortService)).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: x
  name: x
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: x
  type: NodePort
status:
  loadBalancer: {}
`);
  });

  it('quoting, literal blocks, folding, key order (fixed excerpt from the real binary)', () => {
    const y = toYaml(tricky);
    expect(y).toContain('  _u: "1"\n  Z: "1"\n');
    expect(y).toContain('  item9: b\n  item10: a\n');
    expect(y).toContain('  folded: hello world this is a long string that goes past the eighty column limit\n    for sure yes indeed it does go\n');
    expect(y).toContain('  keep: |+\n    multi\n    line\n\n  kv:');
    expect(y).toContain('  multi: |-\n    multi\n    line\n');
    expect(y).toContain('  t: "True"\n  tab: "tab\\there"\n');
    expect(y).toContain('  ts: "2025-01-06T10:00:00Z"\n');
    expect(y).toContain('  e: ""\n');
    expect(y).toContain("  apos: it's\n");
    expect(y).toContain("  dash: '- dash'\n");
    expect(y).toContain('  ? |-\n    a\n    b\n  : complex key\n');
    expect(y).toContain('    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1"');
    expect(y).toContain('  - - 1\n    - 2\n  - []\n  - {}\n  - - a: []\n  - null\n  - true\n  - 0.5\n  - 1e-07\n  - 1.2345675e+06\n  - -3\n');
    expect(y).toContain('    z: "y"\n');
  });

  it('empty list wrapper', () => {
    expect(toYaml(listOf([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it.skipIf(!KUBECTL)('matches the real kubectl byte for byte on tricky objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-yaml-'));
    for (const [i, obj] of [deployment, nodePortService, tricky].entries()) {
      const f = join(dir, `o${i}.json`);
      writeFileSync(f, JSON.stringify(obj));
      const withLabel = JSON.parse(JSON.stringify(obj));
      withLabel.metadata.labels = { ...withLabel.metadata.labels, z: 'y' };
      const real = (fmt: string) => execFileSync(KUBECTL!, ['label', '--local', '--overwrite', '-f', f, 'z=y', '-o', fmt]).toString();
      expect(toYaml(withLabel)).toBe(real('yaml'));
      expect(toJson(withLabel)).toBe(real('json'));
    }
  });
});

describe('toJson (json.MarshalIndent, 4 spaces)', () => {
  it('client-side typed objects keep Go struct field order', () => {
    const want = `{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 3,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
`;
    expect(toJson(deployment, { sortKeys: false })).toBe(want);
  });

  it.skipIf(!KUBECTL)('typed order matches kubectl create deployment -o json', () => {
    const real = execFileSync(KUBECTL!, ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--dry-run=client', '-o', 'json']).toString();
    expect(toJson(deployment, { sortKeys: false })).toBe(real);
    const realYaml = execFileSync(KUBECTL!, ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--dry-run=client', '-o', 'yaml']).toString();
    expect(toYaml(deployment)).toBe(realYaml);
    const svcYaml = execFileSync(KUBECTL!, ['create', 'service', 'nodeport', 'x', '--tcp=80:8080', '--dry-run=client', '-o', 'yaml']).toString();
    expect(toYaml(nodePortService)).toBe(svcYaml);
  });

  it('sorted keys and HTML-safe escaping for server objects; List wrapper', () => {
    expect(toJson({ b: '<x>&', a: [], c: {} })).toBe('{\n    "a": [],\n    "b": "\\u003cx\\u003e\\u0026",\n    "c": {}\n}\n');
    expect(toJson(listOf([]))).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });
});
