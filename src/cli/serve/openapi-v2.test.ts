import { describe, expect, it } from 'vitest';
import { encodeSchema, openApiV2Json, openApiV2Protobuf, v2Schema } from './openapi-v2.js';

describe('/openapi/v2', () => {
  it('turns v3 component schemas into v2 definitions', () => {
    expect(v2Schema({ properties: { metadata: { allOf: [{ $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], description: 'd' }, items: { type: 'array', items: { $ref: 'X' } } } })).toEqual({
      properties: { metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: 'd' }, items: { type: 'array', items: { $ref: '#/definitions/X' } } },
    });
    const deploy = (openApiV2Json().definitions as Record<string, { 'x-kubernetes-group-version-kind'?: unknown }>)['io.k8s.api.apps.v1.Deployment'];
    expect(deploy?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  });

  it('encodes gnostic Schema and Document messages', () => {
    // _ref (1), type (22: TypeItem value 1), vendor extension (31: NamedAny name 1, Any yaml 2)
    expect(encodeSchema({ $ref: '#/x' }).toString('hex')).toBe('0a03' + Buffer.from('#/x').toString('hex'));
    expect(encodeSchema({ type: 'string' }).toString('hex')).toBe('b2010' + '80a06' + Buffer.from('string').toString('hex'));
    expect(encodeSchema({ 'x-a': true }).toString('hex')).toBe('fa010e0a03' + Buffer.from('x-a').toString('hex') + '1207120574727565' + '0a');
    expect(openApiV2Protobuf().subarray(0, 5).toString('hex')).toBe('0a03' + Buffer.from('2.0').toString('hex'));
  });
});
