import { describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../../state/bootstrap.js';
import { buildConfig } from '../../state/config.js';
import { StatusError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { applyDefaults, prune, validateValue } from './schema.js';
import { CRD_KEY, compareKubeAwareVersions, crdResources } from './served.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        image: { type: 'string' },
        replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        mode: { type: 'string', enum: ['a', 'b'] },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
  },
};

function crd(overrides: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        },
      ],
      ...overrides,
    },
  } as unknown as KubeObject;
}

function cluster() {
  return bootstrapCluster(buildConfig({ seed: 3, clock: 'virtual' }));
}

function errorOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('structural schema', () => {
  it('validates with the API server messages', () => {
    const causes = validateValue({ spec: { cronSpec: '* * * *', replicas: 15, mode: 'c' } }, schema, '');
    expect(causes.map((c) => c.message)).toEqual([
      'spec.image: Required value',
      "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
      'spec.mode: Unsupported value: "c": supported values: "a", "b"',
    ]);
    expect(validateValue({ spec: { image: 3 } }, schema, '').map((c) => c.message)).toEqual([
      'spec.image: Invalid value: "integer": spec.image in body must be of type string: "integer"',
    ]);
  });

  it('prunes unknown fields but keeps preserved ones and metadata', () => {
    const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, extra: 1, spec: { image: 'i', bogus: true, free: { any: { thing: 1 } } } };
    expect(prune(obj, schema)).toEqual(['extra', 'spec.bogus']);
    expect(obj).toEqual({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { image: 'i', free: { any: { thing: 1 } } } });
  });

  it('fills defaults of absent fields only', () => {
    const a = { spec: { image: 'i' } };
    applyDefaults(a, schema);
    expect(a.spec).toEqual({ image: 'i', replicas: 1 });
    const b = { spec: { image: 'i', replicas: 4 } };
    applyDefaults(b, schema);
    expect(b.spec.replicas).toBe(4);
  });

  it('orders versions as kube-aware version strings', () => {
    expect(['v1alpha1', 'foo', 'v1beta1', 'v2', 'v1', 'v1beta2'].sort(compareKubeAwareVersions)).toEqual(['v2', 'v1', 'v1beta2', 'v1beta1', 'v1alpha1', 'foo']);
    // the type decides before the major version (apimachinery's example order; Emissary's v2 before v3alpha1)
    expect(['v11alpha2', 'v12alpha1', 'v3beta1', 'v10beta3', 'v11beta2', 'v1', 'v2', 'v10', 'v3alpha1'].sort(compareKubeAwareVersions)).toEqual(['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'v3alpha1']);
  });
});

describe('CustomResourceDefinitions in the API server', () => {
  it('establishes a CRD and serves its kind from the cluster state', () => {
    const c = cluster();
    expect(crdResources(c.store)).toEqual([]);
    const stored = c.api.create(crd()) as KubeObject & { status: { conditions: Array<{ type: string; status: string }>; acceptedNames: Record<string, unknown> } };
    expect(stored.status.conditions.map((x) => `${x.type}=${x.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(stored.status.acceptedNames).toEqual({ kind: 'CronTab', listKind: 'CronTabList', plural: 'crontabs', shortNames: ['ct'], singular: 'crontab', categories: ['all'] });
    const [info] = crdResources(c.store);
    expect(info).toMatchObject({ name: 'crontabs', kind: 'CronTab', apiVersion: 'stable.example.com/v1', namespaced: true, shortNames: ['ct'], categories: ['all'] });
    // a second cluster does not see the first one's CRD
    expect(crdResources(cluster().store)).toEqual([]);
  });

  it('refuses a CRD whose name does not match its group', () => {
    const c = cluster();
    const bad = crd();
    bad.metadata.name = 'crontab.example.com';
    const e = errorOf(() => c.api.create(bad));
    expect(e.message).toBe('CustomResourceDefinition.apiextensions.k8s.io "crontab.example.com" is invalid: metadata.name: Invalid value: "crontab.example.com": must be spec.names.plural+"."+spec.group');
    expect(c.store.list(CRD_KEY)).toEqual([]);
  });

  it('defaults, prunes and validates custom resources, and keeps status behind its subresource', () => {
    const c = cluster();
    c.api.create(crd());
    const cr = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'a', namespace: 'default' }, spec: { image: 'i', junk: 1 }, status: { replicas: 9 } } as unknown as KubeObject;
    const strict = errorOf(() => c.api.create(cr, { fieldValidation: 'Strict' }));
    expect(strict.message).toBe('CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.junk"');
    const stored = c.api.create(cr) as KubeObject & { spec: Record<string, unknown> };
    expect(stored.spec).toEqual({ image: 'i', replicas: 1 });
    expect(stored.status).toBeUndefined();
    expect(stored.metadata.generation).toBe(1);
    const bad = errorOf(() => c.api.create({ ...cr, metadata: { name: 'b', namespace: 'default' }, spec: { image: 'i', replicas: 0 } } as KubeObject));
    expect(bad.message).toBe('CronTab.stable.example.com "b" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1');
    expect(c.api.tryGet('crontabs.stable.example.com', 'default', 'b')).toBeUndefined();
  });

  it('deletes the custom resources with their CRD, and stops serving them', () => {
    const c = cluster();
    c.api.create(crd());
    c.api.create({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'a', namespace: 'default' }, spec: { image: 'i' } } as unknown as KubeObject);
    c.api.delete(CRD_KEY, undefined, 'crontabs.stable.example.com');
    expect(c.store.list('crontabs.stable.example.com')).toEqual([]);
    expect(c.api.serves('crontabs.stable.example.com')).toBe(false);
    expect(() => c.api.resourceOf({ apiVersion: 'stable.example.com/v1', kind: 'CronTab' })).toThrow('no matches for kind "CronTab" in version "stable.example.com/v1"');
  });
});
