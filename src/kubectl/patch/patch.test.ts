import { describe, expect, it } from 'vitest';
import { applyPatch, jsonPatch, mergePatch, PatchError, strategicMerge, type Json } from './patch.js';

const deploy: Json = {
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
};

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({ a: 1, b: { d: 3, e: 4 }, l: [3] });
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = strategicMerge(deploy, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } }) as any;
    expect(out.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(['nginx=nginx:1.27', 'side=busybox']);
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });
  it('appends new list elements, deletes with $patch: delete, replaces with $patch: replace', () => {
    const add = strategicMerge(deploy, { spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }] } } } }) as any;
    expect(add.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['nginx', 'side', 'new']);
    const del = strategicMerge(deploy, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } }) as any;
    expect(del.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['nginx']);
    const rep = strategicMerge(deploy, { spec: { template: { spec: { containers: [{ name: 'only', image: 'y' }, { $patch: 'replace' }] } } } }) as any;
    expect(rep.spec.template.spec.containers).toEqual([{ name: 'only', image: 'y' }]);
  });
  it('keys service ports by port and container ports by containerPort', () => {
    const svc = { spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = strategicMerge(svc, { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } }) as any;
    expect(out.spec).toEqual({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }, { port: 443, targetPort: 8443 }] });
    const pod = strategicMerge(deploy, { spec: { template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443 }] }] } } } }) as any;
    expect(pod.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
  });
  it('unions finalizers, replaces lists without a strategy, and null removes keys', () => {
    const out = strategicMerge(deploy, { metadata: { finalizers: ['b', 'a'], labels: { app: null } } }) as any;
    expect(out.metadata).toEqual({ name: 'web', labels: {}, finalizers: ['a', 'b'] });
    const args = strategicMerge({ spec: { args: ['a', 'b'] } }, { spec: { args: ['c'] } });
    expect(args).toEqual({ spec: { args: ['c'] } });
  });
  it('rejects elements without the merge key', () => {
    expect(() => strategicMerge(deploy, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } })).toThrow(
      'map: {"image":"x"} does not contain declared merge key: name',
    );
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add/replace/remove/copy/move/test', () => {
    const out = jsonPatch({ a: [1, 2], b: { c: 1 } }, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 2 },
      { op: 'copy', from: '/b', path: '/d' },
      { op: 'move', from: '/a/0', path: '/e' },
      { op: 'remove', path: '/b' },
      { op: 'test', path: '/e', value: 1 },
    ]);
    expect(out).toEqual({ a: [2, 3], d: { c: 2 }, e: 1 });
  });
  it('fails like evanphx/json-patch on missing paths', () => {
    expect(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '/x/y' }])).toThrow(PatchError);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'replace', path: '/x', value: 1 }])).toThrow('replace operation does not apply: doc is missing key: /x: missing value');
    expect(() => applyPatch({ a: 1 }, { op: 'x' }, 'json')).toThrow(PatchError);
  });
});
