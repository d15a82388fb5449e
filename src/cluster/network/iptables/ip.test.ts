import { describe, expect, it } from 'vitest';
import { canonicalIPv4, parseIPv4 } from './ip.js';

describe('parseIPv4 / canonicalIPv4 (netutils.ParseIPSloppy)', () => {
  it('reads dotted quads leniently and prints them canonically', () => {
    expect(parseIPv4('10.96.0.1')).toBe(0x0a600001);
    expect(parseIPv4('010.096.000.001')).toBe(0x0a600001);
    expect(canonicalIPv4('010.096.000.001')).toBe('10.96.0.1');
    expect(canonicalIPv4('0.0.0.0')).toBe('0.0.0.0');
    expect(canonicalIPv4('1.2.3.00')).toBe('1.2.3.0');
    expect(canonicalIPv4(' 1.2.3.4\t')).toBe('1.2.3.4');
    expect(canonicalIPv4('\u00a01.2.3.4')).toBe('1.2.3.4');
    expect(canonicalIPv4('\ufeff10.0.0.1')).toBe('10.0.0.1');
    const s = '10.244.1.7';
    expect(canonicalIPv4(s)).toBe(s);
  });
  it('rejects what is not a dotted quad', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.', '1..2.3', '256.1.1.1', '1.2.3.4/32', '1.2.3.a', '0001.2.3.4', '1.2.3. 4', '::1', '１.2.3.4']) {
      expect(parseIPv4(bad)).toBeNull();
      expect(canonicalIPv4(bad)).toBeNull();
    }
  });
});
