import { describe, expect, it } from 'vitest';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';
import { testCluster } from '../../kubectl/cmd/testkit.js';
import { bodyKindOf, decodeBody, parseResourcePath, read, write } from './rest.js';

function cluster(): ClusterBase {
  return testCluster().cluster as unknown as ClusterBase;
}

describe('resource paths', () => {
  it('splits core and group paths into resource, namespace, name and subresource', () => {
    const p = parseResourcePath('/apis/apps/v1/namespaces/dev/deployments/web/scale')!;
    expect([p.resource.name, p.namespace, p.name, p.subresource]).toEqual(['deployments', 'dev', 'web', 'scale']);
    const ns = parseResourcePath('/api/v1/namespaces/dev')!;
    expect([ns.resource.name, ns.namespace, ns.name]).toEqual(['namespaces', undefined, 'dev']);
    expect(parseResourcePath('/api/v1/pods')!.resource.kind).toBe('Pod');
    expect(parseResourcePath('/apis/apps/v2/deployments')).toBeUndefined();
    expect(parseResourcePath('/version')).toBeUndefined();
  });
});

describe('reads and writes through the ApiServer', () => {
  it('creates with generateName, lists with a label selector in pages, and answers a Table', () => {
    const c = cluster();
    const path = parseResourcePath('/api/v1/namespaces/default/configmaps')!;
    for (const n of ['a', 'b', 'c']) write(c, { method: 'POST', path, query: new URLSearchParams(), body: { metadata: { name: n, labels: { app: 'x' } } } });
    const gen = write(c, { method: 'POST', path, query: new URLSearchParams(), body: { metadata: { generateName: 'g-' } } });
    expect((gen.body as any).metadata.name).toMatch(/^g-[a-z0-9]{5}$/);
    const page1 = read(c, path, new URLSearchParams({ labelSelector: 'app=x', limit: '2' }), undefined).body as any;
    expect(page1.items.map((o: any) => o.metadata.name)).toEqual(['a', 'b']);
    // etcd3 counts the keys left, not the matching ones: no remainingItemCount with a selector
    expect(page1.metadata.remainingItemCount).toBeUndefined();
    const page2 = read(c, path, new URLSearchParams({ labelSelector: 'app=x', limit: '2', continue: page1.metadata.continue }), undefined).body as any;
    expect(page2.items.map((o: any) => o.metadata.name)).toEqual(['c']);
    expect(page2.metadata.continue).toBeUndefined();
    const table = read(c, { ...path, name: 'a' }, new URLSearchParams(), 'application/json;as=Table;v=v1;g=meta.k8s.io').body as any;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((d: any) => d.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.rows[0].cells.slice(0, 2)).toEqual(['a', '0']);
    expect(table.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('patches (merge, json, strategic), refuses a stale PUT, and a dry run stores nothing', () => {
    const c = cluster();
    const path = parseResourcePath('/api/v1/namespaces/default/configmaps')!;
    write(c, { method: 'POST', path, query: new URLSearchParams(), body: { metadata: { name: 'a' }, data: { x: '1' } } });
    const one = { ...path, name: 'a' };
    write(c, { method: 'PATCH', path: one, query: new URLSearchParams(), body: { data: { y: '2' } }, contentType: 'application/merge-patch+json' });
    write(c, { method: 'PATCH', path: one, query: new URLSearchParams(), body: [{ op: 'remove', path: '/data/x' }], contentType: 'application/json-patch+json' });
    expect((read(c, one, new URLSearchParams(), undefined).body as any).data).toEqual({ y: '2' });
    expect(() => write(c, { method: 'PUT', path: one, query: new URLSearchParams(), body: { metadata: { name: 'a', resourceVersion: '1' }, data: {} } })).toThrow(/the object has been modified/);
    write(c, { method: 'POST', path, query: new URLSearchParams({ dryRun: 'All' }), body: { metadata: { name: 'dry' } } });
    expect(() => read(c, { ...path, name: 'dry' }, new URLSearchParams(), undefined)).toThrow(StatusError);
    expect(() => write(c, { method: 'POST', path, query: new URLSearchParams({ fieldValidation: 'Strict' }), body: { metadata: { name: 'u' }, spec: {} } })).toThrow(/unknown field "spec"/);
  });

  it('answers 415 for an unknown content type and 400 for malformed JSON', () => {
    expect(() => decodeBody('{}', 'text/plain')).toThrow(expect.objectContaining({ status: expect.objectContaining({ code: 415 }) }));
    expect(() => decodeBody('{bad', 'application/json')).toThrow(expect.objectContaining({ status: expect.objectContaining({ code: 400, reason: 'BadRequest' }) }));
    expect(decodeBody('a: 1\n', 'application/yaml')).toEqual({ a: 1 });
    const pods = parseResourcePath('/api/v1/namespaces/d/pods/p/eviction')!;
    expect([bodyKindOf('POST', pods), bodyKindOf('PATCH', pods), bodyKindOf('PUT', { ...pods, subresource: undefined })]).toEqual(['Eviction', undefined, 'Pod']);
    expect(() => decodeBody('{"a" 1}', 'application/json', 'Pod')).toThrow(
      expect.objectContaining({ status: expect.objectContaining({ message: `the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: invalid character '1' after object key ({"a" 1})` }) }),
    );
  });
});
