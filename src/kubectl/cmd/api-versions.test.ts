import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';
import { renderApiVersions } from './api-versions.js';

describe('api-versions', () => {
  it('lists each served group/version once, sorted as Go sorts strings, core v1 last', () => {
    const lines = renderApiVersions(RESOURCES, false).trimEnd().split('\n');
    expect(lines[0]).toBe('admissionregistration.k8s.io/v1');
    expect(lines.at(-1)).toBe('v1');
    expect(lines).toContain('autoscaling/v1');
    expect(lines).toContain('autoscaling/v2');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).not.toContain('metrics.k8s.io/v1beta1');
  });
  it('adds the metrics API once metrics-server serves it', () => {
    expect(renderApiVersions(RESOURCES, true).split('\n')).toContain('metrics.k8s.io/v1beta1');
  });
});
