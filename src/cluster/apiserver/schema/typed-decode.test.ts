import { describe, expect, it } from 'vitest';
import { decodeTyped, goTypeOf, parseRfc3339Error } from './typed-decode.js';
import { schemaNameFor } from './openapi.js';

const DEPLOY = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';

function deploy(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...spec },
    ...extra,
  };
}

describe('decodeTyped', () => {
  it('finds kinds by group/version/kind', () => {
    expect(schemaNameFor('apps', 'v1', 'Deployment')).toBe(DEPLOY);
    expect(schemaNameFor('', 'v1', 'Pod')).toBe(POD);
    expect(schemaNameFor('apps', 'v1', 'Nope')).toBeUndefined();
  });

  it('accepts a well-typed object', () => {
    expect(decodeTyped(deploy({ replicas: 3, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } }), DEPLOY, true)).toEqual({ strict: [] });
  });

  it('words type errors as encoding/json does, with the struct and the field path', () => {
    expect(decodeTyped(deploy({ replicas: 'three' }), DEPLOY, true).error).toBe(
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: ['nginx'] }] } };
    expect(decodeTyped(pod, POD, true).error).toBe('json: cannot unmarshal array into Go struct field Container.spec.containers.image of type string');
    const ports = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', ports: 80 }] } };
    expect(decodeTyped(ports, POD, true).error).toBe('json: cannot unmarshal number into Go struct field Container.spec.containers.ports of type []v1.ContainerPort');
    const labels = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 1 } } };
    expect(decodeTyped(labels, POD, true).error).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(decodeTyped(deploy({}, { spec: 5 }), DEPLOY, true).error).toBe('json: cannot unmarshal number into Go struct field Deployment.spec of type v1.DeploymentSpec');
  });

  it('bounds numbers by the Go type', () => {
    expect(decodeTyped(deploy({ replicas: 3000000000 }), DEPLOY, true).error).toBe(
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(decodeTyped(deploy({ replicas: 2.5 }), DEPLOY, true).error).toContain('cannot unmarshal number 2.5 into');
    expect(decodeTyped(deploy({ replicas: 2147483647 }), DEPLOY, true).error).toBeUndefined();
  });

  it('checks the custom unmarshalers (IntOrString, Quantity, Time)', () => {
    expect(decodeTyped(deploy({ strategy: { rollingUpdate: { maxSurge: true } } }), DEPLOY, true).error).toBe('json: cannot unmarshal bool into Go value of type int32');
    const res = (v: unknown) => deploy({ template: { spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: v } } }] } } });
    expect(decodeTyped(res('500m'), DEPLOY, true).error).toBeUndefined();
    expect(decodeTyped(res(0.5), DEPLOY, true).error).toBeUndefined();
    expect(decodeTyped(res('lots'), DEPLOY, true).error).toMatch(/^quantities must match the regular expression/);
    expect(parseRfc3339Error('2024-01-02T03:04:05Z')).toBeUndefined();
    expect(parseRfc3339Error('2024/01/02')).toBe('parsing time "2024/01/02" as "2006-01-02T15:04:05Z07:00": cannot parse "/01/02" as "-"');
  });

  it('collects unknown fields with their paths in sorted order and drops them', () => {
    const obj = deploy({ replica: 2, template: { spec: { containers: [{ name: 'c', image: 'x', imagePullPolic: 'Always' }] } } }, { zzz: 1 });
    (obj.metadata as Record<string, unknown>).lables = {};
    const res = decodeTyped(obj, DEPLOY, true);
    expect(res.strict).toEqual([
      'unknown field "metadata.lables"',
      'unknown field "spec.replica"',
      'unknown field "spec.template.spec.containers[0].imagePullPolic"',
      'unknown field "zzz"',
    ]);
    expect(obj).not.toHaveProperty('zzz');
    expect(obj.spec).not.toHaveProperty('replica');
    expect(decodeTyped(deploy({ replica: 2 }), DEPLOY, false).strict).toEqual([]);
  });

  it('words patch-path errors as the unstructured converter does, wrapping int32 overflow', () => {
    expect(decodeTyped(deploy({ replicas: 'three' }), DEPLOY, true, 'unstructured').error).toBe('cannot convert string to int32');
    expect(decodeTyped(deploy({ selector: 'x' }), DEPLOY, true, 'unstructured').error).toBe('cannot restore struct from: string');
    const wrapped = deploy({ replicas: 3000000000 });
    expect(decodeTyped(wrapped, DEPLOY, true, 'unstructured').error).toBeUndefined();
    expect(wrapped.spec.replicas).toBe(-1294967296);
  });

  it('names Go types', () => {
    expect(goTypeOf({ type: 'array', items: { $ref: 'io.k8s.api.core.v1.Container' } })).toBe('[]v1.Container');
    expect(goTypeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map[string]string');
    expect(goTypeOf({ type: 'string', format: 'byte' })).toBe('[]uint8');
  });
});
