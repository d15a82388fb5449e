// Test fixtures for the describers: an in-memory DescribeContext and a compact event builder.

import type { Event, KubeObject } from '../../cluster/apiserver/types.js';
import type { DescribeContext } from './helpers.js';

export function makeCtx(now: string, objects: Record<string, KubeObject[]>, showEvents = true): DescribeContext {
  return {
    now: new Date(now),
    showEvents,
    list(resourceKey: string, namespace?: string): KubeObject[] {
      const all = objects[resourceKey] ?? [];
      const filtered = namespace === undefined ? all : all.filter((o) => (o.metadata.namespace ?? '') === namespace);
      return [...filtered].sort((a, b) => {
        const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
        const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    },
  };
}

let seq = 0;

/** A core/v1 Event about `obj` as controllers record it (firstTimestamp = lastTimestamp unless given). */
export function ev(
  obj: KubeObject,
  type: string,
  reason: string,
  component: string,
  message: string,
  last: string,
  opts: { first?: string; count?: number; omitKind?: boolean } = {},
): Event {
  seq++;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${String(seq).padStart(16, '0')}`, namespace: obj.metadata.namespace ?? 'default' },
    involvedObject: {
      kind: opts.omitKind ? undefined : obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
    },
    reason,
    message,
    type,
    source: { component },
    firstTimestamp: opts.first ?? last,
    lastTimestamp: last,
    count: opts.count ?? 1,
    eventTime: null,
  };
}
