// Endpoints written by users are stored canonical: addresses sorted by the bytes of their IP (seed 001's
// selector-less service shows 140.82.118.4:443,216.58.207.131:443 after applying 216... then 140...).
import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../types.js';
import { endpointsStrategy } from './endpoints.js';
import { testContext } from './test-context.js';

describe('endpoints canonical form', () => {
  it('sorts addresses by IP bytes, as SortSubsets does', () => {
    const ep = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'my-service', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '216.58.207.131' }, { ip: '140.82.118.4' }, { ip: '10.244.1.10' }, { ip: '10.244.1.2' }], ports: [{ port: 443 }] }],
    } as Endpoints;
    const ctx = testContext();
    endpointsStrategy.defaults!(ep, ctx);
    expect(endpointsStrategy.validate!(ep, ctx)).toEqual([]);
    endpointsStrategy.allocate!(ep, undefined, ctx);
    expect(ep.subsets![0].addresses!.map((a) => a.ip)).toEqual(['10.244.1.10', '10.244.1.2', '140.82.118.4', '216.58.207.131']);
  });
});
