import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 5 * s, '2m5s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [8 * h + 30 * m, '8h'],
    [35 * h, '35h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [760 * d, '2y30d'],
    [9 * 365 * d, '9y'],
  ])('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

describe('translateTimestampSince', () => {
  const now = new Date('2025-01-06T10:05:22Z');
  it('ages a timestamp', () => expect(translateTimestampSince('2025-01-06T10:00:00Z', now)).toBe('5m22s'));
  it('unknown for absent', () => {
    expect(translateTimestampSince(null, now)).toBe('<unknown>');
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
  });
});
