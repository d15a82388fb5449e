import { describe, expect, it } from 'vitest';
import { ApiServer } from '../server.js';
import { ObjectStore } from '../store.js';
import { Clock } from '../../state/clock.js';
import { Rng } from '../../state/rng.js';
import { buildConfig } from '../../state/config.js';
import { strategies } from './index.js';
import { goBase64Decode } from './secrets.js';
import type { KubeObject } from '../types.js';

function api(): ApiServer {
  const a = new ApiServer(new ObjectStore(), Clock.create('virtual'), Rng.fromSeed(1), buildConfig({ seed: 1, clock: 'virtual' }), strategies);
  a.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return a;
}
const secret = (extra: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...extra }) as KubeObject;
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('Go base64 decoding', () => {
  it('names the byte where decoding fails, as CorruptInputError does', () => {
    expect(goBase64Decode('d29y!bGQ=')).toBe(4);
    expect(goBase64Decode('abc')).toBe(0);
    expect(goBase64Decode('ab=')).toBe(3);
    expect(goBase64Decode('a===')).toBe(1);
    expect(goBase64Decode('YWI=x')).toBe(4);
    expect((goBase64Decode('YW\nJj') as Buffer).toString()).toBe('abc');
    expect((goBase64Decode('') as Buffer).length).toBe(0);
  });
});

describe('Secret registry', () => {
  it('folds stringData into data, defaults the type, sorts keys', () => {
    const a = api();
    const s = a.create(secret({ data: { z: 'eg==' }, stringData: { a: 'hello' } })) as KubeObject & Record<string, any>;
    expect(s.data).toEqual({ a: 'aGVsbG8=', z: 'eg==' });
    expect(Object.keys(s.data)).toEqual(['a', 'z']);
    expect(s.stringData).toBeUndefined();
    expect(s.type).toBe('Opaque');
  });
  it('bad base64 is a BadRequest and stores nothing', () => {
    const a = api();
    expect(message(() => a.create(secret({ data: { b: 'd29y!bGQ=' } })))).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4');
    expect(a.list('secrets')).toEqual([]);
  });
  it('per-type required keys, the 1 MiB limit, immutable data and type', () => {
    const a = api();
    expect(message(() => a.create(secret({ type: 'kubernetes.io/tls', data: {} })))).toBe('Secret "s" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]');
    expect(message(() => a.create(secret({ data: { big: Buffer.alloc(1048577).toString('base64') } })))).toBe('Secret "s" is invalid: data: Too long: must have at most 1048576 bytes');
    const s = a.create(secret({ immutable: true, data: { a: 'eA==' } }));
    expect(message(() => a.update({ ...s, data: { a: 'eQ==' } } as KubeObject))).toBe('Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    expect(message(() => a.update({ ...s, type: 'foo' } as KubeObject))).toBe('Secret "s" is invalid: type: Invalid value: "foo": field is immutable');
  });
});
