import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { FieldSet, pathString } from './fieldset.js';
import { decodeManaged, recordApply, recordUpdate } from './managed-fields.js';
import { compare, merge, toFieldSet } from './typed.js';
import { typeOfKind } from './types.js';

const deployT = typeOfKind('apps/v1', 'Deployment')!;

/** a Deployment as `kubectl create deployment web --image=nginx` stores it (after defaulting) */
function createdDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

describe('FieldSet', () => {
  it('round-trips FieldsV1 with "." for members that have children', () => {
    const v1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } };
    const s = FieldSet.fromFieldsV1(v1);
    expect(s.has(['f:metadata', 'f:labels'])).toBe(true);
    expect(s.has(['f:metadata'])).toBe(false);
    expect(s.toFieldsV1()).toEqual(v1);
  });
  it('difference, intersection and recursive difference follow smd', () => {
    const a = FieldSet.fromFieldsV1({ 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:x': {} } } });
    const b = FieldSet.fromFieldsV1({ 'f:spec': { 'f:replicas': {} } });
    expect(a.difference(b).toFieldsV1()).toEqual({ 'f:spec': { 'f:template': { 'f:x': {} } } });
    expect(a.intersection(b).toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(a.recursiveDifference(FieldSet.fromFieldsV1({ 'f:spec': {} })).empty()).toBe(true);
  });
  it('prints paths as smd does', () => {
    expect(pathString(['f:spec', 'f:replicas'])).toBe('.spec.replicas');
    expect(pathString(['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe('.spec.containers[name="nginx"].image');
    expect(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });
});

describe('typed walks', () => {
  it('ToFieldSet: list items and map entries are members, struct fields only as leaves', () => {
    const s = toFieldSet(deployT, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    expect(s.toFieldsV1()).toEqual({
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
  });
  it('Compare finds added, modified and removed paths; atomic selectors are leaves', () => {
    const a = { spec: { replicas: 1, selector: { matchLabels: { a: 'b' } } } };
    const b = { spec: { selector: { matchLabels: { a: 'c' } }, paused: true } };
    const c = compare(deployT, a, b);
    expect(c.modified.toFieldsV1()).toEqual({ 'f:spec': { 'f:selector': {} } });
    expect(c.added.toFieldsV1()).toEqual({ 'f:spec': { 'f:paused': {} } });
    expect(c.removed.toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });
  it('Merge keeps live list items and merges map-list items by key', () => {
    const live = { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } };
    const cfg = { spec: { template: { spec: { containers: [{ name: 'b', image: 'z' }] } } } };
    expect(merge(deployT, live, cfg)).toEqual({ spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] } } } });
  });
});

describe('managedFields', () => {
  it('a create records what the Go zero value lacks, as kubectl-create on kind shows it', () => {
    const obj = createdDeployment();
    recordUpdate(deployT, undefined, obj, { manager: 'kubectl-create', time: '2026-12-04T10:00:00Z', ignored: FieldSet.fromFieldsV1({ 'f:status': {} }) });
    expect(obj.metadata.managedFields).toEqual([
      {
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} },
                },
                'f:dnsPolicy': {},
                'f:restartPolicy': {},
                'f:schedulerName': {},
                'f:securityContext': {},
                'f:terminationGracePeriodSeconds': {},
              },
            },
          },
        },
        manager: 'kubectl-create',
        operation: 'Update',
        time: '2026-12-04T10:00:00Z',
      },
    ]);
  });

  it('an update takes the changed fields from their owner; an unchanged write leaves the time', () => {
    const live = createdDeployment();
    recordUpdate(deployT, undefined, live, { manager: 'kubectl-create', time: 't0' });
    const next = JSON.parse(JSON.stringify(live)) as KubeObject;
    next.spec.replicas = 3;
    recordUpdate(deployT, live, next, { manager: 'kubectl', subresource: 'scale', time: 't1' });
    const m = decodeManaged(next);
    const scale = [...m.values()].find((e) => e.subresource === 'scale')!;
    expect(scale.set.toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect([...m.values()].find((e) => e.manager === 'kubectl-create')!.set.has(['f:spec', 'f:replicas'])).toBe(false);
  });

  it('apply conflicts with the owner of a changed field, forced takes it, and prunes what it no longer applies', () => {
    const cfg = (replicas: number, labels: Record<string, string>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels }, spec: { replicas } });
    const created = recordApply(deployT, undefined, cfg(2, { app: 'web', tier: 'x' }), { manager: 'ci', time: 't0', force: false })!;
    const scaled = JSON.parse(JSON.stringify(created)) as KubeObject;
    scaled.spec.replicas = 5;
    recordUpdate(deployT, created, scaled, { manager: 'kubectl', subresource: 'scale', time: 't1' });
    expect(() => recordApply(deployT, scaled, cfg(2, { app: 'web', tier: 'x' }), { manager: 'ci', time: 't2', force: false })).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
    const forced = recordApply(deployT, scaled, cfg(2, { app: 'web' }), { manager: 'ci', time: 't2', force: true })!;
    expect(forced.spec.replicas).toBe(2);
    expect(forced.metadata.labels).toEqual({ app: 'web' });
    expect((forced.metadata.managedFields as unknown[]).length).toBe(1);
  });
});
