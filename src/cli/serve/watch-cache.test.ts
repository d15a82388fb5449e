import { describe, expect, it } from 'vitest';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';
import { testCluster } from '../../kubectl/cmd/testkit.js';
import { diffReadings, feedCache, WatchCache } from './watch-cache.js';

function cluster(): ClusterBase {
  return testCluster().cluster as unknown as ClusterBase;
}

const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('watch cache', () => {
  it('turns readings into ordered events, resumes after a resourceVersion, and rebuilds older states', () => {
    const c = cluster();
    const cache = new WatchCache(100);
    cache.observe(c);
    const start = cache.resourceVersion;
    const a = c.api.create(cm('a'));
    cache.observe(c);
    c.api.update({ ...a, data: { x: '1' } });
    cache.observe(c);
    c.api.create(cm('b'));
    c.api.delete('configmaps', 'default', 'a');
    cache.observe(c);
    const events = cache.since('configmaps', start);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'a'], ['MODIFIED', 'a'], ['ADDED', 'b'], ['DELETED', 'a']]);
    expect(events.map((e) => e.rv)).toEqual([...events.map((e) => e.rv)].sort((x, y) => x - y));
    expect(events[3]!.object.metadata.resourceVersion).toBe(String(cache.resourceVersion));
    expect(cache.since('configmaps', events[1]!.rv).map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(cache.stateAt('configmaps', start)!.filter((o) => o.metadata.namespace === 'default').map((o) => o.metadata.name)).toEqual(
      c.api.list('configmaps', 'default').filter((o) => o.metadata.name !== 'b').map((o) => o.metadata.name).filter((n) => n !== 'a'),
    );
    const atFirst = cache.stateAt('configmaps', events[0]!.rv)!.find((o) => o.metadata.name === 'a')!;
    expect((atFirst as any).data).toEqual({});
    expect(cache.stateAt('configmaps', start - 1)).toBeUndefined();
    expect(() => cache.since('configmaps', start - 1)).toThrow(`too old resource version: ${start - 1} (${start})`);
  });

  it("takes the server's own writes from the store's journal: every write one event, a deletion at its own resourceVersion", async () => {
    const c = cluster();
    const cache = new WatchCache(100);
    cache.observe(c);
    const start = cache.resourceVersion;
    const feeder = feedCache(cache, async () => c, 3_600_000);
    await feeder.write(async (journal) => {
      journal(c);
      const a = c.api.create(cm('a'));
      const a2 = c.api.update({ ...a, data: { x: '1' } });
      c.api.update({ ...a2, data: { x: '2' } });
      c.api.delete('configmaps', 'default', 'a');
    });
    feeder.stop();
    const events = cache.since('configmaps', start);
    expect(events.map((e) => [e.type, (e.object as any).data?.x ?? ''])).toEqual([['ADDED', ''], ['MODIFIED', '1'], ['MODIFIED', '2'], ['DELETED', '2']]);
    expect(events.map((e) => e.rv)).toEqual([start + 1, start + 2, start + 3, start + 4]);
    expect(events[3]!.object.metadata.resourceVersion).toBe(String(start + 4));
    expect(cache.resourceVersion).toBe(c.store.resourceVersion);
    expect(c.store.journal).toBeUndefined();
    // a journal that does not follow on from the last reading is not taken (a reading catches up instead)
    c.api.create(cm('elsewhere'));
    const from = c.store.resourceVersion;
    expect(cache.ingest(c, from, [])).toBe(false);
  });

  it('drops the oldest events past its capacity: a resume from before them is 410 Expired', () => {
    const c = cluster();
    const cache = new WatchCache(2);
    cache.observe(c);
    const start = cache.resourceVersion;
    for (const n of ['a', 'b', 'c']) {
      c.api.create(cm(n));
      cache.observe(c);
    }
    const left = cache.since('configmaps', 0 + start + 1);
    expect(left.map((e) => e.object.metadata.name)).toEqual(['b', 'c']);
    let err: any;
    try {
      cache.since('configmaps', start);
    } catch (e) {
      err = e;
    }
    expect(err.status).toMatchObject({ reason: 'Expired', code: 410, message: `too old resource version: ${start} (${start + 1})` });
  });

  it('diffs two readings: a deletion after the writes of the same reading', () => {
    const o = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } }) as any;
    const ev = diffReadings(new Map([['/x', o('x', '3')], ['/y', o('y', '4')]]), new Map([['/y', o('y', '9')], ['/z', o('z', '8')]]), 9);
    expect(ev.map((e) => `${e.type} ${e.key} ${e.rv}`)).toEqual(['ADDED /z 8', 'MODIFIED /y 9', 'DELETED /x 9']);
  });
});
