import { describe, expect, it } from 'vitest';
import type { Event } from '../../cluster/apiserver/types.js';
import { camelcaseSplit, smartLabelFor } from './generic.js';
import { goSort } from './gosort.js';
import { describeEvents, printAnnotationsMultiline, printTaintsMultiline, printTolerationsMultiline } from './helpers.js';
import { addQuantity, formatQuantity, parseQuantity } from './quantity.js';
import { tabbedString } from './tabbed.js';
import { rfc1123z } from './time.js';

describe('annotations', () => {
  it('skips last-applied-configuration and folds long or multi-line values', () => {
    const long = `{"a":"${'x'.repeat(200)}"}`;
    const out = tabbedString((w) =>
      printAnnotationsMultiline(w, 'Annotations', {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '1',
        'example.com/long': long,
        'example.com/multi': 'line one\nline two\n',
      }),
    );
    expect(out).toBe(
      'Annotations:  deployment.kubernetes.io/revision: 1\n' +
        '              example.com/long:\n' +
        `                ${long.slice(0, 138)}...\n` +
        '              example.com/multi:\n' +
        '                line one\n' +
        '                line two\n',
    );
  });

  it('prints <none> when only skipped annotations exist', () => {
    expect(tabbedString((w) => printAnnotationsMultiline(w, 'Annotations', { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }))).toBe('Annotations:  <none>\n');
  });
});

describe('tolerations and taints', () => {
  it('formats every toleration shape, sorted by key', () => {
    const out = tabbedString((w) =>
      printTolerationsMultiline(w, 'Tolerations', [
        { operator: 'Exists' },
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ]),
    );
    expect(out).toBe(`Tolerations:  op=Exists
              :NoExecute op=Exists for 60s
              CriticalAddonsOnly op=Exists
              dedicated=gpu:NoSchedule
`);
  });

  it('sorts taints by effect then key', () => {
    const out = tabbedString((w) =>
      printTaintsMultiline(w, 'Taints', [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      ]),
    );
    expect(out).toBe(`Taints:  node.kubernetes.io/unreachable:NoExecute
         dedicated=db:NoSchedule
         node.kubernetes.io/unreachable:NoSchedule
`);
  });
});

describe('events table', () => {
  const base = (reason: string, extra: Partial<Event>): Event => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: reason, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason,
    message: ` ${reason} happened \n`,
    type: 'Warning',
    ...extra,
  });

  it('Age is "last (xN over first)" for repeated events, uses series and reportingComponent, sorted by lastTimestamp', () => {
    const events: Event[] = [
      base('BackOff', { source: { component: 'kubelet', host: 'node-1' }, count: 12, firstTimestamp: '2025-01-06T10:00:00Z', lastTimestamp: '2025-01-06T10:09:30Z' }),
      base('Failed', { source: { component: 'kubelet' }, count: 1, firstTimestamp: '2025-01-06T10:00:00Z', lastTimestamp: '2025-01-06T10:00:00Z' }),
      base('FailedScheduling', {
        type: 'Warning',
        source: {},
        reportingComponent: 'default-scheduler',
        eventTime: '2025-01-06T09:50:00.000000Z',
        firstTimestamp: null,
        lastTimestamp: null,
        series: { count: 3, lastObservedTime: '2025-01-06T09:55:00.000000Z' },
      }),
    ];
    const out = tabbedString((w) => describeEvents(w, events, new Date('2025-01-06T10:10:00Z')));
    expect(out).toBe(`Events:
  Type     Reason            Age                 From               Message
  ----     ------            ----                ----               -------
  Warning  FailedScheduling  15m (x3 over 20m)   default-scheduler  FailedScheduling happened
  Warning  Failed            10m                 kubelet            Failed happened
  Warning  BackOff           30s (x12 over 10m)  kubelet            BackOff happened
`);
  });
});

describe('quantities', () => {
  it('canonicalises like apimachinery Quantity.String()', () => {
    const cases: Array<[string, string]> = [
      ['100m', '100m'],
      ['0.1', '100m'],
      ['1.5', '1500m'],
      ['1500', '1500'],
      ['2000', '2k'],
      ['128Mi', '128Mi'],
      ['0.5Gi', '512Mi'],
      ['1024Ki', '1Mi'],
      ['16333576Ki', '16333576Ki'],
      ['512', '512'],
      ['1e3', '1e3'],
      ['0', '0'],
    ];
    for (const [input, want] of cases) expect(formatQuantity(parseQuantity(input)), input).toBe(want);
  });

  it('keeps the format of the first non-zero operand when adding', () => {
    expect(formatQuantity(addQuantity(parseQuantity('70Mi'), parseQuantity('100Mi')))).toBe('170Mi');
    expect(formatQuantity(addQuantity(parseQuantity('0'), parseQuantity('64Mi')))).toBe('64Mi');
    expect(formatQuantity(addQuantity(parseQuantity('100m'), parseQuantity('250m')))).toBe('350m');
    expect(formatQuantity(addQuantity(parseQuantity('500m'), parseQuantity('1500m')))).toBe('2');
  });
});

describe('Go sort port', () => {
  it('is stable for short inputs (insertion sort) and sorts long inputs', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ k: i % 2, i }));
    expect(goSort([...items], (a, b) => a.k < b.k).map((x) => x.i)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
    const long = Array.from({ length: 200 }, (_, i) => (i * 7919) % 200);
    expect(goSort([...long], (a, b) => a < b)).toEqual([...long].sort((a, b) => a - b));
  });
});

describe('labels and time', () => {
  it('smart labels and camel-case splitting', () => {
    expect(camelcaseSplit('HTTPServerURL')).toEqual(['HTTP', 'Server', 'URL']);
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('podCIDRs')).toBe('Pod CID Rs');
    expect(smartLabelFor('kubernetes.io/x')).toBe('kubernetes.io/x');
  });

  it('formats RFC1123Z in UTC, and the zero time as Go does', () => {
    expect(rfc1123z('2025-01-06T10:00:00Z')).toBe('Mon, 06 Jan 2025 10:00:00 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
});
