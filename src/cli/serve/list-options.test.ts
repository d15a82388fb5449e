import { describe, expect, it } from 'vitest';
import { decodeContinue, encodeContinue, pageOf, planList } from './list-options.js';

const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { status: unknown }).status;
  }
  throw new Error('no error');
};

describe('list options', () => {
  it('encodes continue tokens as etcd3 does and decodes them back', () => {
    const t = encodeContinue('default/web\u0000', 42);
    expect(Buffer.from(t, 'base64url').toString()).toBe('{"v":"meta.k8s.io/v1","rv":42,"start":"default/web\\u0000"}');
    expect(t).not.toMatch(/[=+/]/);
    expect(decodeContinue(t)).toEqual({ start: 'default/web\u0000', rv: 42 });
  });

  it('refuses bad tokens and option combinations with the API server texts', () => {
    expect(status(() => decodeContinue('abc$'))).toMatchObject({ code: 400, message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 3' });
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(status(() => decodeContinue(enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' })))).toMatchObject({ message: 'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)' });
    expect(status(() => decodeContinue(enc({ v: 'meta.k8s.io/v1', rv: 3, start: '../x' })))).toMatchObject({ message: 'invalid continue token: continue key is not valid: ../x' });
    expect(status(() => planList(new URLSearchParams({ resourceVersionMatch: 'Exact' }), ''))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    });
    expect(status(() => planList(new URLSearchParams({ continue: encodeContinue('a\u0000', 5), resourceVersion: '7' }), ''))).toMatchObject({ message: 'specifying resource version is not allowed when using continue' });
  });

  it('plans lists: Exact and the legacy resourceVersion+limit at that version, 0 from the cache without paging', () => {
    expect(planList(new URLSearchParams({ resourceVersion: '5', resourceVersionMatch: 'Exact' }), '')).toMatchObject({ atRv: 5 });
    expect(planList(new URLSearchParams({ resourceVersion: '5', limit: '2' }), '')).toMatchObject({ atRv: 5, limit: 2 });
    expect(planList(new URLSearchParams({ resourceVersion: '5' }), '')).toMatchObject({ minRv: 5, continued: false });
    expect(planList(new URLSearchParams({ resourceVersion: '0', limit: '2' }), '')).toMatchObject({ any: true, limit: 0 });
  });

  it('pages in key order; with selectors the token follows the last key looked at and there is no remainingItemCount', () => {
    const objs = ['a', 'b', 'c', 'd'].map((n) => ({ metadata: { name: n, namespace: 'ns', labels: { keep: n === 'd' ? 'no' : 'yes' } } }) as any);
    const key = (o: any) => `ns/${o.metadata.name}`;
    const plan = planList(new URLSearchParams({ limit: '2' }), 'ns/');
    const p1 = pageOf(objs, key, () => true, plan, 'ns/', 9, false);
    expect(p1.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(p1.remainingItemCount).toBe(2);
    expect(decodeContinue(p1.continue!)).toEqual({ start: 'b\u0000', rv: 9 });
    const p2 = pageOf(objs, key, (o) => o.metadata.labels.keep === 'yes', planList(new URLSearchParams({ limit: '2', continue: p1.continue! }), 'ns/'), 'ns/', 9, true);
    expect(p2.items.map((o) => o.metadata.name)).toEqual(['c']);
    expect(p2.continue).toBeUndefined();
  });
});
