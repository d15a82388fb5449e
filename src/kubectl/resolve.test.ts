import { describe, expect, it } from 'vitest';
import { resourceKey } from '../cluster/apiserver/discovery.js';
import { resolveRequest, resolveType, resolveTypes, MISSING_RESOURCE_ERROR } from './resolve.js';

const key = (t: string) => resourceKey(resolveType(t));

describe('resolveType', () => {
  it('resolves plural, singular, short names, kinds and case', () => {
    for (const t of ['pods', 'pod', 'po', 'Pod', 'POD', 'Pods']) expect(key(t)).toBe('pods');
    for (const t of ['svc', 'service', 'services', 'Service']) expect(key(t)).toBe('services');
    for (const t of ['deploy', 'deployment', 'deployments', 'Deployment']) expect(key(t)).toBe('deployments.apps');
    expect(key('ep')).toBe('endpoints');
    expect(key('endpoints')).toBe('endpoints');
    expect(key('ev')).toBe('events');
    expect(key('events')).toBe('events');
    expect(key('no')).toBe('nodes');
    expect(key('ns')).toBe('namespaces');
    expect(key('cm')).toBe('configmaps');
    expect(key('rs')).toBe('replicasets.apps');
    expect(key('ds')).toBe('daemonsets.apps');
    expect(key('endpointslice')).toBe('endpointslices.discovery.k8s.io');
  });
  it('resolves group-qualified forms', () => {
    expect(key('deployments.apps')).toBe('deployments.apps');
    expect(key('deployment.apps')).toBe('deployments.apps');
    expect(key('deploy.apps')).toBe('deployments.apps');
    expect(key('deployments.v1.apps')).toBe('deployments.apps');
    expect(key('deploy.v1.apps')).toBe('deployments.apps');
    expect(key('pods.v1.')).toBe('pods');
    expect(key('events.events.k8s.io')).toBe('events.events.k8s.io');
    expect(key('ingresses.networking.k8s.io')).toBe('ingresses.networking.k8s.io');
    expect(key('Deployment.apps')).toBe('deployments.apps');
  });
  it('short names are case-sensitive', () => {
    expect(() => resolveType('SVC')).toThrow('error: the server doesn\'t have a resource type "SVC"');
  });
  it('reports unknown types by their resource part', () => {
    expect(() => resolveType('foo')).toThrow('error: the server doesn\'t have a resource type "foo"');
    expect(() => resolveType('foo.apps')).toThrow('error: the server doesn\'t have a resource type "foo"');
    expect(() => resolveType('deployments.v2.apps')).toThrow('resource type "deployments"');
  });
});

describe('resolveTypes / categories', () => {
  it('expands all in discovery order and dedups', () => {
    expect(resolveTypes('all').map(resourceKey)).toEqual([
      'pods', 'replicationcontrollers', 'services', 'daemonsets.apps', 'deployments.apps', 'replicasets.apps',
      'statefulsets.apps', 'horizontalpodautoscalers.autoscaling', 'cronjobs.batch', 'jobs.batch',
    ]);
    expect(resolveTypes('po,pods,svc').map(resourceKey)).toEqual(['pods', 'services']);
    expect(resolveTypes('svc,ep').map(resourceKey)).toEqual(['services', 'endpoints']);
  });
});

describe('resolveRequest', () => {
  it('type only lists when allowed', () => {
    const r = resolveRequest(['pods'], { allowEmptySelector: true });
    expect(r.mode).toBe('list');
  });
  it('type without name for delete', () => {
    expect(() => resolveRequest(['pods'])).toThrow('error: resource(s) were provided, but no name was specified');
  });
  it('names, TYPE/NAME and mixing', () => {
    const r = resolveRequest(['deploy/web', 'svc/web']);
    expect(r.mode === 'names' && r.targets.map((t) => `${resourceKey(t.resource)}/${t.name}`)).toEqual(['deployments.apps/web', 'services/web']);
    const r2 = resolveRequest(['pods,svc', 'a', 'b']);
    expect(r2.mode === 'names' && r2.targets.map((t) => `${t.resource.name}/${t.name}`)).toEqual(['pods/a', 'pods/b', 'services/a', 'services/b']);
    expect(() => resolveRequest(['pod/a/b'])).toThrow('error: arguments in resource/name form may not have more than one slash');
    expect(() => resolveRequest(['pod', 'pod/a'])).toThrow(
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
    expect(() => resolveRequest(['pods', 'a'], { allNamespaces: true })).toThrow('error: a resource cannot be retrieved by name across all namespaces');
    expect(() => resolveRequest(['all', 'a'])).toThrow('error: you must specify only one resource');
    expect(() => resolveRequest([])).toThrow(MISSING_RESOURCE_ERROR);
    expect(() => resolveRequest(['pods', 'a'], { selector: 'app=x' })).toThrow('error: name cannot be provided when a selector is specified');
  });
  it('keeps the order of types and names', () => {
    const named = resolveRequest(['po', 'a', 'b']);
    expect(named.mode === 'names' && named.targets.map((t) => [t.resource.name, t.name])).toEqual([['pods', 'a'], ['pods', 'b']]);
    const listed = resolveRequest(['svc,deploy,services'], { allowEmptySelector: true });
    expect(listed.mode === 'list' && listed.resources.map((r) => r.name)).toEqual(['services', 'deployments']);
  });
});
