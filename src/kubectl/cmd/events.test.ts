import { describe, expect, it } from 'vitest';
import { renderEvents, selectEvents } from './events.js';

const T0 = Date.parse('2025-01-06T10:00:00Z');
const ev = (name: string, over: Record<string, unknown>) =>
  ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, type: 'Normal', reason: 'R', message: 'm', count: 1, involvedObject: { kind: 'Pod', name: 'p' }, ...over }) as never;

describe('kubectl events', () => {
  it('sorts by series, last timestamp or event time as sort.Sort does (list order for ties in a short list), and filters types case-insensitively', () => {
    const list = [
      ev('b', { lastTimestamp: '2025-01-06T10:00:10Z', type: 'Warning' }),
      ev('a', { lastTimestamp: '2025-01-06T10:00:05Z' }),
      ev('c', { eventTime: '2025-01-06T10:00:01.000000Z', lastTimestamp: null }),
      ev('d', { lastTimestamp: '2025-01-06T10:00:05Z' }),
    ];
    expect(selectEvents(list, []).map((e: any) => e.metadata.name)).toEqual(['c', 'a', 'd', 'b']);
    expect(selectEvents(list, ['WARNING']).map((e: any) => e.metadata.name)).toEqual(['b']);
    expect(selectEvents(list, [], { kind: 'Pod', name: 'q' })).toEqual([]);
  });
  it('prints the EventPrinter table: repeated events as "(xN over AGE)", messages cut at a line break', () => {
    const text = renderEvents(
      [
        ev('a', { firstTimestamp: '2025-01-06T10:00:00Z', lastTimestamp: '2025-01-06T10:00:00Z', message: 'one\ntwo' }),
        ev('b', { type: 'Warning', reason: 'BackOff', count: 3, firstTimestamp: '2025-01-06T10:00:00Z', lastTimestamp: '2025-01-06T10:01:00Z' }),
      ],
      { allNamespaces: true, noHeaders: false, nowMs: T0 + 180_000 },
    );
    expect(text).toBe(
      [
        'NAMESPACE   LAST SEEN         TYPE      REASON    OBJECT   MESSAGE',
        'default     3m                Normal    R         Pod/p    one...',
        'default     2m (x3 over 3m)   Warning   BackOff   Pod/p    m',
        '',
      ].join('\n'),
    );
  });
});
