import { describe, expect, it } from 'vitest';
import { allowedAliasRatio, duplicateKeyMessage, excessiveAliasing } from './yaml-guards.js';

describe('yaml guards', () => {
  it('names the line of the duplicate value as go-yaml does', () => {
    expect(duplicateKeyMessage('a: 1\na: 2\n', 1, 0)).toBe('yaml: unmarshal errors:\n  line 2: key "a" already set in map');
    expect(duplicateKeyMessage('spec:\n  c: []\n  c:\n\n    - x\n', 2, 2)).toBe('yaml: unmarshal errors:\n  line 5: key "c" already set in map');
    expect(duplicateKeyMessage('"k x": 1\n"k x": 2\n', 1, 0)).toContain('key "k x" already set');
  });

  it('allows ordinary anchors and refuses exponential ones', () => {
    const shared = { image: 'nginx', ports: [1, 2, 3] };
    expect(excessiveAliasing({ a: shared, b: shared, c: shared })).toBe(false);
    let level: unknown = ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol'];
    for (let i = 0; i < 6; i++) level = Array(9).fill(level);
    expect(excessiveAliasing({ bomb: level })).toBe(true);
    expect(allowedAliasRatio(1000)).toBe(0.99);
    expect(allowedAliasRatio(5000000)).toBe(0.1);
  });
});
