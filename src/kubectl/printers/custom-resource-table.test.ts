import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { customResourceTable } from './custom-resource-table.js';

const now = new Date('2026-01-01T00:10:00Z');
const obj = { metadata: { name: 'a', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { cronSpec: '* * * * */5', replicas: 3 } } as unknown as KubeObject;

describe('custom resource tables', () => {
  it('prints NAME and AGE when the CRD names no columns', () => {
    const t = customResourceTable(undefined, [obj], now);
    expect(t.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(t.rows[0].cells).toEqual(['a', '10m']);
  });

  it('prints additionalPrinterColumns, marks priority columns wide and leaves missing values empty', () => {
    const t = customResourceTable(
      [
        { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
      ],
      [obj],
      now,
    );
    expect(t.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Spec:0', 'Replicas:0', 'Image:1']);
    expect(t.rows[0].cells).toEqual(['a', '* * * * */5', '3', '']);
  });
});
