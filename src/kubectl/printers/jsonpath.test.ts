import { describe, expect, it } from 'vitest';
import { renderCustomColumns } from './custom-columns.js';
import { evalJsonPath } from './jsonpath.js';
import { nameOf } from './name.js';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';

// Expected strings produced by the real kubectl v1.32.4 (`kubectl label --local -f d.json z=y -o jsonpath=...`).
const d = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', z: 'y' }, creationTimestamp: null },
  spec: {
    replicas: 3,
    f: 0.5,
    g: 1e-5,
    h: 1e21,
    t: true,
    template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.2', ports: [{ containerPort: 80 }] }, { name: 'redis', image: 'redis<&>' }] } },
  },
};

describe('evalJsonPath', () => {
  it.each([
    ['{.spec.template.spec.containers[*].image}', 'nginx:1.2 redis<&>'],
    ['{.metadata}', '{"creationTimestamp":null,"labels":{"app":"web","z":"y"},"name":"web"}'],
    ['{.metadata.creationTimestamp}', 'null'],
    ['{.spec.f} {.spec.g} {.spec.h} {.spec.t}', '0.5 1e-05 1e+21 true'],
    ['{.spec.template.spec.containers[0]}', '{"image":"nginx:1.2","name":"nginx","ports":[{"containerPort":80}]}'],
    ['{range .spec.template.spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}', 'nginx\tnginx:1.2\nredis\tredis<&>\n'],
    ['{.spec.template.spec.containers[?(@.name=="redis")].image}', 'redis<&>'],
    ['{..name}', 'web nginx redis'],
    ['{.spec.template.spec.containers[-1:].name}', 'redis'],
    ['{.spec.nothere}', ''],
    ['.spec.replicas', '.spec.replicas'],
    ['{.spec.template.spec.containers[*].ports}', '[{"containerPort":80}]'],
    ['{.metadata.labels.app}{.spec.replicas}', 'web3'],
    ['{$.kind}', 'Deployment'],
    ['{.spec.template.spec.containers[0,1].name}', 'nginx redis'],
    ["{.spec.template.spec.containers[*]['name']}", 'nginx redis'],
    ['{range .spec.template.spec.containers[*]}[{.name}]{end}', '[nginx][redis]'],
    ['{.spec.template.spec.containers[?(@.ports)].name}', 'nginx'],
  ])('%s', (tmpl, want) => expect(evalJsonPath(tmpl, d)).toBe(want));

  it('parse errors carry kubectl messages', () => {
    expect(() => evalJsonPath('{.spec.', d)).toThrow(/^error parsing jsonpath \{\.spec\., unclosed action$/);
    expect(() => evalJsonPath('{.x[}', d)).toThrow(/^error parsing jsonpath \{\.x\[\}, unterminated array$/);
  });

  it('execution errors carry the debugging dump', () => {
    let msg = '';
    try {
      evalJsonPath('{.spec.template.spec.containers[5]}', d);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe(
      'error executing jsonpath "{.spec.template.spec.containers[5]}": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.spec.template.spec.containers[5]}\n' +
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"apps/v1", "kind":"Deployment", "metadata":map[string]interface {}{"creationTimestamp":interface {}(nil), "labels":map[string]interface {}{"app":"web", "z":"y"}, "name":"web"}, "spec":map[string]interface {}{"f":0.5, "g":1e-05, "h":1e+21, "replicas":3, "t":true, "template":map[string]interface {}{"spec":map[string]interface {}{"containers":[]interface {}{map[string]interface {}{"image":"nginx:1.2", "name":"nginx", "ports":[]interface {}{map[string]interface {}{"containerPort":80}}}, map[string]interface {}{"image":"redis<&>", "name":"redis"}}}}}}\n\n\n',
    );
    expect(() => evalJsonPath('{.spec.nothere}', d, { allowMissing: false })).toThrow(/Error executing template: nothere is not found\./);
  });
});

const pods: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { app: 'web' } }, spec: { containers: [{ name: 'x', image: 'nginx' }, { name: 'y', image: 'redis' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'long-name' }, spec: { containers: [{ name: 'x', image: 'busybox' }] } },
];

describe('renderCustomColumns', () => {
  it('headers as given, values joined by ",", <none> when missing, maps as map[k:v]', () => {
    expect(renderCustomColumns('NAME:.metadata.name,IMAGES:spec.containers[*].image,app:{.metadata.labels.app},L:{.metadata.labels}', pods, false)).toBe(
      'NAME        IMAGES        app      L\n' + 'a           nginx,redis   web      map[app:web]\n' + 'long-name   busybox       <none>   <none>\n',
    );
    expect(renderCustomColumns('N:.metadata.name', pods, true)).toBe('a\nlong-name\n');
  });
  it('errors', () => {
    expect(() => renderCustomColumns('', pods, false)).toThrow('custom-columns format specified but no custom columns given');
    expect(() => renderCustomColumns('NAME', pods, false)).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  });
});

describe('nameOf', () => {
  it('kind.group/name', () => {
    const r = (n: string) => RESOURCES.find((x) => x.name === n)!;
    expect(nameOf(r('deployments'), { metadata: { name: 'web' } })).toBe('deployment.apps/web');
    expect(nameOf(r('pods'), { metadata: { name: 'p' } })).toBe('pod/p');
    expect(nameOf(r('ingresses'), { metadata: { name: 'i' } })).toBe('ingress.networking.k8s.io/i');
  });
});
