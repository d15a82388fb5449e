// Admission on a bootstrapped cluster: ResourceQuota (counts, compute, scopes, status), LimitRange defaults and
// limits, PriorityClass resolution.

import { describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../../state/bootstrap.js';
import type { Cluster } from '../../state/cluster.js';
import { buildConfig } from '../../state/config.js';
import { StatusError } from '../errors.js';
import type { KubeObject, Pod } from '../types.js';

function cluster(): Cluster {
  const c = bootstrapCluster(buildConfig({ seed: 4, clock: 'virtual' }));
  c.reconcile();
  c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'q' } });
  c.reconcile();
  return c;
}

function pod(name: string, resources?: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'q' }, spec: { containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }], ...extra } };
}

function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return `${e.reason}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

const quota = (name: string, hard: Record<string, string>, scopes?: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'q' },
  spec: { hard, ...(scopes ? { scopes } : {}) },
});

describe('ResourceQuota', () => {
  it('counts pods and refuses the one over the limit with the API server text', () => {
    const c = cluster();
    c.api.create(quota('pods2', { pods: '2' }));
    c.reconcile();
    c.api.create(pod('a'));
    c.api.create(pod('b'));
    c.reconcile();
    expect(c.api.get<KubeObject>('resourcequotas', 'q', 'pods2').status).toEqual({ hard: { pods: '2' }, used: { pods: '2' } });
    expect(error(() => c.api.create(pod('c')))).toBe('Forbidden: pods "c" is forbidden: exceeded quota: pods2, requested: pods=1, used: pods=2, limited: pods=2');
    expect(c.api.tryGet('pods', 'q', 'c')).toBeUndefined();
  });

  it('requires requests and limits for quota-tracked compute and sums them', () => {
    const c = cluster();
    c.api.create(quota('compute', { 'requests.cpu': '1', 'limits.memory': '1Gi' }));
    c.reconcile();
    expect(error(() => c.api.create(pod('bare')))).toBe('Forbidden: pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: c; must specify requests.cpu for: c');
    c.api.create(pod('a', { requests: { cpu: '600m' }, limits: { memory: '512Mi' } }));
    c.reconcile();
    expect(error(() => c.api.create(pod('b', { requests: { cpu: '600m' }, limits: { memory: '256Mi' } })))).toBe(
      'Forbidden: pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
  });

  it('applies a scoped quota only to the pods in its scope', () => {
    const c = cluster();
    c.api.create(quota('be', { pods: '1' }, ['BestEffort']));
    c.reconcile();
    c.api.create(pod('be1'));
    c.api.create(pod('burstable', { requests: { cpu: '10m' } }));
    c.reconcile();
    expect(error(() => c.api.create(pod('be2')))).toBe('Forbidden: pods "be2" is forbidden: exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('rejects an unknown scope', () => {
    const c = cluster();
    expect(error(() => c.api.create(quota('typo', { pods: '1' }, ['BestEfort'])))).toBe(
      'Invalid: ResourceQuota "typo" is invalid: [spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEfort"}: unsupported scope, spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEfort"}: unsupported scope applied to resource]',
    );
  });
});

describe('LimitRange', () => {
  it('fills default requests and limits and notes it, then enforces max and the ratio', () => {
    const c = cluster();
    c.api.create({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr', namespace: 'q' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } }] },
    });
    const lr = c.api.get<KubeObject>('limitranges', 'q', 'lr');
    expect((lr.spec as any).limits[0]).toEqual({ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } });
    const p = c.api.create<Pod>(pod('d'));
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '250m' } });
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for container c; cpu limit for container c');
    // a limit without a request: the API defaults the request to the limit, so only the max applies
    expect(error(() => c.api.create(pod('big', { limits: { cpu: '2' } })))).toBe('Forbidden: pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    expect(error(() => c.api.create(pod('skewed', { limits: { cpu: '1' }, requests: { cpu: '100m' } })))).toBe(
      'Forbidden: pods "skewed" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
    );
    expect(error(() => c.api.create(pod('both', { limits: { cpu: '3' }, requests: { cpu: '1' } })))).toBe(
      'Forbidden: pods "both" is forbidden: [maximum cpu usage per Container is 1, but limit is 3, cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000]',
    );
  });
});

describe('PriorityClass', () => {
  it('resolves the class, the global default and the system classes; refuses unknown ones', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, description: 'high' });
    expect(c.api.create<Pod>(pod('h', undefined, { priorityClassName: 'high' })).spec.priority).toBe(1000);
    expect(c.api.create<Pod>(pod('s', undefined, { priorityClassName: 'system-cluster-critical' })).spec.priority).toBe(2000000000);
    expect(error(() => c.api.create(pod('u', undefined, { priorityClassName: 'nope' })))).toBe('Forbidden: pods "u" is forbidden: no PriorityClass with name nope was found');
    c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'dflt' }, value: 10, globalDefault: true });
    const d = c.api.create<Pod>(pod('d'));
    expect([d.spec.priorityClassName, d.spec.priority, d.spec.preemptionPolicy]).toEqual(['dflt', 10, 'PreemptLowerPriority']);
    expect(error(() => c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'other' }, value: 5, globalDefault: true }))).toBe(
      'Forbidden: priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass dflt is already marked as default. Only one default can exist',
    );
    expect(error(() => c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'huge' }, value: 2000000000 }))).toBe(
      'Invalid: PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
  });
});
